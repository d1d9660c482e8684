import type { Queryable } from '../db/db';
import { parseDecimal } from '../lib/decimal';
import { ESTIMATE_FLAGS } from '../lib/qualityFlags';
import { wallTimeToEpoch } from '../lib/time';
import { rational, type Rational } from '../accounting/rational';
import type { Meter } from '../registry/meters';
import type { IntervalValue, MeterDay } from './conditions';

const DAY_MS = 86_400_000;

export function toRational(text: string): Rational {
  const d = parseDecimal(text);
  return rational(d.units, 10n ** BigInt(d.scale));
}

/** The bounds of a local day (YYYY-MM-DD) in the meter's time zone, epoch milliseconds. */
export function localDayBounds(day: string, timeZone: string): { startMs: number; endMs: number } {
  const wall = Date.parse(`${day}T00:00:00Z`);
  return { startMs: wallTimeToEpoch(wall, timeZone), endMs: wallTimeToEpoch(wall + DAY_MS, timeZone) };
}

/** The current (highest-revision) intervals of a meter in [fromMs, toMs), in time order. */
export async function currentIntervals(
  db: Queryable,
  meterId: string,
  fromMs: number,
  toMs: number,
): Promise<IntervalValue[]> {
  const { rows } = await db.query<{ start: string; quantity: string; flags: number }>(
    `select distinct on (interval_start) extract(epoch from interval_start)::bigint::text as start,
       quantity::text as quantity, flags
     from readings
     where meter_id = $1::uuid and interval_start >= $2::timestamptz and interval_start < $3::timestamptz
     order by interval_start, revision desc`,
    [meterId, new Date(fromMs).toISOString(), new Date(toMs).toISOString()],
  );
  return rows.map((r) => ({ start: Number(r.start), quantity: toRational(r.quantity), flags: Number(r.flags) }));
}

export async function loadMeterDay(db: Queryable, meter: Meter, day: string): Promise<MeterDay> {
  const { startMs, endMs } = localDayBounds(day, meter.timeZone);
  return {
    day,
    startMs,
    endMs,
    intervalSeconds: meter.intervalSeconds,
    timeZone: meter.timeZone,
    unit: meter.unit,
    readings: await currentIntervals(db, meter.id, startMs, endMs),
  };
}

/** The meter's measured intervals of the `weeks` weeks before the day, by start (unix seconds), for the time-of-week profile. */
export async function loadHistory(
  db: Queryable,
  meterId: string,
  d: MeterDay,
  weeks: number,
): Promise<Map<number, Rational>> {
  const rows = await currentIntervals(db, meterId, d.startMs - weeks * 7 * DAY_MS, d.startMs);
  return new Map(rows.filter((r) => (r.flags & ESTIMATE_FLAGS) === 0).map((r) => [r.start, r.quantity]));
}

/** The month's total from the daily rollups (local days), in the meter's unit. */
export async function monthTotal(db: Queryable, meterId: string, day: string): Promise<Rational> {
  const first = `${day.slice(0, 7)}-01`;
  const { rows } = await db.query<{ total: string }>(
    `select coalesce(sum(quantity), 0)::text as total from reading_rollups_daily
     where meter_id = $1::uuid and day >= $2::date and day < ($2::date + interval '1 month')::date`,
    [meterId, first],
  );
  return toRational(rows[0].total);
}
