import { Fragment, type ComponentChildren } from 'preact';
import { t, type MessageKey } from '../../i18n';
import type { Membership } from './parkTypes';
import { grantWord, statusWord, when } from './words';

/** A button a membership row offers in one status: the step it posts and its label; secondary unless `primary`. */
export interface StatusAction<A extends string> {
  action: A;
  label: MessageKey;
  primary?: boolean;
}

/**
 * A park membership seen from one side: the enterprise sees the park that invited it (rows `data-invitation`), the
 * park sees its member (rows `data-membership`); status, consent level, the three times and the buttons of the row's
 * status.
 */
export function MembershipTable<A extends string>(props: {
  class: string;
  list: Membership[];
  counterpart: 'park' | 'member';
  grant?: (m: Membership) => ComponentChildren;
  actions: Partial<Record<Membership['status'], StatusAction<A>[]>>;
  onStep: (m: Membership, action: A) => void;
}) {
  const name = (m: Membership) => (props.counterpart === 'park' ? m.park.name : m.member.name);
  const rowAttribute = props.counterpart === 'park' ? 'data-invitation' : 'data-membership';
  return (
    <table class={props.class}>
      <thead>
        <tr>
          <th>{props.counterpart === 'park' ? t('parkFrom_') : t('parkMember')}</th>
          <th>{t('parkStatus')}</th>
          <th>{t('parkGrant')}</th>
          <th>{t('parkInvitedAt')}</th>
          <th>{t('parkRespondedAt')}</th>
          <th>{t('parkEndedAt')}</th>
          <th>{t('parkActions')}</th>
        </tr>
      </thead>
      <tbody>
        {props.list.map((m) => (
          <tr key={m.id} {...{ [rowAttribute]: name(m) }} data-status={m.status}>
            <td>{name(m)}</td>
            <td>{statusWord(m.status)}</td>
            <td>{props.grant ? props.grant(m) : grantWord(m.grantLevel)}</td>
            <td>{when(m.invitedAt)}</td>
            <td>{when(m.respondedAt)}</td>
            <td>{when(m.endedAt)}</td>
            <td>
              {props.actions[m.status]?.map((a, i) => (
                <Fragment key={a.action}>
                  {i > 0 && ' '}
                  <button
                    type="button"
                    class={a.primary ? undefined : 'secondary'}
                    onClick={() => props.onStep(m, a.action)}
                  >
                    {t(a.label)}
                  </button>
                </Fragment>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
