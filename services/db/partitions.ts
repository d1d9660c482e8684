import type { Db } from './db';

/** Tables range-partitioned by month on their time column. */
export type PartitionedTable = 'readings' | 'raw_readings';

// Serialises partition creation across instances (DDL on the parent takes strong locks; do it once).
const PARTITION_LOCK = 7_140_531_002;
const known = new WeakMap<Db, Set<string>>();

/** First instant (ms) of the UTC month containing `epochMs`. */
export function monthStart(epochMs: number): number {
  const d = new Date(epochMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function partitionName(table: PartitionedTable, monthMs: number): string {
  const d = new Date(monthMs);
  return `${table}_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * Makes sure the monthly partitions of `table` covering `instantsMs` exist. Runs in its own short transaction before
 * the ingest transaction, so that DDL never holds locks while readings are written; known partitions are cached per
 * database handle, so the steady state costs nothing.
 */
export async function ensureMonthPartitions(
  db: Db,
  table: PartitionedTable,
  instantsMs: Iterable<number>,
): Promise<void> {
  let cache = known.get(db);
  if (!cache) {
    cache = new Set();
    known.set(db, cache);
  }
  const missing = new Map<string, number>();
  // Instants come in runs within one month: only an instant outside the last month seen is looked at again.
  let from = Infinity;
  let to = -Infinity;
  for (const t of instantsMs) {
    if (t >= from && t < to) continue;
    const month = monthStart(t);
    const next = new Date(month);
    next.setUTCMonth(next.getUTCMonth() + 1);
    from = month;
    to = next.getTime();
    const name = partitionName(table, month);
    if (!cache.has(name)) missing.set(name, month);
  }
  if (missing.size === 0) return;
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1::bigint)', [PARTITION_LOCK]);
    const { rows } = await tx.query<{ name: string }>(
      'select name from unnest($1::text[]) as name where to_regclass(name) is not null',
      [[...missing.keys()]],
    );
    const existing = new Set(rows.map((r) => r.name));
    for (const [name, month] of missing) {
      if (existing.has(name)) continue;
      const from = new Date(month).toISOString();
      const next = new Date(month);
      next.setUTCMonth(next.getUTCMonth() + 1);
      // Identifiers and bounds are generated here from integers, never from input.
      await tx.exec(
        `create table ${name} partition of ${table} for values from ('${from}') to ('${next.toISOString()}')`,
      );
    }
  });
  for (const name of missing.keys()) cache.add(name);
}
