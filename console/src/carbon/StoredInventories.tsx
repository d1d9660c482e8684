import { useState } from 'preact/hooks';
import { language, t } from '../i18n';
import type { InventoryRecord } from './carbonTypes';
import { ProductFootprintPanel } from './ProductFootprintPanel';

const reportUrl = (id: string, format: 'html' | 'pdf') =>
  `/v1/inventories/${id}/report?lang=${language()}&format=${format}${format === 'html' ? '&disposition=inline' : ''}`;

/**
 * Stored inventories with their reports. The HTML report opens in a frame sandboxed without scripts or same-origin
 * rights (a report is a document, not a program); the PDF downloads. Both travel with the session cookie.
 */
export function StoredInventories({ records }: { records: InventoryRecord[] }) {
  const [open, setOpen] = useState<string | null>(null);
  const [footprint, setFootprint] = useState<string | null>(null);
  if (records.length === 0) return <p class="notice">{t('carbonStoredEmpty')}</p>;
  return (
    <div class="stored">
      <table>
        <thead>
          <tr>
            <th>{t('carbonPeriod')}</th>
            <th>{t('carbonVersion')}</th>
            <th>{t('carbonStatus')}</th>
            <th class="num">{t('carbonTotal')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {records.map((r) => (
            <tr key={r.id} data-inventory={r.id}>
              <td>
                {r.periodStart} – {r.periodEnd}
              </td>
              <td>{r.version}</td>
              <td>{r.status}</td>
              <td class="num">{r.totals.totalKgCO2e ?? ''}</td>
              <td class="actions">
                <button type="button" class="link" onClick={() => setOpen(open === r.id ? null : r.id)}>
                  {t('carbonOpenReport')}
                </button>
                <a href={reportUrl(r.id, 'pdf')} download data-pdf>
                  {t('carbonDownloadPdf')}
                </a>
                <button
                  type="button"
                  class="link"
                  data-open-footprint={r.id}
                  onClick={() => setFootprint(footprint === r.id ? null : r.id)}
                >
                  {t('footprintOpen')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <iframe
          class="report-frame"
          title={t('carbonReportTitle')}
          sandbox=""
          referrerpolicy="no-referrer"
          src={reportUrl(open, 'html')}
          data-report={open}
        />
      )}
      {footprint && <ProductFootprintPanel key={footprint} inventoryId={footprint} />}
    </div>
  );
}
