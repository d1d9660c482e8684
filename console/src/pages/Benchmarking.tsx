import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t } from '../i18n';
import { BenchmarkResults } from './benchmarking/BenchmarkResults';
import { BenchmarkTable } from './benchmarking/BenchmarkTable';
import type { Benchmark } from './benchmarking/types';
import type { Site } from './meters/types';
import './analysis/analysis.css';

/** Energy-efficiency benchmarking (能效对标): the benchmark table and each product's intensity against it. */
export function Benchmarking() {
  const [benchmarks, setBenchmarks] = useState<Benchmark[] | undefined>();
  const [sites, setSites] = useState<Site[]>([]);
  const [error, setError] = useState<unknown>();
  const load = () =>
    Promise.all([api<Benchmark[]>('GET', '/v1/benchmarks'), api<Site[]>('GET', '/v1/sites')]).then(([b, s]) => {
      setBenchmarks(b);
      setSites(s);
    }, setError);
  useEffect(() => void load(), []);

  if (!benchmarks) return error ? <ErrorBox error={error} /> : <p class="loading">{t('loading')}</p>;
  return (
    <section class="page analysis-page benchmarking-page">
      <h1>{t('navBenchmarking')}</h1>
      <BenchmarkTable benchmarks={benchmarks} onChanged={() => void load()} />
      <BenchmarkResults sites={sites} />
    </section>
  );
}
