import type { Queryable } from '../db/db';
import type { Statement } from '../db/oneStatement';
import { formatUnits } from '../lib/decimal';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { ESTIMATE_FLAGS } from '../lib/qualityFlags';
import { zoneOffsetMs } from '../lib/time';
import type { Meter } from '../registry/meters';
import type { CleanedRow } from './vee/types';

const DAY_MS = 86_400_000;

const dayTexts = new Map<number, string>();

/** The meter's local calendar day (YYYY-MM-DD) of an interval starting at unix second `start`. */
export function localDay(start: number, timeZone: string): string {
  const ms = start * 1000;
  const day = Math.floor((ms + zoneOffsetMs(ms, timeZone)) / DAY_MS);
  // A request's rows fall on a few days: each day's text is formatted once.
  let text = dayTexts.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayTexts.size > 100_000) dayTexts.clear();
    dayTexts.set(day, text);
  }
  return text;
}

const estimated = (quantity: bigint, flags: number) => ((flags & ESTIMATE_FLAGS) !== 0 ? quantity : 0n);

/**
 * Adds this request's cleaned rows to the daily rollups, in the ingest transaction: a first value adds its quantity,
 * a revision adds the difference to the value it replaces. The meters' state locks serialise writers per meter, so
 * the read-modify-write of a row cannot race.
 */
export async function addToDailyRollups(
  tx: Queryable,
  rows: readonly CleanedRow[],
  meters: Map<string, { meter: Meter }>,
  batchSeq: number,
): Promise<void> {
  const statement = dailyRollupsStatement(rows, meters, batchSeq);
  if (statement) await tx.query(statement.sql, statement.params);
}

/** The statement of {@link addToDailyRollups}, to send with others; undefined when there is nothing to add. */
export function dailyRollupsStatement(
  rows: readonly CleanedRow[],
  meters: Map<string, { meter: Meter }>,
  batchSeq: number,
): Statement | undefined {
  const sums = new Map<
    string,
    { meterId: string; day: string; quantity: bigint; estimated: bigint; intervals: number }
  >();
  for (const row of rows) {
    const meter = (meters.get(row.meterId) as { meter: Meter }).meter;
    const day = localDay(row.start, meter.timeZone);
    const key = `${row.meterId}/${day}`;
    const sum = sums.get(key) ?? { meterId: row.meterId, day, quantity: 0n, estimated: 0n, intervals: 0 };
    sum.quantity += row.quantity - (row.replaces?.quantity ?? 0n);
    sum.estimated +=
      estimated(row.quantity, row.flags) - (row.replaces ? estimated(row.replaces.quantity, row.replaces.flags) : 0n);
    if (!row.replaces) sum.intervals += 1;
    sums.set(key, sum);
  }
  if (sums.size === 0) return undefined;
  const list = [...sums.values()];
  return {
    sql: `insert into reading_rollups_daily as r (meter_id, day, quantity, estimated, intervals, batches)
     select u.meter_id, u.day, u.quantity, u.estimated, u.intervals, array[$6::bigint]
     from unnest($1::uuid[], $2::date[], $3::numeric[], $4::numeric[], $5::integer[])
       as u(meter_id, day, quantity, estimated, intervals)
     on conflict (meter_id, day) do update set
       quantity = r.quantity + excluded.quantity,
       estimated = r.estimated + excluded.estimated,
       intervals = r.intervals + excluded.intervals,
       batches = case when $6::bigint = any (r.batches) then r.batches else r.batches || $6::bigint end`,
    params: [
      list.map((s) => s.meterId),
      list.map((s) => s.day),
      list.map((s) => formatUnits(s.quantity, QUANTITY_SCALE)),
      list.map((s) => formatUnits(s.estimated, QUANTITY_SCALE)),
      list.map((s) => s.intervals),
      batchSeq,
    ],
  };
}
