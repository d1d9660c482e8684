import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { Membership } from './parkTypes';
import { MembershipTable, type StatusAction } from './MembershipTable';
import { grantWord } from './words';

type Step = 'accept' | 'decline' | 'leave';

const ACTIONS: Partial<Record<Membership['status'], StatusAction<Step>[]>> = {
  invited: [
    { action: 'accept', label: 'parkAccept', primary: true },
    { action: 'decline', label: 'parkDecline' },
  ],
  active: [{ action: 'leave', label: 'parkLeave' }],
};

/** The enterprise's side: the parks that invited it; accept (choosing the grant), decline, or leave. */
export function Invitations() {
  const [list, setList] = useState<Membership[] | undefined>();
  const [grants, setGrants] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const reload = () =>
    api<{ invitations: Membership[] }>('GET', '/v1/park-invitations').then((r) => setList(r.invitations), setError);
  useEffect(() => void reload(), []);
  async function step(m: Membership, action: Step) {
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
        <MembershipTable
          class="invitations"
          list={list}
          counterpart="park"
          grant={(m) =>
            m.status === 'invited' ? (
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
            )
          }
          actions={ACTIONS}
          onStep={(m, action) => void step(m, action)}
        />
      )}
    </section>
  );
}
