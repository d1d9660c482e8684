import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { useDirectorySearch } from '../../directorySearch';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { Membership } from './parkTypes';
import { MembershipTable, type StatusAction } from './MembershipTable';

type Step = 'withdraw' | 'remove';

const ACTIONS: Partial<Record<Membership['status'], StatusAction<Step>[]>> = {
  invited: [{ action: 'withdraw', label: 'parkWithdraw' }],
  active: [{ action: 'remove', label: 'parkRemove' }],
};

interface Participant {
  id: string;
  name: string;
}

/** Finds registered enterprises by name in the directory and invites one. */
function InviteForm({ onInvited }: { onInvited: (m: Membership) => void }) {
  const [q, setQ] = useState('');
  const found = useDirectorySearch<Participant>('enterprise', q);
  const [error, setError] = useState<unknown>();
  async function invite(enterprise: Participant) {
    setError(undefined);
    try {
      onInvited(await api<Membership>('POST', '/v1/park/invitations', { enterpriseId: enterprise.id }));
    } catch (e) {
      setError(e);
    }
  }
  return (
    <div class="picker invite">
      <h3>{t('parkInvite')}</h3>
      <label>
        {t('parkInviteSearch')}
        <input type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      </label>
      <ErrorBox error={error} />
      {found?.length === 0 && <p class="notice">{t('parkInviteNone')}</p>}
      <ul>
        {found?.map((p) => (
          <li key={p.id} data-enterprise={p.name}>
            <span>{p.name}</span>{' '}
            <button type="button" class="secondary" onClick={() => void invite(p)}>
              {t('parkInviteButton')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The park's invitations and members, with consent level and status; invite, withdraw, remove. */
export function ParkMembers({ version, onChanged }: { version: number; onChanged: () => void }) {
  const [list, setList] = useState<Membership[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [invited, setInvited] = useState<string | undefined>();
  useEffect(() => {
    api<{ memberships: Membership[] }>('GET', '/v1/park/members').then((r) => setList(r.memberships), setError);
  }, [version]);
  async function step(m: Membership, action: Step) {
    setError(undefined);
    try {
      await api('POST', `/v1/park/invitations/${m.id}/${action}`);
      onChanged();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section class="park-members">
      <h2>{t('parkMembers')}</h2>
      <ErrorBox error={error} />
      {list?.length === 0 && <p class="notice">{t('parkMembersEmpty')}</p>}
      {list && list.length > 0 && (
        <MembershipTable
          class="memberships"
          list={list}
          counterpart="member"
          actions={ACTIONS}
          onStep={(m, action) => void step(m, action)}
        />
      )}
      {invited && (
        <p class="outcome" data-outcome="invited">
          {t('parkInvited')}
          {invited}
        </p>
      )}
      <InviteForm
        onInvited={(m) => {
          setInvited(m.member.name);
          onChanged();
        }}
      />
    </section>
  );
}
