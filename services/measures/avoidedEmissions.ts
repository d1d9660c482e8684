import type { Queryable } from '../db/db';
import { computeInventory } from '../accounting/computeInventory';
import { factorSourceFromSet } from '../accounting/factorSourceFromSet';
import { loadInventoryInput } from '../accounting/loadInventoryInput';
import type { MeterActivity } from '../accounting/inventoryTypes';
import { div, format, mul, parseRational, rational, sub, sum, ZERO, type Rational } from '../accounting/rational';
import { daysBetween } from '../analysis/periodDays';
import { DEFAULT_FACTOR_SET_ID } from '../factors/factorSets';
import { ENERGY_KINDS, type EnergyKind } from '../lib/energyKinds';
import { NengtanError } from '../lib/errors';

export interface AvoidedEmissions {
  /** kgce, kg CO2e location-based and market-based, three decimals (the inventory engine's rounding). */
  energyKgce: string;
  co2eLocationKg: string;
  co2eMarketKg: string;
  factorSet: { id: string; name: string; version: number; contentHash: string };
  method: string;
}

/** Calendar days of [start, end) in each calendar year. */
function daysPerYear(start: string, end: string): Map<number, number> {
  const out = new Map<number, number>();
  for (let year = Number(start.slice(0, 4)); year <= Number(end.slice(0, 4)); year++) {
    const from = start > `${year}-01-01` ? start : `${year}-01-01`;
    const to = end < `${year + 1}-01-01` ? end : `${year + 1}-01-01`;
    if (to > from) out.set(year, daysBetween(from, to));
  }
  return out;
}

/**
 * Avoided kgce and CO2e of avoided energy, computed by the inventory engine itself (the same factors and formulas as
 * the organisation's inventories): the inventory of the sites of the measure's meters over the reporting period as
 * measured, against the same inventory with the avoided energy added back on those meters (what would have been
 * bought without the measure). Market-based CO2e keeps the period's certificate claims, so only the extra purchases
 * count, at the residual factor. The avoided energy is spread over the meters by their measured use and over calendar
 * years by days, both exactly. Null when the sites have no boundary readings in the period.
 */
export async function avoidedEmissions(
  db: Queryable,
  orgId: string,
  request: { meterIds: string[]; start: string; end: string; avoided: string },
): Promise<AvoidedEmissions | null> {
  const { rows: meters } = await db.query<{
    id: string;
    external_id: string;
    name: string | null;
    energy_kind: EnergyKind;
    flow: 'import' | 'export';
    site_id: string;
    used: string | null;
  }>(
    `select m.id, m.external_id, m.name, m.energy_kind, m.flow, m.site_id,
       (select sum(r.quantity) from reading_rollups_daily r
        where r.meter_id = m.id and r.day >= $3::date and r.day < $4::date)::text as used
     from meters m where m.org_id = $1::uuid and m.id = any($2::uuid[]) order by m.external_id`,
    [orgId, request.meterIds, request.start, request.end],
  );
  const factors = await factorSourceFromSet(db, orgId, DEFAULT_FACTOR_SET_ID);
  let actual;
  try {
    actual = await loadInventoryInput(
      db,
      orgId,
      { start: request.start, end: request.end, siteIds: [...new Set(meters.map((m) => m.site_id))] },
      factors,
    );
  } catch (error) {
    if (error instanceof NengtanError && error.code === 'NT_ERR_ACCOUNTING_NO_DATA') return null;
    throw error;
  }
  const avoided = parseRational(request.avoided);
  const used = meters.map((m) => parseRational(m.used ?? '0'));
  const totalUsed = sum(used);
  const years = daysPerYear(request.start, request.end);
  const totalDays = daysBetween(request.start, request.end);
  const addedBack: MeterActivity[] = meters.map((m, i) => {
    const share = totalUsed.n === 0n ? rational(1n, BigInt(meters.length)) : div(used[i], totalUsed);
    return {
      meter: {
        id: `measure:${m.id}`,
        externalId: `${m.external_id} (avoided)`,
        name: m.name,
        energyKind: m.energy_kind,
        flow: m.flow,
        unit: ENERGY_KINDS[m.energy_kind].unit,
        siteId: m.site_id,
      },
      years: new Map(
        [...years].map(([year, days]) => [
          year,
          { quantity: mul(avoided, share, rational(BigInt(days), BigInt(totalDays))), estimated: ZERO, intervals: 0 },
        ]),
      ),
    };
  });
  const measured = computeInventory(actual).totals;
  const without = computeInventory({ ...actual, activity: [...actual.activity, ...addedBack] }).totals;
  const diff = (x: (t: typeof measured) => Rational) => format(sub(x(without), x(measured)), 3);
  return {
    energyKgce: diff((t) => t.energyKgce),
    co2eLocationKg: diff((t) => t.totalLocation),
    co2eMarketKg: diff((t) => t.totalMarket),
    factorSet: {
      id: factors.setId,
      name: factors.setName,
      version: factors.setVersion,
      contentHash: factors.contentHash,
    },
    method:
      "inventory engine: the sites' inventory with the avoided energy added back on the measure's meters minus the inventory as measured",
  };
}
