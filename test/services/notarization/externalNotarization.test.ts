import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Wallet, keccak256, type TransactionReceipt } from 'ethers';
import { anchorSealedBatches } from '../../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../../services/batching/sealBatches';
import type { UnsignedTransaction } from '../../../services/custody/clientTransactionReceipt';
import { embeddedDocumentStore } from '../../../services/documents/embeddedDocumentStore';
import { verifyEvidence } from '../../../services/verification/verifyEvidence';
import { InventoryRegistry__factory } from '../../../types/contracts';
import { call, createParticipant, type Participant } from '../../helpers/participants';
import { runCli } from '../../helpers/runCli';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

interface Prepared {
  status: string;
  inventoryId: string;
  manifestCid: string;
  transaction: UnsignedTransaction;
}

/**
 * Notarization by an enterprise that holds its own chain key (an external account): Nengtan stores the evidence and
 * hands back the transaction, the enterprise signs and sends it, and Nengtan records the inventory only once the
 * transaction is confirmed to be exactly this inventory's, sent by the enterprise's account. The verifier assignment
 * goes the same way; the custodial verifier then verifies and attests as usual.
 */
describe('notarization signed by the enterprise itself', function () {
  this.timeout(120_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  const key = Wallet.createRandom();
  let steel: Participant;
  let verifier: Participant;
  let cement: Participant;
  /** Inventories of three consecutive days: A goes through the API by hand, B and C partly through the CLI. */
  const inventories: Record<'A' | 'B' | 'C', { id: string; inventoryHash: string }> = {} as never;
  let cementTx: string;
  /** Inventory B's transaction, prepared and sent but not confirmed until the command line does it with --tx. */
  let bPrepared: Prepared;
  let bSent: TransactionReceipt;
  let aNotarizedTx: string;

  const post = (who: Participant, url: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: auth(who.key), payload });

  /** Sends a prepared transaction with the enterprise's key, as its own wallet would; the receipt. */
  async function send(transaction: UnsignedTransaction) {
    const sent = await key.connect(chain.provider).sendTransaction({ to: transaction.to, data: transaction.data });
    return (await chain.provider.waitForTransaction(sent.hash)) as TransactionReceipt;
  }

  /**
   * Sends a transaction that reverts, with a gas limit so that it is mined anyway; the receipt. A `hardhat node`
   * (TEST_CHAIN=node) mines it but answers the submission with the revert, so the hash is computed from the signed bytes.
   */
  async function sendReverting(transaction: UnsignedTransaction) {
    const signer = key.connect(chain.provider);
    const raw = await signer.signTransaction(
      await signer.populateTransaction({ to: transaction.to, data: transaction.data, gasLimit: 1_000_000n }),
    );
    await chain.provider.broadcastTransaction(raw).catch(() => undefined);
    return (await chain.provider.waitForTransaction(keccak256(raw))) as TransactionReceipt;
  }

  const statusOf = async (id: string) => (await call(t, steel.key, 'GET', `/v1/inventories/${id}`)).status;

  async function dayReadings(who: Participant, days: number) {
    const site = await call(t, who.key, 'POST', '/v1/sites', { name: 'Mill', gridRegion: 'East' });
    await call(t, who.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
    const midnight = Date.parse('2025-02-28T16:00:00Z');
    await call(t, who.key, 'POST', '/v1/readings', {
      readings: Array.from({ length: days * 8 }, (_, i) => ({
        meter: 'E',
        start: new Date(midnight + Math.floor(i / 8) * 86_400_000 + (i % 8) * 900_000).toISOString(),
        value: `${10 + (i % 5) + Math.floor(i / 8)}`,
      })),
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
    steel = await createParticipant(t, 'Self-Signing Steel', ['enterprise'], key);
    verifier = await createParticipant(t, 'Independent Verification Co', ['verifier']);
    cement = await createParticipant(t, 'Custodial Cement', ['enterprise']);
    await dayReadings(steel, 3);
    await dayReadings(cement, 1);
    await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1 });
    await anchorSealedBatches(db.db, chain);
    for (const [name, start, end] of [
      ['A', '2025-03-01', '2025-03-02'],
      ['B', '2025-03-02', '2025-03-03'],
      ['C', '2025-03-03', '2025-03-04'],
    ] as const) {
      inventories[name] = await call(t, steel.key, 'POST', '/v1/inventories', { start, end });
    }
    const own = await call(t, cement.key, 'POST', '/v1/inventories', { start: '2025-03-01', end: '2025-03-02' });
    cementTx = (await call(t, cement.key, 'POST', `/v1/inventories/${own.id}/notarize`)).txHash;
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  describe('asked to notarize', function () {
    let first: { statusCode: number; body: Prepared };

    before(async function () {
      const res = await post(steel, `/v1/inventories/${inventories.A.id}/notarize`);
      first = { statusCode: res.statusCode, body: res.json() };
    });

    it('answers 202 awaiting the signature of its registered account', function () {
      expect(
        [first.statusCode, first.body.status, first.body.transaction.from],
        JSON.stringify(first.body),
      ).to.deep.equal([202, 'awaiting-signature', key.address.toLowerCase()]);
    });

    it('hands back a transaction to InventoryRegistry on this chain', function () {
      expect(first.body.transaction).to.deep.include({
        to: chain.deployment.inventoryRegistry,
        chainId: chain.chainId,
      });
    });

    it('gives the same transaction when asked again and stores no second package', async function () {
      const count = async () =>
        (
          await db.db.query<{ n: number }>('select count(*)::int as n from documents where org_id = $1::uuid', [
            steel.orgId,
          ])
        ).rows[0].n;
      const before = await count();
      const again = (await post(steel, `/v1/inventories/${inventories.A.id}/notarize`)).json();
      expect([again, await count()]).to.deep.equal([first.body, before]);
    });

    it('leaves the inventory a draft', async function () {
      expect(await statusOf(inventories.A.id)).to.equal('draft');
    });

    it('keeps the draft, and so the transaction, when the same inventory is computed again', async function () {
      const again = await call<{ id: string }>(t, steel.key, 'POST', '/v1/inventories', {
        start: '2025-03-01',
        end: '2025-03-02',
      });
      expect(again.id).to.equal(inventories.A.id);
    });
  });

  describe('when the transaction sent is not the one prepared', function () {
    before(async function () {
      bPrepared = (await post(steel, `/v1/inventories/${inventories.B.id}/notarize`)).json();
      bSent = await send(bPrepared.transaction);
    });

    const confirmA = async (txHash: string) =>
      (await post(steel, `/v1/inventories/${inventories.A.id}/notarize`, { txHash })).json();

    it("refuses another inventory's transaction, though sent by the enterprise's own account", async function () {
      expect(await confirmA(bSent.hash))
        .to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_TX_MISMATCH' })
        .and.to.have.property('message')
        .that.matches(/InventorySubmitted event differs in .*inventoryHash, reportCid/);
    });

    it("refuses a transaction sent by another organisation's account", async function () {
      expect(await confirmA(cementTx))
        .to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_TX_MISMATCH' })
        .and.to.have.property('message')
        .that.matches(/not a registered chain account of your organisation/);
    });

    it('says, when asked again after sending, that the transaction only awaits confirmation', async function () {
      expect((await post(steel, `/v1/inventories/${inventories.B.id}/notarize`)).json())
        .to.include({ statusCode: 409, code: 'NT_ERR_NOTARIZE_STATE' })
        .and.to.have.property('message')
        .that.matches(/already on chain .* awaiting confirmation/);
    });

    it('refuses a transaction that reverted', async function () {
      // B's transaction again: the period is submitted already, so it reverts (mined anyway, gas limit given).
      const reverted = await sendReverting(bPrepared.transaction);
      expect([reverted.status, await confirmA(reverted.hash)]).to.satisfy(
        ([status, res]: [number, { code: string }]) => status === 0 && res.code === 'NT_ERR_CHAIN_TX_FAILED',
      );
    });

    it('answers that a hash the chain does not know is not mined yet', async function () {
      expect(await confirmA(`0x${'ab'.repeat(32)}`)).to.include({ statusCode: 409, code: 'NT_ERR_CHAIN_TX_PENDING' });
    });

    it('changes nothing', async function () {
      expect(await statusOf(inventories.A.id)).to.equal('draft');
    });
  });

  describe('when the enterprise has sent the prepared transaction', function () {
    let prepared: Prepared;
    let confirmed: { statusCode: number; body: Record<string, unknown> };

    before(async function () {
      prepared = (await post(steel, `/v1/inventories/${inventories.A.id}/notarize`)).json();
      const receipt = await send(prepared.transaction);
      const res = await post(steel, `/v1/inventories/${inventories.A.id}/notarize`, { txHash: receipt.hash });
      confirmed = { statusCode: res.statusCode, body: res.json() };
      aNotarizedTx = receipt.hash;
    });

    it('confirms it and answers notarized', function () {
      expect([confirmed.statusCode, confirmed.body.status], JSON.stringify(confirmed.body)).to.deep.equal([
        200,
        'notarized',
      ]);
    });

    it('has the inventory hash and evidence package on chain', async function () {
      const registry = InventoryRegistry__factory.connect(chain.deployment.inventoryRegistry as string, chain.provider);
      const onChain = await registry.inventory(confirmed.body.chainInventoryId as string);
      expect([onChain.inventoryHash, onChain.reportCid]).to.deep.equal([
        inventories.A.inventoryHash,
        prepared.manifestCid,
      ]);
    });

    it('marks the inventory notarized', async function () {
      expect(await statusOf(inventories.A.id)).to.equal('notarized');
    });

    it('answers the same when the confirmation is repeated', async function () {
      const again = await post(steel, `/v1/inventories/${inventories.A.id}/notarize`, {
        txHash: confirmed.body.txHash as string,
      });
      expect(again.json()).to.deep.equal(confirmed.body);
    });

    it('refuses to prepare it again', async function () {
      expect((await post(steel, `/v1/inventories/${inventories.A.id}/notarize`)).json()).to.include({
        statusCode: 409,
        code: 'NT_ERR_NOTARIZE_STATE',
      });
    });
  });

  describe('a custodial verifier assigned by the enterprise’s own transaction', function () {
    let prepared: { statusCode: number; body: Prepared };
    let listedBefore: { inventoryId: string }[];
    let wrongConfirmation: Record<string, unknown>;
    let assignment: { chainInventoryId: string; manifestCid: string; inventoryId: string };

    before(async function () {
      const url = `/v1/inventories/${inventories.A.id}/verifiers`;
      const res = await post(steel, url, { verifierOrgId: verifier.orgId });
      prepared = { statusCode: res.statusCode, body: res.json() };
      listedBefore = await call(t, verifier.key, 'GET', '/v1/verifications');
      wrongConfirmation = (await post(steel, url, { verifierOrgId: verifier.orgId, txHash: aNotarizedTx })).json();
      const receipt = await send(prepared.body.transaction);
      await call(t, steel.key, 'POST', url, { verifierOrgId: verifier.orgId, txHash: receipt.hash });
      assignment = (await call(t, verifier.key, 'GET', '/v1/verifications')).find(
        (a: { inventoryId: string }) => a.inventoryId === inventories.A.id,
      );
    });

    it('is prepared as a transaction for the enterprise to sign', function () {
      expect([prepared.statusCode, prepared.body.status, prepared.body.transaction?.from]).to.deep.equal([
        202,
        'awaiting-signature',
        key.address.toLowerCase(),
      ]);
    });

    it('is not the verifier’s assignment before it is confirmed', function () {
      expect(listedBefore.map((a) => a.inventoryId)).to.not.include(inventories.A.id);
    });

    it('refuses a transaction that assigns nothing (the notarization)', function () {
      expect(wrongConfirmation).to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_TX_MISMATCH' });
    });

    it('is the verifier’s assignment once confirmed, with its own copy of the evidence', function () {
      expect(assignment).to.include({ inventoryId: inventories.A.id, manifestCid: prepared.body.manifestCid });
    });

    it('lets the verifier re-verify the inventory from the package and the chain alone', async function () {
      const result = await verifyEvidence({
        provider: chain.provider,
        inventoryRegistry: chain.deployment.inventoryRegistry as string,
        anchorRegistry: chain.deployment.anchorRegistry,
        chainInventoryId: assignment.chainInventoryId,
        manifestCid: assignment.manifestCid,
        fetchDocument: async (cid) =>
          (await t.app.inject({ method: 'GET', url: `/v1/shared-documents/${cid}`, headers: auth(verifier.key) }))
            .rawPayload,
        recipientId: verifier.orgId,
        privateKey: verifier.privateKey,
      });
      expect(result.checks.filter((c) => !c.ok)).to.deep.equal([]);
    });

    it('lets the verifier attest on chain, making the emissions verified', async function () {
      await call(t, verifier.key, 'POST', `/v1/verifications/${inventories.A.id}/attestation`, {
        opinion: 'verified',
        assurance: 'reasonable',
        materialityBps: 500,
        statement: 'Re-verified from the anchored readings: no misstatement.',
      });
      const registry = InventoryRegistry__factory.connect(chain.deployment.inventoryRegistry as string, chain.provider);
      const onChain = await registry.inventory(assignment.chainInventoryId);
      const [verified] = await registry.verifiedEmissions(onChain.orgId, onChain.periodStart, onChain.periodEnd);
      expect(verified).to.equal(true);
    });
  });

  describe('through the command line', function () {
    let apiUrl: string;
    let dir: string;
    let keyFile: string;

    before(async function () {
      apiUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
      dir = mkdtempSync(path.join(tmpdir(), 'nengtan-enterprise-'));
      keyFile = path.join(dir, 'enterprise.key');
      writeFileSync(keyFile, key.privateKey, { mode: 0o600 });
    });

    after(function () {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const cli = (...args: string[]) =>
      runCli({ NENGTAN_URL: apiUrl, NENGTAN_KEY: steel.key, RPC_URL: chain.rpcUrl }, ...args);

    it('notarize --key signs, sends and confirms', async function () {
      const run = await cli('notarize', inventories.C.id, '--key', keyFile);
      expect([run.status, await statusOf(inventories.C.id)], run.stderr + run.stdout).to.deep.equal([0, 'notarized']);
    });

    it('assign-verifier --key assigns the verifier on chain', async function () {
      const run = await cli('assign-verifier', inventories.C.id, verifier.orgId, '--key', keyFile);
      const listed = await call<{ inventoryId: string }[]>(t, verifier.key, 'GET', '/v1/verifications');
      expect(
        [run.status, listed.some((a) => a.inventoryId === inventories.C.id)],
        run.stderr + run.stdout,
      ).to.deep.equal([0, true]);
    });

    it('notarize --tx confirms a transaction sent before', async function () {
      const run = await cli('notarize', inventories.B.id, '--tx', bSent.hash);
      expect([run.status, await statusOf(inventories.B.id)], run.stderr + run.stdout).to.deep.equal([0, 'notarized']);
    });
  });
});
