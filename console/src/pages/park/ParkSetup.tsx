import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { ParkBudgetForm } from './ParkBudgetForm';
import { ParkBudgetList } from './ParkBudgetList';
import type { Member, ParkBudget, ParkUtility } from './parkSetupTypes';
import type { Membership } from './parkTypes';
import { ParkUtilityForm } from './ParkUtilityForm';
import { ParkUtilityList } from './ParkUtilityList';

/**
 * Where the park sets what the analysis panels read: its budgets and its utilities with their outputs. Every change
 * reloads these lists and tells the analysis panels to reload (`onChanged`).
 */
export function ParkSetup({ version, onChanged }: { version: number; onChanged: () => void }) {
  const [members, setMembers] = useState<Member[]>([]);
  const [kinds, setKinds] = useState<{ kind: string; label: string }[]>([]);
  const [budgets, setBudgets] = useState<ParkBudget[]>([]);
  const [utilities, setUtilities] = useState<ParkUtility[]>([]);
  const [error, setError] = useState<unknown>();
  const [loaded, setLoaded] = useState(0);
  useEffect(() => {
    api<{ kind: string; label: string }[]>('GET', '/v1/energy-kinds').then(setKinds, setError);
  }, []);
  useEffect(() => {
    setError(undefined);
    void Promise.all([
      api<{ memberships: Membership[] }>('GET', '/v1/park/members'),
      api<{ budgets: ParkBudget[] }>('GET', '/v1/park/budgets'),
      api<{ utilities: ParkUtility[] }>('GET', '/v1/park/utilities'),
    ]).then(([m, b, u]) => {
      setMembers(m.memberships.filter((x) => x.status === 'active').map((x) => x.member));
      setBudgets(b.budgets);
      setUtilities(u.utilities);
    }, setError);
  }, [version, loaded]);
  const changed = () => {
    setLoaded((n) => n + 1);
    onChanged();
  };
  return (
    <section class="park-setup">
      <h3>{t('parkFormBudgets')}</h3>
      <ErrorBox error={error} />
      <ParkBudgetForm members={members} onCreated={changed} />
      <ParkBudgetList budgets={budgets} />
      <h3>{t('parkFormUtilities')}</h3>
      <ParkUtilityForm members={members} kinds={kinds} onCreated={changed} />
      <ParkUtilityList
        utilities={utilities}
        kindLabels={Object.fromEntries(kinds.map((k) => [k.kind, k.label]))}
        onChanged={changed}
      />
    </section>
  );
}
