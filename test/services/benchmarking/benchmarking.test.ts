import { expect } from 'chai';
import { yearEarlier } from '../../../services/benchmarking/benchmarking';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * Benchmarking by hand (GB/T 2589 electricity, equivalent value 0.1229 kgce/kWh; East grid 0.5500 tCO2/MWh for 2023,
 * standing in for 2024 and 2025):
 *   2025-03-01: 960 kWh → 117.984 kgce, 528 kgCO2e; 2 t of clinker → 58.992 kgce/t, 264 kgCO2e/t.
 *   2024-03-01: 1,152 kWh → 141.5808 kgce, 633.6 kgCO2e; 2 t → 70.7904 kgce/t (70.790), 316.8 kgCO2e/t.
 *   同比: (58.992 − 70.7904) / 70.7904 = −16.666…% → −16.67.
 *   Benchmark kgce/t: advanced 50, baseline 60 → within the baseline, 8.992 above advanced, 17.984 kgce to save.
 */
describe('benchmarking (能效对标)', function () {
  let db: TestDb;
  let t: TestApp;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };

  const post = (key: string, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: auth(key), payload: payload as object });

  async function day(local: string, kwhPerInterval: string, tonnes: string) {
    const t0 = Date.parse(`${local}T00:00:00+08:00`);
    const readings = Array.from({ length: 96 }, (_, i) => ({
      meter: 'E',
      start: new Date(t0 + i * 900_000).toISOString(),
      value: kwhPerInterval,
    }));
    expect((await post(a.adminKey, '/v1/readings', { readings })).statusCode).to.equal(200);
    const next = new Date(t0 + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const res = await post(a.adminKey, '/v1/production-volumes', {
      product: 'clinker',
      periodStart: local,
      periodEnd: next,
      quantity: tonnes,
      unit: 't',
    });
    expect(res.statusCode, res.body).to.equal(201);
  }

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    a = await createOrgViaApi(t, 'Cement works');
    b = await createOrgViaApi(t, 'Other');
    const site = (await post(a.adminKey, '/v1/sites', { name: 'Kiln', gridRegion: 'East' })).json();
    await post(a.adminKey, '/v1/meters', {
      siteId: site.id,
      externalId: 'E',
      energyKind: 'electricity',
      registerType: 'interval',
    });
    await day('2025-03-01', '10', '2');
    await day('2024-03-01', '12', '2');
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  it('shifts a period a year back, 29 February to 28 February', function () {
    expect([yearEarlier('2025-03-01'), yearEarlier('2024-02-29')]).to.deep.equal(['2024-03-01', '2023-02-28']);
  });

  it('compares intensity with the same period a year earlier and with the benchmark table', async function () {
    const set = await post(a.adminKey, '/v1/benchmarks', {
      product: 'clinker',
      unit: 't',
      indicator: 'kgce_per_unit',
      advanced: '50',
      baseline: '60',
      source: 'own table',
    });
    expect(set.statusCode, set.body).to.equal(200);
    await post(a.adminKey, '/v1/benchmarks', {
      product: 'clinker',
      unit: 't',
      indicator: 'kgco2e_per_unit',
      baseline: '250',
    });
    const res = await post(a.adminKey, '/v1/benchmarking', { start: '2025-03-01', end: '2025-03-02' });
    expect(res.statusCode, res.body).to.equal(200);
    const [clinker] = res.json().products;
    expect(clinker).to.include({ product: 'clinker', unit: 't', quantity: '2.000' });
    const [kgce, co2e] = clinker.indicators;
    expect(kgce).to.deep.include({
      indicator: 'kgce_per_unit',
      value: '58.992',
      previous: '70.790',
      changePercent: '-16.67',
    });
    expect(kgce.benchmark).to.include({
      level: 'within_baseline',
      gapToAdvanced: '8.992',
      savingPotentialToAdvanced: '17.984',
    });
    expect(co2e).to.deep.include({ value: '264.000', previous: '316.800' });
    expect(co2e.benchmark).to.include({ level: 'above_baseline', gapToAdvanced: null });
  });

  it('replaces a benchmark idempotently and refuses inverted levels with a code', async function () {
    const again = { product: 'clinker', unit: 't', indicator: 'kgce_per_unit', advanced: '55', baseline: '60' };
    await post(a.adminKey, '/v1/benchmarks', again);
    const list = (await t.app.inject({ method: 'GET', url: '/v1/benchmarks', headers: auth(a.adminKey) })).json();
    expect(list.filter((x: { indicator: string }) => x.indicator === 'kgce_per_unit')).to.have.length(1);
    const bad = await post(a.adminKey, '/v1/benchmarks', { ...again, advanced: '70' });
    expect(bad.json()).to.include({ statusCode: 422, code: 'NT_ERR_BENCHMARK_INVALID' });
    const negative = await post(a.adminKey, '/v1/benchmarks', { ...again, advanced: '-1' });
    expect(negative.json()).to.include({ statusCode: 400, code: 'NT_ERR_REQUEST_INVALID' });
  });

  it("never shows or removes another organisation's benchmarks", async function () {
    const list = (await t.app.inject({ method: 'GET', url: '/v1/benchmarks', headers: auth(b.adminKey) })).json();
    expect(list).to.deep.equal([]);
    const mine = (await t.app.inject({ method: 'GET', url: '/v1/benchmarks', headers: auth(a.adminKey) })).json();
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/v1/benchmarks/${mine[0].id}`,
      headers: auth(b.adminKey),
    });
    expect(del.statusCode).to.equal(404);
  });
});
