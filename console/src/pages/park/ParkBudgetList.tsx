import { t } from '../../i18n';
import type { ParkBudget } from './parkSetupTypes';

/** Every budget the park has set (a member's only while it consents), in force or not. */
export function ParkBudgetList({ budgets }: { budgets: ParkBudget[] }) {
  if (budgets.length === 0) return <p class="notice">{t('parkFormNoBudgets')}</p>;
  return (
    <table class="figures">
      <thead>
        <tr>
          <th>{t('parkFormName')}</th>
          <th>{t('parkFormScope')}</th>
          <th>{t('parkFormPeriod')}</th>
          <th>{t('parkFormEnergy')}</th>
          <th>{t('parkFormCo2e')}</th>
        </tr>
      </thead>
      <tbody>
        {budgets.map((b) => (
          <tr key={b.id} data-park-budget={b.name ?? ''}>
            <td>{b.name ?? '—'}</td>
            <td data-scope>{b.member?.name ?? t('parkBudgetWhole')}</td>
            <td>
              {b.periodStart} – {b.periodEnd}
            </td>
            <td data-energy>{b.energyKgce ?? '—'}</td>
            <td data-co2e>{b.co2eKg ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
