import type { Interface, LogDescription, TransactionReceipt } from 'ethers';

/** The first `name` event that the contract at `address` emitted in a mined transaction, decoded; null if none. */
export function eventInReceipt(
  receipt: TransactionReceipt | null,
  contract: { interface: Interface; target: unknown },
  name: string,
): LogDescription | null {
  const address = String(contract.target).toLowerCase();
  for (const log of receipt?.logs ?? []) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = contract.interface.parseLog(log);
    if (parsed?.name === name) return parsed;
  }
  return null;
}
