import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { conversionFactor, ENERGY_KINDS, isEnergyKind, type EnergyKind } from '../lib/energyKinds';
import { compare, parseDecimal } from '../lib/decimal';
import { isValidTimeZone } from '../lib/time';
import { getSite } from './sites';

export type RegisterType = 'interval' | 'cumulative';
export type Flow = 'import' | 'export';
/** Whether a meter counts in inventories: boundary (fiscal) meters do; sub-meters and excluded meters do not. */
export type AccountingRole = 'boundary' | 'submeter' | 'excluded';

export interface Meter {
  id: string;
  orgId: string;
  siteId: string;
  externalId: string;
  name: string | null;
  energyKind: EnergyKind;
  flow: Flow;
  registerType: RegisterType;
  intervalSeconds: number;
  readingUnit: string;
  /** Normalised unit of the cleaned readings (from the energy kind). */
  unit: string;
  ctRatio: string;
  ptRatio: string;
  rolloverAt: string | null;
  spikeLimit: string | null;
  spikeRatio: string;
  timeZone: string;
  gatewayAddress: string | null;
  accountingRole: AccountingRole;
  createdAt: Date;
  /** When the meter was retired (readings and changes refused from then on), or null. */
  retiredAt: Date | null;
}

interface MeterRow {
  id: string;
  org_id: string;
  site_id: string;
  external_id: string;
  name: string | null;
  energy_kind: EnergyKind;
  flow: Flow;
  register_type: RegisterType;
  interval_seconds: number;
  reading_unit: string;
  ct_ratio: string;
  pt_ratio: string;
  rollover_at: string | null;
  spike_limit: string | null;
  spike_ratio: string;
  time_zone: string;
  gateway_address: string | null;
  accounting_role: AccountingRole;
  created_at: Date;
  retired_at: Date | null;
}

const toMeter = (r: MeterRow): Meter => ({
  id: r.id,
  orgId: r.org_id,
  siteId: r.site_id,
  externalId: r.external_id,
  name: r.name,
  energyKind: r.energy_kind,
  flow: r.flow,
  registerType: r.register_type,
  intervalSeconds: r.interval_seconds,
  readingUnit: r.reading_unit,
  unit: ENERGY_KINDS[r.energy_kind].unit,
  ctRatio: r.ct_ratio,
  ptRatio: r.pt_ratio,
  rolloverAt: r.rollover_at,
  spikeLimit: r.spike_limit,
  spikeRatio: r.spike_ratio,
  timeZone: r.time_zone,
  gatewayAddress: r.gateway_address,
  accountingRole: r.accounting_role,
  createdAt: r.created_at,
  retiredAt: r.retired_at ?? null,
});

export interface MeterInput {
  siteId: string;
  externalId: string;
  name?: string | null;
  energyKind: string;
  flow?: Flow;
  registerType?: RegisterType;
  intervalSeconds?: number;
  readingUnit?: string;
  ctRatio?: string;
  ptRatio?: string;
  rolloverAt?: string | null;
  spikeLimit?: string | null;
  spikeRatio?: string;
  timeZone?: string;
  gatewayAddress?: string | null;
  accountingRole?: AccountingRole;
}

function invalid(message: string, hint?: string): NengtanError {
  return new NengtanError('NT_ERR_METER_CONFIG', { message, hint });
}

export function positiveDecimal(field: string, text: string | null | undefined, minExclusive = '0'): string | null {
  if (text === null || text === undefined) return null;
  let ok = false;
  try {
    ok = compare(parseDecimal(text), parseDecimal(minExclusive)) > 0;
  } catch {
    ok = false;
  }
  if (!ok) throw invalid(`${field} must be a decimal number above ${minExclusive}, got "${text}"`);
  return text;
}

export function normaliseGatewayAddress(address: string | null | undefined): string | null {
  if (address === null || address === undefined) return null;
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) {
    throw invalid(`gatewayAddress must be a 20-byte hex address, got "${address}"`, "Send the gateway's 0x address.");
  }
  return address.toLowerCase();
}

