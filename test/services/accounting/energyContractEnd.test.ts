import { expect } from 'chai';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * Ending a supplier contract early (POST /v1/energy-contracts/{id}/end), on PostgreSQL and PGlite. By hand, at the
 * works (East grid, meter E): 96 quarter hours × 10 kWh on 1 March 2025 and again on 1 April 2025 = 960 kWh each month.
 * Contract PPA-1, 1 March – 1 June 2025, 900 kWh at 0 tCO2/MWh, is allocated by consumption: 1,920 kWh consumed in its
 * period, 960 of them in April, so April carries 900 × 960 / 1,920 = 450 kWh. Market-based Scope 2 of April (residual
 * factor 0.6096 tCO2/MWh, 2023 standing in for 2025): (0.960 − 0.450) × 0.6096 × 1000 = 310.896 kg.
 * Ended on 1 April with 900 kWh delivered: April has no contract left, 0.960 × 609.6 = 585.216 kg; March carries all
 * 900 kWh, (0.960 − 0.900) × 609.6 = 36.576 kg.
 */
describe('ending a supplier energy contract early (POST /v1/energy-contracts/{id}/end)', function () {
  let db: TestDb;
  let t: TestApp;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  let contractId: string;

  const post = (key: string, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: auth(key), payload: payload as object });
  const marketBased = async (start: string, end: string) => {
    const res = await post(a.adminKey, '/v1/inventories/preview', { start, end });
    expect(res.statusCode, res.body).to.equal(200);
    return res.json().document.results.scope2MarketBased as string;
  };
  const april = ['2025-04-01', '2025-05-01'] as const;
  const end = { end: '2025-04-01', deliveredKWh: '900', evidence: 'Termination notice KW-T-7 (2025-03-28)' };

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    a = await createOrgViaApi(t, 'Works');
    b = await createOrgViaApi(t, 'Other');
    const site = await post(a.adminKey, '/v1/sites', { name: 'Works', gridRegion: 'East', province: 'Jiangsu' });
    expect(site.statusCode, site.body).to.be.oneOf([200, 201]);
    const meter = await post(a.adminKey, '/v1/meters', {
      siteId: site.json().id,
      externalId: 'E',
      energyKind: 'electricity',
      registerType: 'interval',
    });
    expect(meter.statusCode, meter.body).to.be.oneOf([200, 201]);
    for (const day of ['2025-03-01', '2025-04-01']) {
      const t0 = Date.parse(`${day}T00:00:00+08:00`);
      const readings = Array.from({ length: 96 }, (_, i) => ({
        meter: 'E',
        start: new Date(t0 + i * 900_000).toISOString(),
        value: '10',
      }));
      expect((await post(a.adminKey, '/v1/readings', { readings })).statusCode).to.equal(200);
    }
    const contract = await post(a.adminKey, '/v1/energy-contracts', {
      contractRef: 'PPA-1',
      instrument: 'ppa',
      counterparty: 'Kunlun Wind Farm Co.',
      periodStart: '2025-03-01',
      periodEnd: '2025-06-01',
      contractedKWh: '900',
      factor: '0',
      evidence: 'PPA KW-1',
    });
    expect(contract.statusCode, contract.body).to.equal(201);
    contractId = contract.json().id;
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  it('covers April by consumption while the contract runs', async function () {
    expect(await marketBased(...april)).to.equal('310.896');
  });

  it("refuses another organisation's contract as not found", async function () {
    const res = await post(b.adminKey, `/v1/energy-contracts/${contractId}/end`, end);
    expect(res.json()).to.include({ statusCode: 404, code: 'NT_ERR_NOT_FOUND' });
  });

  it('refuses an end on or after the present end, and more kWh delivered than contracted, with a hint', async function () {
    const late = await post(a.adminKey, `/v1/energy-contracts/${contractId}/end`, { ...end, end: '2025-06-01' });
    expect(late.json()).to.include({ statusCode: 422, code: 'NT_ERR_ENERGY_CONTRACT_END' });
    expect(late.json().hint).to.equal('Send an end after 2025-03-01 and before 2025-06-01.');
    const more = await post(a.adminKey, `/v1/energy-contracts/${contractId}/end`, { ...end, deliveredKWh: '900.001' });
    expect(more.json()).to.include({ statusCode: 422, code: 'NT_ERR_ENERGY_CONTRACT_END' });
    const early = await post(a.adminKey, `/v1/energy-contracts/${contractId}/end`, { ...end, end: '2025-03-01' });
    expect(early.json()).to.include({ statusCode: 422, code: 'NT_ERR_ACCOUNTING_PERIOD' });
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/v1/energy-contracts/${contractId}/end`,
      payload: end,
    });
    expect(anonymous.statusCode).to.equal(401);
  });

  it('ends the period with the kWh delivered and keeps the evidence, adding the termination', async function () {
    const res = await post(a.adminKey, `/v1/energy-contracts/${contractId}/end`, end);
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json()).to.include({
      periodStart: '2025-03-01',
      periodEnd: '2025-04-01',
      contractedKWh: '900',
      evidence: 'PPA KW-1; ended 2025-04-01: Termination notice KW-T-7 (2025-03-28)',
    });
  });

  it('leaves April to the residual mix and puts the 900 kWh delivered on March', async function () {
    expect(await marketBased(...april)).to.equal('585.216');
    expect(await marketBased('2025-03-01', '2025-04-01')).to.equal('36.576');
  });

  it('refuses to end the same period again', async function () {
    const res = await post(a.adminKey, `/v1/energy-contracts/${contractId}/end`, end);
    expect(res.json()).to.include({ statusCode: 422, code: 'NT_ERR_ENERGY_CONTRACT_END' });
  });
});
