import { expect } from 'chai';
import { markAnchorsLost } from '../../../services/anchoring/markAnchorsLost';
import { anchorSealedBatches } from '../../../services/anchoring/anchorSealedBatches';
import { anchoredReadings } from '../../helpers/anchoredReadings';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

describe('trust API: the chain for browsers and the readings of a batch', function () {
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let alpha: { orgId: string; adminKey: string };
  let beta: { orgId: string; adminKey: string };
  let batchId: string;
  let batchSeq: number;

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain, { RPC_PUBLIC_URL: 'https://rpc.example.org/chain' });
    alpha = await createOrgViaApi(t, 'Alpha Trust Steel');
    beta = await createOrgViaApi(t, 'Beta Trust Cement');
    await anchoredReadings(t, db.db, chain, alpha.adminKey, 'ALPHA-E1', { count: 5 });
    await anchoredReadings(t, db.db, chain, beta.adminKey, 'BETA-E1', { count: 2 });
    const batches = await t.app.inject({ method: 'GET', url: '/v1/batches', headers: auth(alpha.adminKey) });
    batchId = batches.json()[0].id;
    batchSeq = batches.json()[0].seq;
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  describe('GET /v1/chain', function () {
    it('names the chain id, the anchoring contract and the public RPC URL', async function () {
      const res = await t.app.inject({ method: 'GET', url: '/v1/chain', headers: auth(alpha.adminKey) });
      expect(res.statusCode, res.body).to.equal(200);
      expect(res.json()).to.deep.include({
        chainId: chain.chainId,
        rpcUrl: 'https://rpc.example.org/chain',
        contracts: {
          anchorRegistry: chain.deployment.anchorRegistry,
          participantRegistry: chain.deployment.participantRegistry,
          inventoryRegistry: chain.deployment.inventoryRegistry ?? null,
        },
      });
    });

    it('puts the public RPC origin in the console connect-src', async function () {
      const res = await t.app.inject({ method: 'GET', url: '/' });
      if (res.statusCode === 503) this.skip(); // no console bundle in this checkout: nothing to serve a policy with
      expect(res.headers['content-security-policy']).to.include("connect-src 'self' https://rpc.example.org");
    });

    it('hands out the embedded chain’s loopback URL when RPC_PUBLIC_URL is unset', async function () {
      const local = await createTestApp(db.db, chain);
      try {
        const res = await local.app.inject({ method: 'GET', url: '/v1/chain', headers: auth(alpha.adminKey) });
        expect(res.json().rpcUrl).to.equal(chain.rpcUrl);
      } finally {
        await local.app.close();
      }
    });

    it('refuses with NT_ERR_CHAIN_RPC_NOT_PUBLIC for an external RPC without RPC_PUBLIC_URL', async function () {
      const external = await createTestApp(db.db, { ...chain, embedded: undefined });
      try {
        const res = await external.app.inject({ method: 'GET', url: '/v1/chain', headers: auth(alpha.adminKey) });
        expect(res.statusCode).to.equal(503);
        expect(res.json().code).to.equal('NT_ERR_CHAIN_RPC_NOT_PUBLIC');
        expect(res.json().hint).to.include('RPC_PUBLIC_URL');
      } finally {
        await external.app.close();
      }
    });

    it('needs a key', async function () {
      const res = await t.app.inject({ method: 'GET', url: '/v1/chain' });
      expect(res.statusCode).to.equal(401);
    });
  });

  describe('GET /v1/batches/:id/readings', function () {
    it('lists the batch’s readings with their meter, by bytes32 id', async function () {
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/batches/${batchId}/readings`,
        headers: auth(alpha.adminKey),
      });
      expect(res.statusCode, res.body).to.equal(200);
      const body = res.json();
      expect(body.batch).to.equal(batchId);
      expect(body.next).to.equal(null);
      expect(body.readings.map((r: { quantity: string }) => r.quantity)).to.deep.equal([
        '2.250000',
        '3.250000',
        '4.250000',
        '5.250000',
        '6.250000',
      ]);
      expect(body.readings[0].meter.externalId).to.equal('ALPHA-E1');
    });

    it('pages with the cursor, by sequence number', async function () {
      const first = await t.app.inject({
        method: 'GET',
        url: `/v1/batches/${batchSeq}/readings?limit=2`,
        headers: auth(alpha.adminKey),
      });
      expect(first.json().readings).to.have.length(2);
      const ids: number[] = first.json().readings.map((r: { id: number }) => r.id);
      let after = first.json().next as number | null;
      expect(after).to.equal(ids[1]);
      while (after !== null) {
        const page = await t.app.inject({
          method: 'GET',
          url: `/v1/batches/${batchSeq}/readings?limit=2&after=${after}`,
          headers: auth(alpha.adminKey),
        });
        ids.push(...page.json().readings.map((r: { id: number }) => r.id));
        after = page.json().next;
      }
      expect(ids).to.have.length(5);
      expect([...ids].sort((a, b) => a - b)).to.deep.equal(ids);
    });

    it('gives each listed reading a receipt', async function () {
      const list = await t.app.inject({
        method: 'GET',
        url: `/v1/batches/${batchId}/readings?limit=1`,
        headers: auth(alpha.adminKey),
      });
      const receipt = await t.app.inject({
        method: 'GET',
        url: `/v1/readings/${list.json().readings[0].id}/receipt`,
        headers: auth(alpha.adminKey),
      });
      expect(receipt.statusCode, receipt.body).to.equal(200);
      expect(receipt.json().batch.id).to.equal(batchId);
    });

    it("answers 404 for another organisation's batch, by id and by sequence number", async function () {
      for (const ref of [batchId, String(batchSeq)]) {
        const res = await t.app.inject({
          method: 'GET',
          url: `/v1/batches/${ref}/readings`,
          headers: auth(beta.adminKey),
        });
        expect(res.statusCode).to.equal(404);
        expect(res.json().code).to.equal('NT_ERR_NOT_FOUND');
        expect(res.json().hint).to.include('GET /v1/batches');
      }
    });

    it("answers 404 for another organisation's reading receipt", async function () {
      const list = await t.app.inject({
        method: 'GET',
        url: `/v1/batches/${batchId}/readings?limit=1`,
        headers: auth(alpha.adminKey),
      });
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/readings/${list.json().readings[0].id}/receipt`,
        headers: auth(beta.adminKey),
      });
      expect(res.statusCode).to.equal(404);
    });

    it('refuses a malformed batch reference and a bad cursor with codes', async function () {
      const bad = await t.app.inject({ method: 'GET', url: '/v1/batches/xyz/readings', headers: auth(alpha.adminKey) });
      expect(bad.statusCode).to.equal(404);
      const cursor = await t.app.inject({
        method: 'GET',
        url: `/v1/batches/${batchId}/readings?after=-3`,
        headers: auth(alpha.adminKey),
      });
      expect(cursor.statusCode).to.equal(400);
      expect(cursor.json().code).to.match(/^NT_ERR_/);
    });
  });

  describe('a lost and re-anchored batch', function () {
    it('counts the anchors it lost and is anchored again', async function () {
      await markAnchorsLost(db.db, [batchSeq], 'test: chain reset');
      const lost = await t.app.inject({ method: 'GET', url: `/v1/batches/${batchSeq}`, headers: auth(alpha.adminKey) });
      expect(lost.json()).to.deep.include({ status: 'anchor_lost', lostAnchors: 1, anchor: null });
      await anchorSealedBatches(db.db, chain);
      const again = await t.app.inject({
        method: 'GET',
        url: `/v1/batches/${batchSeq}`,
        headers: auth(alpha.adminKey),
      });
      expect(again.json()).to.deep.include({ status: 'anchored', lostAnchors: 1 });
      expect(again.json().anchor.txHash).to.match(/^0x[0-9a-f]{64}$/);
    });
  });
});
