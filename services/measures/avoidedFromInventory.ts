import { computeInventory } from '../accounting/computeInventory';
import type { InventoryInput, MeterActivity } from '../accounting/inventoryTypes';
import { compare, div, format, mul, sub, sum, ZERO, type Rational } from '../accounting/rational';
import { ENERGY_KINDS, type EnergyKind } from '../lib/energyKinds';

/** A meter the avoided energy is added back on (one of the baseline's meters). */
export interface AvoidedMeter {
  id: string;
  externalId: string;
  name: string | null;
  energyKind: string;
  flow: 'import' | 'export';
  siteId: string;
}

/** The avoided kgce and CO2e (location- and market-based), three decimals (the inventory engine's rounding). */
export interface AvoidedFigures {
  energyKgce: string;
  co2eLocationKg: string;
  co2eMarketKg: string;
}

/**
 * The avoided kgce and CO2e of `avoided` energy from the inventory of the measure's sites over the reporting period
 * as measured (`input`), against the same inventory with the avoided energy added back on the measure's meters: what
 * would have been bought without the measure. A pure function, so that the enterprise's side (from the database) and
 * a verifier (from an evidence package) compute with the same formulas. `used` is each meter's measured use per local
 * calendar year: the avoided energy is spread over the meters and years by it, exactly; with no use at all, it goes
 * to the first meter in the period's last year.
 */
export function avoidedFromInventory(
  input: InventoryInput,
  meters: readonly AvoidedMeter[],
  used: readonly { meterId: string; year: number; used: Rational }[],
  avoided: Rational,
): AvoidedFigures {
  const totalUsed = sum(used.map((u) => u.used));
  const end = input.period.end;
  const endYear = Number(end.slice(0, 4)) - (end.endsWith('-01-01') ? 1 : 0);
  const addedBack: MeterActivity[] = meters.map((m) => {
    const years =
      compare(totalUsed, ZERO) === 0
        ? new Map([[endYear, meters[0].id === m.id ? avoided : ZERO]])
        : new Map(used.filter((u) => u.meterId === m.id).map((u) => [u.year, mul(avoided, div(u.used, totalUsed))]));
    return {
      meter: {
        id: `measure:${m.id}`,
        externalId: `${m.externalId} (avoided)`,
        name: m.name,
        energyKind: m.energyKind,
        flow: m.flow,
        unit: ENERGY_KINDS[m.energyKind as EnergyKind]?.unit ?? '',
        siteId: m.siteId,
      },
      years: new Map([...years].map(([year, quantity]) => [year, { quantity, estimated: ZERO, intervals: 0 }])),
    };
  });
  const measured = computeInventory(input).totals;
  const without = computeInventory({ ...input, activity: [...input.activity, ...addedBack] }).totals;
  const diff = (x: (t: typeof measured) => Rational) => format(sub(x(without), x(measured)), 3);
  return {
    energyKgce: diff((t) => t.energyKgce),
    co2eLocationKg: diff((t) => t.totalLocation),
    co2eMarketKg: diff((t) => t.totalMarket),
  };
}
