import { divideHalfEven, formatUnits } from '../lib/decimal';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { NengtanError } from '../lib/errors';
import type { Acceptance } from './acceptance';
import { predict } from './baselineModel';
import type { BaselineModel, ModelDay } from './baselineTypes';
import { savingsUncertainty } from './savingsUncertainty';

/** Reported energy has three decimals, like inventory results. */
export const ENERGY_SCALE = 3;

/** A reporting-period day: its drivers, and its measured energy exactly (units of 10^-6, as rollups store it). */
export interface ReportingDay extends ModelDay {
  energyUnits: bigint;
}

export interface AvoidedEnergy {
  days: number;
  adjustedBaseline: string;
  actual: string;
  avoided: string;
  /** ± avoided energy at the confidence level (Guideline 14). */
  uncertainty: string;
  confidence: number;
  fractionalSavings: number;
  relativeUncertainty: number | null;
  effectiveN: number;
  t: number;
}

/** A driver whose reporting-period mean lies outside what the baseline saw. */
function outOfRange(model: BaselineModel, days: readonly ReportingDay[]): Record<string, unknown>[] {
  const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
  const checks: [string, number, { min: number; max: number } | undefined][] = [];
  if (model.ranges.temperature) {
    checks.push(['temperature', mean(days.map((d) => d.temperature as number)), model.ranges.temperature]);
  }
  for (const name of model.spec.drivers) {
    checks.push([name, mean(days.map((d) => d.drivers[name])), model.ranges.drivers[name]]);
  }
  return checks
    .filter(([, value, r]) => r !== undefined && (value < r.min || value > r.max))
    .map(([driver, value, r]) => ({ driver, reportingMean: value, baselineMin: r?.min, baselineMax: r?.max }));
}

/**
 * Avoided energy over a reporting period (IPMVP): adjusted baseline − actual, the adjusted baseline being the model's
 * prediction under the period's own conditions, with Guideline 14's uncertainty. Refused for a model that fails
 * acceptance (naming the failed criteria) and for a period whose mean conditions the baseline never saw. The
 * estimate is rounded once to three decimals; the actual is summed exactly, so the figures reported add up.
 */
export function avoidedEnergy(
  model: BaselineModel,
  acceptance: Acceptance,
  days: readonly ReportingDay[],
  confidence: number,
): AvoidedEnergy {
  if (!acceptance.accepted) {
    const failed = acceptance.criteria.filter((c) => !c.passed);
    throw new NengtanError('NT_ERR_ANALYSIS_BASELINE_NOT_ACCEPTED', {
      message: `The baseline model fails acceptance (${failed.map((c) => `${c.criterion} ${c.value} not ${c.limit}`).join('; ')}), so no savings are reported from it`,
      details: { failedCriteria: failed },
    });
  }
  if (days.length === 0) throw new NengtanError('NT_ERR_ANALYSIS_NO_DATA');
  const outside = outOfRange(model, days);
  if (outside.length > 0) {
    throw new NengtanError('NT_ERR_ANALYSIS_DRIVERS_OUT_OF_RANGE', {
      message: `The reporting period's mean ${outside.map((o) => o.driver).join(', ')} lies outside the baseline's range`,
      details: { drivers: outside },
    });
  }
  const scaleDown = 10n ** BigInt(QUANTITY_SCALE - ENERGY_SCALE);
  const baselineEstimate = days.reduce((s, d) => s + predict(model, d), 0);
  const baselineUnits = BigInt(Math.round(baselineEstimate * 10 ** ENERGY_SCALE));
  const actualUnits = divideHalfEven(
    days.reduce((s, d) => s + d.energyUnits, 0n),
    scaleDown,
  );
  const avoidedUnits = baselineUnits - actualUnits;
  const scale = 10 ** ENERGY_SCALE;
  const u = savingsUncertainty({
    n: model.n,
    p: model.p,
    cvRmse: model.cvRmse,
    autocorrelation: model.autocorrelation,
    m: days.length,
    adjustedBaseline: Number(baselineUnits) / scale,
    savings: Number(avoidedUnits) / scale,
    confidence,
  });
  return {
    days: days.length,
    adjustedBaseline: formatUnits(baselineUnits, ENERGY_SCALE),
    actual: formatUnits(actualUnits, ENERGY_SCALE),
    avoided: formatUnits(avoidedUnits, ENERGY_SCALE),
    uncertainty: formatUnits(BigInt(Math.round(u.absolute * scale)), ENERGY_SCALE),
    confidence,
    fractionalSavings: u.fractionalSavings,
    relativeUncertainty: u.relative,
    effectiveN: u.effectiveN,
    t: u.t,
  };
}
