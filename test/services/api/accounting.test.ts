import { expect } from 'chai';
import { keccak256, toUtf8Bytes } from 'ethers';
import { DEFAULT_FACTOR_SET_ID } from '../../../services/factors/factorSets';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

describe('accounting API', function () {
  let db: TestDb;
  let t: TestApp;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  const T0 = Date.parse('2025-02-28T16:00:00Z'); // 2025-03-01 00:00 Asia/Shanghai

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    a = await createOrgViaApi(t, 'Alpha');
    b = await createOrgViaApi(t, 'Beta');
    const site = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/sites',
        headers: auth(a.adminKey),
        payload: { name: 'P', gridRegion: 'East' },
      })
    ).json();
    for (const [externalId, energyKind, registerType] of [
      ['E', 'electricity', 'interval'],
      ['G', 'natural_gas', 'cumulative'],
    ]) {
      await t.app.inject({
        method: 'POST',
        url: '/v1/meters',
        headers: auth(a.adminKey),
        payload: { siteId: site.id, externalId, energyKind, registerType },
      });
    }
    const readings = [
      ...Array.from({ length: 96 }, (_, i) => ({
        meter: 'E',
        start: new Date(T0 + i * 900_000).toISOString(),
        value: '10',
      })),
      ...Array.from({ length: 97 }, (_, i) => ({
        meter: 'G',
        at: new Date(T0 + i * 900_000).toISOString(),
        value: String(1000 + i),
      })),
    ];
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/readings',
      headers: auth(a.adminKey),
      payload: { readings },
    });
    expect(res.statusCode, res.body).to.equal(200);
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  const post = (key: string, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: auth(key), payload: payload as object });

  it('lists the public default factor set', async function () {
    const res = await t.app.inject({ method: 'GET', url: '/v1/factor-sets', headers: auth(a.adminKey) });
    expect(res.json().map((s: { id: string }) => s.id)).to.include(DEFAULT_FACTOR_SET_ID);
  });

  it('records a certificate claim once and refuses it twice', async function () {
    const claim = {
      certificateRef: 'GEC-API-1',
      mwh: '0.5',
      consumptionStart: '2025-03-01',
      consumptionEnd: '2025-03-02',
    };
    expect((await post(a.adminKey, '/v1/certificate-claims', claim)).statusCode).to.equal(201);
    expect((await post(a.adminKey, '/v1/certificate-claims', claim)).json()).to.include({
      statusCode: 409,
      code: 'NT_ERR_CONFLICT',
    });
  });

  it('previews an inventory with location- and market-based Scope 2', async function () {
    const res = await post(a.adminKey, '/v1/inventories/preview', { start: '2025-03-01', end: '2025-03-02' });
    // 960 kWh × 0.5500 = 528 kg; (0.96 − 0.5) MWh × 0.6096 t/MWh = 280.416 kg.
    expect(res.json().document.results).to.include({ scope2LocationBased: '528.000', scope2MarketBased: '280.416' });
  });

  it('stores an inventory whose canonical JSON hashes to its inventory hash', async function () {
    const saved = (await post(a.adminKey, '/v1/inventories', { start: '2025-03-01', end: '2025-03-02' })).json();
    const canonical = await t.app.inject({
      method: 'GET',
      url: `/v1/inventories/${saved.id}/canonical`,
      headers: auth(a.adminKey),
    });
    expect(keccak256(toUtf8Bytes(canonical.body))).to.equal(saved.inventoryHash);
  });

  it('gives whole-kg totals for the chain', async function () {
    const saved = (await post(a.adminKey, '/v1/inventories', { start: '2025-03-01', end: '2025-03-02' })).json();
    expect(saved.totals).to.include({ scope2LocationKgCO2e: '528', scope2MarketKgCO2e: '280' });
  });

  it('uses an own factor set with a measured carbon content', async function () {
    const set = (
      await post(a.adminKey, '/v1/factor-sets', {
        name: 'Alpha measured gas',
        basedOn: DEFAULT_FACTOR_SET_ID,
        factors: [
          {
            category: 'fuel_carbon_content',
            subject: 'natural_gas',
            value: '15.0',
            unit: 'tC/TJ',
            series: 'Alpha lab',
            source: 'Alpha lab report 2025-02',
            quality: 'measured',
          },
        ],
      })
    ).json();
    await post(a.adminKey, `/v1/factor-sets/${set.id}/freeze`, {});
    const res = await post(a.adminKey, '/v1/inventories/preview', {
      start: '2025-03-01',
      end: '2025-03-02',
      factorSetId: set.id,
    });
    const gas = res.json().document.sources.find((s: { energyKind: string }) => s.energyKind === 'natural_gas');
    expect(gas.factors.find((f: { name: string }) => f.name === 'carbon content')).to.include({
      value: '15.0',
      quality: 'measured',
    });
  });

  it('refuses an unfrozen factor set', async function () {
    const set = (await post(a.adminKey, '/v1/factor-sets', { name: 'draft', basedOn: DEFAULT_FACTOR_SET_ID })).json();
    const res = await post(a.adminKey, '/v1/inventories/preview', {
      start: '2025-03-01',
      end: '2025-03-02',
      factorSetId: set.id,
    });
    expect(res.statusCode).to.be.within(400, 499);
  });

  it('answers a period without data with a code and a hint', async function () {
    const res = await post(a.adminKey, '/v1/inventories/preview', { start: '2024-01-01', end: '2024-02-01' });
    expect(res.json()).to.include({ statusCode: 422, code: 'NT_ERR_ACCOUNTING_NO_DATA' });
  });

  it('names a national factor standing in for a missing province, in the document and the report, or refuses it', async function () {
    // The site has a grid region (East) but no province: by province, the national factor stands in, with a warning.
    const period = { start: '2025-03-01', end: '2025-03-02', electricityRegion: 'province' };
    const preview = (await post(a.adminKey, '/v1/inventories/preview', period)).json();
    expect(preview.document.warnings.map((w: { code: string }) => w.code)).to.deep.equal(['NT_WARN_SITE_REGION_UNSET']);
    const refused = await post(a.adminKey, '/v1/inventories/preview', { ...period, regionalFactorMissing: 'refuse' });
    expect(refused.json()).to.include({ statusCode: 422, code: 'NT_ERR_FACTOR_REGION_MISSING' });
    const saved = (await post(a.adminKey, '/v1/inventories', period)).json();
    const report = await t.app.inject({
      method: 'GET',
      url: `/v1/inventories/${saved.id}/report?lang=zh`,
      headers: auth(a.adminKey),
    });
    expect(report.body).to.include('未设置所属电网区域或省份');
  });

  it('computes fuel by IPCC 2006 Tier 1 from the public factor set when asked', async function () {
    // 96 m3 = 0.0096 × 10^4 Nm3 × 389.31 GJ = 3.737376 GJ; × 56,100 kgCO2/TJ = 209.6667936 kg.
    const body = { start: '2025-03-01', end: '2025-03-02', fuelMethod: 'ipcc2006' };
    const doc = (await post(a.adminKey, '/v1/inventories/preview', body)).json().document;
    const gas = doc.sources.find((s: { energyKind: string }) => s.energyKind === 'natural_gas');
    expect([gas.emissions.co2, doc.options.fuelMethod]).to.deep.equal(['209.667', 'ipcc2006']);
  });

  it('serves the inventory report in Chinese as HTML', async function () {
    const saved = (await post(a.adminKey, '/v1/inventories', { start: '2025-03-01', end: '2025-03-02' })).json();
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/inventories/${saved.id}/report?lang=zh`,
      headers: auth(a.adminKey),
    });
    expect([
      res.statusCode,
      res.headers['content-type'],
      res.body.includes('范围一'),
      res.body.includes(saved.inventoryHash),
    ]).to.deep.equal([200, 'text/html; charset=utf-8', true, true]);
  });

  it('prints the carbon audit report to PDF', async function () {
    this.timeout(60_000);
    const saved = (await post(a.adminKey, '/v1/inventories', { start: '2025-03-01', end: '2025-03-02' })).json();
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/inventories/${saved.id}/report?kind=carbon-audit&lang=en&format=pdf`,
      headers: auth(a.adminKey),
    });
    expect([res.statusCode, res.rawPayload.subarray(0, 5).toString()]).to.deep.equal([200, '%PDF-']);
  });

  it('answers a PDF request without Chromium with a code and a hint, and still serves HTML', async function () {
    const saved = (await post(a.adminKey, '/v1/inventories', { start: '2025-03-01', end: '2025-03-02' })).json();
    const installed = t.config.chromiumPath;
    t.config.chromiumPath = '/nonexistent/chromium';
    try {
      const url = `/v1/inventories/${saved.id}/report?lang=en`;
      const pdf = await t.app.inject({ method: 'GET', url: `${url}&format=pdf`, headers: auth(a.adminKey) });
      const html = await t.app.inject({ method: 'GET', url, headers: auth(a.adminKey) });
      expect([
        pdf.statusCode,
        pdf.json().code,
        /apt-get install -y chromium/.test(pdf.json().hint),
        /format=html/.test(pdf.json().hint),
        html.statusCode,
      ]).to.deep.equal([503, 'NT_ERR_REPORT_PDF_UNAVAILABLE', true, true, 200]);
    } finally {
      t.config.chromiumPath = installed;
    }
  });

  it("hides an organisation's inventories from another", async function () {
    const saved = (await post(a.adminKey, '/v1/inventories', { start: '2025-03-01', end: '2025-03-02' })).json();
    const res = await t.app.inject({ method: 'GET', url: `/v1/inventories/${saved.id}`, headers: auth(b.adminKey) });
    expect(res.statusCode).to.equal(404);
  });
});
