import type { Queryable } from '../db/db';
import { compare, parseDecimal } from '../lib/decimal';
import { NengtanError } from '../lib/errors';
import { getMeter } from '../registry/meters';

/** An electricity meter flagged as a flexible (shiftable) load: a compressor, chiller, EV charger, electric boiler. */
export interface FlexibleMeter {
  meterId: string;
  externalId: string;
  siteId: string;
  /** Per cent of the meter's peak and sharp use that may move; null: the analysis's movable share applies. */
  maxShiftPercent: string | null;
  note: string | null;
  changedAt: string;
  changedBy: string;
}

export interface FlexibleMeterInput {
  maxShiftPercent?: string | null;
  note?: string | null;
}

function invalid(message: string, field: string): NengtanError {
  return new NengtanError('NT_ERR_FLEXIBLE_METER_INVALID', { message, details: { field } });
}

function checkedPercent(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  let ok = false;
  try {
    const value = parseDecimal(text);
    ok = compare(value, parseDecimal('0')) > 0 && compare(value, parseDecimal('100')) <= 0;
  } catch {
    ok = false;
  }
  if (!ok) throw invalid(`maxShiftPercent must be a decimal above 0 and at most 100, got "${text}"`, 'maxShiftPercent');
  return text;
}

const SELECT = `select f.meter_id, m.external_id, m.site_id, f.max_shift_percent::text as max_shift_percent, f.note,
    f.changed_at, f.changed_by
  from flexible_meters f join meters m on m.id = f.meter_id`;

interface Row {
  meter_id: string;
  external_id: string;
  site_id: string;
  max_shift_percent: string | null;
  note: string | null;
  changed_at: Date;
  changed_by: string;
}

const toFlexible = (r: Row): FlexibleMeter => ({
  meterId: r.meter_id,
  externalId: r.external_id,
  siteId: r.site_id,
  maxShiftPercent: r.max_shift_percent,
  note: r.note,
  changedAt: new Date(r.changed_at).toISOString(),
  changedBy: r.changed_by,
});

/** The organisation's flexible meters, by external id. */
export async function listFlexibleMeters(db: Queryable, orgId: string): Promise<FlexibleMeter[]> {
  const { rows } = await db.query<Row>(`${SELECT} where f.org_id = $1::uuid order by m.external_id`, [orgId]);
  return rows.map(toFlexible);
}

/** Flags a meter of the organisation as a flexible load (or changes its share); undefined when no such meter. */
export async function setFlexibleMeter(
  db: Queryable,
  orgId: string,
  keyId: string,
  meterId: string,
  input: FlexibleMeterInput,
): Promise<FlexibleMeter | undefined> {
  const meter = await getMeter(db, orgId, meterId);
  if (!meter) return undefined;
  if (meter.energyKind !== 'electricity') {
    throw invalid(`Meter ${meter.externalId} measures ${meter.energyKind}; only electricity load can shift`, 'id');
  }
  const share = checkedPercent(input.maxShiftPercent);
  await db.query(
    `insert into flexible_meters (meter_id, org_id, max_shift_percent, note, changed_by)
     values ($1::uuid, $2::uuid, $3::numeric, $4, $5::uuid)
     on conflict (meter_id) do update set max_shift_percent = excluded.max_shift_percent, note = excluded.note,
       changed_at = now(), changed_by = excluded.changed_by`,
    [meter.id, orgId, share, input.note?.trim() || null, keyId],
  );
  const { rows } = await db.query<Row>(`${SELECT} where f.org_id = $1::uuid and f.meter_id = $2::uuid`, [
    orgId,
    meter.id,
  ]);
  return toFlexible(rows[0]);
}

/** Removes the flag; false when the meter was not flagged (or is not the organisation's). */
export async function removeFlexibleMeter(db: Queryable, orgId: string, meterId: string): Promise<boolean> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(meterId)) return false;
  const { rowCount } = await db.query('delete from flexible_meters where org_id = $1::uuid and meter_id = $2::uuid', [
    orgId,
    meterId,
  ]);
  return rowCount > 0;
}
