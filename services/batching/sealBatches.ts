import type { Db } from '../db/db';
import { MerkleTree } from '../lib/merkle';
import { lockOrganisationBatches } from './openBatch';

export interface SealedBatch {
  seq: number;
  orgId: string;
  leafCount: number;
  root: string;
}

/**
 * Seals every open batch that is due: holding `maxReadings` readings, or open for `windowSeconds` with at least one
 * reading. Empty batches stay open for the next ingest.
 */
export async function sealDueBatches(
  db: Db,
  options: { windowSeconds: number; maxReadings: number },
): Promise<SealedBatch[]> {
  const { rows } = await db.query<{ seq: number; due_by_age: boolean; n: number }>(
    `select b.seq, b.opened_at <= now() - make_interval(secs => $1::integer) as due_by_age,
       (select count(*)::integer from readings r where r.batch_seq = b.seq) as n
     from batches b where b.status = 'open'`,
    [options.windowSeconds],
  );
  const sealed: SealedBatch[] = [];
  for (const row of rows) {
    if (row.n === 0 || (row.n < options.maxReadings && !row.due_by_age)) continue;
    const batch = await sealBatch(db, Number(row.seq));
    if (batch) sealed.push(batch);
  }
  return sealed;
}

/**
 * Seals one open batch: takes its organisation's batch lock exclusively (waiting for every ingest still writing into
 * it, and closing it to new ones), builds the Merkle tree over its leaves in reading-id order, and stores the root and
 * the packed leaves. The batch then waits in the anchoring outbox (status 'sealed'). Returns undefined when there was nothing to
 * seal (already sealed by another instance, or empty).
 */
export async function sealBatch(db: Db, seq: number): Promise<SealedBatch | undefined> {
  return db.transaction(async (tx) => {
    const { rows: batch } = await tx.query<{ org_id: string }>('select org_id from batches where seq = $1::bigint', [
      seq,
    ]);
    if (!batch[0]) return undefined;
    await lockOrganisationBatches(tx, batch[0].org_id, 'exclusive');
    const { rows: locked } = await tx.query<{ org_id: string }>(
      "select org_id from batches where seq = $1::bigint and status = 'open' for update",
      [seq],
    );
    if (!locked[0]) return undefined;
    const { rows } = await tx.query<{ leaf: Uint8Array; start_s: string; end_s: string }>(
      `select leaf, extract(epoch from interval_start)::bigint::text as start_s,
         extract(epoch from interval_end)::bigint::text as end_s
       from readings where batch_seq = $1::bigint order by id`,
      [seq],
    );
    if (rows.length === 0) return undefined;
    const packed = new Uint8Array(rows.length * 32);
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    rows.forEach((r, i) => {
      packed.set(r.leaf, i * 32);
      start = Math.min(start, Number(r.start_s));
      end = Math.max(end, Number(r.end_s));
    });
    const tree = MerkleTree.build(packed);
    await tx.query(
      `update batches set status = 'sealed', sealed_at = now(), leaf_count = $2::integer, period_start = to_timestamp($3::bigint),
         period_end = to_timestamp($4::bigint), root = $5, leaves = $6, next_anchor_at = now()
       where seq = $1::bigint`,
      [seq, rows.length, start, end, Buffer.from(tree.root), Buffer.from(packed)],
    );
    return { seq, orgId: locked[0].org_id, leafCount: rows.length, root: tree.rootHex };
  });
}
