import { expect } from 'chai';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * What the console's baselines page reads: GET /v1/drivers, GET /v1/baselines and a model's fit, each the caller's own.
 * Daily energy 100 + 2 × production over 60 days (production 10, 11, ... 69 t): a perfect fit (R² 1) that still fails
 * acceptance, being shorter than a year.
 */
describe('M&V reads for the console (GET /v1/drivers, GET /v1/baselines, GET /v1/baselines/{id}/fit)', function () {
  let db: TestDb;
  let t: TestApp;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  let baseline: { id: string; model: { rSquared: number; cvRmse: number; nmbe: number } };

  const call = (key: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: auth(key), payload: payload as object });
  const days = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10));

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    a = await createOrgViaApi(t, 'Alpha');
    b = await createOrgViaApi(t, 'Beta');
    const site = (await call(a.adminKey, 'POST', '/v1/sites', { name: 'Plant' })).json();
    const meter = await call(a.adminKey, 'POST', '/v1/meters', {
      siteId: site.id,
      externalId: 'MAIN',
      energyKind: 'electricity',
      intervalSeconds: 86400,
    });
    const readings = days.map((day, i) => ({ meter: 'MAIN', start: `${day}T00:00:00+08:00`, value: `${120 + 2 * i}` }));
    expect((await call(a.adminKey, 'POST', '/v1/readings', { readings })).statusCode).to.equal(200);
    const values = days.map((day, i) => ({ day, value: `${10 + i}` }));
    const driver = await call(a.adminKey, 'POST', '/v1/drivers/production/values', { unit: 't', values });
    expect(driver.json(), driver.body).to.deep.equal({ name: 'production', stored: 60 });
    const fitted = await call(a.adminKey, 'POST', '/v1/baselines', {
      name: 'Plant 2025',
      meterIds: [meter.json().id],
      periodStart: '2025-01-01',
      periodEnd: '2025-03-02',
      drivers: ['production'],
    });
    expect(fitted.statusCode, fitted.body).to.equal(201);
    baseline = fitted.json();
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  it('lists the drivers with their unit and the days they cover', async function () {
    const res = await call(a.adminKey, 'GET', '/v1/drivers');
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json()).to.deep.equal([
      { name: 'production', unit: 't', days: 60, firstDay: '2025-01-01', lastDay: '2025-03-01' },
    ]);
  });

  it('lists the baselines with their verdict and the statistics of their model', async function () {
    const res = await call(a.adminKey, 'GET', '/v1/baselines');
    expect(res.statusCode, res.body).to.equal(200);
    const [listed] = res.json();
    expect(listed).to.include({
      id: baseline.id,
      name: 'Plant 2025',
      unit: 'kWh',
      periodStart: '2025-01-01',
      periodEnd: '2025-03-02',
      accepted: false,
      rSquared: baseline.model.rSquared,
      cvRmse: baseline.model.cvRmse,
      nmbe: baseline.model.nmbe,
    });
    expect(listed.rSquared).to.be.closeTo(1, 1e-9);
    expect(listed.drivers).to.deep.equal(['production']);
  });

  it("gives the model's daily values beside the measured ones, over the baseline period or another", async function () {
    const res = await call(a.adminKey, 'GET', `/v1/baselines/${baseline.id}/fit`);
    expect(res.statusCode, res.body).to.equal(200);
    const fit = res.json();
    expect(fit).to.include({ unit: 'kWh', periodStart: '2025-01-01', periodEnd: '2025-03-02' });
    expect(fit.days).to.have.length(60);
    // Energy 120 + 2i = 100 + 2 × production (10 + i): the model reproduces every day.
    expect(fit.days[0]).to.deep.equal({ day: '2025-01-01', actual: '120.000000', predicted: '120.000' });
    expect(fit.days[59]).to.deep.equal({ day: '2025-03-01', actual: '238.000000', predicted: '238.000' });
    const part = (
      await call(a.adminKey, 'GET', `/v1/baselines/${baseline.id}/fit?from=2025-02-01&to=2025-02-03`)
    ).json();
    expect(part.days.map((d: { day: string }) => d.day)).to.deep.equal(['2025-02-01', '2025-02-02']);
  });

  it('refuses a fit over a period that ends before it starts, with a code', async function () {
    const res = await call(a.adminKey, 'GET', `/v1/baselines/${baseline.id}/fit?from=2025-02-03&to=2025-02-01`);
    expect(res.statusCode).to.equal(422);
    expect(res.json()).to.include({ code: 'NT_ERR_ACCOUNTING_PERIOD' });
  });

  it("shows an organisation none of another's drivers or baselines", async function () {
    expect((await call(b.adminKey, 'GET', '/v1/drivers')).json()).to.deep.equal([]);
    expect((await call(b.adminKey, 'GET', '/v1/baselines')).json()).to.deep.equal([]);
    expect((await call(b.adminKey, 'GET', `/v1/baselines/${baseline.id}/fit`)).statusCode).to.equal(404);
  });
});
