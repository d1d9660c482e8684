import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { Share } from './types';

/** What the supplier shared: with which customer, the figure, and whether it is still in force. */
export function SentShares({ shares, onChanged }: { shares: Share[]; onChanged: () => void }) {
  const [error, setError] = useState<unknown>();
  if (shares.length === 0) return <p class="notice">{t('scSentEmpty')}</p>;
  const revoke = (s: Share) =>
    api('POST', `/v1/footprint-shares/${s.shareId}/revoke`).then(() => onChanged(), setError);
  return (
    <>
      <table class="sc-sent">
        <thead>
          <tr>
            <th>{t('scCustomer')}</th>
            <th>{t('scProduct')}</th>
            <th>{t('scPerUnit')}</th>
            <th>{t('scInventoryHash')}</th>
            <th>{t('scState')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shares.map((s) => (
            <tr key={s.shareId} data-share={s.shareId}>
              <td>{s.customer.name}</td>
              <td>
                {s.product} ({s.unit})
              </td>
              <td class="num">{s.kgCO2ePerUnit}</td>
              <td>
                <code title={s.inventoryHash}>{s.inventoryHash.slice(0, 10)}…</code>
              </td>
              <td>{s.revokedAt ? t('scRevoked') : t('scLive')}</td>
              <td>
                {!s.revokedAt && (
                  <button type="button" class="secondary" onClick={() => void revoke(s)}>
                    {t('scRevoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorBox error={error} />
    </>
  );
}
