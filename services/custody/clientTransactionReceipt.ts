import type { TransactionReceipt } from 'ethers';
import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import type { ChainConnection } from '../chain/connectChain';

/** A transaction prepared for an organisation that signs itself: what to sign with `from` and send, on `chainId`. */
export interface UnsignedTransaction {
  to: string;
  from: string;
  data: string;
  chainId: number;
}

/**
 * The receipt of a transaction an organisation signed and sent itself, once the checks every confirmation shares
 * hold: mined deep enough, sent straight to `to` (through another contract, only the events would say who acted),
 * from one of the organisation's registered accounts, and successful. What the transaction did is the caller's to
 * check, against its events and the contract's state.
 */
export async function clientTransactionReceipt(
  db: Queryable,
  chain: ChainConnection,
  orgId: string,
  txHash: string,
  to: string,
): Promise<TransactionReceipt> {
  const receipt = await chain.provider.getTransactionReceipt(txHash);
  // The same depth the anchoring worker waits for: a receipt on a block that may still be reorganised away would
  // record a notarization the chain then forgets.
  const depth = chain.confirmations + 1;
  if (!receipt || (await receipt.confirmations()) < depth) {
    throw new NengtanError('NT_ERR_CHAIN_TX_PENDING', {
      message: receipt
        ? `Transaction ${txHash} is in block ${receipt.blockNumber}, not yet ${depth} block(s) deep`
        : `Transaction ${txHash} is not mined on chain ${chain.chainId} (yet)`,
    });
  }
  if (receipt.to?.toLowerCase() !== to.toLowerCase()) {
    throw new NengtanError('NT_ERR_CHAIN_TX_MISMATCH', {
      message: `Transaction ${txHash} was sent to ${receipt.to ?? 'no address (a deployment)'}, not to ${to}`,
    });
  }
  const { rows } = await db.query<{ address: string }>(
    'select address from chain_accounts where org_id = $1::uuid and address = $2 and registered_tx is not null',
    [orgId, receipt.from.toLowerCase()],
  );
  if (!rows[0]) {
    throw new NengtanError('NT_ERR_CHAIN_TX_MISMATCH', {
      message: `Transaction ${txHash} was sent by ${receipt.from}, which is not a registered chain account of your organisation`,
    });
  }
  if (receipt.status !== 1) {
    throw new NengtanError('NT_ERR_CHAIN_TX_FAILED', {
      message: `Transaction ${txHash} reverted in block ${receipt.blockNumber}`,
    });
  }
  return receipt;
}
