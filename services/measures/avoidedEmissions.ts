import type { Queryable } from '../db/db';
import { factorSourceFromSet } from '../accounting/factorSourceFromSet';
import { loadInventoryInput } from '../accounting/loadInventoryInput';
import type { InventoryInput } from '../accounting/inventoryTypes';
import { parseRational, type Rational } from '../accounting/rational';
import { defaultFactorSetFor } from '../accounting/defaultFactorSet';
import type { EnergyKind } from '../lib/energyKinds';
import { NengtanError } from '../lib/errors';
import { avoidedFromInventory, type AvoidedFigures, type AvoidedMeter } from './avoidedFromInventory';

export interface AvoidedEmissions extends AvoidedFigures {
  factorSet: { id: string; name: string; version: number; contentHash: string };
  method: string;
}

/** Everything the avoided kgce and CO2e are computed from besides the avoided energy, read from the database. */
export interface AvoidedInput {
  /** The inventory of the measure meters' sites over the reporting period, as measured. */
  input: InventoryInput;
  meters: AvoidedMeter[];
  used: { meterId: string; year: number; used: Rational }[];
  factorSetId: string;
}

/**
 * The inventory input of the sites of the measure's meters over the reporting period (the public default factor set,
 * default options), the meters and their use per local calendar year (as the inventory engine splits activity: grid
 * factors are per year). Null when the sites have no boundary readings in the period.
 */
export async function loadAvoidedInput(
  db: Queryable,
  orgId: string,
  request: { meterIds: string[]; start: string; end: string },
): Promise<AvoidedInput | null> {
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
  const { rows: usedRows } = await db.query<{ meter_id: string; year: number; used: string }>(
    `select meter_id, extract(year from day)::integer as year, sum(quantity)::text as used
     from reading_rollups_daily where meter_id = any($1::uuid[]) and day >= $2::date and day < $3::date
     group by 1, 2 order by 1, 2`,
    [request.meterIds, request.start, request.end],
  );
  const factorSetId = await defaultFactorSetFor(db, orgId, request);
  const factors = await factorSourceFromSet(db, orgId, factorSetId);
  let input: InventoryInput;
  try {
    input = await loadInventoryInput(
      db,
      orgId,
      { start: request.start, end: request.end, siteIds: [...new Set(meters.map((m) => m.site_id))] },
      factors,
    );
  } catch (error) {
    if (error instanceof NengtanError && error.code === 'NT_ERR_ACCOUNTING_NO_DATA') return null;
    throw error;
  }
  return {
    input,
    meters: meters.map((m) => ({
      id: m.id,
      externalId: m.external_id,
      name: m.name,
      energyKind: m.energy_kind,
      flow: m.flow,
      siteId: m.site_id,
    })),
    used: usedRows.map((r) => ({ meterId: r.meter_id, year: Number(r.year), used: parseRational(r.used) })),
    factorSetId,
  };
}

/**
 * Avoided kgce and CO2e of avoided energy, computed by the inventory engine itself (the same factors and formulas as
 * the organisation's inventories): the inventory of the sites of the measure's meters over the reporting period as
 * measured, against the same inventory with the avoided energy added back on those meters (what would have been
 * bought without the measure). Market-based CO2e keeps the period's certificate claims, so only the extra purchases
 * count, at the residual factor. Null when the sites have no boundary readings in the period.
 */
export async function avoidedEmissions(
  db: Queryable,
  orgId: string,
  request: { meterIds: string[]; start: string; end: string; avoided: string },
): Promise<AvoidedEmissions | null> {
  const loaded = await loadAvoidedInput(db, orgId, request);
  if (!loaded) return null;
  const { input, meters, used } = loaded;
  const factors = input.factors;
  return {
    ...avoidedFromInventory(input, meters, used, parseRational(request.avoided)),
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
