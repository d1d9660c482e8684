import type { Queryable } from '../db/db';
import { batchChainId } from './batchId';

export interface OpenBatch {
  seq: number;
  batchId: Uint8Array;
}

/** Advisory lock namespace of the per-organisation batch lock (the second key is derived from the organisation). */
const BATCH_LOCK_NAMESPACE = 7_140_531;

/**
 * Takes the organisation's batch lock for the rest of the transaction: shared for ingest, exclusive for sealing. So
 * sealing waits for every ingest already writing into the batch, and no ingest can add to a batch once it is sealed:
 * a committed reading is always in the tree of its batch. PostgreSQL's lock manager queues new shared requests
 * behind a waiting exclusive one, so a steady stream of ingests cannot starve sealing (a row lock taken FOR SHARE
 * could: new share lockers join a held share lock without queueing).
 */
export async function lockOrganisationBatches(
  tx: Queryable,
  orgId: string,
  mode: 'shared' | 'exclusive',
): Promise<void> {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await tx.query(`select ${fn}($1::integer, hashtext($2::text))`, [BATCH_LOCK_NAMESPACE, orgId]);
}

/** The organisation's open batch, opened if there is none. Call with the organisation's batch lock held (shared). */
export async function openBatchFor(tx: Queryable, orgId: string): Promise<OpenBatch> {
  await lockOrganisationBatches(tx, orgId, 'shared');
  for (let attempt = 0; attempt < 5; attempt++) {
    const { rows } = await tx.query<{ seq: number; batch_id: Uint8Array }>(
      "select seq, batch_id from batches where org_id = $1::uuid and status = 'open'",
      [orgId],
    );
    if (rows[0]) return { seq: Number(rows[0].seq), batchId: rows[0].batch_id };
    const { rows: seqRows } = await tx.query<{ seq: number }>(
      "select nextval(pg_get_serial_sequence('batches', 'seq')) as seq",
    );
    const seq = Number(seqRows[0].seq);
    const { rows: org } = await tx.query<{ chain_id: Uint8Array }>(
      'select chain_id from organisations where id = $1::uuid',
      [orgId],
    );
    const batchId = batchChainId(org[0].chain_id, seq);
    // Two ingests may race to open the batch; the partial unique index lets one win, the other reads the winner's.
    const { rows: inserted } = await tx.query<{ seq: number }>(
      `insert into batches (seq, org_id, batch_id, status) overriding system value
       values ($1::bigint, $2::uuid, $3, 'open')
       on conflict (org_id) where status = 'open' do nothing
       returning seq`,
      [seq, orgId, Buffer.from(batchId)],
    );
    if (inserted[0]) return { seq, batchId };
  }
  throw new Error(`could not open a batch for organisation ${orgId}`);
}
