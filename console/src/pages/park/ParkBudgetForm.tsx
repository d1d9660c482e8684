import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { Member } from './parkSetupTypes';
import { text, useSubmit } from './useSubmit';

/**
 * Sets a park budget for the whole park or one consenting member. Amounts go to the API as the decimal strings typed;
 * the API checks the period and that there is an amount, and its refusal is shown as worded.
 */
export function ParkBudgetForm({ members, onCreated }: { members: Member[]; onCreated: () => void }) {
  const { error, onSubmit } = useSubmit(
    (data) =>
      api('POST', '/v1/park/budgets', {
        name: text(data, 'name') || null,
        memberId: text(data, 'memberId') || null,
        periodStart: text(data, 'periodStart'),
        periodEnd: text(data, 'periodEnd'),
        energyKgce: text(data, 'energyKgce') || null,
        co2eKg: text(data, 'co2eKg') || null,
      }),
    onCreated,
  );
  return (
    <form class="controls" data-form="park-budget" onSubmit={onSubmit}>
      <label>
        {t('parkFormName')}
        <input name="name" />
      </label>
      <label>
        {t('parkFormScope')}
        <select name="memberId">
          <option value="">{t('parkBudgetWhole')}</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('parkFormStart')}
        <input name="periodStart" type="date" required />
      </label>
      <label>
        {t('parkFormEnd')}
        <input name="periodEnd" type="date" required />
      </label>
      <label>
        {t('parkFormEnergy')}
        <input name="energyKgce" inputMode="decimal" size={12} />
      </label>
      <label>
        {t('parkFormCo2e')}
        <input name="co2eKg" inputMode="decimal" size={12} />
      </label>
      <button type="submit" name="createParkBudget">
        {t('parkFormAddBudget')}
      </button>
      <ErrorBox error={error} />
    </form>
  );
}
