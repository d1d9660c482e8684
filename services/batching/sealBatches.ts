import type { Db } from '../db/db';
import { MerkleTree } from '../lib/merkle';
import { lockBatchWriters } from './openBatch';

export interface SealedBatch {
  seq: number;
  orgId: string;
  leafCount: number;
  root: string;
}

/**
 * Seals every open batch that is due: holding `maxReadings` readings, or open for `windowSeconds` with at least one
 * reading; and finishes any batch left half-sealed by a crash. Empty batches stay open for the next ingest.
 */
export async function sealDueBatches(
  db: Db,
  options: { windowSeconds: number; maxReadings: number },
): Promise<SealedBatch[]> {
  const { rows } = await db.query<{ seq: number; status: string; due_by_age: boolean; n: number }>(
    `select b.seq, b.status, b.opened_at <= now() - make_interval(secs => $1::integer) as due_by_age,
       (select count(*)::integer from readings r where r.batch_seq = b.seq) as n
     from batches b where b.status in ('open', 'sealing')`,
    [options.windowSeconds],
  );
  const sealed: SealedBatch[] = [];
  for (const row of rows) {
    if (row.status === 'open' && (row.n === 0 || (row.n < options.maxReadings && !row.due_by_age))) continue;
    const batch = await sealBatch(db, Number(row.seq));
    if (batch) sealed.push(batch);
  }
  return sealed;
}

/**
 * Seals one batch in two steps, so that ingest never waits:
 * 1. close it: mark it 'sealing' (committed at once); new ingests then open the next batch.
 * 2. take its writer lock exclusively, which waits for the ingests still writing into it; then build the Merkle tree
 *    over its leaves in reading-id order and store the root and the packed leaves: 'sealed', the anchoring outbox.
 * A crash between the steps leaves a 'sealing' batch that the next pass finishes. Returns undefined when there was
 * nothing to seal (sealed by another instance meanwhile, or no committed readings yet).
 */
export async function sealBatch(db: Db, seq: number): Promise<SealedBatch | undefined> {
  await db.query(
    `update batches set status = 'sealing', sealed_at = now()
     where seq = $1::bigint and status = 'open' and exists (select 1 from readings where batch_seq = $1::bigint)`,
    [seq],
  );
  return db.transaction(async (tx) => {
    await lockBatchWriters(tx, seq, 'exclusive');
    const { rows: locked } = await tx.query<{ org_id: string }>(
      "select org_id from batches where seq = $1::bigint and status = 'sealing' for update",
      [seq],
    );
    if (!locked[0]) return undefined;
    // The leaves come back packed in one value and the period as two numbers: the database concatenates, so the
    // event loop, which every ingest shares, never decodes one row per reading.
    const { rows } = await tx.query<{ n: number; leaves: Uint8Array | null; start_s: string; end_s: string }>(
      `select count(*)::integer as n, string_agg(leaf, ''::bytea order by id) as leaves,
         extract(epoch from min(interval_start))::bigint::text as start_s,
         extract(epoch from max(interval_end))::bigint::text as end_s
       from readings where batch_seq = $1::bigint`,
      [seq],
    );
    const { n, start_s: start, end_s: end } = rows[0];
    const packed = new Uint8Array(rows[0].leaves ?? new Uint8Array(0));
    const tree = MerkleTree.build(packed);
    await tx.query(
      `update batches set status = 'sealed', leaf_count = $2::integer, period_start = to_timestamp($3::bigint),
         period_end = to_timestamp($4::bigint), root = $5, leaves = $6, next_anchor_at = now()
       where seq = $1::bigint`,
      [seq, n, start, end, Buffer.from(tree.root), Buffer.from(packed)],
    );
    return { seq, orgId: locked[0].org_id, leafCount: n, root: tree.rootHex };
  });
}
