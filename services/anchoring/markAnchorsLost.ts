import type { Db } from '../db/db';

/**
 * Marks anchored batches as `anchor_lost` (all of them, or those with the given seqs) with when and why, keeps their
 * anchors in lost_anchors and puts the batches back in the anchoring outbox. Only batches still `anchored` change, so
 * marking twice, or racing the anchoring outbox, is harmless. Returns the seqs marked.
 */
export async function markAnchorsLost(db: Db, which: 'all' | number[], reason: string): Promise<number[]> {
  const seqs = which === 'all' ? null : which;
  if (seqs && seqs.length === 0) return [];
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ seq: string }>(
      `select seq from batches where status = 'anchored' and ($1::bigint[] is null or seq = any($1::bigint[]))
       order by seq for update`,
      [seqs],
    );
    const marked = rows.map((r) => Number(r.seq));
    if (marked.length === 0) return [];
    await tx.query(
      `insert into lost_anchors (batch_seq, chain_id, contract, tx_hash, block_number, block_hash, block_time, log_index,
         recorded_at, reason)
       select batch_seq, chain_id, contract, tx_hash, block_number, block_hash, block_time, log_index, recorded_at, $2
       from anchors where batch_seq = any($1::bigint[])`,
      [marked, reason],
    );
    await tx.query('delete from anchors where batch_seq = any($1::bigint[])', [marked]);
    await tx.query(
      `update batches set status = 'anchor_lost', anchor_lost_at = now(), anchor_lost_reason = $2,
         anchor_attempts = 0, next_anchor_at = now(), last_anchor_error = null
       where seq = any($1::bigint[])`,
      [marked, reason],
    );
    return marked;
  });
}
