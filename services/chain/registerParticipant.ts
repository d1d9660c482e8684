import { id as keccakId, type Signer } from 'ethers';
import { ParticipantRegistry__factory } from '../../types/contracts';
import type { OrganisationKind } from '../registry/organisations';
import type { ChainConnection } from './connectChain';

/**
 * The part an organisation plays, and the ParticipantRegistry role its accounts get for it. A trading desk and a park operator have none: being a
 * registered participant is what holding and trading tokens needs.
 */
export const KIND_ROLES: Record<OrganisationKind, string | null> = {
  enterprise: keccakId('ENTERPRISE_ROLE'),
  verifier: keccakId('VERIFIER_ROLE'),
  exchange: keccakId('EXCHANGE_ROLE'),
  certificate_issuer: keccakId('CERTIFICATE_ISSUER_ROLE'),
  authority: keccakId('AUTHORITY_ROLE'),
  trader: null,
  park: null,
};

/** What a participant account is funded with on chains that charge gas: 10 ether. */
const FUNDING = 10n ** 19n;

/**
 * Registers an organisation in ParticipantRegistry, links `account` to it and grants the roles of its kinds, signed by
 * the network authority. Idempotent: it reads the registry first and sends only what is missing, so it can be re-run
 * after a failure. Returns the hashes of the transactions sent (none when everything was in place).
 */
export async function registerParticipant(
  chain: ChainConnection,
  authority: Signer,
  org: { chainId: string; name: string; kinds: readonly OrganisationKind[] },
  account: string,
): Promise<string[]> {
  const registry = ParticipantRegistry__factory.connect(chain.deployment.participantRegistry, authority);
  const overrides = chain.gasPrice === undefined ? {} : { gasPrice: chain.gasPrice };
  const sent: string[] = [];
  const send = async (tx: Promise<{ hash: string; wait(): Promise<unknown> }>) => {
    const t = await tx;
    await t.wait();
    sent.push(t.hash);
  };
  const known = await registry.organisation(org.chainId).then(
    () => true,
    () => false,
  );
  if (!known) await send(registry.registerOrganisation(org.chainId, org.name, overrides));
  const linked = await registry.organisationOf(account);
  if (linked.toLowerCase() !== org.chainId.toLowerCase())
    await send(registry.linkAccount(account, org.chainId, overrides));
  for (const kind of org.kinds) {
    const role = KIND_ROLES[kind];
    if (role !== null && !(await registry.hasRole(role, account)))
      await send(registry.grantRole(role, account, overrides));
  }
  // Where gas costs something (the embedded Hardhat chain; Besu runs free with GAS_PRICE=0), the authority gives the
  // account enough to transact.
  if (chain.gasPrice !== 0n && (await chain.provider.getBalance(account)) < FUNDING / 10n) {
    await send(authority.sendTransaction({ to: account, value: FUNDING, ...overrides }));
  }
  return sent;
}
