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

/** How an organisation signs: Nengtan with its custodial key, or the organisation itself with an external account. */
export type SigningAccount = { custody: 'custodial'; wallet: Wallet } | { custody: 'external'; address: string };

/**
 * The account that signs for the organisation: its registered custodial account when it has one (Nengtan sends the
 * transaction), otherwise its first registered external account (the organisation signs and sends it itself). With
 * `address`, that registered account of the organisation and no other (a verifier attests with the account assigned).
 */
export async function signingAccountOf(
  db: Queryable,
  chain: ChainConnection,
  secret: Buffer | undefined,
  orgId: string,
  address?: string,
): Promise<SigningAccount> {
  const { rows } = await db.query<{ address: string; custody: 'custodial' | 'external' }>(
    `select address, custody from chain_accounts where org_id = $1::uuid and registered_tx is not null
       and ($2::text is null or address = $2::text)
     order by custody = 'custodial' desc, created_at, address limit 1`,
    [orgId, address?.toLowerCase() ?? null],
  );
  const account = rows[0];
  if (account?.custody === 'custodial') {
    // The row above is the registered custodial account: only its key remains to be opened.
    const wallet = await custodialWallet(db, secret, orgId);
    if (!wallet) throw noCustodialAccount();
    return { custody: 'custodial', wallet: wallet.connect(chain.provider) as Wallet };
  }
  if (account) return { custody: 'external', address: account.address };
  if (address) {
    throw new NengtanError('NT_ERR_CHAIN_ACCOUNT_MISSING', {
      message: `Account ${address} is not a registered chain account of your organisation`,
    });
  }
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
