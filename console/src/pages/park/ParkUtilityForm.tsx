import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { Member } from './parkSetupTypes';
import { text, useSubmit } from './useSubmit';

/**
 * Adds a utility the park owns, shared out by the members' metered consumption or by a fixed key: one weight per
 * consenting member, a member left blank is not in the key. The API checks the kind, the name and the key.
 */
export function ParkUtilityForm(props: {
  members: Member[];
  kinds: { kind: string; label: string }[];
  onCreated: () => void;
}) {
  const [allocation, setAllocation] = useState<'metered' | 'fixed'>('metered');
  const { error, onSubmit } = useSubmit(
    (data) => {
      const key = props.members
        .map((m) => ({ memberId: m.id, weight: text(data, `weight-${m.id}`) }))
        .filter((k) => k.weight !== '');
      return api('POST', '/v1/park/utilities', {
        name: text(data, 'name'),
        energyKind: text(data, 'energyKind'),
        allocation,
        ...(allocation === 'fixed' ? { key } : {}),
      });
    },
    () => {
      setAllocation('metered');
      props.onCreated();
    },
  );
  return (
    <form class="controls" data-form="park-utility" onSubmit={onSubmit}>
      <label>
        {t('parkFormName')}
        <input name="name" required />
      </label>
      <label>
        {t('parkFormKind')}
        <select name="energyKind">
          {/* Water is not energy a utility can deliver (the API refuses it too). */}
          {props.kinds
            .filter((k) => k.kind !== 'water')
            .map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t('parkFormAllocation')}
        <select
          name="allocation"
          value={allocation}
          onChange={(e) => setAllocation((e.target as HTMLSelectElement).value as 'metered' | 'fixed')}
        >
          <option value="metered">{t('parkAllocationMetered')}</option>
          <option value="fixed">{t('parkAllocationFixed')}</option>
        </select>
      </label>
      {allocation === 'fixed' &&
        props.members.map((m) => (
          <label key={m.id}>
            {t('parkFormWeight')} · {m.name}
            <input name={`weight-${m.id}`} data-weight={m.name} inputMode="decimal" size={6} />
          </label>
        ))}
      <button type="submit" name="createParkUtility">
        {t('parkFormAddUtility')}
      </button>
      <ErrorBox error={error} />
    </form>
  );
}
