import type { Wallet } from 'ethers';
import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { custodialWallet } from './chainAccounts';
import type { ChainConnection } from '../chain/connectChain';
import type { InventoryRegistry } from '../../types/contracts';

const noCustodialAccount = () =>
  new NengtanError('NT_ERR_NOTARIZE_PREREQUISITE', {
    message: 'The organisation has no registered custodial chain account to sign with',
    hint: 'Create one with POST /v1/organisation/chain-accounts {"custody": "custodial"} (registered by the network authority).',
  });

/** The organisation's registered custodial wallet, connected, or a refusal saying what is missing. */
export async function signerOf(
  db: Queryable,
  chain: ChainConnection,
  secret: Buffer | undefined,
  orgId: string,
): Promise<Wallet> {
  const wallet = await custodialWallet(db, secret, orgId);
  const { rows } = await db.query<{ registered: boolean }>(
    "select registered_tx is not null as registered from chain_accounts where org_id = $1::uuid and custody = 'custodial'",
    [orgId],
  );
  if (!wallet || !rows[0]?.registered) throw noCustodialAccount();
  return wallet.connect(chain.provider) as Wallet;
}

/** How an organisation signs: Nengtan with its custodial key, or the organisation itself with an external account. */
export type SigningAccount = { custody: 'custodial'; wallet: Wallet } | { custody: 'external'; address: string };

/**
 * The account that signs for the organisation: its registered custodial account when it has one (Nengtan sends the
 * transaction), otherwise its first registered external account (the organisation signs and sends it itself).
 */
export async function signingAccountOf(
  db: Queryable,
  chain: ChainConnection,
  secret: Buffer | undefined,
  orgId: string,
): Promise<SigningAccount> {
  const { rows } = await db.query<{ address: string; custody: 'custodial' | 'external' }>(
    `select address, custody from chain_accounts where org_id = $1::uuid and registered_tx is not null
     order by custody = 'custodial' desc, created_at, address limit 1`,
    [orgId],
  );
  const account = rows[0];
  if (account?.custody === 'custodial') {
    // The row above is the registered custodial account: only its key remains to be opened.
    const wallet = await custodialWallet(db, secret, orgId);
    if (!wallet) throw noCustodialAccount();
    return { custody: 'custodial', wallet: wallet.connect(chain.provider) as Wallet };
  }
  if (account) return { custody: 'external', address: account.address };
  throw new NengtanError('NT_ERR_CHAIN_ACCOUNT_MISSING');
}

export function inventoryRegistryOf(chain: ChainConnection): InventoryRegistry {
  if (!chain.inventoryRegistry) {
    throw new NengtanError('NT_ERR_CHAIN_UNAVAILABLE', {
      message: 'InventoryRegistry is not deployed on this chain',
      hint: 'Run npm run deploy against RPC_URL: it adds InventoryRegistry to the deployment record.',
    });
  }
  return chain.inventoryRegistry;
}

export function gasOverrides(chain: ChainConnection): { gasPrice?: bigint } {
  return chain.gasPrice === undefined ? {} : { gasPrice: chain.gasPrice };
}
