import type { Signer } from 'ethers';
import { anchorSealedBatches } from '../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../services/batching/sealBatches';
import type { Db } from '../../services/db/db';
import type { UnsignedTransaction } from '../../services/custody/clientTransactionReceipt';
import { call, createParticipant, type Participant } from './participants';
import type { TestApp } from './testApp';
import type { TestChain } from './testChain';

/** Sends a transaction the API prepared with `signer`, as the organisation's own wallet would; its hash once mined. */
export async function sendPrepared(signer: Signer, transaction: UnsignedTransaction): Promise<string> {
  const sent = await signer.sendTransaction({ to: transaction.to, data: transaction.data });
  await sent.wait();
  return sent.hash;
}

/**
 * An enterprise that signs itself with `signer` (an external account) whose emissions of the local day `period` are
 * verified: one day of electricity readings (96 quarter hours of `kwhPerQuarter`), sealed and anchored; its inventory
 * notarized and its verifier assigned by its own transactions (prepared by the API, sent, confirmed with the hash);
 * then verified and attested by a custodial verifier. Returns the enterprise and the hash of its last transaction (the
 * verifier assignment, sent to InventoryRegistry).
 */
export async function verifiedExternalEnterprise(
  db: Db,
  t: TestApp,
  chain: TestChain,
  name: string,
  signer: Signer & { address: string; signMessage(message: string): Promise<string> },
  period: { start: string; end: string },
  kwhPerQuarter: string,
): Promise<{ enterprise: Participant; assignmentTx: string }> {
  const enterprise = await createParticipant(t, name, ['enterprise'], signer);
  const verifier = await createParticipant(t, `${name} Verifier`, ['verifier']);
  const site = await call(t, enterprise.key, 'POST', '/v1/sites', { name: 'Mill', gridRegion: 'East' });
  await call(t, enterprise.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
  const midnight = Date.parse(`${period.start}T00:00:00+08:00`);
  await call(t, enterprise.key, 'POST', '/v1/readings', {
    readings: Array.from({ length: 96 }, (_, i) => ({
      meter: 'E',
      start: new Date(midnight + i * 900_000).toISOString(),
      value: kwhPerQuarter,
    })),
  });
  await sealDueBatches(db, { windowSeconds: 0, maxReadings: 1 });
  await anchorSealedBatches(db, chain);
  const inventory = await call(t, enterprise.key, 'POST', '/v1/inventories', period);
  const notarize = `/v1/inventories/${inventory.id}/notarize`;
  const toNotarize = await call<{ transaction: UnsignedTransaction }>(t, enterprise.key, 'POST', notarize);
  await call(t, enterprise.key, 'POST', notarize, { txHash: await sendPrepared(signer, toNotarize.transaction) });
  const assign = `/v1/inventories/${inventory.id}/verifiers`;
  const toAssign = await call<{ transaction: UnsignedTransaction }>(t, enterprise.key, 'POST', assign, {
    verifierOrgId: verifier.orgId,
  });
  const assignmentTx = await sendPrepared(signer, toAssign.transaction);
  await call(t, enterprise.key, 'POST', assign, { verifierOrgId: verifier.orgId, txHash: assignmentTx });
  await call(t, verifier.key, 'POST', `/v1/verifications/${inventory.id}/attestation`, {
    opinion: 'verified',
    assurance: 'reasonable',
    materialityBps: 500,
    statement: 'Verified.',
  });
  return { enterprise, assignmentTx };
}
