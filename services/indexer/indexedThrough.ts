import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';

const POLL_MS = 100;

/** The last block of the chain the mirror holds every event up to, or -1 before the indexer's first range. */
export async function indexedThrough(db: Queryable, chainId: number): Promise<number> {
  const { rows } = await db.query<{ next_block: string | null }>(
    'select max(next_block)::text as next_block from chain_index_cursors where chain_id = $1',
    [chainId],
  );
  return rows[0].next_block === null ? -1 : Number(rows[0].next_block) - 1;
}

/**
 * Read-your-writes over the indexed chain: waits until the mirror holds `block` (a write's `blockNumber`), polling,
 * and refuses with NT_ERR_INDEX_BEHIND after `timeoutMs`. Answers how far the index is.
 */
export async function awaitIndexed(db: Queryable, chainId: number, block: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const through = await indexedThrough(db, chainId);
    if (through >= block) return through;
    if (Date.now() >= deadline) {
      throw new NengtanError('NT_ERR_INDEX_BEHIND', {
        message: `The index holds the chain up to block ${through}, not yet block ${block}`,
        details: { indexedBlock: through, minBlock: block },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
