import { t } from '../../i18n';
import type { Meter, Site } from './types';

/** The organisation's meters; "correct" opens the correction panel with the audit trail. */
export function MetersTable(props: { meters: Meter[]; sites: Site[]; onPick: (meter: Meter) => void }) {
  const siteName = (id: string) => props.sites.find((s) => s.id === id)?.name ?? '';
  return (
    <table data-table="meters">
      <thead>
        <tr>
          <th>{t('mtrExternalId')}</th>
          <th>{t('mtrName')}</th>
          <th>{t('mtrSite')}</th>
          <th>{t('mtrKind')}</th>
          <th>{t('mtrReadingUnit')}</th>
          <th class="num">{t('mtrCt')}</th>
          <th class="num">{t('mtrPt')}</th>
          <th>{t('mtrStatus')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {props.meters.map((m) => (
          <tr key={m.id} data-meter={m.externalId} class={m.retiredAt ? 'retired' : ''}>
            <td>{m.externalId}</td>
            <td>{m.name ?? ''}</td>
            <td>{siteName(m.siteId)}</td>
            <td>{m.energyKind}</td>
            <td>{m.readingUnit}</td>
            <td class="num" data-field="ct">
              {m.ctRatio}
            </td>
            <td class="num" data-field="pt">
              {m.ptRatio}
            </td>
            <td data-field="status">{m.retiredAt ? t('mtrRetired') : t('mtrActive')}</td>
            <td>
              <button type="button" class="link" onClick={() => props.onPick(m)}>
                {t('mtrCorrect')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
