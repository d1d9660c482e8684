import type { Db, Queryable } from '../db/db';
import type { ChainConnection } from '../chain/connectChain';
import { registerParticipant } from '../chain/registerParticipant';
import { NengtanError } from '../lib/errors';
import {
  addExternalAccount,
  ensureCustodialAccount,
  listChainAccounts,
  markRegistered,
  type ChainAccount,
} from './chainAccounts';
import { getOrganisation } from '../registry/organisations';
import { useAccountChallenge } from './accountChallenges';
import { checkAccountControl } from './checkAccountControl';

export type ChainAccountRequest =
  { custody: 'custodial' } | { custody: 'external'; address?: string; challenge?: string; signature?: string };

interface Deps {
  db: Db;
  chain?: ChainConnection;
  keystoreSecret?: Buffer;
}

/**
 * When this instance holds the network authority key: registers the organisation in ParticipantRegistry, links the
 * account and grants the roles of its kinds, and records the last transaction.
 */
async function registerOnChain(db: Queryable, chain: ChainConnection | undefined, account: ChainAccount) {
  if (account.registeredTx || !chain?.authority) return account;
  const org = await getOrganisation(db, account.orgId);
  if (!org) throw new NengtanError('NT_ERR_NOT_FOUND');
  const sent = await registerParticipant(chain, chain.authority, org, account.address);
  await markRegistered(db, account.address, sent[sent.length - 1] ?? null);
  return (await listChainAccounts(db, account.orgId)).find((a) => a.address === account.address) ?? account;
}

/**
 * Gives the organisation a chain account: its custodial account (created once), or an external account it proved to
 * control by signing a challenge. The external account is recorded, its challenge used and the account registered on
 * chain in one transaction: a refusal anywhere (challenge, signature, conflict, chain) leaves no row behind.
 */
export async function registerChainAccount(
  deps: Deps,
  orgId: string,
  request: ChainAccountRequest,
): Promise<ChainAccount> {
  if (request.custody === 'custodial') {
    return registerOnChain(deps.db, deps.chain, await ensureCustodialAccount(deps.db, deps.keystoreSecret, orgId));
  }
  const { address, challenge, signature } = request;
  if (!address) throw new NengtanError('NT_ERR_REQUEST_INVALID', { message: 'An external account needs its address' });
  if (!challenge || !signature) throw new NengtanError('NT_ERR_CHAIN_ACCOUNT_PROOF_REQUIRED');
  return deps.db.transaction(async (tx) => {
    const issued = await useAccountChallenge(tx, { orgId, address, nonce: challenge });
    await checkAccountControl(deps.chain?.provider, issued, signature);
    return registerOnChain(tx, deps.chain, await addExternalAccount(tx, orgId, address));
  });
}
