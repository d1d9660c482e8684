import { expect } from 'chai';
import { anchorSealedBatches } from '../../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../../services/batching/sealBatches';
import { receiptIsValid, verifyReceipt } from '../../../services/receipts/verifyReceipt';
import { auth, createOrgViaApi, createTestApp, multipartBody, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const T0 = Date.parse('2026-11-01T00:00:00Z');
const iso = (i: number) => new Date(T0 + i * 900_000).toISOString();

describe('HTTP API', function () {
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let a: { orgId: string; adminKey: string; meterId: string; ingestKey: string; readKey: string };
  let b: { orgId: string; adminKey: string };

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain);
    const orgA = await createOrgViaApi(t, 'Alpha Steel');
    b = await createOrgViaApi(t, 'Beta Cement');
    const site = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: auth(orgA.adminKey),
      payload: { name: 'Plant A', gridRegion: 'East' },
    });
    const meter = await t.app.inject({
      method: 'POST',
      url: '/v1/meters',
      headers: auth(orgA.adminKey),
      payload: { siteId: site.json().id, externalId: 'A-E1', energyKind: 'electricity' },
    });
    const key = (scopes: string[]) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: auth(orgA.adminKey),
        payload: { name: scopes.join('+'), scopes },
      });
    a = {
      ...orgA,
      meterId: meter.json().id,
      ingestKey: (await key(['ingest'])).json().key,
      readKey: (await key(['read'])).json().key,
    };
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  describe('access', function () {
    it('answers 401 with a code and hint without a key', async function () {
      const res = await t.app.inject({ method: 'GET', url: '/v1/meters' });
      expect(res.statusCode).to.equal(401);
      expect(res.json()).to.include({ code: 'NT_ERR_AUTH_MISSING' });
    });

    it('answers 401 for an unknown key', async function () {
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/meters',
        headers: auth('nt_000000000000_' + '0'.repeat(64)),
      });
      expect(res.statusCode).to.equal(401);
    });

    it('refuses ingest with a read-only key', async function () {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/readings',
        headers: auth(a.readKey),
        payload: { readings: [] },
      });
      expect(res.json()).to.include({ statusCode: 403, code: 'NT_ERR_AUTH_SCOPE', requiredScope: 'ingest' });
    });

    it('refuses reads with an ingest-only key', async function () {
      const res = await t.app.inject({ method: 'GET', url: '/v1/meters', headers: auth(a.ingestKey) });
      expect(res.statusCode).to.equal(403);
    });

    it('refuses organisation creation with an organisation admin key', async function () {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/organisations',
        headers: auth(a.adminKey),
        payload: { name: 'x' },
      });
      expect(res.statusCode).to.equal(403);
    });

    it('stops accepting a revoked key', async function () {
      const issued = (
        await t.app.inject({
          method: 'POST',
          url: '/v1/api-keys',
          headers: auth(a.adminKey),
          payload: { name: 'tmp', scopes: ['read'] },
        })
      ).json();
      await t.app.inject({ method: 'DELETE', url: `/v1/api-keys/${issued.id}`, headers: auth(a.adminKey) });
      const res = await t.app.inject({ method: 'GET', url: '/v1/meters', headers: auth(issued.key) });
      expect(res.statusCode).to.equal(401);
    });

    it('rejects unknown fields in a meter registration', async function () {
      const sites = (await t.app.inject({ method: 'GET', url: '/v1/sites', headers: auth(a.adminKey) })).json();
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/meters',
        headers: auth(a.adminKey),
        payload: { siteId: sites[0].id, externalId: 'X', energyKind: 'electricity', colour: 'red' },
      });
      expect(res.json()).to.include({ statusCode: 400, code: 'NT_ERR_REQUEST_INVALID' });
    });

    it('serves the OpenAPI document', async function () {
      const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
      expect(res.json().paths).to.have.property('/v1/readings');
    });
  });

  describe('ingest through every door, then receipts', function () {
    before(async function () {
      const json = await t.app.inject({
        method: 'POST',
        url: '/v1/readings',
        headers: { ...auth(a.ingestKey), 'idempotency-key': 'batch-1' },
        payload: { readings: [0, 1, 2, 3].map((i) => ({ meter: 'A-E1', start: iso(i), value: `${10 + i}.5` })) },
      });
      expect(json.statusCode, json.body).to.equal(200);
      const ndjson = await t.app.inject({
        method: 'POST',
        url: '/v1/readings',
        headers: { ...auth(a.ingestKey), 'content-type': 'application/x-ndjson' },
        payload: [4, 5].map((i) => JSON.stringify({ meter: 'A-E1', start: iso(i), value: '1' })).join('\n') + '\n',
      });
      expect(ndjson.json()).to.include({ accepted: 2 });
      const csv = multipartBody(
        { mapping: JSON.stringify({ meter: { value: 'A-E1' }, time: 'time', value: 'kwh' }) },
        { name: 'a.csv', content: `time,kwh\n${iso(6)},2\n${iso(7)},3\n` },
      );
      const csvRes = await t.app.inject({
        method: 'POST',
        url: '/v1/readings/csv',
        headers: { ...auth(a.ingestKey), ...csv.headers },
        payload: csv.payload,
      });
      expect(csvRes.json(), csvRes.body).to.include({ accepted: 2 });
      await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1 });
      await anchorSealedBatches(db.db, chain);
    });

    it('answers a retried request with the same body and key identically', async function () {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/readings',
        headers: { ...auth(a.ingestKey), 'idempotency-key': 'batch-1' },
        payload: { readings: [0, 1, 2, 3].map((i) => ({ meter: 'A-E1', start: iso(i), value: `${10 + i}.5` })) },
      });
      expect(res.json()).to.include({ accepted: 4, requestKey: 'batch-1' });
    });

    it('lists the cleaned readings', async function () {
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/readings?meter=${a.meterId}&from=${iso(0)}&to=${iso(8)}`,
        headers: auth(a.readKey),
      });
      expect(res.json().map((r: { quantity: string }) => r.quantity)).to.deep.equal([
        '10.500000',
        '11.500000',
        '12.500000',
        '13.500000',
        '1.000000',
        '1.000000',
        '2.000000',
        '3.000000',
      ]);
    });

    it('shows the batch anchored', async function () {
      const res = await t.app.inject({ method: 'GET', url: '/v1/batches', headers: auth(a.readKey) });
      expect(res.json()[0]).to.deep.include({ status: 'anchored', leafCount: 8 });
    });

    it('serves a receipt that verifies independently', async function () {
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/receipts?meter=${a.meterId}&start=${iso(6)}`,
        headers: auth(a.readKey),
      });
      expect(res.statusCode, res.body).to.equal(200);
      expect(receiptIsValid(await verifyReceipt(res.json(), chain.rpcUrl))).to.equal(true);
    });

    it("verifies the organisation's batches", async function () {
      const res = await t.app.inject({ method: 'POST', url: '/v1/verify', headers: auth(a.readKey) });
      expect(res.json()).to.deep.include({ ok: true, readingsChecked: 8 });
    });

    describe('isolation', function () {
      it("hides another organisation's meter", async function () {
        const res = await t.app.inject({ method: 'GET', url: `/v1/meters/${a.meterId}`, headers: auth(b.adminKey) });
        expect(res.statusCode).to.equal(404);
      });

      it("hides another organisation's readings", async function () {
        const res = await t.app.inject({
          method: 'GET',
          url: `/v1/readings?meter=${a.meterId}&from=${iso(0)}&to=${iso(8)}`,
          headers: auth(b.adminKey),
        });
        expect(res.statusCode).to.equal(404);
      });

      it("hides another organisation's receipts", async function () {
        const res = await t.app.inject({
          method: 'GET',
          url: `/v1/receipts?meter=${a.meterId}&start=${iso(6)}`,
          headers: auth(b.adminKey),
        });
        expect(res.statusCode).to.equal(404);
      });

      it("hides another organisation's batches", async function () {
        const mine = (await t.app.inject({ method: 'GET', url: '/v1/batches', headers: auth(a.readKey) })).json();
        const res = await t.app.inject({ method: 'GET', url: `/v1/batches/${mine[0].id}`, headers: auth(b.adminKey) });
        expect(res.statusCode).to.equal(404);
      });

      it("refuses writes to another organisation's meter", async function () {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/readings',
          headers: auth(b.adminKey),
          payload: { readings: [{ meter: 'A-E1', start: iso(9), value: '1' }] },
        });
        expect(res.json()).to.include({ statusCode: 422, code: 'NT_ERR_INGEST_INVALID' });
      });

      it('lists no batches of another organisation', async function () {
        const res = await t.app.inject({ method: 'GET', url: '/v1/batches', headers: auth(b.adminKey) });
        expect(res.json()).to.deep.equal([]);
      });
    });
  });
});
