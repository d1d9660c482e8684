import { t, type MessageKey } from '../../i18n';
import type { Membership } from './parkTypes';

const STATUS: Record<Membership['status'], MessageKey> = {
  invited: 'parkStatusInvited',
  declined: 'parkStatusDeclined',
  withdrawn: 'parkStatusWithdrawn',
  active: 'parkStatusActive',
  left: 'parkStatusLeft',
  removed: 'parkStatusRemoved',
};

export const statusWord = (status: Membership['status']) => t(STATUS[status]);

export const grantWord = (grant: string | null) =>
  grant === 'meters' ? t('parkGrantMeters') : grant === 'aggregate' ? t('parkGrantAggregate') : '—';

export const when = (time: string | null) => (time ? new Date(time).toLocaleString() : '—');
