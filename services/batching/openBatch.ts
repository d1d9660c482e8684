import type { Queryable } from '../db/db';
import { batchChainId } from './batchId';

export interface OpenBatch {
  seq: number;
  batchId: Uint8Array;
}

/** Advisory lock namespace of the per-batch writer lock (the second key is the batch's sequence number). */
const BATCH_LOCK_NAMESPACE = 7_140_531;

/**
 * The per-batch writer lock, held for the rest of the transaction: shared by every ingest writing into the batch,
 * exclusive by the sealer building its tree. Sealing first closes the batch (status 'sealing', committed at once, so
 * new ingests open the next batch without waiting), then takes this lock exclusively, which waits only for the
 * ingests already writing into the closed batch. A committed reading is therefore always in the tree of its batch,
 * and no ingest ever waits for a seal.
 */
export async function lockBatchWriters(tx: Queryable, seq: number, mode: 'shared' | 'exclusive'): Promise<void> {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  // Sequence numbers beyond 2^31 wrap onto the same keys: two batches then merely wait for each other, harmlessly.
  await tx.query(`select ${fn}($1::integer, ($2::bigint % 2147483647)::integer)`, [BATCH_LOCK_NAMESPACE, seq]);
}

/**
 * The organisation's open batch, opened if there is none, with its writer lock held shared. The status is read again
 * once the lock is held: a batch closed in between is left for the next open one.
 */
export async function openBatchFor(tx: Queryable, orgId: string): Promise<OpenBatch> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const { rows } = await tx.query<{ seq: number; batch_id: Uint8Array }>(
      "select seq, batch_id from batches where org_id = $1::uuid and status = 'open'",
      [orgId],
    );
    if (rows[0]) {
      const seq = Number(rows[0].seq);
      await lockBatchWriters(tx, seq, 'shared');
      const { rows: still } = await tx.query<{ open: boolean }>(
        "select status = 'open' as open from batches where seq = $1::bigint",
        [seq],
      );
      if (still[0]?.open) return { seq, batchId: rows[0].batch_id };
      continue; // closed for sealing meanwhile
    }
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
    if (inserted[0]) {
      await lockBatchWriters(tx, seq, 'shared');
      return { seq, batchId };
    }
  }
  throw new Error(`could not open a batch for organisation ${orgId}`);
}
