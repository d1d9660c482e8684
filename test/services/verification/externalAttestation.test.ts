import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Wallet, type TransactionReceipt } from 'ethers';
import { anchorSealedBatches } from '../../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../../services/batching/sealBatches';
import type { UnsignedTransaction } from '../../../services/custody/clientTransactionReceipt';
import { decryptEnvelope } from '../../../services/documents/decryptEnvelope';
import { embeddedDocumentStore } from '../../../services/documents/embeddedDocumentStore';
import { InventoryRegistry__factory } from '../../../types/contracts';
import { call, createParticipant, type Participant } from '../../helpers/participants';
import { runCli } from '../../helpers/runCli';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

interface Prepared {
  status: string;
  inventoryId: string;
  statementCid: string;
  transaction: UnsignedTransaction;
}

const attestation = {
  opinion: 'qualified',
  assurance: 'limited',
  materialityBps: 250,
  statement: 'Re-verified from the anchored readings; one meter estimated, within materiality.',
};

/**
 * Attestation by a verifier that holds its own chain key (an external account): Nengtan stores the statement and hands
 * back the attest transaction, the verifier signs and sends it with its own wallet, and Nengtan records the
 * attestation only once the transaction is confirmed to be this inventory's, sent by the verifier's assigned account.
 */
describe('attestation signed by the verifier itself', function () {
  this.timeout(180_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  const key = Wallet.createRandom();
  let steel: Participant;
  let verifier: Participant;
  let rival: Participant;
  /**
   * Inventories of three consecutive days: A is attested through the API by hand, B through the command line, and C's
   * attestation is sent early (to be offered as A's) and confirmed through the command line with --tx.
   */
  const inventories: Record<'A' | 'B' | 'C', { id: string; chainInventoryId: string }> = {} as never;
  let cSent: TransactionReceipt;
  let notarizedTx: string;

  const post = (who: Participant, url: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: auth(who.key), payload });
  const registry = () =>
    InventoryRegistry__factory.connect(chain.deployment.inventoryRegistry as string, chain.provider);

  /** Sends a transaction with the verifier's own wallet; the receipt. */
  async function send(transaction: { to: string; data: string }) {
    const sent = await key.connect(chain.provider).sendTransaction({ to: transaction.to, data: transaction.data });
    return (await chain.provider.waitForTransaction(sent.hash)) as TransactionReceipt;
  }

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(
      db.db,
      chain,
      {},
      { keystoreSecret: randomBytes(32), documents: await embeddedDocumentStore(db.db) },
    );
    steel = await createParticipant(t, 'Custodial Steel', ['enterprise']);
    verifier = await createParticipant(t, 'Self-Signing Verification Co', ['verifier'], key);
    rival = await createParticipant(t, 'Another Verification Co', ['verifier']);
    const site = await call(t, steel.key, 'POST', '/v1/sites', { name: 'Mill', gridRegion: 'East' });
    await call(t, steel.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
    const midnight = Date.parse('2025-02-28T16:00:00Z');
    await call(t, steel.key, 'POST', '/v1/readings', {
      readings: Array.from({ length: 24 }, (_, i) => ({
        meter: 'E',
        start: new Date(midnight + Math.floor(i / 8) * 86_400_000 + (i % 8) * 900_000).toISOString(),
        value: `${10 + (i % 5)}`,
      })),
    });
    await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1 });
    await anchorSealedBatches(db.db, chain);
    for (const [name, start, end] of [
      ['A', '2025-03-01', '2025-03-02'],
      ['B', '2025-03-02', '2025-03-03'],
      ['C', '2025-03-03', '2025-03-04'],
    ] as const) {
      const { id } = await call<{ id: string }>(t, steel.key, 'POST', '/v1/inventories', { start, end });
      const notarized = await call(t, steel.key, 'POST', `/v1/inventories/${id}/notarize`);
      await call(t, steel.key, 'POST', `/v1/inventories/${id}/verifiers`, { verifierOrgId: verifier.orgId });
      inventories[name] = { id, chainInventoryId: notarized.chainInventoryId };
      notarizedTx = notarized.txHash;
    }
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  describe('asked to attest', function () {
    let first: { statusCode: number; body: Prepared };

    before(async function () {
      const res = await post(verifier, `/v1/verifications/${inventories.A.id}/attestation`, attestation);
      first = { statusCode: res.statusCode, body: res.json() };
    });

    it('answers 202 with the attest transaction for the verifier’s own account to sign', function () {
      expect(
        [first.statusCode, first.body.status, first.body.transaction?.from, first.body.transaction?.to],
        JSON.stringify(first.body),
      ).to.deep.equal([202, 'awaiting-signature', key.address.toLowerCase(), chain.deployment.inventoryRegistry]);
    });

    it('records no opinion before the transaction is confirmed', async function () {
      const listed = await call<{ inventoryId: string; opinion: string | null }[]>(
        t,
        verifier.key,
        'GET',
        '/v1/verifications',
      );
      expect(listed.find((a) => a.inventoryId === inventories.A.id)?.opinion).to.equal(null);
    });
  });

  describe('when the transaction to confirm is not the one prepared', function () {
    const confirmA = async (who: Participant, txHash: string) =>
      (await post(who, `/v1/verifications/${inventories.A.id}/attestation`, { txHash })).json();

    it('refuses a transaction of the verifier’s account that attests nothing', async function () {
      // A call of a view function, sent as a transaction: mined and successful, but no attestation.
      const registryView = registry().interface.encodeFunctionData('inventory', [inventories.A.chainInventoryId]);
      const receipt = await send({ to: chain.deployment.inventoryRegistry as string, data: registryView });
      expect(await confirmA(verifier, receipt.hash))
        .to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_TX_MISMATCH' })
        .and.to.have.property('message')
        .that.matches(/emitted no InventoryAttested/);
    });

    it('refuses the verifier’s attestation of another inventory', async function () {
      const prepared: Prepared = (
        await post(verifier, `/v1/verifications/${inventories.C.id}/attestation`, {
          ...attestation,
          opinion: 'verified',
        })
      ).json();
      cSent = await send(prepared.transaction);
      expect(await confirmA(verifier, cSent.hash))
        .to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_TX_MISMATCH' })
        .and.to.have.property('message')
        .that.matches(/InventoryAttested event differs in inventoryId$/);
    });

    it('refuses a transaction sent by another organisation’s account', async function () {
      expect(await confirmA(verifier, notarizedTx))
        .to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_TX_MISMATCH' })
        .and.to.have.property('message')
        .that.matches(/not a registered chain account of your organisation/);
    });

    it('answers that a hash the chain does not know is not mined yet', async function () {
      expect(await confirmA(verifier, `0x${'cd'.repeat(32)}`)).to.include({
        statusCode: 409,
        code: 'NT_ERR_CHAIN_TX_PENDING',
      });
    });

    it('refuses a body with neither an attestation nor a transaction hash', async function () {
      const res = await post(verifier, `/v1/verifications/${inventories.A.id}/attestation`, { opinion: 'verified' });
      expect(res.statusCode).to.equal(400);
    });
  });

  describe('when the verifier has sent the prepared transaction', function () {
    let prepared: Prepared;
    let sent: TransactionReceipt;
    let confirmed: { statusCode: number; body: Record<string, unknown> };

    before(async function () {
      prepared = (await post(verifier, `/v1/verifications/${inventories.A.id}/attestation`, attestation)).json();
      sent = await send(prepared.transaction);
      const res = await post(verifier, `/v1/verifications/${inventories.A.id}/attestation`, { txHash: sent.hash });
      confirmed = { statusCode: res.statusCode, body: res.json() };
    });

    it('confirms it and answers attested with the opinion the chain recorded', function () {
      expect(confirmed, JSON.stringify(confirmed.body)).to.deep.include({
        statusCode: 200,
        body: {
          status: 'attested',
          inventoryId: inventories.A.id,
          opinion: 'qualified',
          statementCid: prepared.statementCid,
          txHash: sent.hash,
        },
      });
    });

    it('has the attestation on chain from the verifier’s own account', async function () {
      const onChain = (await registry().inventory(inventories.A.chainInventoryId)).attestation;
      expect([onChain.verifier, onChain.opinion, onChain.materialityBps, onChain.statementCid]).to.deep.equal([
        key.address,
        1n,
        250n,
        prepared.statementCid,
      ]);
    });

    it('answers the same when the confirmation is repeated', async function () {
      const again = await post(verifier, `/v1/verifications/${inventories.A.id}/attestation`, { txHash: sent.hash });
      expect(again.json()).to.deep.equal(confirmed.body);
    });

    it('refuses to prepare a second attestation', async function () {
      const again = await post(verifier, `/v1/verifications/${inventories.A.id}/attestation`, attestation);
      expect(again.json()).to.include({ statusCode: 409, code: 'NT_ERR_NOTARIZE_STATE' });
    });

    it('lets the enterprise read the verifier’s statement, encrypted to it', async function () {
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/shared-documents/${prepared.statementCid}`,
        headers: auth(steel.key),
      });
      const text = Buffer.from(decryptEnvelope(res.rawPayload, steel.orgId, steel.privateKey)).toString('utf8');
      expect(text).to.equal(attestation.statement);
    });

    it('shows the authority the opinion of the verifier', async function () {
      const authority = await createParticipant(t, 'Municipal Ecology Bureau', ['authority']);
      const rows = await call(t, authority.key, 'GET', '/v1/oversight/inventories');
      const row = rows.find((r: { inventoryId: string }) => r.inventoryId === inventories.A.id);
      expect(row.verifiers).to.deep.equal([
        {
          organisation: { id: verifier.orgId, name: 'Self-Signing Verification Co' },
          opinion: 'qualified',
          assurance: 'limited',
          materialityBps: 250,
          attestedAt: row.verifiers[0].attestedAt,
        },
      ]);
    });
  });

  describe('isolation', function () {
    it('refuses another verifier organisation the attestation of an inventory not assigned to it', async function () {
      const res = await post(rival, `/v1/verifications/${inventories.B.id}/attestation`, attestation);
      expect(res.json()).to.include({ statusCode: 404, code: 'NT_ERR_NOT_FOUND' });
    });

    it('refuses the enterprise the verifier’s attestation', async function () {
      const res = await post(steel, `/v1/verifications/${inventories.B.id}/attestation`, attestation);
      expect(res.json()).to.include({ statusCode: 403, code: 'NT_ERR_AUTH_ROLE' });
    });

    it('does not show another verifier organisation the assignment', async function () {
      const listed = await call<{ inventoryId: string }[]>(t, rival.key, 'GET', '/v1/verifications');
      expect(listed).to.deep.equal([]);
    });
  });

  describe('through the command line', function () {
    let apiUrl: string;
    let dir: string;

    before(async function () {
      apiUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
      dir = mkdtempSync(path.join(tmpdir(), 'nengtan-verifier-'));
      writeFileSync(path.join(dir, 'evidence.key'), Buffer.from(verifier.privateKey).toString('hex'), { mode: 0o600 });
      writeFileSync(path.join(dir, 'chain.key'), key.privateKey, { mode: 0o600 });
    });

    after(function () {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('verify-inventory --attest --tx confirms an attestation sent before', async function () {
      const run = await runCli(
        { NENGTAN_URL: apiUrl, NENGTAN_KEY: verifier.key, RPC_URL: chain.rpcUrl },
        'verify-inventory',
        inventories.C.id,
        '--attest',
        '--tx',
        cSent.hash,
      );
      const listed = await call<{ inventoryId: string; opinion: string | null }[]>(
        t,
        verifier.key,
        'GET',
        '/v1/verifications',
      );
      expect(
        [run.status, listed.find((a) => a.inventoryId === inventories.C.id)?.opinion],
        run.stderr + run.stdout,
      ).to.deep.equal([0, 'verified']);
    });

    it('verify-inventory --attest --chain-key re-verifies, signs, sends and confirms', async function () {
      const run = await runCli(
        { NENGTAN_URL: apiUrl, NENGTAN_KEY: verifier.key, RPC_URL: chain.rpcUrl },
        'verify-inventory',
        inventories.B.id,
        '--key',
        path.join(dir, 'evidence.key'),
        '--attest',
        '--chain-key',
        path.join(dir, 'chain.key'),
      );
      const onChain = (await registry().inventory(inventories.B.chainInventoryId)).attestation;
      expect([run.status, onChain.verifier, onChain.opinion], run.stderr + run.stdout).to.deep.equal([
        0,
        key.address,
        0n,
      ]);
    });
  });
});