export async function createMeter(db: Queryable, orgId: string, input: MeterInput): Promise<Meter> {
  const site = await getSite(db, orgId, input.siteId);
  if (!site) throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Site ${input.siteId} not found` });
  if (!isEnergyKind(input.energyKind)) {
    throw invalid(`Unknown energy kind "${input.energyKind}"`, `Use one of: ${Object.keys(ENERGY_KINDS).join(', ')}.`);
  }
  const kind = ENERGY_KINDS[input.energyKind];
  const readingUnit = input.readingUnit ?? kind.unit;
  if (!conversionFactor(input.energyKind, readingUnit)) {
    throw invalid(
      `Unit "${readingUnit}" cannot be converted to ${kind.unit} for ${input.energyKind}`,
      `Use one of: ${Object.keys(kind.units).join(', ')}.`,
    );
  }
  const registerType = input.registerType ?? 'interval';
  const intervalSeconds = input.intervalSeconds ?? 900;
  if (!Number.isInteger(intervalSeconds) || intervalSeconds < 60 || 86400 % intervalSeconds !== 0) {
    throw invalid(
      `intervalSeconds must divide a day evenly (60..86400), got ${intervalSeconds}`,
      'Use 900 for 15-minute data.',
    );
  }
  const ctRatio = positiveDecimal('ctRatio', input.ctRatio ?? '1') as string;
  const ptRatio = positiveDecimal('ptRatio', input.ptRatio ?? '1') as string;
  if (
    !kind.transformerMultipliers &&
    (compare(parseDecimal(ctRatio), parseDecimal('1')) !== 0 || compare(parseDecimal(ptRatio), parseDecimal('1')) !== 0)
  ) {
    throw invalid(`CT/PT multipliers apply to electricity meters only`, 'Leave ctRatio and ptRatio at 1.');
  }
  const rolloverAt = positiveDecimal('rolloverAt', input.rolloverAt);
  if (rolloverAt !== null && registerType !== 'cumulative') {
    throw invalid(
      'rolloverAt applies to cumulative registers only',
      'Omit rolloverAt or set registerType "cumulative".',
    );
  }
  const timeZone = input.timeZone ?? site.timeZone;
  if (!isValidTimeZone(timeZone))
    throw invalid(`Unknown time zone "${timeZone}"`, 'Use an IANA name such as "Asia/Shanghai".');
  const { rows } = await db.query<MeterRow>(
    `insert into meters (id, org_id, site_id, external_id, name, energy_kind, flow, register_type, interval_seconds,
       reading_unit, ct_ratio, pt_ratio, rollover_at, spike_limit, spike_ratio, time_zone, gateway_address, accounting_role)
     values ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7, $8, $9::integer, $10, $11::numeric, $12::numeric,
       $13::numeric, $14::numeric, $15::numeric, $16, $17, $18)
     returning *`,
    [
      randomUUID(),
      orgId,
      site.id,
      input.externalId,
      input.name ?? null,
      input.energyKind,
      input.flow ?? 'import',
      registerType,
      intervalSeconds,
      readingUnit,
      ctRatio,
      ptRatio,
      rolloverAt,
      positiveDecimal('spikeLimit', input.spikeLimit),
      positiveDecimal('spikeRatio', input.spikeRatio ?? '10', '1'),
      timeZone,
      normaliseGatewayAddress(input.gatewayAddress),
      input.accountingRole ?? 'boundary',
    ],
  );
  return toMeter(rows[0]);
}

/** The attributes that may change after readings exist; everything that shapes what readings mean is fixed. */
export interface MeterPatch {
  name?: string | null;
  accountingRole?: AccountingRole;
  gatewayAddress?: string | null;
  spikeLimit?: string | null;
  spikeRatio?: string;
}

export async function updateMeter(
  db: Queryable,
  orgId: string,
  id: string,
  patch: MeterPatch,
): Promise<Meter | undefined> {
  const current = await getMeter(db, orgId, id);
  if (!current) return undefined;
  const next = {
    name: patch.name === undefined ? current.name : patch.name,
    gateway:
      patch.gatewayAddress === undefined ? current.gatewayAddress : normaliseGatewayAddress(patch.gatewayAddress),
    spikeLimit: patch.spikeLimit === undefined ? current.spikeLimit : positiveDecimal('spikeLimit', patch.spikeLimit),
    spikeRatio:
      patch.spikeRatio === undefined ? current.spikeRatio : positiveDecimal('spikeRatio', patch.spikeRatio, '1'),
    accountingRole: patch.accountingRole ?? current.accountingRole,
  };
  const { rows } = await db.query<MeterRow>(
    `update meters set name = $3, gateway_address = $4, spike_limit = $5::numeric, spike_ratio = $6::numeric,
       accounting_role = $7
     where org_id = $1::uuid and id = $2::uuid returning *`,
    [orgId, id, next.name, next.gateway, next.spikeLimit, next.spikeRatio, next.accountingRole],
  );
  return rows[0] && toMeter(rows[0]);
}

export async function getMeter(db: Queryable, orgId: string, id: string): Promise<Meter | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const { rows } = await db.query<MeterRow>('select * from meters where org_id = $1::uuid and id = $2::uuid', [
    orgId,
    id,
  ]);
  return rows[0] && toMeter(rows[0]);
}

export async function listMeters(db: Queryable, orgId: string, options: { siteId?: string } = {}): Promise<Meter[]> {
  const { rows } = await db.query<MeterRow>(
    `select * from meters where org_id = $1::uuid and ($2::uuid is null or site_id = $2::uuid)
     order by external_id`,
    [orgId, options.siteId ?? null],
  );
  return rows.map(toMeter);
}

/**
 * The meters of `orgId` named by `refs`, each ref being an external id or a meter UUID. Only the organisation's own
 * meters are ever returned: a ref naming another organisation's meter resolves to nothing.
 */
export async function resolveMeters(db: Queryable, orgId: string, refs: Iterable<string>): Promise<Map<string, Meter>> {
  const list = [...new Set(refs)];
  const uuids = list.filter((r) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(r));
  const { rows } = await db.query<MeterRow>(
    `select * from meters where org_id = $1::uuid and (external_id = any($2::text[]) or id = any($3::uuid[]))`,
    [orgId, list, uuids],
  );
  const byRef = new Map<string, Meter>();
  for (const row of rows) byRef.set(row.external_id, toMeter(row));
  // A UUID ref names the meter with that id, unless some meter's external id is literally that string.
  for (const row of rows) if (!byRef.has(row.id)) byRef.set(row.id, toMeter(row));
  return byRef;
}

/** The organisation's meter named by its UUID or its external id (a UUID-shaped text is tried as both). */
export async function getMeterByReference(db: Queryable, orgId: string, ref: string): Promise<Meter | undefined> {
  const byId = await getMeter(db, orgId, ref);
  if (byId) return byId;
  const { rows } = await db.query<MeterRow>('select * from meters where org_id = $1::uuid and external_id = $2', [
    orgId,
    ref,
  ]);
  return rows[0] && toMeter(rows[0]);
}
