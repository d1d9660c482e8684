import { t, type MessageKey } from '../../i18n';
import type { Recommendation, Tariff } from './types';

const SENTENCE: Record<Recommendation['code'], MessageKey> = {
  load_shift: 'eaLoadShift',
  peak_share: 'eaPeakShare',
  off_hours_base_load: 'eaOffHours',
};

/** A sentence with its `{name}` marks replaced by the figures the API computed. */
const fill = (template: string, figures: Record<string, string | null>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => figures[name] ?? '—');

export const periodWord = (period: string) => t(`eaPeriod_${period}` as MessageKey);

/** The strategies in words, each with its figures, the meters and the tariff versions behind them. */
export function Recommendations({ items, tariffs }: { items: Recommendation[]; tariffs: Tariff[] }) {
  const version = (id: string) => tariffs.find((x) => x.id === id)?.validFrom ?? id;
  return (
    <ul class="recommendations">
      {items.map((r) => (
        <li key={r.code} data-recommendation={r.code} class={r.triggered ? 'triggered' : ''}>
          <strong>{r.triggered ? t('eaActionNeeded') : t('eaNoAction')}</strong> {fill(t(SENTENCE[r.code]), r.figures)}
          <div class="trace">
            {t('eaMeters')}: {r.meters.join(', ') || '—'}
            {r.tariffIds.length > 0 && (
              <>
                {' · '}
                {t('eaTariffVersions')}: {r.tariffIds.map(version).join(', ')}
              </>
            )}
          </div>
          {r.basis && (
            <p class="assumption" data-basis={r.basis}>
              {fill(t(`calBasis_${r.basis}` as MessageKey), r.figures)}
            </p>
          )}
          {r.code === 'off_hours_base_load' && r.figures.holidays !== undefined && (
            <p class="assumption" data-calendar-figures>
              {fill(t('calOffHoursCalendar'), r.figures)}
            </p>
          )}
          {r.flexibleMeters && r.basis !== 'all_electricity' && r.flexibleMeters.length > 0 && (
            <table class="ea-flexible">
              <thead>
                <tr>
                  <th>{t('calFlexibleMeter')}</th>
                  <th>{t('calMeterShare')}</th>
                  <th>{t('calPeakKwh')}</th>
                  <th>{t('calMovableKwh')}</th>
                </tr>
              </thead>
              <tbody>
                {r.flexibleMeters.map((m) => (
                  <tr key={m.externalId} data-flexible-meter={m.externalId}>
                    <td>{m.externalId}</td>
                    <td>
                      {m.movableSharePercent} % ({t(`calShareSource_${m.shareSource}` as MessageKey)})
                    </td>
                    <td>{m.peakKwh}</td>
                    <td data-movable>{m.movableKwh}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {r.lines && r.lines.length > 0 && (
            <table class="ea-lines">
              <caption>{t('eaLineTitle')}</caption>
              <thead>
                <tr>
                  <th>{t('eaValidFrom')}</th>
                  <th>{t('eaPeriod')}</th>
                  <th>{t('eaKwh')}</th>
                  <th>{t('eaPrice')}</th>
                  <th>{t('eaValleyPrice')}</th>
                  <th>{t('eaSaved')}</th>
                </tr>
              </thead>
              <tbody>
                {r.lines.map((l) => (
                  <tr key={l.tariffId + l.period}>
                    <td>{l.validFrom}</td>
                    <td>{periodWord(l.period)}</td>
                    <td>
                      {l.movableKwh} / {l.kwh}
                    </td>
                    <td>{l.price}</td>
                    <td>{l.valleyPrice}</td>
                    <td>{l.savedCny}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ul>
  );
}
