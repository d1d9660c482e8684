import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { Benchmarking, Compliance, ParkFlow as Flow, Warnings } from './parkAnalysisTypes';
import { ParkBenchmarking } from './ParkBenchmarking';
import { ParkCompliance } from './ParkCompliance';
import { ParkFlow } from './ParkFlow';
import { ParkSetup } from './ParkSetup';
import { ParkWarnings } from './ParkWarnings';

const localDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

interface Answers {
  benchmarking?: Benchmarking;
  flow?: Flow;
  warnings?: Warnings;
  compliance?: Compliance;
}

/**
 * The park's analysis of its consenting members' aggregates: benchmarking, the energy flow with shared utilities,
 * budgets with forecasts and warnings, and notarization and compliance, with the forms that set the park's budgets
 * and utilities. Reloads with the membership panel and after every change made in those forms.
 */
export function ParkAnalysis({ version }: { version: number }) {
  const now = new Date();
  const [from, setFrom] = useState(localDay(new Date(now.getFullYear(), now.getMonth() - 1, 1)));
  const [to, setTo] = useState(localDay(new Date(now.getFullYear(), now.getMonth(), 1)));
  const [asOf, setAsOf] = useState(localDay(now));
  const [year, setYear] = useState(String(now.getFullYear() - 1));
  const [answers, setAnswers] = useState<Answers>({});
  const [errors, setErrors] = useState<unknown[]>([]);
  const [shown, setShown] = useState(0);
  useEffect(() => {
    const period = `from=${from}&to=${to}`;
    const failed: unknown[] = [];
    const get = <T,>(path: string) =>
      api<T>('GET', path).catch((e: unknown) => {
        failed.push(e);
        return undefined;
      });
    void Promise.all([
      get<Benchmarking>(`/v1/park/benchmarking?${period}`),
      get<Flow>(`/v1/park/energy-flow?${period}`),
      get<Warnings>(`/v1/park/warnings?asOf=${asOf}`),
      get<Compliance>(`/v1/park/compliance?year=${year}`),
    ]).then(([benchmarking, flow, warnings, compliance]) => {
      setAnswers({ benchmarking, flow, warnings, compliance });
      setErrors(failed);
    });
    // Reload on Show and on membership changes, not on every keystroke.
  }, [version, shown]);
  const field = (name: string, type: 'date' | 'number', value: string, set: (v: string) => void, label: string) => (
    <label>
      {label}
      <input type={type} name={name} value={value} onInput={(e) => set((e.target as HTMLInputElement).value)} />
    </label>
  );
  return (
    <section class="park-analysis">
      <h2>{t('parkAnalysis')}</h2>
      <form
        class="period"
        onSubmit={(e) => {
          e.preventDefault();
          setShown((s) => s + 1);
        }}
      >
        {field('analysisFrom', 'date', from, setFrom, `${t('parkAnalysisPeriod')} ${t('parkFrom')}`)}
        {field('analysisTo', 'date', to, setTo, t('parkTo'))}
        {field('analysisAsOf', 'date', asOf, setAsOf, t('parkAsOf'))}
        {field('analysisYear', 'number', year, setYear, t('parkYear'))}
        <button type="submit" name="analysisShow">
          {t('parkAnalyse')}
        </button>
      </form>
      {errors.map((e, i) => (
        <ErrorBox key={i} error={e} />
      ))}
      {answers.benchmarking && <ParkBenchmarking benchmarking={answers.benchmarking} />}
      {answers.flow && <ParkFlow flow={answers.flow} />}
      {answers.warnings && <ParkWarnings warnings={answers.warnings} />}
      {answers.compliance && <ParkCompliance compliance={answers.compliance} />}
      <ParkSetup version={version} onChanged={() => setShown((s) => s + 1)} />
    </section>
  );
}
