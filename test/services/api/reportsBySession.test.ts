import { expect } from 'chai';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const QUARTER = 900_000;

/** The console opens reports with its session cookie; the same authority rules as with the key apply. */
describe('inventory reports with the console session cookie', function () {
  let db: TestDb;
  let t: TestApp;
  let inventoryId: string;
  let ownCookie: string;
  let otherCookie: string;

  const sessionCookie = async (apiKey: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { apiKey } });
    expect(res.statusCode, res.body).to.equal(201);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = setCookie.find((c) => c.startsWith('nt_session=')) as string;
    return session.split(';')[0];
  };

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    const org = await createOrgViaApi(t, 'Report Steel');
    const other = await createOrgViaApi(t, 'Report Other');
    const site = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: auth(org.adminKey),
      payload: { name: 'Plant R', gridRegion: 'East' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/v1/meters',
      headers: auth(org.adminKey),
      payload: { siteId: site.json().id, externalId: 'R-E1', energyKind: 'electricity' },
    });
    const first = Date.parse('2026-03-02T00:00:00Z');
    const readings = Array.from({ length: 4 }, (_, i) => ({
      meter: 'R-E1',
      start: new Date(first + i * QUARTER).toISOString(),
      value: '50',
    }));
    await t.app.inject({ method: 'POST', url: '/v1/readings', headers: auth(org.adminKey), payload: { readings } });
    const stored = await t.app.inject({
      method: 'POST',
      url: '/v1/inventories',
      headers: auth(org.adminKey),
      payload: { start: '2026-03-01', end: '2026-04-01' },
    });
    expect(stored.statusCode, stored.body).to.equal(201);
    inventoryId = stored.json().id;
    ownCookie = await sessionCookie(org.adminKey);
    otherCookie = await sessionCookie(other.adminKey);
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  it('serves the HTML report inline to its organisation’s session, for a sandboxed frame', async function () {
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/inventories/${inventoryId}/report?lang=en&disposition=inline`,
      headers: { cookie: ownCookie },
    });
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.headers['content-disposition']).to.match(/^inline; filename=/);
    expect(res.body).to.include('Report Steel');
  });

  it('still downloads as an attachment by default', async function () {
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/inventories/${inventoryId}/report`,
      headers: { cookie: ownCookie },
    });
    expect(res.headers['content-disposition']).to.match(/^attachment; filename=/);
  });

  it("answers 404 to another organisation's session", async function () {
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/inventories/${inventoryId}/report?disposition=inline`,
      headers: { cookie: otherCookie },
    });
    expect(res.statusCode).to.equal(404);
    expect(res.json().code).to.equal('NT_ERR_NOT_FOUND');
  });

  it('refuses without a session or key, and refuses an unknown disposition with a code', async function () {
    const anonymous = await t.app.inject({ method: 'GET', url: `/v1/inventories/${inventoryId}/report` });
    expect(anonymous.statusCode).to.equal(401);
    const bad = await t.app.inject({
      method: 'GET',
      url: `/v1/inventories/${inventoryId}/report?disposition=embed`,
      headers: { cookie: ownCookie },
    });
    expect(bad.statusCode).to.equal(400);
    expect(bad.json().code).to.match(/^NT_ERR_/);
  });
});
