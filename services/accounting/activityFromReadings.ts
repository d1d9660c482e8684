import type { Queryable } from '../db/db';
import { ESTIMATE_FLAGS } from '../lib/qualityFlags';
import type { MeterActivity } from './inventoryTypes';
import { parseRational } from './rational';

/**
 * Activity recomputed from the cleaned readings themselves (current revisions), not from the daily rollups: what an
 * independent verifier does. Days are local to each meter's time zone, as in the rollups, so both give the same
 * inventory when nothing was tampered with.
 */
export async function activityFromReadings(
  db: Queryable,
  meters: readonly MeterActivity['meter'][],
  start: string,
  end: string,
): Promise<MeterActivity[]> {
  // Bound the scan in UTC a day either side (every time zone is within ±14 h), then select by local date exactly.
  const { rows } = await db.query<{
    meter_id: string;
    year: number;
    quantity: string;
    estimated: string;
    intervals: number;
  }>(
    `select c.meter_id, extract(year from (c.interval_start at time zone m.time_zone))::integer as year,
       sum(c.quantity)::text as quantity,
       coalesce(sum(c.quantity) filter (where c.flags & $4::integer <> 0), 0)::text as estimated,
       count(*)::integer as intervals
     from (select distinct on (meter_id, interval_start) meter_id, interval_start, quantity, flags
           from readings
           where meter_id = any($1::uuid[])
             and interval_start >= $2::date - interval '1 day' and interval_start < $3::date + interval '1 day'
           order by meter_id, interval_start, revision desc) c
     join meters m on m.id = c.meter_id
     where (c.interval_start at time zone m.time_zone)::date >= $2::date
       and (c.interval_start at time zone m.time_zone)::date < $3::date
     group by 1, 2`,
    [meters.map((m) => m.id), start, end, ESTIMATE_FLAGS],
  );
  return meters.map((meter) => ({
    meter,
    years: new Map(
      rows
        .filter((r) => r.meter_id === meter.id)
        .map((r) => [
          Number(r.year),
          { quantity: parseRational(r.quantity), estimated: parseRational(r.estimated), intervals: r.intervals },
        ]),
    ),
  }));
}
