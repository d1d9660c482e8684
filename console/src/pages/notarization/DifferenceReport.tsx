import { useState } from 'preact/hooks';
import { t } from '../../i18n';

/** The parts of `verify-inventory --out report.json` shown here (the CLI's EvidenceVerification and assignment). */
interface Report {
  assignment?: { inventoryId?: string };
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string }[];
  comparison?: {
    differences: { figure: string; claimed: string; recomputed: string; difference: string }[];
    suggestedOpinion: string;
  };
  measures?: {
    measureId: string;
    title: string;
    reportingPeriod: { start: string; end: string };
    identical: boolean;
    differences: { figure: string; reported: string; recomputed: string; difference: string | null }[];
    moreDifferingDays: number;
    recomputed: { avoided: string; uncertainty: string; unit: string } | { refused: string };
    notRecomputed: string[];
  }[];
  readingsReverified: number;
}

function MeasureChecks({ measures }: { measures: NonNullable<Report['measures']> }) {
  if (measures.length === 0) return <p class="help">{t('diffMeasuresNone')}</p>;
  return (
    <table class="measure-checks">
      <thead>
        <tr>
          <th>{t('diffMeasure')}</th>
          <th>{t('diffMeasurePeriod')}</th>
          <th>{t('diffMeasureRecomputed')}</th>
          <th>{t('diffMeasureResult')}</th>
        </tr>
      </thead>
      <tbody>
        {measures.map((m) => (
          <tr key={m.measureId} data-measure={m.measureId} data-identical={String(m.identical)}>
            <td>{m.title}</td>
            <td>
              {m.reportingPeriod.start} – {m.reportingPeriod.end}
            </td>
            <td>
              {'avoided' in m.recomputed
                ? `${m.recomputed.avoided} ± ${m.recomputed.uncertainty} ${m.recomputed.unit}`
                : `${t('diffMeasureRefused')} (${m.recomputed.refused})`}
            </td>
            <td>
              <strong>{m.identical ? t('diffMeasureMatches') : t('diffMeasureDiffers')}</strong>
              {m.differences.length > 0 && (
                <ul>
                  {m.differences.map((d) => (
                    <li key={d.figure} data-figure={d.figure}>
                      {d.figure}: {t('diffReported')} {d.reported}, {t('diffRecomputed')} {d.recomputed}
                      {d.difference !== null && `, ${t('diffDifference')} ${d.difference}`}
                    </li>
                  ))}
                  {m.moreDifferingDays > 0 && <li>{t('diffMoreDays').replace('{n}', String(m.moreDifferingDays))}</li>}
                </ul>
              )}
              {m.notRecomputed.length > 0 && (
                <p class="help">
                  {t('diffNotRecomputed')}: {m.notRecomputed.join(', ')}
                </p>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The difference report of a local re-verification (`verify-inventory --out report.json`), opened in the browser:
 * the file is read here and never sent anywhere. Lists the failed checks, the inventory figures that differ and the
 * measure results recomputed from the same readings.
 */
export function DifferenceReport({ inventoryId }: { inventoryId: string }) {
  const [report, setReport] = useState<Report | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  async function open(file: File | undefined) {
    setReport(undefined);
    setProblem(undefined);
    if (!file) return;
    try {
      const parsed = JSON.parse(await file.text()) as Report;
      if (!Array.isArray(parsed.checks)) throw new Error(t('diffNotAReport'));
      if (parsed.assignment?.inventoryId && parsed.assignment.inventoryId !== inventoryId) {
        throw new Error(t('diffOtherInventory'));
      }
      setReport(parsed);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  }
  const failed = report?.checks.filter((c) => !c.ok) ?? [];
  return (
    <div class="difference-report" data-report={inventoryId}>
      <h4>{t('diffTitle')}</h4>
      <label>
        {t('diffOpen')}{' '}
        <input
          type="file"
          name="report"
          accept=".json,application/json"
          onChange={(e) => void open(e.currentTarget.files?.[0])}
        />
      </label>
      {problem && <p class="error">{problem}</p>}
      {report && (
        <>
          <p data-ok={String(report.ok)}>
            <strong>{report.ok ? t('diffVerified') : t('diffNotVerified')}</strong> ·{' '}
            {t('diffReadings').replace('{n}', String(report.readingsReverified))}
            {report.comparison && ` · ${t('diffSuggested')} ${report.comparison.suggestedOpinion}`}
          </p>
          {failed.length > 0 && (
            <ul class="failed-checks">
              {failed.map((c) => (
                <li key={c.name}>
                  ✗ {c.name} <code>{c.detail}</code>
                </li>
              ))}
            </ul>
          )}
          {report.comparison && report.comparison.differences.length > 0 && (
            <ul class="figure-differences">
              {report.comparison.differences.map((d) => (
                <li key={d.figure}>
                  {d.figure}: {t('diffReported')} {d.claimed}, {t('diffRecomputed')} {d.recomputed},{' '}
                  {t('diffDifference')} {d.difference}
                </li>
              ))}
            </ul>
          )}
          <h5>{t('diffMeasures')}</h5>
          <MeasureChecks measures={report.measures ?? []} />
        </>
      )}
    </div>
  );
}
