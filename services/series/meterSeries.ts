import type { Queryable } from '../db/db';
import { parseDecimal, rescale } from '../lib/decimal';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { wallTimeToEpoch } from '../lib/time';
import { localDay } from '../ingest/dailyRollups';
import type { Meter } from '../registry/meters';
import type { SeriesBucket } from './downsample';

export const RESOLUTIONS = ['15min', 'hour', 'day', 'month'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

const BUCKET_SECONDS: Record<'15min' | 'hour', number> = { '15min': 900, hour: 3600 };

const toUnits = (text: string) => rescale(parseDecimal(text), QUANTITY_SCALE).units;

/** Local midnight of `day` (YYYY-MM-DD) in `timeZone`, as unix seconds. */
const localMidnight = (day: string, timeZone: string) =>
  Math.floor(wallTimeToEpoch(Date.parse(`${day}T00:00:00Z`), timeZone) / 1000);

/**
 * A meter's energy per bucket over [from, to) (unix seconds), in the meter's unit: 15-minute and hourly buckets sum
 * the current revision of the cleaned readings; days and months (the meter's local calendar) sum the daily rollups,
 * taking the local days from the day of `from` up to, not including, the day of `to`. Each bucket carries the quality
 * flags of its cleaned readings, OR-ed.
 */
export async function meterSeries(
  db: Queryable,
  meter: Meter,
  from: number,
  to: number,
  resolution: Resolution,
): Promise<SeriesBucket[]> {
  if (resolution === '15min' || resolution === 'hour') {
    const size = BUCKET_SECONDS[resolution];
    const { rows } = await db.query<{ t: string; quantity: string; flags: number }>(
      `select (floor(extract(epoch from interval_start) / $5::integer) * $5::integer)::bigint::text as t,
         sum(quantity)::text as quantity, bit_or(flags)::integer as flags
       from (select distinct on (interval_start) interval_start, quantity, flags from readings
             where org_id = $1::uuid and meter_id = $2::uuid
               and interval_start >= to_timestamp($3::bigint) and interval_start < to_timestamp($4::bigint)
             order by interval_start, revision desc) current
       group by 1 order by 1`,
      [meter.orgId, meter.id, from, to, size],
    );
    return rows.map((r) => ({ time: Number(r.t), units: toUnits(r.quantity), flags: r.flags }));
  }
  const period = (column: string) =>
    resolution === 'month'
      ? `to_char(date_trunc('month', ${column}), 'YYYY-MM-DD')`
      : `to_char(${column}, 'YYYY-MM-DD')`;
  const firstDay = localDay(from, meter.timeZone);
  const endDay = localDay(to, meter.timeZone);
  const { rows } = await db.query<{ day: string; quantity: string }>(
    `select ${period('day')} as day, sum(quantity)::text as quantity
     from reading_rollups_daily
     where meter_id = $1::uuid and day >= $2::date and day < $3::date
     group by 1 order by 1`,
    [meter.id, firstDay, endDay],
  );
  // Rollups keep quantities, not flags: the flags of a local day or month come from its current cleaned readings.
  const flags = await db.query<{ day: string; flags: number }>(
    `select ${period('(interval_start at time zone $4)::date')} as day, bit_or(flags)::integer as flags
     from (select distinct on (interval_start) interval_start, flags from readings
           where org_id = $1::uuid and meter_id = $2::uuid
             and interval_start >= to_timestamp($5::bigint) and interval_start < to_timestamp($6::bigint)
           order by interval_start, revision desc) current
     where (interval_start at time zone $4)::date >= $3::date
     group by 1`,
    [
      meter.orgId,
      meter.id,
      firstDay,
      meter.timeZone,
      localMidnight(firstDay, meter.timeZone),
      localMidnight(endDay, meter.timeZone),
    ],
  );
  const flagsOf = new Map(flags.rows.map((r) => [r.day, r.flags]));
  return rows.map((r) => ({
    time: localMidnight(r.day, meter.timeZone),
    units: toUnits(r.quantity),
    flags: flagsOf.get(r.day) ?? 0,
  }));
}
