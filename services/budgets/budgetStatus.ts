import type { Queryable } from '../db/db';
import { computeInventory, type ExactTotals } from '../accounting/computeInventory';
import { factorSourceFromSet } from '../accounting/factorSourceFromSet';
import type { FactorSource } from '../accounting/factorSource';
import { loadInventoryInput } from '../accounting/loadInventoryInput';
import { daysBetween } from '../analysis/periodDays';
import { defaultFactorSetFor } from '../accounting/defaultFactorSet';
import { NengtanError } from '../lib/errors';
import { calendarOverrides } from '../calendar/calendarDays';
import { isWorkingDay, MONDAY_TO_FRIDAY } from '../calendar/workingDay';
import { getBudget, type Budget } from './budgets';
import { FORECAST_CONFIDENCE, FORECAST_WINDOW_DAYS, forecastByDayType, forecastToEnd, type Forecast } from './forecast';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface BudgetStatus {
  budget: Budget;
  asOf: string;
  elapsedDays: number;
  remainingDays: number;
  /** Days the daily mean and spread come from: the last 28, or the period so far when shorter. */
  historyDays: number;
  /** Days of that history without any reading of the boundary meters: gaps, left out of the mean (not zeros). */
  daysWithoutData: string[];
  confidence: number;
  /** With forecastBy day_type: the remaining days split by the working-day calendar (Monday–Friday, its overrides). */
  remainingWorkingDays?: number;
  remainingNonWorkingDays?: number;
  energyKgce: Forecast;
  co2eKg: Forecast;
}

async function totalsOver(
  db: Queryable,
  orgId: string,
  siteIds: string[] | undefined,
  factors: FactorSource,
  start: string,
  end: string,
): Promise<ExactTotals> {
  const input = await loadInventoryInput(db, orgId, { start, end, siteIds }, factors);
  return computeInventory(input).totals;
}

/** A day's totals, or null when no boundary meter has a reading that day (a gap, not a zero). */
async function dayTotals(
  db: Queryable,
  orgId: string,
  siteIds: string[] | undefined,
  factors: FactorSource,
  day: string,
): Promise<ExactTotals | null> {
  try {
    return await totalsOver(db, orgId, siteIds, factors, day, addDays(day, 1));
  } catch (error) {
    if (error instanceof NengtanError && error.code === 'NT_ERR_ACCOUNTING_NO_DATA') return null;
    throw error;
  }
}

/** What a forecast to the end of a period stands on: the actual so far and the daily totals of recent history. */
export interface ForecastBasis {
  actual: ExactTotals;
  elapsedDays: number;
  remainingDays: number;
  /** Days the daily mean and spread come from: the last 28, or the period so far when shorter. */
  historyDays: number;
  daily: ExactTotals[];
  /** The local day of each of `daily`. */
  dailyDays: string[];
  /** Days of that history without any reading of the boundary meters: gaps, left out of the mean (not zeros). */
  daysWithoutData: string[];
}

/**
 * The actual energy and emissions over [start, asOf) from the inventory engine, and the daily inventories of the last
 * 28 days (or the period so far) to forecast the rest of [start, end) from; days without readings are gaps.
 */
export async function forecastBasis(
  db: Queryable,
  orgId: string,
  siteIds: string[] | undefined,
  factors: FactorSource,
  period: { start: string; asOf: string; end: string },
): Promise<ForecastBasis> {
  const actual = await totalsOver(db, orgId, siteIds, factors, period.start, period.asOf);
  const elapsedDays = daysBetween(period.start, period.asOf);
  const historyDays = Math.min(FORECAST_WINDOW_DAYS, elapsedDays);
  const daily: ExactTotals[] = [];
  const dailyDays: string[] = [];
  const daysWithoutData: string[] = [];
  for (let i = historyDays; i >= 1; i--) {
    const day = addDays(period.asOf, -i);
    const totals = await dayTotals(db, orgId, siteIds, factors, day);
    if (totals) {
      daily.push(totals);
      dailyDays.push(day);
    } else daysWithoutData.push(day);
  }
  if (daily.length === 0) {
    throw new NengtanError('NT_ERR_ACCOUNTING_NO_DATA', {
      message: `No readings of boundary meters in the ${historyDays} days before ${period.asOf} to forecast from`,
    });
  }
  return {
    actual,
    elapsedDays,
    remainingDays: daysBetween(period.asOf, period.end),
    historyDays,
    daily,
    dailyDays,
    daysWithoutData,
  };
}

