import { expect } from 'chai';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

// Two local days (Asia/Shanghai) of 15-minute readings valued 1, 2, 3, 4 kWh in turn: every hour sums to 10 kWh,
// every day to 240 kWh.
const LOCAL_START = Date.parse('2026-11-01T00:00:00+08:00');
const INTERVALS = 192;
const at = (i: number) => new Date(LOCAL_START + i * 900_000).toISOString();
const unix = (iso: string) => Date.parse(iso) / 1000;

describe('GET /v1/series', function () {
  let db: TestDb;
  let t: TestApp;
  let a: { orgId: string; adminKey: string; meterId: string };
  let b: { orgId: string; adminKey: string };

  const series = (key: string, query: string) =>
    t.app.inject({ method: 'GET', url: `/v1/series?${query}`, headers: auth(key) });
  const period = `from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(INTERVALS))}`;

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    const orgA = await createOrgViaApi(t, 'Series Alpha');
    b = await createOrgViaApi(t, 'Series Beta');
    for (const org of [orgA, b]) {
      const site = await t.app.inject({
        method: 'POST',
        url: '/v1/sites',
        headers: auth(org.adminKey),
        payload: { name: 'Plant', gridRegion: 'East' },
      });
      await t.app.inject({
        method: 'POST',
        url: '/v1/meters',
        headers: auth(org.adminKey),
        payload: { siteId: site.json().id, externalId: org === b ? 'B-E1' : 'A-E1', energyKind: 'electricity' },
      });
    }
    const meters = await t.app.inject({ method: 'GET', url: '/v1/meters', headers: auth(orgA.adminKey) });
    a = { ...orgA, meterId: meters.json()[0].id };
    const readings = Array.from({ length: INTERVALS }, (_, i) => ({
      meter: 'A-E1',
      start: at(i),
      value: String((i % 4) + 1),
    }));
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/readings',
      headers: auth(orgA.adminKey),
      payload: { readings },
    });
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json().written).to.equal(INTERVALS);
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  it('sums the readings per hour, in the meter unit, by external id', async function () {
    const res = await series(a.adminKey, `meter=A-E1&${period}&resolution=hour`);
    expect(res.statusCode, res.body).to.equal(200);
    const body = res.json();
    expect(body).to.include({ unit: 'kWh', resolution: 'hour', buckets: 48 });
    expect(body.meter).to.deep.equal({ id: a.meterId, externalId: 'A-E1' });
    expect(body.points).to.have.length(48);
    expect(body.points[0]).to.deep.equal([unix(at(0)), '10', '10', '10']);
    expect(body.points[47][0]).to.equal(unix(at(188)));
  });

  it('downsamples 15-minute buckets to the width, keeping min and max', async function () {
    const res = await series(a.adminKey, `meter=${a.meterId}&${period}&resolution=15min&width=48`);
    const body = res.json();
    expect(body.buckets).to.equal(INTERVALS);
    expect(body.points).to.have.length(48);
    for (const [i, point] of body.points.entries()) expect(point).to.deep.equal([unix(at(i * 4)), '2.5', '1', '4']);
    const full = (await series(a.adminKey, `meter=${a.meterId}&${period}&resolution=15min`)).json();
    expect(full.points).to.have.length(INTERVALS);
    expect(full.points[2]).to.deep.equal([unix(at(2)), '3', '3', '3']);
  });

  it('reads days and months from the daily rollups on the local calendar', async function () {
    const days = (await series(a.adminKey, `meter=A-E1&${period}&resolution=day`)).json();
    expect(days.points).to.deep.equal([
      [unix('2026-10-31T16:00:00Z'), '240', '240', '240'],
      [unix('2026-11-01T16:00:00Z'), '240', '240', '240'],
    ]);
    const month = encodeURIComponent('2026-12-01T00:00:00+08:00');
    const months = (
      await series(a.adminKey, `meter=A-E1&from=${encodeURIComponent(at(0))}&to=${month}&resolution=month`)
    ).json();
    expect(months.points).to.deep.equal([[unix('2026-10-31T16:00:00Z'), '480', '480', '480']]);
  });

  it("never shows another organisation's meter (404 by external id and by UUID)", async function () {
    for (const ref of ['A-E1', a.meterId]) {
      const res = await series(b.adminKey, `meter=${ref}&${period}&resolution=hour`);
      expect(res.statusCode).to.equal(404);
      expect(res.json()).to.include({ code: 'NT_ERR_NOT_FOUND' });
    }
    const own = (await series(b.adminKey, `meter=B-E1&${period}&resolution=hour`)).json();
    expect(own.points).to.deep.equal([]);
  });

  it("answers the organisation's and a site's energy in kgce (0.1229 kgce/kWh), another's site a 404", async function () {
    const org = (await series(a.adminKey, `${period}&resolution=day`)).json();
    expect(org).to.include({ unit: 'kgce', buckets: 2 });
    expect(org.points[0]).to.deep.equal([unix('2026-10-31T16:00:00Z'), '29.496', '29.496', '29.496']);
    const sites = (await t.app.inject({ method: 'GET', url: '/v1/sites', headers: auth(a.adminKey) })).json();
    const site = (await series(a.adminKey, `site=${sites[0].id}&${period}&resolution=hour&width=2`)).json();
    expect(site.points).to.deep.equal([
      [unix(at(0)), '1.229', '1.229', '1.229'],
      [unix(at(96)), '1.229', '1.229', '1.229'],
    ]);
    const foreign = await series(b.adminKey, `site=${sites[0].id}&${period}&resolution=hour`);
    expect(foreign.statusCode).to.equal(404);
    expect((await series(b.adminKey, `${period}&resolution=day`)).json().points).to.deep.equal([]);
  });

  it('refuses an empty period with a coded error', async function () {
    const res = await series(
      a.adminKey,
      `meter=A-E1&from=${encodeURIComponent(at(4))}&to=${encodeURIComponent(at(4))}&resolution=day`,
    );
    expect(res.statusCode).to.equal(400);
    expect(res.json()).to.include({ code: 'NT_ERR_SERIES_PERIOD' });
  });
});
