import { add, compare, div, format, mul, parseRational, rational, sum, type Rational } from '../accounting/rational';
import { tTwoSidedQuantile } from '../analysis/studentT';

/** Days of recent history the forecast's daily mean and spread come from (fewer when the period is younger). */
export const FORECAST_WINDOW_DAYS = 28;
export const FORECAST_CONFIDENCE = 0.9;
const SCALE = 3;

export type BudgetWarning = 'actual_over_budget' | 'forecast_over_budget' | 'upper_bound_over_budget' | null;

export interface Forecast {
  /** Actual so far, exact, rounded once at three decimals. */
  actual: string;
  /** Actual + daily mean × remaining days, exact, rounded once. */
  forecast: string;
  dailyMean: string;
  /** Forecast ± t·s·sqrt(remaining days) at 90 %; null when fewer than two days of history. */
  lower: string | null;
  upper: string | null;
  budget: string | null;
  /** Budget − forecast (negative when the forecast crosses the budget). */
  headroom: string | null;
  warning: BudgetWarning;
}

/**
 * Forecasts a quantity to the end of a period: the actual so far plus the mean of the recent daily values times the
 * days remaining. The interval treats the remaining days as independent draws with the daily values' sample standard
 * deviation s: ± t(90 %, n − 1)·s·sqrt(remaining days). The mean-based figures are exact; the interval is a float
 * estimate rounded to three decimals.
 */
export function forecastToEnd(
  actual: Rational,
  daily: readonly Rational[],
  remainingDays: number,
  budget: string | null,
): Forecast {
  if (daily.length === 0) throw new RangeError('a forecast needs at least one day of history');
  const mean = div(sum(daily), rational(BigInt(daily.length)));
  const forecast = add(actual, mul(mean, rational(BigInt(remainingDays))));
  let lower: string | null = null;
  let upper: string | null = null;
  let upperExact: Rational | null = null;
  if (daily.length >= 2) {
    const m = Number(mean.n) / Number(mean.d);
    const squares = daily.reduce((acc, x) => acc + (Number(x.n) / Number(x.d) - m) ** 2, 0);
    const s = Math.sqrt(squares / (daily.length - 1));
    const half = tTwoSidedQuantile(FORECAST_CONFIDENCE, daily.length - 1) * s * Math.sqrt(remainingDays);
    const halfExact = parseRational(half.toFixed(SCALE));
    lower = format(add(forecast, mul(halfExact, rational(-1n))), SCALE);
    upperExact = add(forecast, halfExact);
    upper = format(upperExact, SCALE);
  }
  let warning: BudgetWarning = null;
  let headroom: string | null = null;
  if (budget !== null) {
    const limit = parseRational(budget);
    headroom = format(add(limit, mul(forecast, rational(-1n))), SCALE);
    if (compare(actual, limit) > 0) warning = 'actual_over_budget';
    else if (compare(forecast, limit) > 0) warning = 'forecast_over_budget';
    else if (upperExact !== null && compare(upperExact, limit) > 0) warning = 'upper_bound_over_budget';
  }
  return {
    actual: format(actual, SCALE),
    forecast: format(forecast, SCALE),
    dailyMean: format(mean, SCALE),
    lower,
    upper,
    budget,
    headroom,
    warning,
  };
}

/** One day of a forecast's history with whether the calendar makes it a working day. */
export interface TypedDay {
  value: Rational;
  working: boolean;
}

/**
 * Forecasts by day type: the actual so far plus the remaining working days × the mean of the history's working days
 * plus the remaining non-working days × the mean of its non-working days (the working-day calendar decides which is
 * which). A day type without history takes the mean of all history days. The interval pools the spread of each day
 * about its own type's mean, with n − k degrees of freedom (k the day types with history): ± t(90 %, n − k)·s·
 * sqrt(remaining days). The mean-based figures are exact.
 */
export function forecastByDayType(
  actual: Rational,
  history: readonly TypedDay[],
  remaining: { working: number; nonWorking: number },
  budget: string | null,
): Forecast & { workingMean: string; nonWorkingMean: string } {
  if (history.length === 0) throw new RangeError('a forecast needs at least one day of history');
  const meanOf = (xs: readonly Rational[]) => div(sum(xs), rational(BigInt(xs.length)));
  const all = meanOf(history.map((d) => d.value));
  const working = history.filter((d) => d.working).map((d) => d.value);
  const off = history.filter((d) => !d.working).map((d) => d.value);
  const workingMean = working.length > 0 ? meanOf(working) : all;
  const offMean = off.length > 0 ? meanOf(off) : all;
  const forecast = add(
    actual,
    add(mul(workingMean, rational(BigInt(remaining.working))), mul(offMean, rational(BigInt(remaining.nonWorking)))),
  );
  const remainingDays = remaining.working + remaining.nonWorking;
  const df = history.length - (working.length > 0 ? 1 : 0) - (off.length > 0 ? 1 : 0);
  let lower: string | null = null;
  let upper: string | null = null;
  let upperExact: Rational | null = null;
  if (df >= 1) {
    const float = (x: Rational) => Number(x.n) / Number(x.d);
    const squares = history.reduce(
      (acc, d) => acc + (float(d.value) - float(d.working ? workingMean : offMean)) ** 2,
      0,
    );
    const s = Math.sqrt(squares / df);
    const half = tTwoSidedQuantile(FORECAST_CONFIDENCE, df) * s * Math.sqrt(remainingDays);
    const halfExact = parseRational(half.toFixed(SCALE));
    lower = format(add(forecast, mul(halfExact, rational(-1n))), SCALE);
    upperExact = add(forecast, halfExact);
    upper = format(upperExact, SCALE);
  }
  let warning: BudgetWarning = null;
  let headroom: string | null = null;
  if (budget !== null) {
    const limit = parseRational(budget);
    headroom = format(add(limit, mul(forecast, rational(-1n))), SCALE);
    if (compare(actual, limit) > 0) warning = 'actual_over_budget';
    else if (compare(forecast, limit) > 0) warning = 'forecast_over_budget';
    else if (upperExact !== null && compare(upperExact, limit) > 0) warning = 'upper_bound_over_budget';
  }
  return {
    actual: format(actual, SCALE),
    forecast: format(forecast, SCALE),
    dailyMean: format(all, SCALE),
    workingMean: format(workingMean, SCALE),
    nonWorkingMean: format(offMean, SCALE),
    lower,
    upper,
    budget,
    headroom,
    warning,
  };
}
