import type { ChainConnection } from '../chain/connectChain';
import type { Db } from '../db/db';
import { NengtanError } from '../lib/errors';
import { fromHex } from '../lib/hex';
import type { Receipt } from '../receipts/receipt';
import { markAnchorsLost } from './markAnchorsLost';
import { rootOnChain } from './rootOnChain';

/**
 * Asks the chain, before a receipt is handed out, whether it still holds the receipt's anchor, so that a reset chain
 * is noticed by the first receipt asked for rather than by the next periodic check. A lost anchor marks the batch
 * `anchor_lost` (it is anchored again by the outbox) and the receipt is refused. When the chain cannot be reached the
 * receipt is served: anyone can check it once the chain is back.
 */
export async function confirmReceiptAnchor(db: Db, chain: ChainConnection, receipt: Receipt): Promise<Receipt> {
  if (receipt.anchor.chainId !== chain.chainId) return receipt;
  let root: string;
  try {
    root = await rootOnChain(chain.provider, receipt.anchor.contract, receipt.batch.id);
  } catch {
    return receipt;
  }
  if (root === receipt.root.toLowerCase()) return receipt;
  const reason = `anchor gone: AnchorRegistry ${receipt.anchor.contract} no longer holds the root`;
  const { rows } = await db.query<{ seq: string }>('select seq from batches where batch_id = $1', [
    fromHex(receipt.batch.id),
  ]);
  await markAnchorsLost(
    db,
    rows.map((r) => Number(r.seq)),
    reason,
  );
  throw new NengtanError('NT_ERR_RECEIPT_ANCHOR_LOST', {
    details: { batchStatus: 'anchor_lost', anchorLostAt: new Date().toISOString(), anchorLostReason: reason },
  });
}
