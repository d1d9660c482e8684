import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { Membership } from './parkTypes';
import { grantWord, statusWord, when } from './words';

/** The enterprise's side: the parks that invited it; accept (choosing the grant), decline, or leave. */
export function Invitations() {
  const [list, setList] = useState<Membership[] | undefined>();
  const [grants, setGrants] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const reload = () =>
    api<{ invitations: Membership[] }>('GET', '/v1/park-invitations').then((r) => setList(r.invitations), setError);
  useEffect(() => void reload(), []);
  async function step(m: Membership, action: 'accept' | 'decline' | 'leave') {
    setError(undefined);
    try {
      const body = action === 'accept' ? { grantLevel: grants[m.id] ?? 'aggregate' } : undefined;
      await api('POST', `/v1/park-invitations/${m.id}/${action}`, body);
      await reload();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section class="park-invitations">
      <h2>{t('parkInvitations')}</h2>
      <p class="notice">{t('parkConsentNote')}</p>
      <ErrorBox error={error} />
      {list?.length === 0 && <p class="notice">{t('parkInvitationsEmpty')}</p>}
      {list && list.length > 0 && (
        <table class="invitations">
          <thead>
            <tr>
              <th>{t('parkFrom_')}</th>
              <th>{t('parkStatus')}</th>
              <th>{t('parkGrant')}</th>
              <th>{t('parkInvitedAt')}</th>
              <th>{t('parkRespondedAt')}</th>
              <th>{t('parkEndedAt')}</th>
              <th>{t('parkActions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((m) => (
              <tr key={m.id} data-invitation={m.park.name} data-status={m.status}>
                <td>{m.park.name}</td>
                <td>{statusWord(m.status)}</td>
                <td>
                  {m.status === 'invited' ? (
                    <select
                      aria-label={t('parkGrant')}
                      value={grants[m.id] ?? 'aggregate'}
                      onChange={(e) => setGrants((g) => ({ ...g, [m.id]: (e.target as HTMLSelectElement).value }))}
                    >
                      <option value="aggregate">{t('parkGrantAggregate')}</option>
                      <option value="meters">{t('parkGrantMeters')}</option>
                    </select>
                  ) : (
                    grantWord(m.grantLevel)
                  )}
                </td>
                <td>{when(m.invitedAt)}</td>
                <td>{when(m.respondedAt)}</td>
                <td>{when(m.endedAt)}</td>
                <td>
                  {m.status === 'invited' && (
                    <>
                      <button type="button" onClick={() => void step(m, 'accept')}>
                        {t('parkAccept')}
                      </button>{' '}
                      <button type="button" class="secondary" onClick={() => void step(m, 'decline')}>
                        {t('parkDecline')}
                      </button>
                    </>
                  )}
                  {m.status === 'active' && (
                    <button type="button" class="secondary" onClick={() => void step(m, 'leave')}>
                      {t('parkLeave')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
