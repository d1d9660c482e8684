import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { anchorSealedBatches } from '../../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../../services/batching/sealBatches';
import { embeddedDocumentStore } from '../../../services/documents/embeddedDocumentStore';
import { verifyEvidence } from '../../../services/verification/verifyEvidence';
import { InventoryRegistry__factory } from '../../../types/contracts';
import { createParticipant } from '../../helpers/participants';
import { runCli } from '../../helpers/runCli';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

interface Party {
  orgId: string;
  key: string;
  privateKey: Uint8Array;
}

/**
 * The whole path of an inventory: readings anchored, inventory computed and notarized (evidence encrypted in IPFS,
 * record on chain), an independent verifier assigned, the verifier re-verifying from the package and the chain
 * alone, and attesting; then tampering caught by a second verifier.
 */
describe('notarized inventories and independent verification', function () {
  this.timeout(120_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let steel: Party;
  let verifier: Party;
  let inventory: { id: string; inventoryHash: string };
  let notarized: { chainInventoryId: string; manifestCid: string };

  const party = async (name: string, kinds: string[]): Promise<Party> => {
    const { orgId, key, privateKey } = await createParticipant(t, name, kinds);
    return { orgId, key, privateKey };
  };

  const api = async (key: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: auth(key), payload });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  async function verifyAs(who: Party, assignment: { chainInventoryId: string; manifestCid: string }) {
    return verifyEvidence({
      provider: chain.provider,
      inventoryRegistry: chain.deployment.inventoryRegistry as string,
      anchorRegistry: chain.deployment.anchorRegistry,
      chainInventoryId: assignment.chainInventoryId,
      manifestCid: assignment.manifestCid,
      fetchDocument: async (cid) =>
        (await t.app.inject({ method: 'GET', url: `/v1/shared-documents/${cid}`, headers: auth(who.key) })).rawPayload,
      recipientId: who.orgId,
      privateKey: who.privateKey,
    });
  }

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(
      db.db,
      chain,
      {},
      { keystoreSecret: randomBytes(32), documents: await embeddedDocumentStore(db.db) },
    );
    steel = await party('Notarized Steel', ['enterprise']);
    verifier = await party('Independent Verification Co', ['verifier']);
    const site = await api(steel.key, 'POST', '/v1/sites', { name: 'Mill', gridRegion: 'East' });
    await api(steel.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
    await api(steel.key, 'POST', '/v1/meters', {
      siteId: site.id,
      externalId: 'G',
      energyKind: 'natural_gas',
      registerType: 'cumulative',
    });
    const T0 = Date.parse('2025-02-28T16:00:00Z');
    await api(steel.key, 'POST', '/v1/readings', {
      readings: [
        ...Array.from({ length: 96 }, (_, i) => ({
          meter: 'E',
          start: new Date(T0 + i * 900_000).toISOString(),
          value: `${10 + (i % 5)}`,
        })),
        ...Array.from({ length: 97 }, (_, i) => ({
          meter: 'G',
          at: new Date(T0 + i * 900_000).toISOString(),
          value: String(1000 + 2 * i),
        })),
      ],
    });
    await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1 });
    await anchorSealedBatches(db.db, chain);
    inventory = await api(steel.key, 'POST', '/v1/inventories', { start: '2025-03-01', end: '2025-03-02' });
    notarized = await api(steel.key, 'POST', `/v1/inventories/${inventory.id}/notarize`);
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  it('records the inventory hash on chain', async function () {
    const registry = InventoryRegistry__factory.connect(chain.deployment.inventoryRegistry as string, chain.provider);
    expect((await registry.inventory(notarized.chainInventoryId)).inventoryHash).to.equal(inventory.inventoryHash);
  });

  it('refuses to notarize the same draft twice', async function () {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/inventories/${inventory.id}/notarize`,
      headers: auth(steel.key),
    });
    expect(res.json()).to.include({ statusCode: 409, code: 'NT_ERR_NOTARIZE_STATE' });
  });

  describe('an assigned verifier', function () {
    let assignment: { chainInventoryId: string; manifestCid: string; inventoryId: string };

    before(async function () {
      await api(steel.key, 'POST', `/v1/inventories/${inventory.id}/verifiers`, { verifierOrgId: verifier.orgId });
      assignment = (await api(verifier.key, 'GET', '/v1/verifications'))[0];
    });

    it('sees the inventory among its assignments', function () {
      expect(assignment).to.include({ inventoryId: inventory.id, chainInventoryId: notarized.chainInventoryId });
    });

    it('re-verifies every reading and the inventory from the package and the chain alone', async function () {
      const result = await verifyAs(verifier, assignment);
      expect(result.checks.filter((c) => !c.ok)).to.deep.equal([]);
    });

    it('finds the recomputed inventory identical', async function () {
      const result = await verifyAs(verifier, assignment);
      expect(result.comparison?.otherDifferences).to.deep.equal([]);
      expect(result.comparison).to.include({ identical: true, suggestedOpinion: 'verified' });
    });

    it("cannot read another organisation's documents", async function () {
      const stranger = await party('Stranger Ltd', ['enterprise']);
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/shared-documents/${assignment.manifestCid}`,
        headers: auth(stranger.key),
      });
      expect(res.statusCode).to.equal(404);
    });

    it('attests on chain, making the emissions verified', async function () {
      await api(verifier.key, 'POST', `/v1/verifications/${inventory.id}/attestation`, {
        opinion: 'verified',
        assurance: 'reasonable',
        materialityBps: 500,
        statement: 'Re-verified from the anchored readings: no misstatement.',
      });
      const registry = InventoryRegistry__factory.connect(chain.deployment.inventoryRegistry as string, chain.provider);
      const onChain = await registry.inventory(notarized.chainInventoryId);
      const [verified] = await registry.verifiedEmissions(onChain.orgId, onChain.periodStart, onChain.periodEnd);
      expect(verified).to.equal(true);
    });

    it('shows the authority the opinion', async function () {
      const authority = await party('Municipal Ecology Bureau', ['authority']);
      const rows = await api(authority.key, 'GET', '/v1/oversight/inventories');
      const row = rows.find((r: { inventoryId: string }) => r.inventoryId === inventory.id);
      expect(row.verifiers.map((v: { opinion: string }) => v.opinion)).to.deep.equal(['verified']);
    });
  });

  describe('roles', function () {
    it('refuses notarization by an organisation that is not an enterprise', async function () {
      const res = await t.app.inject({
        method: 'POST',
        url: `/v1/inventories/${inventory.id}/notarize`,
        headers: auth(verifier.key),
      });
      expect(res.json()).to.include({ statusCode: 403, code: 'NT_ERR_AUTH_ROLE', requiredKind: 'enterprise' });
    });

    it('refuses the assignment list to an organisation that is not a verifier', async function () {
      const res = await t.app.inject({ method: 'GET', url: '/v1/verifications', headers: auth(steel.key) });
      expect(res.json()).to.include({ statusCode: 403, code: 'NT_ERR_AUTH_ROLE', requiredKind: 'verifier' });
    });

    it('refuses an attestation by the enterprise', async function () {
      const res = await t.app.inject({
        method: 'POST',
        url: `/v1/verifications/${inventory.id}/attestation`,
        headers: auth(steel.key),
        payload: { opinion: 'verified', assurance: 'limited', materialityBps: 500, statement: 'self-attested' },
      });
      expect(res.json()).to.include({ statusCode: 403, code: 'NT_ERR_AUTH_ROLE' });
    });

    it('refuses the oversight view to anyone but the authority', async function () {
      const res = await t.app.inject({ method: 'GET', url: '/v1/oversight/inventories', headers: auth(verifier.key) });
      expect(res.json()).to.include({ statusCode: 403, code: 'NT_ERR_AUTH_ROLE', requiredKind: 'authority' });
    });

    it('shows the authority the notarized inventory with its chain totals', async function () {
      const authority = await party('Provincial Ecology Department', ['authority']);
      const rows = await api(authority.key, 'GET', '/v1/oversight/inventories?periodStart=2025-03-01');
      const row = rows.find((r: { inventoryId: string }) => r.inventoryId === inventory.id);
      expect(row).to.deep.include({
        chainInventoryId: notarized.chainInventoryId,
        organisation: { id: steel.orgId, name: 'Notarized Steel' },
      });
    });
  });

  it('refuses a verifier that is the enterprise itself (independence, enforced on chain)', async function () {
    const both = await party('Self Verifying Group', ['enterprise', 'verifier']);
    const site = await api(both.key, 'POST', '/v1/sites', { name: 'S' });
    await api(both.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
    await api(both.key, 'POST', '/v1/readings', {
      readings: [{ meter: 'E', start: '2025-02-28T16:00:00Z', value: '1' }],
    });
    await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1 });
    await anchorSealedBatches(db.db, chain);
    const own = await api(both.key, 'POST', '/v1/inventories', { start: '2025-03-01', end: '2025-03-02' });
    await api(both.key, 'POST', `/v1/inventories/${own.id}/notarize`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/inventories/${own.id}/verifiers`,
      headers: auth(both.key),
      payload: { verifierOrgId: both.orgId },
    });
    expect(res.json()).to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_REVERTED' });
  });

  describe('when a reading is changed in the database after notarization', function () {
    let tamperedInventoryId: string;
    let tamperedAssignment: { chainInventoryId: string; manifestCid: string };

    before(async function () {
      const tampered = await party('Tampered Works', ['enterprise']);
      const site = await api(tampered.key, 'POST', '/v1/sites', { name: 'Works', gridRegion: 'North' });
      await api(tampered.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
      await api(tampered.key, 'POST', '/v1/readings', {
        readings: Array.from({ length: 8 }, (_, i) => ({
          meter: 'E',
          start: new Date(Date.parse('2025-02-28T16:00:00Z') + i * 900_000).toISOString(),
          value: '20',
        })),
      });
      await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1 });
      await anchorSealedBatches(db.db, chain);
      const own = await api(tampered.key, 'POST', '/v1/inventories', { start: '2025-03-01', end: '2025-03-02' });
      tamperedInventoryId = own.id;
      await api(tampered.key, 'POST', `/v1/inventories/${own.id}/notarize`);
      await db.db.query(
        "update readings set quantity = quantity + 5 where org_id = $1::uuid and interval_start = '2025-02-28T17:00:00Z'",
        [tampered.orgId],
      );
      await api(tampered.key, 'POST', `/v1/inventories/${own.id}/verifiers`, { verifierOrgId: verifier.orgId });
      tamperedAssignment = (await api(verifier.key, 'GET', '/v1/verifications')).find(
        (a: { inventoryId: string }) => a.inventoryId === own.id,
      );
    });

    it('the verifier finds the rebuilt root differing from the chain', async function () {
      const result = await verifyAs(verifier, tamperedAssignment);
      expect(result.checks.filter((c) => !c.ok).map((c) => c.name)).to.satisfy((names: string[]) =>
        names.some((n) => n.includes('rebuild the root anchored on chain')),
      );
    });

    describe('through the command line', function () {
      let apiUrl: string;
      let keyFile: string;
      let dir: string;

      before(async function () {
        apiUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
        dir = mkdtempSync(path.join(tmpdir(), 'nengtan-verifier-'));
        keyFile = path.join(dir, 'verifier.key');
        writeFileSync(keyFile, Buffer.from(verifier.privateKey).toString('hex'));
      });

      after(function () {
        if (dir) rmSync(dir, { recursive: true, force: true });
      });

      const cli = (...args: string[]) =>
        runCli({ NENGTAN_URL: apiUrl, NENGTAN_KEY: verifier.key, RPC_URL: chain.rpcUrl }, ...args);

      it('verify-inventory exits 0 and says VERIFIED for the untouched inventory', async function () {
        const run = await cli('verify-inventory', inventory.id, '--key', keyFile);
        expect([run.status, run.stdout.split('\n').find((l) => l.startsWith('VERIFIED'))], run.stderr).to.satisfy(
          ([status, line]: [number, string | undefined]) => status === 0 && line !== undefined,
        );
      });

      it('verify-inventory --attest exits 1 for the tampered inventory and records a rejection on chain', async function () {
        const run = await cli(
          'verify-inventory',
          tamperedInventoryId,
          '--key',
          keyFile,
          '--attest',
          '--assurance',
          'limited',
        );
        const registry = InventoryRegistry__factory.connect(
          chain.deployment.inventoryRegistry as string,
          chain.provider,
        );
        const onChain = await registry.inventory(tamperedAssignment.chainInventoryId);
        expect([run.status, onChain.attestation.opinion], run.stderr + run.stdout).to.deep.equal([1, 2n]);
      });

      it('refuses an inventory not assigned to the verifier with exit code 2', async function () {
        const run = await cli('verify-inventory', '00000000-0000-4000-8000-000000000000', '--key', keyFile);
        expect(run.status).to.equal(2);
      });
    });
  });
});
