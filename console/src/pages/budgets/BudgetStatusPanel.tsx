import { useState } from 'preact/hooks';
import { api } from '../../api';
import { percentChange } from '../../decimal';
import { ErrorBox } from '../../ErrorBox';
import { t, type MessageKey } from '../../i18n';
import { ForecastBar } from './ForecastBar';
import type { Budget, BudgetStatus, BudgetWarning, Forecast } from './types';

const WARNINGS: Record<Exclude<BudgetWarning, null>, MessageKey> = {
  actual_over_budget: 'budWarnActual',
  forecast_over_budget: 'budWarnForecast',
  upper_bound_over_budget: 'budWarnUpper',
};

function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** Today when it falls inside the budget's period, else the period's end (a past budget's final status). */
function defaultAsOf(budget: Budget): string {
  const day = today();
  return day > budget.periodStart && day <= budget.periodEnd ? day : budget.periodEnd;
}

function ForecastRow(props: { label: MessageKey; forecast: Forecast; quantity: string }) {
  const f = props.forecast;
  const versus = f.budget === null ? null : percentChange(f.forecast, f.budget);
  return (
    <tr data-quantity={props.quantity} data-warning={f.warning ?? 'none'}>
      <th>{t(props.label)}</th>
      <td class="num" data-field="actual">
        {f.actual}
      </td>
      <td class="num" data-field="forecast">
        {f.forecast}
      </td>
      <td class="num" data-field="interval">
        {f.lower !== null && f.upper !== null ? `${f.lower} – ${f.upper}` : '—'}
      </td>
      <td class="num" data-field="budget">
        {f.budget ?? t('budNoBudget')}
      </td>
      <td class="num" data-field="headroom">
        {f.headroom ?? '—'}
      </td>
      <td class="num" data-field="versus">
        {versus === null ? '—' : `${versus} %`}
      </td>
      <td data-field="warning" class={f.warning ? 'warn' : 'ok'}>
        {f.budget === null ? '—' : f.warning ? t(WARNINGS[f.warning]) : t('budOk')}
      </td>
    </tr>
  );
}

/** One budget's actual, forecast with its interval, and warning as of a chosen day (GET /v1/budgets/{id}/status). */
export function BudgetStatusPanel(props: { budget: Budget }) {
  const [asOf, setAsOf] = useState(defaultAsOf(props.budget));
  const [status, setStatus] = useState<BudgetStatus | undefined>();
  const [error, setError] = useState<unknown>();
  async function show() {
    setError(undefined);
    setStatus(undefined);
    try {
      setStatus(await api<BudgetStatus>('GET', `/v1/budgets/${props.budget.id}/status?asOf=${asOf}`));
    } catch (e) {
      setError(e);
    }
  }
  return (
    <div class="panel" data-panel="budget-status">
      <h2>
        {t('budStatus')}: {props.budget.name ?? props.budget.periodStart}
      </h2>
      <form
        class="controls"
        data-form="budget-status"
        onSubmit={(e) => {
          e.preventDefault();
          void show();
        }}
      >
        <label>
          {t('budAsOf')}
          <input name="asOf" type="date" value={asOf} onInput={(e) => setAsOf(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('budShow')}</button>
      </form>
      <ErrorBox error={error} />
      {status && (
        <>
          <p class="budget-days">
            {t('budElapsed')} <strong data-field="elapsed">{status.elapsedDays}</strong> · {t('budRemaining')}{' '}
            <strong data-field="remaining">{status.remainingDays}</strong> · {t('budHistory')}{' '}
            <strong>{status.historyDays}</strong>
            {status.daysWithoutData.length > 0 && (
              <>
                {' '}
                · {t('budGaps')}: {status.daysWithoutData.join(', ')}
              </>
            )}
          </p>
          <table data-table="budget-status">
            <thead>
              <tr>
                <th>{t('budQuantity')}</th>
                <th class="num">{t('budActual')}</th>
                <th class="num">{t('budForecast')}</th>
                <th class="num">
                  {t('budInterval')} ({Math.round(status.confidence * 100)} %)
                </th>
                <th class="num">{t('budBudget')}</th>
                <th class="num">{t('budHeadroom')}</th>
                <th class="num">{t('budVsBudget')}</th>
                <th>{t('budWarning')}</th>
              </tr>
            </thead>
            <tbody>
              <ForecastRow label="budEnergyRow" forecast={status.energyKgce} quantity="energy" />
              <ForecastRow label="budCo2eRow" forecast={status.co2eKg} quantity="co2e" />
            </tbody>
          </table>
          <div class="forecast-charts">
            <span>{t('budEnergyRow')}</span>
            <ForecastBar forecast={status.energyKgce} quantity="energy" />
            <span>{t('budCo2eRow')}</span>
            <ForecastBar forecast={status.co2eKg} quantity="co2e" />
            <p class="legend">
              <i class="swatch actual" /> {t('budChartActual')} <i class="swatch forecast" /> {t('budChartForecast')}{' '}
              <i class="swatch budget" /> {t('budChartBudget')}
            </p>
          </div>
        </>
      )}
    </div>
  );
}
