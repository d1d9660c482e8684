import type { Queryable } from '../db/db';
import { compare, div, format, mul, parseRational, rational, sub, type Rational } from '../accounting/rational';
import { getBaseline, reportSavings, type SavingsReport } from '../analysis/baselines';
import { NengtanError } from '../lib/errors';
import { avoidedEmissions, type AvoidedEmissions } from './avoidedEmissions';
import { getMeasure } from './measures';
import type { Measure } from './measureTypes';

/** Expected savings are stated per year; a reporting period of m complete days is held to m / 365 of them. */
const DAYS_PER_YEAR = 365n;

export interface RealisedVsExpected {
  basis: 'energy' | 'kgce';
  unit: string;
  /** The expected annual savings × m / 365 (three decimals). */
  expectedProRata: string;
  realised: string;
  /** realised ÷ expected pro rata × 100, two decimals, exact to the rounding. */
  percent: string | null;
}

export interface MeasureWarning {
  code: 'shortfall';
  message: string;
  /** Whether the shortfall lies within the savings' uncertainty (not significant at the confidence level). */
  withinUncertainty: boolean;
}

export interface MeasureResults {
  measure: Measure;
  reportingPeriod: { start: string; end: string };
  savings: SavingsReport;
  avoided: AvoidedEmissions | null;
  realisedVsExpected: RealisedVsExpected | null;
  warnings: MeasureWarning[];
}

function compareWithExpected(
  measure: Measure,
  savings: SavingsReport,
  avoided: AvoidedEmissions | null,
): RealisedVsExpected | null {
  const basis =
    measure.expectedEnergy !== null
      ? { basis: 'energy' as const, unit: savings.unit, expected: measure.expectedEnergy, realised: savings.avoided }
      : measure.expectedKgce !== null && avoided
        ? { basis: 'kgce' as const, unit: 'kgce', expected: measure.expectedKgce, realised: avoided.energyKgce }
        : null;
  if (!basis) return null;
  const proRata: Rational = div(
    mul(parseRational(basis.expected), rational(BigInt(savings.days))),
    rational(DAYS_PER_YEAR),
  );
  const realised = parseRational(basis.realised);
  return {
    basis: basis.basis,
    unit: basis.unit,
    expectedProRata: format(proRata, 3),
    realised: basis.realised,
    percent: proRata.n === 0n ? null : format(mul(div(realised, proRata), rational(100n)), 2),
  };
}

/**
 * The measured results of an implemented measure (IPMVP): the reporting period starts on the implementation date and
 * ends before `to`; avoided energy = adjusted baseline − actual with Guideline 14's uncertainty (the analysis
 * service's savings, refused when the baseline fails acceptance), avoided kgce and CO2e from the inventory engine, and
 * the realised savings against the expected ones pro rata, with a shortfall warning when they fall below. `from`, when
 * later than the implementation date, starts the period there instead (an inventory period's share of the results).
 */
export async function measureResults(
  db: Queryable,
  orgId: string,
  id: string,
  query: { from?: string; to: string; confidence: number },
): Promise<MeasureResults> {
  const measure = await getMeasure(db, orgId, id);
  if (measure.status !== 'implemented' || !measure.implementedOn) {
    throw new NengtanError('NT_ERR_MEASURE_NOT_IMPLEMENTED', { message: `The measure is ${measure.status}` });
  }
  if (!measure.baselineId) throw new NengtanError('NT_ERR_MEASURE_NO_BASELINE');
  const start = query.from && query.from > measure.implementedOn ? query.from : measure.implementedOn;
  if (query.to <= start) {
    throw new NengtanError('NT_ERR_MEASURE_PERIOD', {
      message: `The reporting period [${start}, ${query.to}) is empty: to must lie after the implementation date`,
    });
  }
  const baseline = await getBaseline(db, orgId, measure.baselineId);
  if (baseline && start < baseline.periodEnd) {
    throw new NengtanError('NT_ERR_MEASURE_PERIOD', {
      message: `The implementation date ${start} lies inside the baseline period (which ends before ${baseline.periodEnd})`,
    });
  }
  const savings = await reportSavings(db, orgId, measure.baselineId, {
    periodStart: start,
    periodEnd: query.to,
    confidence: query.confidence,
  });
  if (!savings) throw new NengtanError('NT_ERR_MEASURE_NO_BASELINE', { message: 'The baseline was not found' });
  const avoided = await avoidedEmissions(db, orgId, {
    meterIds: baseline?.meterIds ?? [],
    start,
    end: query.to,
    avoided: savings.avoided,
  });
  const realisedVsExpected = compareWithExpected(measure, savings, avoided);
  const warnings: MeasureWarning[] = [];
  if (realisedVsExpected) {
    const gap = sub(parseRational(realisedVsExpected.expectedProRata), parseRational(realisedVsExpected.realised));
    if (compare(gap, rational(0n)) > 0) {
      const withinUncertainty =
        realisedVsExpected.basis === 'energy' && compare(gap, parseRational(savings.uncertainty)) <= 0;
      warnings.push({
        code: 'shortfall',
        message: `Realised ${realisedVsExpected.realised} ${realisedVsExpected.unit} is below the ${realisedVsExpected.expectedProRata} ${realisedVsExpected.unit} expected over ${savings.days} days (${realisedVsExpected.percent ?? '—'} %)`,
        withinUncertainty,
      });
    }
  }
  return { measure, reportingPeriod: { start, end: query.to }, savings, avoided, realisedVsExpected, warnings };
}
