import { compare, div, format, parseRational, sub, type Rational } from '../accounting/rational';
import type { Forecast } from '../budgets/forecast';
import type { Finding, ForecastParams, IntensityParams, TotalParams } from './ruleTypes';

const SCALE = 6;
const show = (x: Rational) => format(x, SCALE);

/** The total of a group or of the organisation over a day or month above the limit. */
export function totalAbove(
  p: TotalParams,
  period: string,
  subject: string,
  total: { total: Rational; unit: string; meters: number; leftOut: string[] },
): Finding | null {
  const limit = parseRational(p.above);
  if (compare(total.total, limit) <= 0) return null;
  return {
    message: `${period}: ${subject} used ${show(total.total)} ${total.unit} in all (${total.meters} meter(s)), above the limit ${p.above}`,
    observed: show(total.total),
    expected: p.above,
    deviation: show(sub(total.total, limit)),
    details: { unit: total.unit, period: p.period, meters: total.meters, leftOut: total.leftOut },
  };
}

/**
 * Intensity above the limit: the energy (kgce) or CO2e (kg) of the subject's meters over the days that carry a
 * driver value, divided by the sum of those values. Days without a driver value are left out of both sides, so a
 * production figure uploaded late never makes the month look worse than it was.
 */
export function intensityAbove(
  p: IntensityParams,
  period: string,
  subject: string,
  numerator: { total: Rational; unit: string },
  driver: { total: Rational; unit: string | null; days: number },
): Finding | null {
  const intensity = div(numerator.total, driver.total);
  const limit = parseRational(p.above);
  if (compare(intensity, limit) <= 0) return null;
  const unit = `${numerator.unit}/${driver.unit ?? p.driver}`;
  return {
    message: `${period}: ${subject} ${show(intensity)} ${unit} (${show(numerator.total)} ${numerator.unit} over ${show(driver.total)} ${driver.unit ?? ''} of ${p.driver}), above the limit ${p.above}`,
    observed: show(intensity),
    expected: p.above,
    deviation: show(sub(intensity, limit)),
    details: {
      unit,
      numerator: show(numerator.total),
      denominator: show(driver.total),
      driver: p.driver,
      driverDays: driver.days,
      period: p.period,
    },
  };
}

const CROSSING_WARNINGS = new Set(['actual_over_budget', 'forecast_over_budget']);

/**
 * A budget crossed by its forecast: the actual or the forecast to the end of the period above the budget (with trigger
 * 'upper', also the upper bound of the 90 % interval), energy first, then CO2e; the finding names every metric that
 * crosses and shows the first.
 */
export function budgetCrossed(
  p: ForecastParams,
  subject: string,
  asOf: string,
  forecasts: { energyKgce: Forecast; co2eKg: Forecast },
): Finding | null {
  const fires = (f: Forecast) =>
    f.warning !== null && (CROSSING_WARNINGS.has(f.warning) || (p.trigger === 'upper' && f.budget !== null));
  const crossing = (
    [
      ['energy', 'kgce', forecasts.energyKgce],
      ['co2e', 'kg CO2e', forecasts.co2eKg],
    ] as const
  ).filter(([, , f]) => fires(f));
  if (crossing.length === 0) return null;
  const [metric, unit, f] = crossing[0];
  const shown = f.warning === 'upper_bound_over_budget' ? (f.upper as string) : f.forecast;
  const what =
    f.warning === 'actual_over_budget'
      ? 'actual so far'
      : f.warning === 'forecast_over_budget'
        ? 'forecast to the end of the period'
        : 'upper bound (90 %) of the forecast';
  return {
    message: `${subject}: ${metric === 'energy' ? 'energy' : 'CO2e'} ${what} ${f.warning === 'actual_over_budget' ? f.actual : shown} ${unit} as of ${asOf}, above the budget ${f.budget as string} ${unit}`,
    observed: f.warning === 'actual_over_budget' ? f.actual : shown,
    expected: f.budget ?? undefined,
    deviation: format(
      sub(parseRational(f.warning === 'actual_over_budget' ? f.actual : shown), parseRational(f.budget as string)),
      3,
    ),
    details: {
      asOf,
      metric,
      unit,
      warning: f.warning,
      crossing: crossing.map(([m]) => m),
      energyKgce: forecasts.energyKgce,
      co2eKg: forecasts.co2eKg,
    },
  };
}

/** What the compliance shortfall forecast says that a compliance rule needs. */
export interface ComplianceView {
  year: number;
  asOf: string;
  warning: 'actual_over_cover' | 'forecast_over_cover' | 'upper_bound_over_cover' | null;
  obligationT: { actual: string; forecast: string; upper: string | null };
  coverT: { held: string; surrendered: string; chain: boolean };
  shortfallT: { forecast: string | null; upper: string | null };
  shortfallCostMinorUnits: { forecast: string | null; upper: string | null };
}

/**
 * A shortfall of allowances: the obligation (whole tonnes) of the actual or forecast emissions of the year above the
 * allowances held and surrendered (with trigger 'upper', also the obligation at the upper bound of the interval).
 */
export function complianceShortfall(p: ForecastParams, subject: string, c: ComplianceView): Finding | null {
  if (c.warning === null || (c.warning === 'upper_bound_over_cover' && p.trigger !== 'upper')) return null;
  const upper = c.warning === 'upper_bound_over_cover';
  // The forecast includes the actual, so it is what is owed by the year's end (its upper bound for trigger 'upper').
  const owed = upper ? (c.obligationT.upper as string) : c.obligationT.forecast;
  const cover = BigInt(c.coverT.held) + BigInt(c.coverT.surrendered);
  const short = BigInt(owed) - cover;
  const cost = upper ? c.shortfallCostMinorUnits.upper : c.shortfallCostMinorUnits.forecast;
  return {
    message:
      `${subject}: the ${upper ? 'upper bound (90 %) of the ' : ''}forecast owes ${owed} t of allowances by the year's end ` +
      `(${c.obligationT.actual} t so far, as of ${c.asOf}); ${cover} t held or surrendered: short ${short} t` +
      (cost === null ? '' : `, ${cost} minor units at the last price`) +
      (c.coverT.chain ? '' : ' (no chain connected: holdings counted as 0)'),
    observed: owed,
    expected: cover.toString(),
    deviation: short.toString(),
    details: {
      year: c.year,
      asOf: c.asOf,
      warning: c.warning,
      obligationT: c.obligationT,
      coverT: c.coverT,
      shortfallT: c.shortfallT,
      shortfallCostMinorUnits: c.shortfallCostMinorUnits,
    },
  };
}
