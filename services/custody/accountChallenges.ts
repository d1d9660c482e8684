import { randomBytes } from 'node:crypto';
import type { TypedDataDomain, TypedDataField } from 'ethers';
import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { toHex } from '../lib/hex';

/** How long a challenge can be signed and used: long enough to reach a hardware wallet or a multisig's owners. */
export const CHALLENGE_SECONDS = 15 * 60;

/**
 * What an organisation signs to prove it controls `address`: the same statement as EIP-191 text (personal_sign) and as
 * EIP-712 typed data (eth_signTypedData_v4). Both name the organisation, so a signature obtained for one organisation
 * cannot register the address for another, and the chain, so it cannot be replayed on another network.
 */
export interface AccountChallenge {
  nonce: string;
  orgId: string;
  address: string;
  chainId: number | null;
  expiresAt: Date;
  message: string;
  typedData: {
    domain: TypedDataDomain;
    types: Record<string, TypedDataField[]>;
    primaryType: 'AccountControl';
    message: { organisation: string; account: string; nonce: string; expires: string };
  };
}

const ACCOUNT_CONTROL_TYPES = {
  AccountControl: [
    { name: 'organisation', type: 'string' },
    { name: 'account', type: 'address' },
    { name: 'nonce', type: 'bytes32' },
    { name: 'expires', type: 'uint256' },
  ],
};

function challengeOf(row: {
  nonce: string;
  orgId: string;
  address: string;
  chainId: number | null;
  expiresAt: Date;
}): AccountChallenge {
  const domain: TypedDataDomain = { name: 'Nengtan account control', version: '1' };
  if (row.chainId !== null) domain.chainId = row.chainId;
  const message = [
    'Nengtan: I control this chain account and register it for my organisation.',
    `Organisation: ${row.orgId}`,
    `Account: ${row.address}`,
    `Chain: ${row.chainId ?? 'none'}`,
    `Nonce: ${row.nonce}`,
    `Expires: ${row.expiresAt.toISOString()}`,
  ].join('\n');
  return {
    ...row,
    message,
    typedData: {
      domain,
      types: ACCOUNT_CONTROL_TYPES,
      primaryType: 'AccountControl',
      message: {
        organisation: row.orgId,
        account: row.address,
        nonce: row.nonce,
        expires: String(Math.floor(row.expiresAt.getTime() / 1000)),
      },
    },
  };
}

/** Issues and stores a challenge for the organisation to sign with `address`. */
export async function issueAccountChallenge(
  db: Queryable,
  params: { orgId: string; address: string; chainId: number | null },
): Promise<AccountChallenge> {
  const nonce = toHex(randomBytes(32));
  // Whole seconds: the EIP-712 form carries the expiry as a unix time, and both forms must state the same instant.
  const expiresAt = new Date((Math.floor(Date.now() / 1000) + CHALLENGE_SECONDS) * 1000);
  const challenge = challengeOf({ ...params, address: params.address.toLowerCase(), nonce, expiresAt });
  await db.query(
    `insert into chain_account_challenges (nonce, org_id, address, chain_id, message, expires_at)
     values ($1, $2::uuid, $3, $4::bigint, $5, $6::timestamptz)`,
    [
      Buffer.from(nonce.slice(2), 'hex'),
      params.orgId,
      challenge.address,
      params.chainId,
      challenge.message,
      expiresAt.toISOString(),
    ],
  );
  return challenge;
}

/**
 * Takes the organisation's challenge `nonce` for `address` out of use, or refuses it: unknown to this organisation
 * (another organisation's challenges are never usable, nor shown to exist), for another address, used, or expired.
 * Run it in the transaction that records the account, so a refusal later in that transaction leaves it unused.
 */
export async function useAccountChallenge(
  tx: Queryable,
  params: { orgId: string; address: string; nonce: string },
): Promise<AccountChallenge> {
  const { rows } = await tx.query<{
    address: string;
    chain_id: string | null;
    message: string;
    expires_at: Date;
    used_at: Date | null;
    expired: boolean;
  }>(
    `select address, chain_id::text, message, expires_at, used_at, expires_at <= now() as expired
     from chain_account_challenges
     where nonce = $1 and org_id = $2::uuid for update`,
    [Buffer.from(params.nonce.replace(/^0x/, ''), 'hex'), params.orgId],
  );
  const row = rows[0];
  if (!row) throw new NengtanError('NT_ERR_CHAIN_CHALLENGE_UNKNOWN');
  if (row.address !== params.address.toLowerCase()) {
    throw new NengtanError('NT_ERR_CHAIN_CHALLENGE_MISMATCH', {
      message: `The challenge was issued for ${row.address}, not for ${params.address}`,
    });
  }
  if (row.used_at) {
    throw new NengtanError('NT_ERR_CHAIN_CHALLENGE_USED', {
      message: `The challenge was used at ${row.used_at.toISOString()}`,
    });
  }
  if (row.expired) {
    throw new NengtanError('NT_ERR_CHAIN_CHALLENGE_EXPIRED', {
      message: `The challenge expired at ${row.expires_at.toISOString()}`,
    });
  }
  await tx.query('update chain_account_challenges set used_at = now() where nonce = $1', [
    Buffer.from(params.nonce.replace(/^0x/, ''), 'hex'),
  ]);
  const challenge = challengeOf({
    nonce: params.nonce.toLowerCase(),
    orgId: params.orgId,
    address: row.address,
    chainId: row.chain_id === null ? null : Number(row.chain_id),
    expiresAt: row.expires_at,
  });
  // The text exactly as it was handed out is what was signed.
  return { ...challenge, message: row.message };
}
