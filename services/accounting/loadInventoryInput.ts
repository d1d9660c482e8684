import type { Queryable } from '../db/db';
import { ENERGY_KINDS, type EnergyKind } from '../lib/energyKinds';
import { NengtanError } from '../lib/errors';
import { toHex } from '../lib/hex';
import { listActivityData, type ActivityRecord } from './activityData';
import { listEnergyContracts } from './energyContracts';
import { chainCertificateClaims } from './chainCertificateClaims';
import type { FactorSource, GwpSet } from './factorSource';
import {
  inventoryOptions,
  type ActivityDataInput,
  type ClaimInput,
  type ContractInput,
  type EvidenceBatch,
  type InventoryInput,
  type InventoryOptions,
  type MeterActivity,
  type ProductionInput,
} from './inventoryTypes';
import { div, parseRational, rational } from './rational';

export interface InventoryRequest {
  /** Local dates (YYYY-MM-DD) in the organisation's reporting time zone, end exclusive. */
  start: string;
  end: string;
  /** Sites in the boundary; all of the organisation's sites when omitted. */
  siteIds?: string[];
  gwp?: GwpSet;
  electricityRegion?: InventoryOptions['electricityRegion'];
  regionalFactorMissing?: InventoryOptions['regionalFactorMissing'];
  fuelMethod?: InventoryOptions['fuelMethod'];
  extendedResults?: boolean;
  electricitySeries?: InventoryOptions['electricitySeries'];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(text: string): boolean {
  return DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/** Checks a reporting period: real dates, start before end, at most 10 years. */
export function checkPeriod(start: string, end: string): void {
  if (!validDate(start) || !validDate(end) || end <= start) {
    throw new NengtanError('NT_ERR_ACCOUNTING_PERIOD', { message: `Not a reporting period: ${start} to ${end}` });
  }
  if (Date.parse(end) - Date.parse(start) > 10 * 366 * 86_400_000) {
    throw new NengtanError('NT_ERR_ACCOUNTING_PERIOD', { message: 'A reporting period spans at most 10 years' });
  }
}

/**
 * Everything an inventory is computed from, read from the database: the boundary (sites and their boundary meters),
 * activity per meter and calendar year from the daily rollups, certificate claims and production volumes for the
 * period, and the batches holding the readings behind the activity (the evidence).
 */
export async function loadInventoryInput(
  db: Queryable,
  orgId: string,
  request: InventoryRequest,
  factors: FactorSource,
): Promise<InventoryInput> {
  checkPeriod(request.start, request.end);
  const { rows: orgs } = await db.query<{ id: string; name: string }>(
    'select id, name from organisations where id = $1::uuid',
    [orgId],
  );
  if (!orgs[0]) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Organisation not found' });
  const { rows: sites } = await db.query<{
    id: string;
    name: string;
    grid_region: string | null;
    province: string | null;
    time_zone: string;
  }>(
    `select id, name, grid_region, province, time_zone from sites
     where org_id = $1::uuid and ($2::uuid[] is null or id = any($2::uuid[])) order by id`,
    [orgId, request.siteIds ?? null],
  );
  if (request.siteIds && sites.length !== new Set(request.siteIds).size) {
    throw new NengtanError('NT_ERR_NOT_FOUND', {
      message: 'A site of the boundary was not found',
      hint: 'Name sites of your own organisation (GET /v1/sites).',
    });
  }
  const { rows: meters } = await db.query<{
    id: string;
    external_id: string;
    name: string | null;
    energy_kind: EnergyKind;
    flow: 'import' | 'export';
    site_id: string;
  }>(
    `select id, external_id, name, energy_kind, flow, site_id from meters
     where org_id = $1::uuid and site_id = any($2::uuid[]) and accounting_role = 'boundary' order by external_id`,
    [orgId, sites.map((s) => s.id)],
  );
  const { rows: rollups } = await db.query<{
    meter_id: string;
    year: number;
    quantity: string;
    estimated: string;
    intervals: number;
  }>(
    `select meter_id, extract(year from day)::integer as year, sum(quantity)::text as quantity,
       sum(estimated)::text as estimated, sum(intervals)::integer as intervals
     from reading_rollups_daily
     where meter_id = any($1::uuid[]) and day >= $2::date and day < $3::date
     group by 1, 2`,
    [meters.map((m) => m.id), request.start, request.end],
  );
  const records = await listActivityData(db, orgId, {
    start: request.start,
    end: request.end,
    siteIds: sites.map((s) => s.id),
  });
  if (rollups.length === 0 && records.length === 0) {
    throw new NengtanError('NT_ERR_ACCOUNTING_NO_DATA', {
      message: `No readings of boundary meters between ${request.start} and ${request.end}`,
      details: { boundaryMeters: meters.length },
    });
  }
  const activity: MeterActivity[] = meters.map((m) => ({
    meter: {
      id: m.id,
      externalId: m.external_id,
      name: m.name,
      energyKind: m.energy_kind,
      flow: m.flow,
      unit: ENERGY_KINDS[m.energy_kind].unit,
      siteId: m.site_id,
    },
    years: new Map(
      rollups
        .filter((r) => r.meter_id === m.id)
        .map((r) => [
          Number(r.year),
          { quantity: parseRational(r.quantity), estimated: parseRational(r.estimated), intervals: r.intervals },
        ]),
    ),
  }));

  const { rows: batches } = await db.query<{
    batch_id: Uint8Array;
    root: Uint8Array | null;
    status: string;
    chain_id: number | null;
    contract: string | null;
    tx_hash: Uint8Array | null;
    block_number: number | null;
  }>(
    `select b.batch_id, b.root, b.status, a.chain_id, a.contract, a.tx_hash, a.block_number
     from batches b left join anchors a on a.batch_seq = b.seq
     where b.seq in (select distinct unnest(batches) from reading_rollups_daily
                     where meter_id = any($1::uuid[]) and day >= $2::date and day < $3::date)
     order by b.batch_id`,
    [meters.map((m) => m.id), request.start, request.end],
  );
  const evidence: EvidenceBatch[] = batches.map((b) => ({
    id: toHex(b.batch_id),
    root: b.root ? toHex(b.root) : '0x' + '00'.repeat(32),
    status: b.status,
    anchor: b.tx_hash
      ? {
          chainId: Number(b.chain_id),
          contract: b.contract as string,
          txHash: toHex(b.tx_hash),
          blockNumber: Number(b.block_number),
        }
      : null,
  }));

  const timeZone = sites[0]?.time_zone ?? 'Asia/Shanghai';
  const { rows: recorded } = await db.query<{
    source: 'api' | 'chain';
    certificate_ref: string;
    mwh: string;
    start: string;
    end: string;
    generator: string | null;
  }>(
    `select source, certificate_ref, mwh::text as mwh, to_char(consumption_start, 'YYYY-MM-DD') as start,
       to_char(consumption_end, 'YYYY-MM-DD') as "end", generator
     from certificate_claims where org_id = $1::uuid and consumption_start < $3::date and consumption_end > $2::date`,
    [orgId, request.start, request.end],
  );
  const onChain = await chainCertificateClaims(db, orgId, timeZone, request);
  const claims = [
    ...recorded,
    ...onChain.map((c) => ({
      source: 'chain' as const,
      certificate_ref: c.ref,
      mwh: c.mwh,
      start: c.start,
      end: c.end,
      generator: c.generator,
    })),
  ];
  const purchasedElectricity = meters
    .filter((m) => m.energy_kind === 'electricity' && m.flow === 'import')
    .map((m) => m.id);
  const { rows: production } = await db.query<{
    product: string;
    site_id: string | null;
    quantity: string;
    unit: string;
    start: string;
    end: string;
  }>(
    `select product, site_id, quantity::text as quantity, unit, to_char(period_start, 'YYYY-MM-DD') as start,
       to_char(period_end, 'YYYY-MM-DD') as "end"
     from production_volumes where org_id = $1::uuid and period_start >= $2::date and period_end <= $3::date`,
    [orgId, request.start, request.end],
  );

  const contracts = await Promise.all(
    (await listEnergyContracts(db, orgId, request)).map(async (c): Promise<ContractInput> => ({
      ref: c.contractRef,
      instrument: c.instrument,
      counterparty: c.counterparty,
      mwh: div(parseRational(c.contractedKWh), rational(1000n)),
      factor: c.factor,
      start: c.periodStart,
      end: c.periodEnd,
      evidence: c.evidence,
      ...(c.meterIds.length === 0
        ? await claimConsumption(db, purchasedElectricity, { start: c.periodStart, end: c.periodEnd }, request)
        : { meters: await contractMeters(db, c.meterIds, { start: c.periodStart, end: c.periodEnd }, request) }),
    })),
  );
  const meterBound = contracts.some((c) => c.meters);

  return {
    organisation: orgs[0],
    period: { start: request.start, end: request.end, timeZone },
    sites: sites.map((s) => ({ id: s.id, name: s.name, gridRegion: s.grid_region, province: s.province })),
    activity,
    factors,
    options: inventoryOptions(request),
    claims: await Promise.all(
      claims.map(async (c): Promise<ClaimInput> => ({
        ref: c.certificate_ref,
        source: c.source,
        mwh: parseRational(c.mwh),
        start: c.start,
        end: c.end,
        generator: c.generator,
        ...(await claimConsumption(db, purchasedElectricity, c, request)),
      })),
    ),
    production: production.map((p): ProductionInput => ({
      product: p.product,
      siteId: p.site_id,
      quantity: parseRational(p.quantity),
      unit: p.unit,
      start: p.start,
      end: p.end,
    })),
    evidence,
    // Only when there are records, so that inputs (and documents) without them stay as they were.
    ...(records.length === 0 ? {} : { activityData: records.map(activityDataInput) }),
    ...(contracts.length === 0 ? {} : { contracts }),
    // Only with a contract bound to meters, so that inputs (and documents) without one stay as they were.
    ...(meterBound
      ? { electricityByMeterMonth: await meterMonthKWh(db, purchasedElectricity, request.start, request.end) }
      : {}),
  };
}

function activityDataInput(r: ActivityRecord): ActivityDataInput {
  return {
    id: r.id,
    siteId: r.siteId,
    start: r.periodStart,
    end: r.periodEnd,
    sourceKind: r.sourceKind,
    subject: r.subject,
    quantity: parseRational(r.quantity),
    unit: r.unit,
    calcinationFraction: r.calcinationFraction === null ? null : parseRational(r.calcinationFraction),
    activityUncertaintyPct: r.activityUncertaintyPct,
    factorUncertaintyPct: r.factorUncertaintyPct,
    evidence: r.evidence,
    ...(r.measured ? { measured: r.measured } : {}),
  };
}

/**
 * The boundary's purchased electricity over a claim's consumption period and, per calendar year, inside the inventory
 * period: what matches the claim to the consumption it covers. Nothing when none was recorded in its period.
 */
async function claimConsumption(
  db: Queryable,
  meterIds: string[],
  claim: { start: string; end: string },
  period: { start: string; end: string },
): Promise<Pick<ClaimInput, 'consumption'>> {
  if (meterIds.length === 0) return {};
  const { rows } = await db.query<{ year: number; inside: boolean; kwh: string; whole: string }>(
    `select extract(year from day)::integer as year, (day >= $4::date and day < $5::date) as inside,
       sum(quantity)::text as kwh, (sum(sum(quantity)) over ())::text as whole
     from reading_rollups_daily where meter_id = any($1::uuid[]) and day >= $2::date and day < $3::date
     group by 1, 2 order by 1, 2`,
    [meterIds, claim.start, claim.end, period.start, period.end],
  );
  if (rows.length === 0 || parseRational(rows[0].whole).n <= 0n) return {};
  return {
    consumption: {
      wholeKWh: rows[0].whole,
      inPeriodKWhByYear: Object.fromEntries(rows.filter((r) => r.inside).map((r) => [String(r.year), r.kwh])),
    },
  };
}

/** kWh per meter id and month (YYYY-MM) of the given meters in [start, end), from the daily rollups. */
async function meterMonthKWh(
  db: Queryable,
  meterIds: string[],
  start: string,
  end: string,
): Promise<Record<string, Record<string, string>>> {
  const { rows } = await db.query<{ meter_id: string; month: string; kwh: string }>(
    `select meter_id::text as meter_id, to_char(day, 'YYYY-MM') as month, sum(quantity)::text as kwh
     from reading_rollups_daily where meter_id = any($1::uuid[]) and day >= $2::date and day < $3::date
     group by 1, 2 order by 1, 2`,
    [meterIds, start, end],
  );
  const out: Record<string, Record<string, string>> = {};
  for (const r of rows) (out[r.meter_id] ??= {})[r.month] = r.kwh;
  return out;
}

/**
 * A meter-bound contract's delivery points and their consumption: over its whole period, and per meter and month in
 * the part of its period inside the inventory period (ContractInput.meters).
 */
async function contractMeters(
  db: Queryable,
  meterIds: string[],
  contract: { start: string; end: string },
  period: { start: string; end: string },
): Promise<NonNullable<ContractInput['meters']>> {
  const { rows: meters } = await db.query<{ id: string; external_id: string }>(
    'select id::text as id, external_id from meters where id = any($1::uuid[]) order by external_id, id',
    [meterIds],
  );
  const { rows: whole } = await db.query<{ kwh: string | null }>(
    `select sum(quantity)::text as kwh from reading_rollups_daily
     where meter_id = any($1::uuid[]) and day >= $2::date and day < $3::date`,
    [meterIds, contract.start, contract.end],
  );
  const start = contract.start > period.start ? contract.start : period.start;
  const end = contract.end < period.end ? contract.end : period.end;
  return {
    ids: meters.map((m) => m.id),
    externalIds: meters.map((m) => m.external_id),
    wholeKWh: whole[0]?.kwh ?? '0',
    kWhByMeterMonth: end > start ? await meterMonthKWh(db, meterIds, start, end) : {},
  };
}
