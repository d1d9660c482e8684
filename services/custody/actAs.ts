import type { BaseContract, ContractTransactionResponse, TransactionReceipt } from 'ethers';
import type { Queryable } from '../db/db';
import { gasOverrides, signingAccountOf } from './chainParties';
import type { UnsignedTransaction } from './clientTransactionReceipt';
import type { ChainConnection } from '../chain/connectChain';

/**
 * Where a transaction landed. Clients pass the block back as `minBlock` to read their own write from the indexed chain
 * (positions, trades, compliance) as soon as the indexer has it.
 */
export interface Landed {
  txHash: string;
  blockNumber: number;
}

/** Waits until a sent transaction is mined (ethers throws when it reverted) and says where it landed. */
async function mined(tx: ContractTransactionResponse): Promise<{ receipt: TransactionReceipt; landed: Landed }> {
  const receipt = await tx.wait();
  if (!receipt) throw new Error(`transaction ${tx.hash} was not mined`);
  return { receipt, landed: { txHash: tx.hash, blockNumber: receipt.blockNumber } };
}

/** What came of acting for an organisation: mined with its custodial key, or prepared for it to sign itself. */
export type Acted =
  | { status: 'mined'; receipt: TransactionReceipt; landed: Landed }
  | { status: 'awaiting-signature'; transaction: UnsignedTransaction };

export interface Actor {
  /** The account the organisation acts with (tokens are held and moved there). */
  address: string;
  /**
   * Calls `method(...args)` of `contract` as the organisation. With its custodial key the transaction is sent and
   * mined; with an external account it is simulated from that account (a refusal comes back as the contract's error
   * before anything is signed) and handed back to sign and send: the indexer mirrors what it does once mined.
   */
  send(contract: BaseContract, method: string, args: readonly unknown[]): Promise<Acted>;
  /** Runs the call from the organisation's account without sending it: a refusal throws the contract's error. */
  simulate(contract: BaseContract, method: string, args: readonly unknown[]): Promise<void>;
}

/** What acting for an organisation needs: its accounts (database), the chain, and the secret custodial keys open with. */
export interface CustodyDeps {
  db: Queryable;
  chain: ChainConnection;
  keystoreSecret?: Buffer;
}

/** Acts for the organisation with the account it signs with, or with `options.address`, one of its registered accounts. */
export async function actorOf(deps: CustodyDeps, orgId: string, options: { address?: string } = {}): Promise<Actor> {
  const { chain } = deps;
  const account = await signingAccountOf(deps.db, chain, deps.keystoreSecret, orgId, options.address);
  if (account.custody === 'custodial') {
    return {
      address: account.wallet.address,
      async simulate(contract, method, args) {
        await contract
          .connect(account.wallet)
          .getFunction(method)
          .staticCall(...args, gasOverrides(chain));
      },
      async send(contract, method, args) {
        const call = contract.connect(account.wallet).getFunction(method);
        const { receipt, landed } = await mined(await call.send(...args, gasOverrides(chain)));
        return { status: 'mined', receipt, landed };
      },
    };
  }
  const simulate: Actor['simulate'] = async (contract, method, args) => {
    await contract.getFunction(method).staticCall(...args, { from: account.address });
  };
  return {
    address: account.address,
    simulate,
    async send(contract, method, args) {
      const to = await contract.getAddress();
      const data = contract.interface.encodeFunctionData(method, args);
      await simulate(contract, method, args);
      return { status: 'awaiting-signature', transaction: { to, from: account.address, data, chainId: chain.chainId } };
    },
  };
}

/** What an API answer says of the transaction: where it landed, or what the organisation is to sign. */
export function actedAnswer(acted: Acted) {
  return acted.status === 'mined'
    ? { status: acted.status, ...acted.landed }
    : { status: acted.status, transaction: acted.transaction };
}
