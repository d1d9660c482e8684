import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t, type MessageKey } from '../../i18n';
import { FIELD, type Measure, type MeasureResults } from './types';

/** The measured savings since implementation, with their uncertainty, or the API's refusal (code and hint). */
export function MeasureResultsPanel({ measure }: { measure: Measure }) {
  const [to, setTo] = useState('');
  const [results, setResults] = useState<MeasureResults>();
  const [error, setError] = useState<unknown>();

  async function compute(event: Event) {
    event.preventDefault();
    setError(undefined);
    setResults(undefined);
    try {
      setResults(await api<MeasureResults>('GET', `/v1/measures/${measure.id}/results${to ? `?to=${to}` : ''}`));
    } catch (e) {
      setError(e);
    }
  }

  const s = results?.savings;
  const rows: [MessageKey, string][] =
    results && s
      ? [
          ['measuresReportingPeriod', `${results.reportingPeriod.start} – ${results.reportingPeriod.end}`],
          ['measuresDays', String(s.days)],
          ['measuresAdjustedBaseline', `${s.adjustedBaseline} ${s.unit}`],
          ['measuresActual', `${s.actual} ${s.unit}`],
          ['measuresAvoided', `${s.avoided} ± ${s.uncertainty} ${s.unit}`],
          ['measuresConfidence', `${Math.round(s.confidence * 100)} %`],
          ...(results.avoided
            ? ([
                ['measuresAvoidedKgce', results.avoided.energyKgce],
                ['measuresAvoidedCo2Location', results.avoided.co2eLocationKg],
                ['measuresAvoidedCo2Market', results.avoided.co2eMarketKg],
              ] as [MessageKey, string][])
            : []),
          ...(results.realisedVsExpected
            ? ([
                [
                  'measuresExpectedProRata',
                  `${results.realisedVsExpected.expectedProRata} ${results.realisedVsExpected.unit}`,
                ],
                ['measuresPercent', results.realisedVsExpected.percent ?? '—'],
              ] as [MessageKey, string][])
            : []),
        ]
      : [];

  return (
    <section data-panel="results">
      <h3>{t('measuresResults')}</h3>
      <form onSubmit={compute} style="display:flex;gap:0.75rem;align-items:end">
        <label style={FIELD}>
          {t('measuresResultsTo')}
          <input name="to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('measuresResultsShow')}</button>
      </form>
      <ErrorBox error={error} />
      {results && (
        <table data-results>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label} data-figure={label}>
                <th>{t(label)}</th>
                <td style="text-align:right">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {results?.realisedVsExpected &&
        results.warnings.map((w) => (
          <p key={w.code} class="error" data-warning={w.code}>
            <strong>{t('measuresShortfall')}</strong>: {results.realisedVsExpected?.realised} &lt;{' '}
            {results.realisedVsExpected?.expectedProRata} {results.realisedVsExpected?.unit} (
            {results.realisedVsExpected?.percent ?? '—'} %) {w.withinUncertainty ? t('measuresShortfallWithin') : ''}
          </p>
        ))}
    </section>
  );
}
