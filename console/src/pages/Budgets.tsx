import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t } from '../i18n';
import { BudgetForm } from './budgets/BudgetForm';
import { BudgetStatusPanel } from './budgets/BudgetStatusPanel';
import { ComplianceForecastPanel } from './budgets/ComplianceForecastPanel';
import type { Budget } from './budgets/types';
import type { Site } from './meters/types';
import type { Session } from '../session';
import './analysis/analysis.css';

/**
 * Budgets (用能与碳排放预算管理): the organisation's budgets, a new one, each one's status and forecast; delete. For
 * enterprises also the compliance shortfall forecast of a year (履约缺口预测).
 */
export function Budgets({ session }: { session: Session }) {
  const [budgets, setBudgets] = useState<Budget[] | undefined>();
  const [sites, setSites] = useState<Site[]>([]);
  const [picked, setPicked] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const load = () =>
    Promise.all([api<Budget[]>('GET', '/v1/budgets'), api<Site[]>('GET', '/v1/sites')]).then(([b, s]) => {
      setBudgets(b);
      setSites(s);
    }, setError);
  useEffect(() => void load(), []);

  async function remove(id: string) {
    setError(undefined);
    try {
      await api('DELETE', `/v1/budgets/${id}`);
      if (picked === id) setPicked(undefined);
      await load();
    } catch (e) {
      setError(e);
    }
  }

  if (!budgets) return error ? <ErrorBox error={error} /> : <p class="loading">{t('loading')}</p>;
  const siteName = (id: string | null) =>
    id === null ? t('budWholeOrg') : (sites.find((s) => s.id === id)?.name ?? id);
  const budget = budgets.find((b) => b.id === picked);
  return (
    <section class="page analysis-page budgets-page">
      <h1>{t('navBudgets')}</h1>
      <div class="panel" data-panel="budgets">
        <h2>{t('budList')}</h2>
        {budgets.length === 0 ? (
          <p class="notice">{t('budNone')}</p>
        ) : (
          <table data-table="budgets">
            <thead>
              <tr>
                <th>{t('budName')}</th>
                <th>{t('budScope')}</th>
                <th>{t('budPeriod')}</th>
                <th class="num">{t('budEnergy')}</th>
                <th class="num">{t('budCo2e')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {budgets.map((b) => (
                <tr key={b.id} data-budget={b.name ?? b.id} class={b.id === picked ? 'picked' : ''}>
                  <td>{b.name ?? '—'}</td>
                  <td>{siteName(b.siteId)}</td>
                  <td>
                    {b.periodStart} – {b.periodEnd}
                  </td>
                  <td class="num">{b.energyKgce ?? '—'}</td>
                  <td class="num">{b.co2eKg ?? '—'}</td>
                  <td>
                    <button type="button" class="link" data-action="status" onClick={() => setPicked(b.id)}>
                      {t('budStatus')}
                    </button>{' '}
                    <button type="button" class="link" data-action="delete" onClick={() => void remove(b.id)}>
                      {t('budDelete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <BudgetForm sites={sites} onCreated={() => void load()} />
        <ErrorBox error={error} />
      </div>
      {budget && <BudgetStatusPanel key={budget.id} budget={budget} />}
      {session.organisation?.kinds.includes('enterprise') && <ComplianceForecastPanel />}
    </section>
  );
}
