import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { FitChart } from './FitChart';
import { percent, type Baseline, type Savings } from './types';

const CONFIDENCES = ['0.68', '0.8', '0.9', '0.95'];

/**
 * Measured savings over a reporting period (GET /v1/baselines/{id}/savings): adjusted baseline − actual with its
 * Guideline 14 uncertainty. A baseline that failed acceptance is refused by the API, and the refusal is shown.
 */
export function SavingsPanel(props: { baseline: Baseline }) {
  const [savings, setSavings] = useState<(Savings & { periodStart: string; periodEnd: string }) | undefined>();
  const [error, setError] = useState<unknown>();
  async function compute(form: HTMLFormElement) {
    setError(undefined);
    setSavings(undefined);
    const data = new FormData(form);
    const query = new URLSearchParams({
      from: String(data.get('from') ?? ''),
      to: String(data.get('to') ?? ''),
      confidence: String(data.get('confidence') ?? '0.9'),
    });
    try {
      setSavings(
        await api<Savings & { periodStart: string; periodEnd: string }>(
          'GET',
          `/v1/baselines/${props.baseline.id}/savings?${query.toString()}`,
        ),
      );
    } catch (e) {
      setError(e);
    }
  }
  return (
    <div class="panel" data-panel="savings">
      <h2>{t('blSavings')}</h2>
      <form
        class="controls"
        data-form="savings"
        onSubmit={(e) => {
          e.preventDefault();
          void compute(e.currentTarget);
        }}
      >
        <label>
          {t('blFrom')}
          <input name="from" type="date" required />
        </label>
        <label>
          {t('blTo')}
          <input name="to" type="date" required />
        </label>
        <label>
          {t('blConfidence')}
          <select name="confidence">
            {CONFIDENCES.map((c) => (
              <option key={c} value={c} selected={c === '0.9'}>
                {Number(c) * 100} %
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('blCompute')}</button>
      </form>
      <ErrorBox error={error} />
      {savings && (
        <table data-table="savings">
          <tbody>
            <tr>
              <th>{t('blDays')}</th>
              <td class="num" data-field="days">
                {savings.days}
              </td>
            </tr>
            <tr>
              <th>
                {t('blAdjusted')} ({savings.unit})
              </th>
              <td class="num" data-field="adjustedBaseline">
                {savings.adjustedBaseline}
              </td>
            </tr>
            <tr>
              <th>
                {t('blActual')} ({savings.unit})
              </th>
              <td class="num" data-field="actual">
                {savings.actual}
              </td>
            </tr>
            <tr>
              <th>
                {t('blAvoided')} ({savings.unit})
              </th>
              <td class="num" data-field="avoided">
                <strong>{savings.avoided}</strong> ± <span data-field="uncertainty">{savings.uncertainty}</span> (
                {Math.round(savings.confidence * 100)} %)
              </td>
            </tr>
            <tr>
              <th>{t('blFraction')}</th>
              <td class="num" data-field="fraction">
                {percent(savings.fractionalSavings)}
              </td>
            </tr>
            <tr>
              <th>{t('blRelUncertainty')}</th>
              <td class="num">{percent(savings.relativeUncertainty)}</td>
            </tr>
          </tbody>
        </table>
      )}
      {savings && (
        <FitChart
          baselineId={props.baseline.id}
          from={savings.periodStart}
          to={savings.periodEnd}
          label={t('blFitReporting')}
        />
      )}
    </div>
  );
}
