import type { BaseContract, TransactionReceipt } from 'ethers';
import type { Actor, CustodyDeps } from './actAs';
import { clientTransactionReceipt, type UnsignedTransaction } from './clientTransactionReceipt';

/** One call of a contract that an organisation makes: the method and its arguments. */
export interface ContractCall {
  contract: BaseContract;
  method: string;
  args: readonly unknown[];
}

/**
 * What a mined transaction of an action came to: read from its receipt (its events) and the chain, checked to be this
 * action's (NT_ERR_CHAIN_TX_MISMATCH naming what differs when it is not) and recorded. The one finish of both ways an
 * action is signed, so that what Nengtan records never depends on who held the key.
 */
export type Outcome<T> = (receipt: TransactionReceipt) => Promise<T>;

/** Done (sent with the custodial key, mined and recorded), or the transaction the organisation signs itself. */
export type ActedFor<T> =
  { status: 'done'; outcome: T } | { status: 'awaiting-signature'; transaction: UnsignedTransaction };

/**
 * Acts for an organisation. With its custodial key the call is sent and mined, and its outcome recorded. With an
 * external account the call is simulated from that account (a refusal throws the contract's error, answered 422, before
 * anything is signed) and handed back as the transaction to sign and send; {@link confirmAction} records it later.
 */
export async function actFor<T>(actor: Actor, call: ContractCall, outcome: Outcome<T>): Promise<ActedFor<T>> {
  const acted = await actor.send(call.contract, call.method, call.args);
  if (acted.status === 'awaiting-signature') return acted;
  return { status: 'done', outcome: await outcome(acted.receipt) };
}

/**
 * Confirms a transaction the organisation signed and sent itself: mined deep enough, sent straight to `contract` by one
 * of its registered accounts and successful (NT_ERR_CHAIN_TX_PENDING, _MISMATCH, _FAILED otherwise), then checked and
 * recorded by the same outcome as the custodial path.
 */
export async function confirmAction<T>(
  deps: CustodyDeps,
  orgId: string,
  txHash: string,
  contract: BaseContract,
  outcome: Outcome<T>,
): Promise<T> {
  const receipt = await clientTransactionReceipt(deps.db, deps.chain, orgId, txHash, await contract.getAddress());
  return outcome(receipt);
}
