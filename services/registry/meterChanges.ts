import type { Queryable } from '../db/db';
import { compare, parseDecimal } from '../lib/decimal';
import { conversionFactor, ENERGY_KINDS } from '../lib/energyKinds';
import { NengtanError } from '../lib/errors';
import { getMeter, positiveDecimal, updateMeter, type Meter, type MeterPatch } from './meters';

/** The attributes that shape how a raw value becomes a cleaned quantity; correcting them needs a reason. */
export interface MeterCorrection extends MeterPatch {
  ctRatio?: string;
  ptRatio?: string;
  readingUnit?: string;
  reason?: string;
}

export interface MeterChange {
  id: number;
  meterId: string;
  action: 'correct' | 'retire';
  changedAt: Date;
  /** The API key that made the change, and its prefix (enough to name it in the key list). */
  changedBy: { keyId: string; keyName: string; keyPrefix: string };
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  reason: string | null;
}

/** A corrected meter and, when its ratios or unit changed, what the change applies to. */
export interface CorrectedMeter {
  meter: Meter;
  change: MeterChange | null;
  /** Readings received from this time on are normalised with the new values; earlier ones keep theirs. */
  appliesFrom: Date | null;
}

const AUDITED = [
  'name',
  'accountingRole',
  'gatewayAddress',
  'spikeLimit',
  'spikeRatio',
  'ctRatio',
  'ptRatio',
  'readingUnit',
] as const;
type Audited = (typeof AUDITED)[number];
const SHAPING: readonly Audited[] = ['ctRatio', 'ptRatio', 'readingUnit'];

const snapshot = (m: Meter): Record<Audited, unknown> =>
  Object.fromEntries(AUDITED.map((k) => [k, m[k]])) as Record<Audited, unknown>;

function invalid(message: string, hint: string): NengtanError {
  return new NengtanError('NT_ERR_METER_CONFIG', { message, hint });
}

const sameDecimal = (a: string, b: string) => compare(parseDecimal(a), parseDecimal(b)) === 0;

/** The new ratios and unit, checked as at registration (POST /v1/meters). */
function shapingOf(meter: Meter, c: MeterCorrection): { ctRatio: string; ptRatio: string; readingUnit: string } {
  const ctRatio = c.ctRatio === undefined ? meter.ctRatio : (positiveDecimal('ctRatio', c.ctRatio) as string);
  const ptRatio = c.ptRatio === undefined ? meter.ptRatio : (positiveDecimal('ptRatio', c.ptRatio) as string);
  const readingUnit = c.readingUnit ?? meter.readingUnit;
  const kind = ENERGY_KINDS[meter.energyKind];
  if (!kind.transformerMultipliers && !(sameDecimal(ctRatio, '1') && sameDecimal(ptRatio, '1')))
    throw invalid('CT/PT multipliers apply to electricity meters only', 'Leave ctRatio and ptRatio at 1.');
  if (!conversionFactor(meter.energyKind, readingUnit))
    throw invalid(
      `Unit "${readingUnit}" cannot be converted to ${kind.unit} for ${meter.energyKind}`,
      `Use one of: ${Object.keys(kind.units).join(', ')}.`,
    );
  return { ctRatio, ptRatio, readingUnit };
}

