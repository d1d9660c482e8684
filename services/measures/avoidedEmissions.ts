import type { Queryable } from '../db/db';
import { computeInventory } from '../accounting/computeInventory';
import { factorSourceFromSet } from '../accounting/factorSourceFromSet';
import { loadInventoryInput } from '../accounting/loadInventoryInput';
import type { MeterActivity } from '../accounting/inventoryTypes';
import { compare, div, format, mul, parseRational, sub, sum, ZERO, type Rational } from '../accounting/rational';
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

/**
 * Avoided kgce and CO2e of avoided energy, computed by the inventory engine itself (the same factors and formulas as
 * the organisation's inventories): the inventory of the sites of the measure's meters over the reporting period as
 * measured, against the same inventory with the avoided energy added back on those meters (what would have been
 * bought without the measure). Market-based CO2e keeps the period's certificate claims, so only the extra purchases
 * count, at the residual factor. The avoided energy is spread over the meters and calendar years by their measured use,
 * exactly. Null when the sites have no boundary readings in the period.
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
  }>(
    `select id, external_id, name, energy_kind, flow, site_id from meters
     where org_id = $1::uuid and id = any($2::uuid[]) order by external_id`,
    [orgId, request.meterIds],
  );
  // Local calendar years, as the inventory engine splits activity (grid factors are per year).
  const { rows: usedRows } = await db.query<{ meter_id: string; year: number; used: string }>(
    `select meter_id, extract(year from day)::integer as year, sum(quantity)::text as used
     from reading_rollups_daily where meter_id = any($1::uuid[]) and day >= $2::date and day < $3::date
     group by 1, 2`,
    [request.meterIds, request.start, request.end],
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
  const used = usedRows.map((r) => ({ ...r, used: parseRational(r.used) }));
  const totalUsed = sum(used.map((u) => u.used));
  const endYear = Number(request.end.slice(0, 4)) - (request.end.endsWith('-01-01') ? 1 : 0);
  const addedBack: MeterActivity[] = meters.map((m) => {
    // The avoided energy goes where the energy was used (by meter and year); with no use at all, to the last year.
    const years =
      compare(totalUsed, ZERO) === 0
        ? new Map([[endYear, meters[0].id === m.id ? avoided : ZERO]])
        : new Map(
            used.filter((u) => u.meter_id === m.id).map((u) => [Number(u.year), mul(avoided, div(u.used, totalUsed))]),
          );
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
      years: new Map([...years].map(([year, quantity]) => [year, { quantity, estimated: ZERO, intervals: 0 }])),
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
