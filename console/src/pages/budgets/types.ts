/** What the budgets page reads from the API (decimal strings as sent). */
export interface Budget {
  id: string;
  name: string | null;
  siteId: string | null;
  periodStart: string;
  periodEnd: string;
  energyKgce: string | null;
  co2eKg: string | null;
  createdAt: string;
}

export type BudgetWarning = 'actual_over_budget' | 'forecast_over_budget' | 'upper_bound_over_budget' | null;

export interface Forecast {
  actual: string;
  forecast: string;
  dailyMean: string;
  lower: string | null;
  upper: string | null;
  budget: string | null;
  headroom: string | null;
  warning: BudgetWarning;
}

export interface BudgetStatus {
  budget: Budget;
  asOf: string;
  elapsedDays: number;
  remainingDays: number;
  historyDays: number;
  daysWithoutData: string[];
  confidence: number;
  energyKgce: Forecast;
  co2eKg: Forecast;
}
