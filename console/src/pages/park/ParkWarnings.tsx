import { t, type MessageKey } from '../../i18n';
import type { Forecast, Warnings } from './parkAnalysisTypes';

const warningWord = (w: string | null) => (w ? t(`parkWarning_${w}` as MessageKey) : '—');
const cell = (f: Forecast | null) => (f && f.budget !== null ? `${f.actual} → ${f.forecast} / ${f.budget}` : '—');

/** The park budgets in force with their forecasts, and the warnings where a forecast crosses a budget. */
export function ParkWarnings({ warnings }: { warnings: Warnings }) {
  return (
    <section class="park-budgets">
      <h3>{t('parkBudgets')}</h3>
      {warnings.budgets.length === 0 && <p class="notice">{t('parkBudgetsNone')}</p>}
      {warnings.budgets.length > 0 && (
        <table class="figures">
          <thead>
            <tr>
              <th>{t('parkMember')}</th>
              <th>
                kgce: {t('parkBudgetActual')} → {t('parkBudgetForecast')} / {t('parkBudgetLimit')}
              </th>
              <th>
                kgCO2e: {t('parkBudgetActual')} → {t('parkBudgetForecast')} / {t('parkBudgetLimit')}
              </th>
            </tr>
          </thead>
          <tbody>
            {warnings.budgets.map((b) => (
              <tr key={b.budget.id} data-budget={b.budget.member?.name ?? 'park'}>
                <td>{b.budget.name ?? b.budget.member?.name ?? t('parkBudgetWhole')}</td>
                <td data-energy>{cell(b.energyKgce)}</td>
                <td data-co2e>{cell(b.co2eKg)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>{t('parkWarnings')}</h4>
      {warnings.warnings.length === 0 ? (
        <p class="notice">{t('parkWarningsNone')}</p>
      ) : (
        <ul class="park-warnings">
          {warnings.warnings.map((w) => (
            <li key={`${w.budgetId}/${w.quantity}`} role="alert" data-warning={w.warning}>
              {w.budgetName ?? w.member?.name ?? t('parkBudgetWhole')} ·{' '}
              {w.quantity === 'energyKgce' ? 'kgce' : 'kgCO2e'} · {warningWord(w.warning)}: {w.forecast} &gt; {w.budget}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