async function recordChange(
  tx: Queryable,
  meter: Meter,
  action: MeterChange['action'],
  keyId: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  reason: string | null,
): Promise<MeterChange> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into meter_changes (org_id, meter_id, action, changed_by, before, after, reason)
     values ($1::uuid, $2::uuid, $3, $4::uuid, $5::jsonb, $6::jsonb, $7) returning id::text as id`,
    [meter.orgId, meter.id, action, keyId, JSON.stringify(before), JSON.stringify(after), reason],
  );
  const [change] = await listMeterChanges(tx, meter.orgId, meter.id, Number(rows[0].id));
  return change;
}

async function lockedMeter(tx: Queryable, orgId: string, id: string): Promise<Meter | undefined> {
  // Ingest locks meter_state per meter while it normalises; taking the lock here orders a correction after any ingest
  // already running for the meter.
  const meter = await getMeter(tx, orgId, id);
  if (!meter) return undefined;
  await tx.query('select 1 from meter_state where meter_id = $1::uuid for update', [meter.id]);
  await tx.query('select 1 from meters where id = $1::uuid for update', [meter.id]);
  const current = (await getMeter(tx, orgId, id)) as Meter;
  if (current.retiredAt !== null)
    throw new NengtanError('NT_ERR_METER_RETIRED', { details: { retiredAt: current.retiredAt.toISOString() } });
  return current;
}

/**
 * Changes a meter and records who, when, before, after and why. CT/PT ratios and the reading unit need a reason; they
 * apply to readings received after the change commits and never rewrite raw or cleaned readings. Run in a transaction.
 */
export async function correctMeter(
  tx: Queryable,
  orgId: string,
  id: string,
  keyId: string,
  correction: MeterCorrection,
): Promise<CorrectedMeter | undefined> {
  const current = await lockedMeter(tx, orgId, id);
  if (!current) return undefined;
  const reason = correction.reason?.trim() || null;
  const shapingSent = SHAPING.some((k) => correction[k] !== undefined);
  if (shapingSent && reason === null) throw new NengtanError('NT_ERR_METER_REASON_REQUIRED');
  const shaping = shapingOf(current, correction);
  const { reason: _reason, ctRatio: _ct, ptRatio: _pt, readingUnit: _unit, ...patch } = correction;
  await updateMeter(tx, orgId, id, patch);
  const shapingChanged =
    !sameDecimal(shaping.ctRatio, current.ctRatio) ||
    !sameDecimal(shaping.ptRatio, current.ptRatio) ||
    shaping.readingUnit !== current.readingUnit;
  if (shapingChanged) {
    await tx.query(
      `update meters set ct_ratio = $3::numeric, pt_ratio = $4::numeric, reading_unit = $5
       where org_id = $1::uuid and id = $2::uuid`,
      [orgId, id, shaping.ctRatio, shaping.ptRatio, shaping.readingUnit],
    );
  }
  const meter = (await getMeter(tx, orgId, id)) as Meter;
  const before = snapshot(current);
  const after = snapshot(meter);
  const changed = AUDITED.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changed.length === 0) return { meter, change: null, appliesFrom: null };
  const pick = (s: Record<Audited, unknown>) => Object.fromEntries(changed.map((k) => [k, s[k]]));
  const change = await recordChange(tx, meter, 'correct', keyId, pick(before), pick(after), reason);
  return { meter, change, appliesFrom: shapingChanged ? change.changedAt : null };
}

/** Retires a meter: from now on its readings and changes are refused; its data stays. Run in a transaction. */
export async function retireMeter(
  tx: Queryable,
  orgId: string,
  id: string,
  keyId: string,
  reason: string | null,
): Promise<{ meter: Meter; change: MeterChange } | undefined> {
  const current = await lockedMeter(tx, orgId, id);
  if (!current) return undefined;
  await tx.query('update meters set retired_at = now() where org_id = $1::uuid and id = $2::uuid', [orgId, id]);
  const meter = (await getMeter(tx, orgId, id)) as Meter;
  const change = await recordChange(
    tx,
    meter,
    'retire',
    keyId,
    { retiredAt: null },
    { retiredAt: meter.retiredAt?.toISOString() },
    reason?.trim() || null,
  );
  return { meter, change };
}

interface ChangeRow {
  id: string;
  meter_id: string;
  action: MeterChange['action'];
  changed_at: Date;
  changed_by: string;
  key_name: string;
  key_prefix: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  reason: string | null;
}

/** A meter's audit trail, oldest first (or its one entry `changeId`); only the organisation's own meters. */
export async function listMeterChanges(
  db: Queryable,
  orgId: string,
  meterId: string,
  changeId?: number,
): Promise<MeterChange[]> {
  const { rows } = await db.query<ChangeRow>(
    `select c.id::text as id, c.meter_id, c.action, c.changed_at, c.changed_by, k.name as key_name,
       k.key_prefix, c.before, c.after, c.reason
     from meter_changes c join api_keys k on k.id = c.changed_by
     where c.org_id = $1::uuid and c.meter_id = $2::uuid and ($3::bigint is null or c.id = $3::bigint) order by c.id`,
    [orgId, meterId, changeId ?? null],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    meterId: r.meter_id,
    action: r.action,
    changedAt: r.changed_at,
    changedBy: { keyId: r.changed_by, keyName: r.key_name, keyPrefix: r.key_prefix },
    before: r.before,
    after: r.after,
    reason: r.reason,
  }));
}
