import { expect } from 'chai';
import { syntheticSite } from '../../../scripts/bench/syntheticLoads';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

// End to end through the API on the test database (PostgreSQL, or PGlite with TEST_DB=pglite): daily readings of a
// synthetic site with 10 % savings in its second year, drivers uploaded as CSV and JSON, a baseline fitted and
// accepted, savings recovered; a baseline that fails acceptance refuses to report savings.
describe('M&V API (drivers, baselines, savings)', function () {
  this.timeout(120_000);
  let db: TestDb;
  let t: TestApp;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  let meterId: string;
  let baselineId: string;
  const site = syntheticSite(7, 0.1);
  const allDays = [...site.baseline, ...site.reporting];

  const call = (key: string, method: 'GET' | 'POST', url: string, payload?: unknown, headers = {}) =>
    t.app.inject({ method, url, headers: { ...auth(key), ...headers }, payload: payload as string });

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    a = await createOrgViaApi(t, 'Alpha');
    b = await createOrgViaApi(t, 'Beta');
    const siteRes = await call(a.adminKey, 'POST', '/v1/sites', { name: 'Plant' });
    const meter = await call(a.adminKey, 'POST', '/v1/meters', {
      siteId: siteRes.json().id,
      externalId: 'MAIN',
      energyKind: 'electricity',
      intervalSeconds: 86400,
    });
    meterId = meter.json().id;
    const readings = allDays.map((d) => ({
      meter: 'MAIN',
      start: `${d.day}T00:00:00+08:00`,
      value: d.energy.toFixed(3),
    }));
    const res = await call(a.adminKey, 'POST', '/v1/readings', { readings });
    expect(res.statusCode, res.body).to.equal(200);
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  it('takes a driver as CSV and gives it back', async function () {
    const csv = ['day,value', ...allDays.map((d) => `${d.day},${(d.temperature as number).toFixed(4)}`)].join('\n');
    const res = await call(a.adminKey, 'POST', '/v1/drivers/outdoor_temp/values?unit=degC', csv, {
      'content-type': 'text/csv',
    });
    expect(res.json(), res.body).to.deep.equal({ name: 'outdoor_temp', stored: 730 });
    const back = await call(a.adminKey, 'GET', '/v1/drivers/outdoor_temp/values?from=2024-01-01&to=2024-01-03');
    expect(back.json()).to.deep.equal({
      name: 'outdoor_temp',
      unit: 'degC',
      values: allDays.slice(0, 2).map((d) => ({ day: d.day, value: (d.temperature as number).toFixed(4) })),
    });
  });

  it('takes a driver as JSON', async function () {
    const values = allDays.map((d) => ({ day: d.day, value: d.drivers.production.toFixed(2) }));
    const res = await call(a.adminKey, 'POST', '/v1/drivers/production/values', { unit: 't', values });
    expect(res.json(), res.body).to.deep.equal({ name: 'production', stored: 730 });
  });

  it('refuses bad driver values, naming each by line', async function () {
    const res = await call(a.adminKey, 'POST', '/v1/drivers/production/values?unit=t', 'day,value\n2024-02-30,1\n', {
      'content-type': 'text/csv',
    });
    expect(res.statusCode).to.equal(422);
    expect(res.json()).to.include({ code: 'NT_ERR_ANALYSIS_DRIVER_VALUES' });
    expect(res.json().errors[0]).to.include({ index: 2, field: 'day' });
  });

  it('fits an accepted baseline over the first year', async function () {
    const res = await call(a.adminKey, 'POST', '/v1/baselines', {
      meterIds: [meterId],
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      temperatureDriver: 'outdoor_temp',
      drivers: ['production'],
    });
    expect(res.statusCode, res.body).to.equal(201);
    const body = res.json();
    baselineId = body.id;
    expect(body).to.include({ accepted: true, unit: 'kWh' });
    expect(body.model.n).to.equal(365);
    expect(body.model.terms.map((term: { term: string }) => term.term)).to.deep.equal([
      'intercept',
      'hdd',
      'cdd',
      'driver:production',
    ]);
    expect(body.model.spec.heatingBalancePoint).to.be.closeTo(site.truth.heatingBalance, 1);
    const stored = await call(a.adminKey, 'GET', `/v1/baselines/${baselineId}`);
    expect(stored.json()).to.deep.equal(body);
  });

  it('reports the savings of the second year within ±10 % of the truth', async function () {
    const res = await call(a.adminKey, 'GET', `/v1/baselines/${baselineId}/savings?from=2024-12-31&to=2025-12-31`);
    expect(res.statusCode, res.body).to.equal(200);
    const body = res.json();
    expect(body.days).to.equal(365);
    expect(body.avoided).to.match(/^\d+\.\d{3}$/);
    expect(Math.abs(Number(body.avoided) - site.truthSavings) / site.truthSavings).to.be.below(0.1);
  });

  it('refuses savings from a baseline that fails acceptance, saying which criterion', async function () {
    const res = await call(a.adminKey, 'POST', '/v1/baselines', {
      meterIds: [meterId],
      periodStart: '2024-01-01',
      periodEnd: '2024-03-01',
      temperatureDriver: 'outdoor_temp',
    });
    expect(res.json()).to.include({ accepted: false });
    const savings = await call(
      a.adminKey,
      'GET',
      `/v1/baselines/${res.json().id}/savings?from=2025-01-01&to=2025-02-01`,
    );
    expect(savings.statusCode).to.equal(422);
    expect(savings.json()).to.include({ code: 'NT_ERR_ANALYSIS_BASELINE_NOT_ACCEPTED' });
    expect(savings.json().message).to.contain('baselineDays 60');
    expect(savings.json().failedCriteria.map((c: { criterion: string }) => c.criterion)).to.include('baselineDays');
  });

  it("hides one organisation's baselines and drivers from another", async function () {
    expect((await call(b.adminKey, 'GET', `/v1/baselines/${baselineId}`)).statusCode).to.equal(404);
    expect((await call(b.adminKey, 'GET', '/v1/drivers/outdoor_temp/values')).statusCode).to.equal(404);
    const res = await call(b.adminKey, 'POST', '/v1/baselines', {
      meterIds: [meterId],
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
    });
    expect(res.json()).to.include({ code: 'NT_ERR_ANALYSIS_METERS' });
  });
});
