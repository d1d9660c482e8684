import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { PeriodFields, periodFromForm } from '../analysis/PeriodFields';
import type { Site } from '../meters/types';
import { INDICATORS, LEVELS, type BenchmarkingResult } from './types';

/** A signed percentage as the API sent it ("-16.67" → "-16.67 %", "5.00" → "+5.00 %"). */
const signed = (percent: string) => `${percent.startsWith('-') ? '' : '+'}${percent} %`;

/**
 * Benchmarking of a period (POST /v1/benchmarking): per product and indicator the intensity, the same period a year
 * earlier (同比), the benchmark levels, the level reached, the gap to the advanced level and the saving potential.
 */
export function BenchmarkResults(props: { sites: Site[] }) {
  const [result, setResult] = useState<BenchmarkingResult | undefined>();
  const [error, setError] = useState<unknown>();
  async function compute(form: HTMLFormElement) {
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await api<BenchmarkingResult>('POST', '/v1/benchmarking', periodFromForm(form)));
    } catch (e) {
      setError(e);
    }
  }
  return (
    <div class="panel" data-panel="benchmarking">
      <h2>{t('bmResults')}</h2>
      <form
        class="controls"
        data-form="benchmarking"
        onSubmit={(e) => {
          e.preventDefault();
          void compute(e.currentTarget);
        }}
      >
        <PeriodFields sites={props.sites} />
        <button type="submit">{t('bmCompute')}</button>
      </form>
      <ErrorBox error={error} />
      {result && result.products.length === 0 && <p class="notice">{t('bmNoProducts')}</p>}
      {result && result.products.length > 0 && (
        <>
          <table data-table="benchmarking">
            <thead>
              <tr>
                <th>{t('bmProduct')}</th>
                <th class="num">{t('bmQuantity')}</th>
                <th>{t('bmIndicator')}</th>
                <th class="num">{t('bmValue')}</th>
                <th class="num">
                  {t('bmPrevious')} ({result.previousPeriod.start})
                </th>
                <th class="num">{t('bmYoY')}</th>
                <th class="num">{t('bmAdvanced')}</th>
                <th class="num">{t('bmBaseline')}</th>
                <th>{t('bmLevel')}</th>
                <th class="num">{t('bmGap')}</th>
                <th class="num">{t('bmPotential')}</th>
              </tr>
            </thead>
            <tbody>
              {result.products.flatMap((p) =>
                p.indicators.map((i) => (
                  <tr key={`${p.product}/${p.unit}/${i.indicator}`} data-result={`${p.product}/${i.indicator}`}>
                    <td>{p.product}</td>
                    <td class="num">
                      {p.quantity} {p.unit}
                    </td>
                    <td>{t(INDICATORS[i.indicator])}</td>
                    <td class="num" data-field="value">
                      {i.value}
                    </td>
                    <td class="num" data-field="previous">
                      {i.previous ?? '—'}
                    </td>
                    <td class="num" data-field="yoy">
                      {i.changePercent === null ? '—' : signed(i.changePercent)}
                    </td>
                    <td class="num">{i.benchmark?.advanced ?? '—'}</td>
                    <td class="num">{i.benchmark?.baseline ?? '—'}</td>
                    <td
                      data-field="level"
                      data-level={i.benchmark?.level ?? 'none'}
                      class={i.benchmark?.level === 'advanced' ? 'ok' : i.benchmark ? 'warn' : ''}
                    >
                      {i.benchmark ? t(LEVELS[i.benchmark.level]) : t('bmNoBenchmark')}
                    </td>
                    <td class="num" data-field="gap">
                      {i.benchmark?.gapToAdvanced ?? '—'}
                    </td>
                    <td class="num" data-field="potential">
                      {i.benchmark ? i.benchmark.savingPotentialToAdvanced : '—'}
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          <p class="help">{result.basis}</p>
        </>
      )}
    </div>
  );
}
