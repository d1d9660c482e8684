import { expect } from 'chai';
import { ingestDeferred } from '../../../services/ingest/deferredIngest';
import { startDeferredIngestThread } from '../../../services/ingest/deferredIngestThread';
import { startDeferredIngestWorker } from '../../../services/ingest/deferredIngestWorker';
import { ingestReadings, sha256 } from '../../../services/ingest/ingestReadings';
import { parseJsonBatch } from '../../../services/ingest/received';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const T0 = Date.parse('2026-10-01T00:00:00Z');
const iso = (i: number) => new Date(T0 + i * 900_000).toISOString();
const ASYNC = { prefer: 'respond-async' };

function readings(meter: string, from: number, count: number, value = '1.500') {
  return { readings: Array.from({ length: count }, (_, i) => ({ meter, start: iso(from + i), value })) };
}

describe('deferred ingest (Prefer: respond-async)', function () {
  let db: TestDb;
  let t: TestApp;
  let org: { orgId: string; adminKey: string };
  let other: { orgId: string; adminKey: string };
  let meterId: string;

  const post = (payload: object, headers: Record<string, string> = {}, key = org.adminKey) =>
    t.app.inject({ method: 'POST', url: '/v1/readings', headers: { ...auth(key), ...headers }, payload });
  const stateOf = (requestKey: string, key = org.adminKey) =>
    t.app.inject({
      method: 'GET',
      url: `/v1/readings/requests/${encodeURIComponent(requestKey)}`,
      headers: auth(key),
    });
  const count = async (table: 'readings' | 'raw_readings') =>
    Number(
      (
        await db.db.query<{ n: string }>(`select count(*)::text as n from ${table} where meter_id = $1::uuid`, [
          meterId,
        ])
      ).rows[0].n,
    );

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    org = await createOrgViaApi(t, 'Deferred Steel');
    other = await createOrgViaApi(t, 'Other Cement');
    const site = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: auth(org.adminKey),
      payload: { name: 'Plant' },
    });
    for (const externalId of ['D-E1', 'D-E2']) {
      const meter = await t.app.inject({
        method: 'POST',
        url: '/v1/meters',
        headers: auth(org.adminKey),
        payload: { siteId: site.json().id, externalId, energyKind: 'electricity' },
      });
      if (externalId === 'D-E1') meterId = meter.json().id;
    }
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  it('answers 202 once the body is stored, ingests it later with the answer a synchronous request gets', async function () {
    const res = await post(readings('D-E1', 0, 96), { ...ASYNC, 'idempotency-key': 'day-1' });
    expect(res.statusCode).to.equal(202);
    expect(res.headers['preference-applied']).to.equal('respond-async');
    expect(res.headers.location).to.equal('/v1/readings/requests/day-1');
    expect(res.json()).to.include({ requestKey: 'day-1', state: 'pending', attempts: 0 });
    // Acknowledged means stored: the body is in the database before any reading is.
    expect(await count('raw_readings')).to.equal(0);
    const stored = await db.db.query<{ n: string }>(
      "select count(*)::text as n from deferred_ingests where idempotency_key = 'day-1'",
    );
    expect(stored.rows[0].n).to.equal('1');
    expect((await stateOf('day-1')).json()).to.include({ state: 'pending' });

    expect(await ingestDeferred(db.db, t.config.vee, t.config.ingestMaxReadings)).to.equal(1);
    const state = (await stateOf('day-1')).json();
    expect(state).to.include({ state: 'done', attempts: 1 });
    expect(state.result).to.include({ requestKey: 'day-1', received: 96, accepted: 96, written: 96 });
    expect(await count('raw_readings')).to.equal(96);
    expect(await count('readings')).to.equal(96);

    // A retry after it was ingested, deferred or not, gets the stored answer and stores nothing again.
    const again = await post(readings('D-E1', 0, 96), { ...ASYNC, 'idempotency-key': 'day-1' });
    expect(again.statusCode).to.equal(200);
    expect(again.json()).to.deep.equal(state.result);
    const sync = await post(readings('D-E1', 0, 96), { 'idempotency-key': 'day-1' });
    expect(sync.json()).to.deep.equal(state.result);
    expect(await ingestDeferred(db.db, t.config.vee, t.config.ingestMaxReadings)).to.equal(0);
    expect(await count('raw_readings')).to.equal(96);
  });

  it('refuses an invalid request at once, with every problem, and stores nothing', async function () {
    const body = readings('D-E1', 200, 3);
    body.readings[1].value = 'abc';
    body.readings.push({ meter: 'NO-SUCH-METER', start: iso(210), value: '1' });
    const res = await post(body, ASYNC);
    expect(res.statusCode).to.equal(422);
    expect(res.json().code).to.equal('NT_ERR_INGEST_INVALID');
    expect(res.json().errors.map((e: { index: number }) => e.index)).to.deep.equal([1, 3]);
    const { rows } = await db.db.query<{ n: string }>('select count(*)::text as n from deferred_ingests');
    expect(rows[0].n).to.equal('1');
  });

  it('answers a retry of a pending request with the same 202, and refuses the key with another body', async function () {
    const first = await post(readings('D-E1', 300, 4), ASYNC);
    const retry = await post(readings('D-E1', 300, 4), ASYNC);
    expect(first.statusCode).to.equal(202);
    expect(retry.statusCode).to.equal(202);
    expect(retry.json().requestKey)
      .to.equal(first.json().requestKey)
      .and.match(/^sha256:[0-9a-f]{64}$/);
    const keyed = await post(readings('D-E1', 400, 4), { ...ASYNC, 'idempotency-key': 'k-2' });
    expect(keyed.statusCode).to.equal(202);
    const clash = await post(readings('D-E1', 400, 5), { ...ASYNC, 'idempotency-key': 'k-2' });
    expect(clash.statusCode).to.equal(422);
    expect(clash.json().code).to.equal('NT_ERR_INGEST_IDEMPOTENCY_MISMATCH');
    expect(await ingestDeferred(db.db, t.config.vee, t.config.ingestMaxReadings)).to.equal(2);
    expect(await count('raw_readings')).to.equal(96 + 4 + 4);
  });

  it('ingests an organisation’s requests in arrival order: the first value is accepted, the later one conflicts', async function () {
    await post({ readings: [{ meter: 'D-E2', start: iso(500), value: '1.000' }] }, ASYNC);
    await post({ readings: [{ meter: 'D-E2', start: iso(500), value: '2.000' }] }, ASYNC);
    expect(await ingestDeferred(db.db, t.config.vee, t.config.ingestMaxReadings)).to.equal(2);
    const { rows } = await db.db.query<{ value: string; status: string }>(
      `select r.value::text, r.status from raw_readings r join meters m on m.id = r.meter_id
       where m.external_id = 'D-E2' order by r.id`,
    );
    expect(rows.map((r) => [r.value, r.status])).to.deep.equal([
      ['1.000', 'accepted'],
      ['2.000', 'conflict'],
    ]);
  });

  it('marks a request failed when its meter was retired meanwhile, and keeps its body', async function () {
    const res = await post(readings('D-E2', 600, 2), { ...ASYNC, 'idempotency-key': 'late' });
    expect(res.statusCode).to.equal(202);
    const meters = await t.app.inject({ method: 'GET', url: '/v1/meters', headers: auth(org.adminKey) });
    const e2 = meters.json().find((m: { externalId: string }) => m.externalId === 'D-E2');
    const retired = await t.app.inject({
      method: 'POST',
      url: `/v1/meters/${e2.id}/retire`,
      headers: auth(org.adminKey),
      payload: { reason: 'replaced' },
    });
    expect(retired.statusCode).to.equal(200);
    await ingestDeferred(db.db, t.config.vee, t.config.ingestMaxReadings);
    const state = (await stateOf('late')).json();
    expect(state.state).to.equal('failed');
    expect(state.error.code).to.equal('NT_ERR_INGEST_INVALID');
    expect(state.result).to.equal(undefined);
    const { rows } = await db.db.query<{ n: number }>(
      "select length(body) as n from deferred_ingests where idempotency_key = 'late'",
    );
    expect(rows[0].n).to.be.greaterThan(0);
  });

  it('ingests a request exactly once when the worker died after ingesting it and before marking it done', async function () {
    const body = readings('D-E1', 700, 8);
    const res = await post(body, { ...ASYNC, 'idempotency-key': 'crash' });
    expect(res.statusCode).to.equal(202);
    // What the dead worker did: claimed it, ingested it (committed), and died before marking it done.
    await db.db.query(
      "update deferred_ingests set taken_at = now() - interval '2 minutes', attempts = 1 where idempotency_key = 'crash'",
    );
    const { batch, problems } = parseJsonBatch(body, 50_000);
    await ingestReadings(db.db, t.config.vee, {
      orgId: org.orgId,
      source: 'http',
      batch,
      problems,
      idempotencyKey: 'crash',
      bodyHash: sha256(JSON.stringify(body)),
    });
    const before = await count('raw_readings');
    expect(await ingestDeferred(db.db, t.config.vee, t.config.ingestMaxReadings)).to.equal(1);
    expect(await count('raw_readings')).to.equal(before);
    expect((await stateOf('crash')).json()).to.include({ state: 'done', attempts: 2 });
  });

  it('is ingested by the worker as soon as the route wakes it', async function () {
    const worker = startDeferredIngestWorker(
      db.db,
      { vee: t.config.vee, maxReadings: t.config.ingestMaxReadings, intervalMs: 60_000 },
      { info() {}, warn() {}, error() {} },
    );
    try {
      const res = await post(readings('D-E1', 800, 4), { ...ASYNC, 'idempotency-key': 'woken' });
      expect(res.statusCode).to.equal(202);
      worker.wake();
      for (let i = 0; i < 100 && (await stateOf('woken')).json().state === 'pending'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await stateOf('woken')).json()).to.include({ state: 'done' });
    } finally {
      await worker.stop();
    }
  });

  it('is ingested on its own thread with its own pool (PostgreSQL), woken by the route and stopped cleanly', async function () {
    // PGlite's database lives on the calling thread, so the embedded path keeps the in-process worker.
    if (!db.url) this.skip();
    const logged: string[] = [];
    const thread = startDeferredIngestThread(
      db.url as string,
      { vee: t.config.vee, maxReadings: t.config.ingestMaxReadings, intervalMs: 60_000 },
      { info: (_o, msg) => logged.push(`${msg}`), warn() {}, error: (_o, msg) => logged.push(`error ${msg}`) },
    );
    try {
      const res = await post(readings('D-E1', 900, 4), { ...ASYNC, 'idempotency-key': 'threaded' });
      expect(res.statusCode).to.equal(202);
      thread.wake();
      for (let i = 0; i < 200 && (await stateOf('threaded')).json().state === 'pending'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const state = (await stateOf('threaded')).json();
      expect(state).to.include({ state: 'done' });
      expect(state.result.accepted).to.equal(4);
      await thread.tick();
      expect(logged).to.include('deferred ingest requests ingested');
      expect(logged.filter((line) => line.startsWith('error'))).to.deep.equal([]);
    } finally {
      await thread.stop();
    }
    // Stopped: a wake or a tick after stop is harmless.
    thread.wake();
    await thread.tick();
  });

  it('shows a request only to its own organisation', async function () {
    expect((await stateOf('day-1', other.adminKey)).statusCode).to.equal(404);
    const res = await stateOf('no-such-key');
    expect(res.statusCode).to.equal(404);
    expect(res.json().code).to.equal('NT_ERR_INGEST_REQUEST_NOT_FOUND');
  });
});
