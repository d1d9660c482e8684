import type { Queryable } from '../db/db';
import { checkPeriod } from '../accounting/loadInventoryInput';
import { formatUnits } from '../lib/decimal';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { ENERGY_SCALE } from './avoidedEnergy';
import { predict } from './baselineModel';
import { getBaseline } from './baselines';
import { loadPeriodDays } from './periodDays';

export interface FitDay {
  day: string;
  /** Measured energy of the day, exact (the daily rollups). */
  actual: string;
  /** The model's value for the day's drivers, rounded to three decimals (a regression estimate, not a ledger figure). */
  predicted: string;
}

export interface BaselineFit {
  baselineId: string;
  unit: string;
  periodStart: string;
  periodEnd: string;
  days: FitDay[];
}

/**
 * A baseline model's daily values beside the measured ones over a period: the baseline period by default (how well
 * the model fits), or a reporting period (the adjusted baseline day by day). Only complete days are listed, the same
 * days the fit and the savings use.
 */
export async function baselineFit(
  db: Queryable,
  orgId: string,
  id: string,
  period: { from?: string; to?: string },
): Promise<BaselineFit | undefined> {
  const baseline = await getBaseline(db, orgId, id);
  if (!baseline) return undefined;
  const periodStart = period.from ?? baseline.periodStart;
  const periodEnd = period.to ?? baseline.periodEnd;
  checkPeriod(periodStart, periodEnd);
  const { days } = await loadPeriodDays(db, orgId, {
    meterIds: baseline.meterIds,
    periodStart,
    periodEnd,
    temperatureDriver: baseline.temperatureDriver,
    drivers: baseline.drivers,
  });
  return {
    baselineId: id,
    unit: baseline.unit,
    periodStart,
    periodEnd,
    days: days.map((d) => ({
      day: d.day,
      actual: formatUnits(d.energyUnits, QUANTITY_SCALE),
      predicted: predict(baseline.model, d).toFixed(ENERGY_SCALE),
    })),
  };
}
