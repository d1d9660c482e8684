import { t } from '../i18n';
import type { InventoryDocument, Trace } from './carbonTypes';

/** What a figure is made of, from the preview document alone: meters, activity, factors with their source, formula. */
export function TracePanel({
  trace,
  factorSet,
  onClose,
}: {
  trace: Trace;
  factorSet: InventoryDocument['factorSet'];
  onClose: () => void;
}) {
  return (
    <aside class="trace panel" data-trace aria-label={t('carbonTrace')}>
      <header>
        <h2>
          {t('carbonTrace')}: {trace.label} · {t(trace.method === 'location' ? 'carbonLocation' : 'carbonMarket')} ={' '}
          <span data-trace-value>{trace.value}</span>
        </h2>
        <button type="button" class="link" onClick={onClose}>
          {t('carbonTraceClose')}
        </button>
      </header>
      <p class="help">
        {t('carbonFactorSet')}: {factorSet.name} v{factorSet.version} <code>{factorSet.contentHash}</code>
      </p>
      {trace.lines.length === 0 && !trace.market && <p class="notice">{t('carbonTraceNoLines')}</p>}
      {trace.lines.map((line, i) => (
        <section key={i} class="trace-line" data-trace-meter={line.meter.externalId}>
          <dl>
            <dt>{t('carbonTraceMeter')}</dt>
            <dd>
              {line.meter.externalId} ({line.energyKind})
            </dd>
            <dt>{t('carbonTraceSite')}</dt>
            <dd>{line.meter.site ?? t('carbonNoSite')}</dd>
            <dt>{t('carbonTraceYear')}</dt>
            <dd>{line.year}</dd>
            <dt>{t('carbonTraceActivity')}</dt>
            <dd>
              {line.activity.quantity} {line.activity.unit} · {t('carbonTraceIntervals')} {line.activity.intervals} ·{' '}
              {t('carbonTraceEstimated')} {line.activity.estimatedShare}
            </dd>
            <dt>{t('carbonTraceFactors')}</dt>
            <dd>
              <ul>
                {line.factors.map((f, j) => (
                  <li key={j}>
                    {f.name}: <strong>{f.value}</strong> {f.unit}
                    {f.year ? ` (${f.year}${f.region ? `, ${f.region}` : ''})` : ''}
                    {f.source ? <span class="help"> — {f.source}</span> : null}
                  </li>
                ))}
              </ul>
            </dd>
            <dt>{t('carbonTraceFormula')}</dt>
            <dd>
              <code>{line.formula}</code>
            </dd>
            <dt>{t('carbonTraceCo2e')}</dt>
            <dd>
              <strong>{line.emissions.co2e}</strong>
              {line.scope === 'deducted' ? ' (−)' : ''}
            </dd>
          </dl>
        </section>
      ))}
      {trace.market && (
        <section class="trace-line" data-trace-market>
          <h3>{t('carbonTraceMarket')}</h3>
          <p>
            <code>{trace.market.formula}</code>
          </p>
          <table>
            <thead>
              <tr>
                <th>{t('carbonTraceYear')}</th>
                <th class="num">{t('carbonTracePurchased')}</th>
                <th class="num">{t('carbonTraceCertificates')}</th>
                <th class="num">{t('carbonTraceResidual')}</th>
                <th>{t('carbonTraceResidualFactor')}</th>
                <th class="num">{t('carbonTraceCo2e')}</th>
              </tr>
            </thead>
            <tbody>
              {trace.market.byYear.map((y) => (
                <tr key={y.year}>
                  <td>{y.year}</td>
                  <td class="num">{y.purchasedMWh}</td>
                  <td class="num">{y.certificatesMWh}</td>
                  <td class="num">{y.residualMWh}</td>
                  <td>
                    {y.residualFactor.value} {y.residualFactor.unit}
                    {y.residualFactor.source ? <span class="help"> — {y.residualFactor.source}</span> : null}
                  </td>
                  <td class="num">{y.co2e}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </aside>
  );
}
