import type { Wallet } from 'ethers';
import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { toHex } from '../lib/hex';
import { newCustodialKey, openCustodialKey } from './custodialKeys';

export interface ChainAccount {
  address: string;
  orgId: string;
  custody: 'custodial' | 'external';
  registeredTx: string | null;
  createdAt: Date;
}

interface Row {
  address: string;
  org_id: string;
  custody: 'custodial' | 'external';
  key_ciphertext: Uint8Array | null;
  registered_tx: Uint8Array | null;
  created_at: Date;
}

const toAccount = (r: Row): ChainAccount => ({
  address: r.address,
  orgId: r.org_id,
  custody: r.custody,
  registeredTx: r.registered_tx ? toHex(r.registered_tx) : null,
  createdAt: r.created_at,
});

export async function listChainAccounts(db: Queryable, orgId: string): Promise<ChainAccount[]> {
  const { rows } = await db.query<Row>(
    'select * from chain_accounts where org_id = $1::uuid order by created_at, address',
    [orgId],
  );
  return rows.map(toAccount);
}

/** The organisation's custodial account, created on first use (one per organisation). */
export async function ensureCustodialAccount(
  db: Queryable,
  secret: Buffer | undefined,
  orgId: string,
): Promise<ChainAccount> {
  const { rows } = await db.query<Row>(
    "select * from chain_accounts where org_id = $1::uuid and custody = 'custodial'",
    [orgId],
  );
  if (rows[0]) return toAccount(rows[0]);
  if (!secret) {
    throw new NengtanError('NT_ERR_CHAIN_CUSTODY_OFF', {});
  }
  const key = newCustodialKey(secret);
  await db.query(
    `insert into chain_accounts (address, org_id, custody, key_ciphertext) values ($1, $2::uuid, 'custodial', $3)
     on conflict do nothing`,
    [key.address, orgId, key.ciphertext],
  );
  // Another request may have created it first: the unique index kept one; return that one.
  const { rows: created } = await db.query<Row>(
    "select * from chain_accounts where org_id = $1::uuid and custody = 'custodial'",
    [orgId],
  );
  return toAccount(created[0]);
}

/** Records an account the organisation signs with itself. */
export async function addExternalAccount(db: Queryable, orgId: string, address: string): Promise<ChainAccount> {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: `Not an address: ${address}`,
      hint: 'Send a 0x-prefixed 20-byte hex address.',
    });
  }
  const { rows } = await db.query<Row>(
    `insert into chain_accounts (address, org_id, custody) values ($1, $2::uuid, 'external') on conflict do nothing returning *`,
    [address.toLowerCase(), orgId],
  );
  if (!rows[0]) throw new NengtanError('NT_ERR_CONFLICT', { message: `Account ${address} is already recorded` });
  return toAccount(rows[0]);
}

/** The wallet of the organisation's custodial account, if it has one. */
export async function custodialWallet(
  db: Queryable,
  secret: Buffer | undefined,
  orgId: string,
): Promise<Wallet | undefined> {
  const { rows } = await db.query<Row>(
    "select * from chain_accounts where org_id = $1::uuid and custody = 'custodial'",
    [orgId],
  );
  if (!rows[0]) return undefined;
  if (!secret) throw new NengtanError('NT_ERR_CHAIN_CUSTODY_OFF', {});
  return openCustodialKey(secret, rows[0].address, rows[0].key_ciphertext as Uint8Array);
}

export async function markRegistered(db: Queryable, address: string, txHash: string | null): Promise<void> {
  await db.query('update chain_accounts set registered_tx = $2 where address = $1', [
    address.toLowerCase(),
    txHash ? Buffer.from(txHash.slice(2), 'hex') : Buffer.alloc(32),
  ]);
}
