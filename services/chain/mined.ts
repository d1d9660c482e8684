import type { ContractTransactionResponse, TransactionReceipt } from 'ethers';

/**
 * Where a transaction landed. Clients pass the block back as `minBlock` to read their own write from the indexed chain
 * (positions, trades, compliance) as soon as the indexer has it.
 */
export interface Landed {
  txHash: string;
  blockNumber: number;
}

/** Waits until a sent transaction is mined (ethers throws when it reverted) and says where it landed. */
export async function mined(tx: ContractTransactionResponse): Promise<{ receipt: TransactionReceipt; landed: Landed }> {
  const receipt = await tx.wait();
  if (!receipt) throw new Error(`transaction ${tx.hash} was not mined`);
  return { receipt, landed: { txHash: tx.hash, blockNumber: receipt.blockNumber } };
}
