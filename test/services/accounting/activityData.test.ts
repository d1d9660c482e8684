import { expect } from 'chai';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { electricityMeterWithOneDay } from '../../helpers/meteredDay';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * Non-metered activity data through the API, and an inventory that uses it, on the seeded nengtan-default v2.
 * The cement works (site "Kiln", meter E: 96 quarter hours × 10 kWh on 1 March 2025 = 960 kWh) records for March:
 *   clinker 1,000 t → 1,000 × 0.52 tCO2/t = 520,000 kg CO2 (process);
 *   R-134a 2 kg leaked → 2 × 1,300 (AR5) = 2,600 kg CO2e (fugitive);
 *   wood 10 t → 10 × 15.6 GJ/t × 112,000 kg/TJ = 17,472 kg biomass CO2, not in the totals.
 * Electricity: no 2025 East factor is published, 2023's 0.5500 stands in → 960 × 0.55 = 528 kg.
 * Scope 1 = 522,600 kg; gross location-based = 523,128 kg; no exports, so net = gross.
 */
describe('activity data that is not metered (POST/GET /v1/activity-data)', function () {
  let db: TestDb;
  let t: TestApp;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  let kilnId: string;

  const post = (key: string, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: auth(key), payload: payload as object });
  const get = (key: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(key) });
  const march = { periodStart: '2025-03-01', periodEnd: '2025-04-01' };

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    a = await createOrgViaApi(t, 'Cement works');
    b = await createOrgViaApi(t, 'Other');
    kilnId = (await post(a.adminKey, '/v1/sites', { name: 'Kiln', gridRegion: 'East' })).json().id;
    await electricityMeterWithOneDay(t, a.adminKey, kilnId, '2025-03-01', '10');
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  it('records a quantity as an exact decimal with its evidence', async function () {
    const res = await post(a.adminKey, '/v1/activity-data', {
      ...march,
      siteId: kilnId,
      sourceKind: 'process',
      subject: 'clinker',
      quantity: '1000.000',
      unit: 't',
      activityUncertaintyPct: '2',
      factorUncertaintyPct: '3',
      evidence: 'Kiln production log March 2025, weighbridge summary WB-2025-03',
    });
    expect(res.statusCode, res.body).to.equal(201);
    expect(res.json()).to.deep.include({
      siteId: kilnId,
      sourceKind: 'process',
      subject: 'clinker',
      quantity: '1000.000',
      unit: 't',
      calcinationFraction: null,
      activityUncertaintyPct: '2',
      evidence: 'Kiln production log March 2025, weighbridge summary WB-2025-03',
    });
    for (const body of [
      { sourceKind: 'fugitive', subject: 'R-134a', quantity: '2', unit: 'kg', evidence: 'Chiller service report 0317' },
      {
        sourceKind: 'biomass_combustion',
        subject: 'wood',
        quantity: '10',
        unit: 't',
        evidence: 'Wood chip invoice 88',
      },
    ]) {
      const r = await post(a.adminKey, '/v1/activity-data', { ...march, siteId: kilnId, ...body });
      expect(r.statusCode, r.body).to.equal(201);
    }
  });

  it('refuses a subject of another kind, a carbonate without its fraction, and a float-like quantity', async function () {
    const wrong = await post(a.adminKey, '/v1/activity-data', {
      ...march,
      sourceKind: 'fugitive',
      subject: 'diesel',
      quantity: '1',
      unit: 't',
      evidence: 'x',
    });
    expect(wrong.statusCode).to.equal(422);
    expect(wrong.json()).to.include({ code: 'NT_ERR_ACTIVITY_DATA_INVALID' });
    expect(wrong.json().hint).to.match(/R-134a, R-410A/);
    const carbonate = await post(a.adminKey, '/v1/activity-data', {
      ...march,
      sourceKind: 'process',
      subject: 'calcite',
      quantity: '200',
      unit: 't',
      evidence: 'x',
    });
    expect(carbonate.statusCode).to.equal(422);
    expect(carbonate.json().message).to.match(/calcinationFraction/);
    const exponent = await post(a.adminKey, '/v1/activity-data', {
      ...march,
      sourceKind: 'process',
      subject: 'clinker',
      quantity: '1e3',
      unit: 't',
      evidence: 'x',
    });
    expect(exponent.statusCode).to.equal(400);
    const backwards = await post(a.adminKey, '/v1/activity-data', {
      periodStart: '2025-04-01',
      periodEnd: '2025-03-01',
      sourceKind: 'process',
      subject: 'clinker',
      quantity: '1',
      unit: 't',
      evidence: 'x',
    });
    expect(backwards.statusCode).to.equal(422);
    expect(backwards.json().code).to.equal('NT_ERR_ACCOUNTING_PERIOD');
  });

  it('keeps organisations apart: another organisation neither sees the records nor uses the site', async function () {
    expect((await get(a.adminKey, '/v1/activity-data')).json()).to.have.length(3);
    expect((await get(b.adminKey, '/v1/activity-data')).json()).to.deep.equal([]);
    const foreignSite = await post(b.adminKey, '/v1/activity-data', {
      ...march,
      siteId: kilnId,
      sourceKind: 'fugitive',
      subject: 'SF6',
      quantity: '1',
      unit: 'kg',
      evidence: 'x',
    });
    expect(foreignSite.statusCode).to.equal(404);
    expect(foreignSite.json().hint).to.match(/GET \/v1\/sites/);
  });

  it('filters by period', async function () {
    expect((await get(a.adminKey, '/v1/activity-data?start=2025-03-01&end=2025-04-01')).json()).to.have.length(3);
    expect((await get(a.adminKey, '/v1/activity-data?start=2025-04-01')).json()).to.deep.equal([]);
  });

  it('puts the records into the inventory on nengtan-default v2, with biomass CO2 outside the totals', async function () {
    const res = await post(a.adminKey, '/v1/inventories/preview', { start: '2025-03-01', end: '2025-04-01' });
    expect(res.statusCode, res.body).to.equal(200);
    const doc = res.json().document;
    expect(doc.factorSet).to.include({ name: 'nengtan-default', version: 2 });
    expect(doc.results).to.include({
      scope1: '522600.000',
      scope2LocationBased: '528.000',
      totalLocationBased: '523128.000',
      biomassCO2: '17472.000',
    });
    expect(doc.grossNet).to.include({
      grossLocationBased: '523128.000',
      exports: '0.000',
      netLocationBased: '523128.000',
    });
    expect(doc.activityData).to.have.length(3);
    expect(doc.nonMeteredSources.map((l: { subject: string }) => l.subject).sort()).to.deep.equal([
      'R-134a',
      'clinker',
      'wood',
    ]);
  });

  it('leaves inventories of organisations without records on nengtan-default v1', async function () {
    const c = await createOrgViaApi(t, 'Plain');
    const site = (await post(c.adminKey, '/v1/sites', { name: 'P', gridRegion: 'East' })).json().id;
    await post(c.adminKey, '/v1/meters', { siteId: site, externalId: 'E', energyKind: 'electricity' });
    const readings = [{ meter: 'E', start: '2025-03-01T00:00:00+08:00', value: '10' }];
    expect((await post(c.adminKey, '/v1/readings', { readings })).statusCode).to.equal(200);
    const doc = (await post(c.adminKey, '/v1/inventories/preview', { start: '2025-03-01', end: '2025-04-01' })).json()
      .document;
    expect(doc.factorSet).to.include({ version: 1 });
    expect(doc).not.to.have.any.keys('grossNet', 'activityData');
  });
});