/** A day YYYY-MM-DD that exists in the calendar. */
export function isCalendarDay(day: string): boolean {
  return DATE.test(day) && addDays(day, 0) === day;
}

/**
 * A budget's status on a day: the actual energy and location-based CO2e over [start, asOf) from the inventory engine,
 * and the forecast to the end of the period from the daily inventories of the last 28 days (or the period so far);
 * days without readings are gaps, left out of the daily mean. A budget forecast by day type extends the working and
 * non-working days (the organisation's working-day calendar) each with its own mean.
 */
export async function budgetStatus(db: Queryable, orgId: string, id: string, asOf: string): Promise<BudgetStatus> {
  const budget = await getBudget(db, orgId, id);
  if (!isCalendarDay(asOf) || asOf <= budget.periodStart || asOf > budget.periodEnd) {
    throw new NengtanError('NT_ERR_BUDGET_AS_OF', {
      message: `asOf ${asOf} must be a date after the budget's start ${budget.periodStart} and at most its end ${budget.periodEnd}`,
    });
  }
  const factors = await factorSourceFromSet(
    db,
    orgId,
    await defaultFactorSetFor(db, orgId, { start: budget.periodStart, end: budget.periodEnd }),
  );
  const siteIds = budget.siteId === null ? undefined : [budget.siteId];
  const basis = await forecastBasis(db, orgId, siteIds, factors, {
    start: budget.periodStart,
    asOf,
    end: budget.periodEnd,
  });
  const common = {
    budget,
    asOf,
    elapsedDays: basis.elapsedDays,
    remainingDays: basis.remainingDays,
    historyDays: basis.historyDays,
    daysWithoutData: basis.daysWithoutData,
    confidence: FORECAST_CONFIDENCE,
  };
  if (budget.forecastBy === 'day_type') {
    const overrides = await calendarOverrides(db, orgId, budget.periodStart, budget.periodEnd);
    const working = (day: string) => isWorkingDay(day, MONDAY_TO_FRIDAY, overrides);
    let remainingWorking = 0;
    for (let day = asOf; day < budget.periodEnd; day = addDays(day, 1)) if (working(day)) remainingWorking += 1;
    const remaining = { working: remainingWorking, nonWorking: basis.remainingDays - remainingWorking };
    const typed = (pick: (t: ExactTotals) => ExactTotals['energyKgce']) =>
      basis.daily.map((d, i) => ({ value: pick(d), working: working(basis.dailyDays[i]) }));
    return {
      ...common,
      remainingWorkingDays: remaining.working,
      remainingNonWorkingDays: remaining.nonWorking,
      energyKgce: forecastByDayType(
        basis.actual.energyKgce,
        typed((t) => t.energyKgce),
        remaining,
        budget.energyKgce,
      ),
      co2eKg: forecastByDayType(
        basis.actual.totalLocation,
        typed((t) => t.totalLocation),
        remaining,
        budget.co2eKg,
      ),
    };
  }
  return {
    ...common,
    energyKgce: forecastToEnd(
      basis.actual.energyKgce,
      basis.daily.map((d) => d.energyKgce),
      basis.remainingDays,
      budget.energyKgce,
    ),
    co2eKg: forecastToEnd(
      basis.actual.totalLocation,
      basis.daily.map((d) => d.totalLocation),
      basis.remainingDays,
      budget.co2eKg,
    ),
  };
}
