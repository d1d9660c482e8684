import { expect } from 'chai';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const T0 = Date.parse('2026-11-01T00:00:00Z');
const iso = (quarter: number) => new Date(T0 + quarter * 900_000).toISOString();

describe('GET /v1/readings, a page at a time', function () {
  this.timeout(60_000);
  let db: TestDb;
  let t: TestApp;
  let key: string;
  let otherKey: string;
  let meterId: string;

  const get = (k: string, query: string) =>
    t.app.inject({ method: 'GET', url: `/v1/readings?${query}`, headers: auth(k) });

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    key = (await createOrgViaApi(t, 'Paging Steel')).adminKey;
    otherKey = (await createOrgViaApi(t, 'Paging Cement')).adminKey;
    const site = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: auth(key),
      payload: { name: 'Plant', gridRegion: 'East' },
    });
    const meter = await t.app.inject({
      method: 'POST',
      url: '/v1/meters',
      headers: auth(key),
      payload: { siteId: site.json().id, externalId: 'P-E1', energyKind: 'electricity', timeZone: 'UTC' },
    });
    meterId = meter.json().id;
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/readings',
      headers: auth(key),
      payload: {
        readings: Array.from({ length: 25 }, (_, i) => ({ meter: 'P-E1', start: iso(i), value: `${i + 1}` })),
      },
    });
    expect(res.statusCode, res.body).to.equal(200);
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  it('pages through every reading once, in order, with the cursor of each page, and no cursor on the last', async function () {
    const seen: string[] = [];
    const cursors: (string | undefined)[] = [];
    let after = '';
    for (let page = 0; page < 5; page++) {
      const res = await get(key, `meter=P-E1&from=${iso(0)}&to=${iso(96)}&limit=10${after && `&after=${after}`}`);
      expect(res.statusCode, res.body).to.equal(200);
      seen.push(...res.json().map((r: { intervalStart: string }) => r.intervalStart));
      const cursor = res.headers['x-nengtan-next-cursor'] as string | undefined;
      cursors.push(cursor);
      if (!cursor) break;
      expect(res.headers.link).to.include(`after=${cursor}`).and.include('rel="next"');
      after = cursor;
    }
    expect(seen).to.deep.equal(Array.from({ length: 25 }, (_, i) => iso(i)));
    expect(cursors.map((c) => c !== undefined)).to.deep.equal([true, true, false]);
  });

  it('pages the same way through every revision', async function () {
    const first = await get(key, `meter=${meterId}&from=${iso(0)}&to=${iso(96)}&limit=20&revisions=all`);
    const rest = await get(
      key,
      `meter=${meterId}&from=${iso(0)}&to=${iso(96)}&limit=20&revisions=all&after=${first.headers['x-nengtan-next-cursor']}`,
    );
    expect([first.json().length, rest.json().length, rest.headers['x-nengtan-next-cursor']]).to.deep.equal([
      20,
      5,
      undefined,
    ]);
    expect(rest.json()[0].intervalStart).to.equal(iso(20));
  });

  it('takes the meter by external id or UUID, and answers another organisation’s meter 404 either way', async function () {
    const byId = await get(key, `meter=${meterId}&from=${iso(0)}&to=${iso(4)}`);
    const byExternal = await get(key, `meter=P-E1&from=${iso(0)}&to=${iso(4)}`);
    expect(byExternal.json()).to.deep.equal(byId.json());
    expect(byId.json()).to.have.length(4);
    expect((await get(otherKey, `meter=P-E1&from=${iso(0)}&to=${iso(4)}`)).statusCode).to.equal(404);
    expect((await get(otherKey, `meter=${meterId}&from=${iso(0)}&to=${iso(4)}`)).statusCode).to.equal(404);
    expect((await get(key, `meter=${'-'.repeat(36)}&from=${iso(0)}&to=${iso(4)}`)).statusCode).to.equal(404);
  });

  it('refuses a cursor it did not hand out, with a code and a hint', async function () {
    const res = await get(key, `meter=P-E1&from=${iso(0)}&to=${iso(96)}&after=bm90LWEtY3Vyc29y`);
    expect([res.statusCode, res.json().code]).to.deep.equal([400, 'NT_ERR_REQUEST_INVALID']);
    expect(res.json().hint).to.include('x-nengtan-next-cursor');
  });
});
