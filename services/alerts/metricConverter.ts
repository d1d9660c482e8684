import type { Queryable } from '../db/db';
import { factorSourceFromSet } from '../accounting/factorSourceFromSet';
import type { FactorSource, FactorValue } from '../accounting/factorSource';
import { electricityCo2Kg, standardCoalKg } from '../accounting/formulas';
import { mul, rational, type Rational } from '../accounting/rational';
import { DEFAULT_FACTOR_SET_ID } from '../factors/factorSets';
import { formatDecimal } from '../lib/decimal';
import type { Meter } from '../registry/meters';
import type { ThresholdParams } from './ruleTypes';

const HEAT_KINDS = new Set(['heat', 'steam']);

export interface MetricConverter {
  unit: string;
  convert(quantity: Rational): Rational;
  /** Which factor was used, for the alert's details. */
  factor?: { factorId: string; value: string; unit: string; year: number | null; region?: string };
}

/**
 * How a meter's quantity becomes the rule's metric, with the default factor set (as the inventory preview does):
 * energy as measured; kgce with the GB/T 2589 coefficient of the carrier; CO2e (kg, location-based) for electricity
 * with the average grid factor of the site's grid region and year, the national factor when the region has none.
 * Undefined when the metric does not apply to the meter (CO2e of water; kgce of a fuel whose coefficient needs a
 * calorific value): the rule then does not watch that meter.
 */
export async function metricConverter(
  db: Queryable,
  meter: Meter,
  metric: ThresholdParams['metric'],
  year: number,
  cache: { factors?: FactorSource },
): Promise<MetricConverter | undefined> {
  if (metric === 'energy') return { unit: meter.unit, convert: (q) => q };
  if (metric === 'power') {
    if (meter.energyKind !== 'electricity' || meter.unit !== 'kWh') return undefined;
    // Average power over an interval: kWh × 3600 / interval seconds = kW.
    const perHour = rational(3600n, BigInt(meter.intervalSeconds));
    return { unit: 'kW', convert: (q) => mul(q, perHour) };
  }
  const factors = (cache.factors ??= await factorSourceFromSet(db, meter.orgId, DEFAULT_FACTOR_SET_ID));
  const describe = (f: FactorValue, region?: string) => ({
    factorId: f.factorId,
    value: formatDecimal(f.value),
    unit: f.unit,
    year: f.year,
    region,
  });
  if (metric === 'kgce') {
    let coefficient: FactorValue;
    try {
      coefficient = factors.standardCoal(HEAT_KINDS.has(meter.energyKind) ? 'heat' : meter.energyKind);
    } catch {
      return undefined;
    }
    return { unit: 'kgce', convert: (q) => standardCoalKg(q, meter.unit, coefficient), factor: describe(coefficient) };
  }
  if (meter.energyKind !== 'electricity' || meter.unit !== 'kWh') return undefined;
  const { rows } = await db.query<{ grid_region: string | null }>('select grid_region from sites where id = $1::uuid', [
    meter.siteId,
  ]);
  const region = rows[0]?.grid_region ?? null;
  let factor: FactorValue | undefined;
  let used = 'national';
  if (region !== null && factors.gridRegions().has(region)) {
    try {
      factor = factors.gridElectricity('average', region, year);
      used = region;
    } catch {
      factor = undefined;
    }
  }
  factor ??= factors.gridElectricity('average', 'national', year);
  const chosen = factor;
  return { unit: 'kg CO2e', convert: (q) => electricityCo2Kg(q, chosen), factor: describe(chosen, used) };
}
