import type { Queryable } from '../db/db';
import { batchChainId } from './batchId';

export interface OpenBatch {
  seq: number;
  batchId: Uint8Array;
}

/**
 * The organisation's open batch, share-locked for the rest of the transaction. Ingest writes its readings into it;
 * sealing takes the row exclusively, so it waits for every ingest already writing into the batch and no ingest can
 * add to a batch once it is sealed: a committed reading is always in the tree of its batch.
 */
export async function openBatchFor(tx: Queryable, orgId: string): Promise<OpenBatch> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { rows } = await tx.query<{ seq: number; batch_id: Uint8Array }>(
      "select seq, batch_id from batches where org_id = $1::uuid and status = 'open' for share",
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
