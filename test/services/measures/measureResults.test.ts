import { expect } from 'chai';
import { format, mul, parseRational, rational, div } from '../../../services/accounting/rational';
import { createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { caller, syntheticPlant, type Call, type Plant } from './helpers';

// A compressor group control on a plant whose daily load steps down by 10 % from 2024-12-31 (the generator's known
// truth): the measure's results recover the savings, reuse the baseline's savings exactly (same readings, same
// formulas), convert them with the inventory engine (GB/T 2589 electricity 0.1229 kgce/kWh; East grid 0.5500
// tCO2/MWh, 2023 standing in for 2024–2025), and compare them with the expected savings pro rata.
describe('measure results (avoided energy, kgce, CO2e, realised vs expected)', function () {
  this.timeout(180_000);
  let db: TestDb;
  let t: TestApp;
  let call: Call;
  let a: { orgId: string; adminKey: string };
  let plant: Plant;

  async function implementedMeasure(expectedEnergy: string | null, extra: Record<string, unknown> = {}) {
    const res = await call(a.adminKey, 'POST', '/v1/measures', {
      title: 'Compressor group control 空压机群控',
      kind: 'compressor_group_control',
      meterIds: [plant.meterId],
      owner: 'Wang Li',
      expectedEnergy,
      costCny: '180000.00',
      ipmvpOption: 'B',
      baselineId: plant.baselineId,
      ...extra,
    });
    expect(res.statusCode, res.body).to.equal(201);
    const id = res.json().id as string;
    for (const move of [{ status: 'in_progress' }, { status: 'implemented', on: '2024-12-31' }]) {
      const moved = await call(a.adminKey, 'POST', `/v1/measures/${id}/status`, move);
      expect(moved.statusCode, moved.body).to.equal(200);
    }
    return id;
  }

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    call = caller(t);
    a = await createOrgViaApi(t, 'Air works');
    plant = await syntheticPlant(call, a.adminKey);
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  it('recovers the built-in savings within ±10 % and reports exactly what the baseline reports', async function () {
    const id = await implementedMeasure(null);
    const res = await call(a.adminKey, 'GET', `/v1/measures/${id}/results?to=2025-12-31`);
    expect(res.statusCode, res.body).to.equal(200);
    const body = res.json();
    expect(body.reportingPeriod).to.deep.equal({ start: '2024-12-31', end: '2025-12-31' });
    expect(body.savings.days).to.equal(365);
    const truth = plant.site.truthSavings;
    expect(Math.abs(Number(body.savings.avoided) - truth) / truth).to.be.below(0.1);
    // Seed 7: 26,494.107 ± 835.246 kWh at 90 % against a truth of 26,590.374 kWh.
    expect(Math.abs(Number(body.savings.avoided) - truth)).to.be.at.most(Number(body.savings.uncertainty));
    expect(body.savings.confidence).to.equal(0.9);
    const direct = await call(
      a.adminKey,
      'GET',
      `/v1/baselines/${plant.baselineId}/savings?from=2024-12-31&to=2025-12-31`,
    );
    expect(body.savings).to.deep.equal(direct.json());
    expect(body.realisedVsExpected).to.equal(null);
    expect(body.warnings).to.deep.equal([]);
  });

  it('converts the avoided energy to kgce and location-based CO2e with the inventory factors, exactly', async function () {
    const id = await implementedMeasure(null);
    const body = (await call(a.adminKey, 'GET', `/v1/measures/${id}/results?to=2025-12-31`)).json();
    const avoided = parseRational(body.savings.avoided);
    expect(body.avoided.energyKgce).to.equal(format(mul(avoided, parseRational('0.1229')), 3));
    expect(body.avoided.co2eLocationKg).to.equal(format(mul(avoided, parseRational('0.55')), 3));
    // No certificates claimed: every avoided kWh would have been bought at the market-based factor.
    expect(Number(body.avoided.co2eMarketKg)).to.be.above(0);
    expect(body.avoided.factorSet.contentHash).to.match(/^0x[0-9a-f]{64}$/);
  });

  it('measures the whole facility under option C with the same savings as option B on its only meter', async function () {
    const b = await implementedMeasure(null);
    const c = await implementedMeasure(null, { ipmvpOption: 'C', siteId: plant.siteId, meterIds: [] });
    const [rb, rc] = await Promise.all(
      [b, c].map(async (id) => (await call(a.adminKey, 'GET', `/v1/measures/${id}/results?to=2025-12-31`)).json()),
    );
    expect(rc.measure).to.include({ ipmvpOption: 'C', siteId: plant.siteId });
    expect(rc.savings).to.deep.equal(rb.savings);
    expect(rc.avoided).to.deep.equal(rb.avoided);
  });

  it('states realised vs expected as an exact percentage and no warning when the savings exceed the expectation', async function () {
    const expected = (plant.site.truthSavings * 0.8).toFixed(3);
    const id = await implementedMeasure(expected);
    const body = (await call(a.adminKey, 'GET', `/v1/measures/${id}/results?to=2025-12-31`)).json();
    const proRata = div(mul(parseRational(expected), rational(365n)), rational(365n));
    expect(body.realisedVsExpected).to.deep.equal({
      basis: 'energy',
      unit: 'kWh',
      expectedProRata: format(proRata, 3),
      realised: body.savings.avoided,
      percent: format(mul(div(parseRational(body.savings.avoided), proRata), rational(100n)), 2),
    });
    expect(Number(body.realisedVsExpected.percent)).to.be.within(110, 140);
    expect(body.warnings).to.deep.equal([]);
  });

  it('warns of a shortfall when realised savings fall below the expected ones pro rata', async function () {
    const expected = (plant.site.truthSavings * 1.5).toFixed(3);
    const id = await implementedMeasure(expected);
    const body = (await call(a.adminKey, 'GET', `/v1/measures/${id}/results?to=2025-07-01`)).json();
    expect(body.savings.days).to.equal(182);
    const proRata = div(mul(parseRational(expected), rational(182n)), rational(365n));
    expect(body.realisedVsExpected.expectedProRata).to.equal(format(proRata, 3));
    expect(Number(body.realisedVsExpected.percent)).to.be.within(55, 80);
    expect(body.warnings).to.have.length(1);
    expect(body.warnings[0]).to.include({ code: 'shortfall', withinUncertainty: false });
    expect(body.warnings[0].message).to.contain(format(proRata, 3));
  });

  it('compares kgce when only expected kgce is given', async function () {
    const id = await implementedMeasure(null, { expectedKgce: '1000000' });
    const body = (await call(a.adminKey, 'GET', `/v1/measures/${id}/results?to=2025-12-31`)).json();
    expect(body.realisedVsExpected).to.include({ basis: 'kgce', unit: 'kgce', realised: body.avoided.energyKgce });
    expect(body.warnings.map((w: { code: string }) => w.code)).to.deep.equal(['shortfall']);
  });

  it('refuses results from a baseline that fails Guideline 14 acceptance, saying why', async function () {
    const id = await implementedMeasure(null, { baselineId: plant.failingBaselineId });
    const res = await call(a.adminKey, 'GET', `/v1/measures/${id}/results?to=2025-02-01`);
    expect(res.statusCode).to.equal(422);
    expect(res.json()).to.include({ code: 'NT_ERR_ANALYSIS_BASELINE_NOT_ACCEPTED' });
    expect(res.json().message).to.contain('baselineDays 60');
    expect(res.json().hint).to.contain('POST /v1/baselines');
  });

  it('refuses results before implementation, without a baseline, and for an empty or overlapping period', async function () {
    const planned = await call(a.adminKey, 'POST', '/v1/measures', {
      title: 'LED retrofit',
      kind: 'led_retrofit',
      meterIds: [plant.meterId],
      ipmvpOption: 'B',
    });
    const id = planned.json().id;
    const early = await call(a.adminKey, 'GET', `/v1/measures/${id}/results`);
    expect(early.statusCode).to.equal(409);
    expect(early.json()).to.include({ code: 'NT_ERR_MEASURE_NOT_IMPLEMENTED' });
    await call(a.adminKey, 'POST', `/v1/measures/${id}/status`, { status: 'in_progress' });
    await call(a.adminKey, 'POST', `/v1/measures/${id}/status`, { status: 'implemented', on: '2024-06-01' });
    const noBaseline = await call(a.adminKey, 'GET', `/v1/measures/${id}/results?to=2025-01-01`);
    expect(noBaseline.statusCode).to.equal(422);
    expect(noBaseline.json()).to.include({ code: 'NT_ERR_MEASURE_NO_BASELINE' });
    await call(a.adminKey, 'PATCH', `/v1/measures/${id}`, { baselineId: plant.baselineId });
    const overlap = await call(a.adminKey, 'GET', `/v1/measures/${id}/results?to=2025-01-01`);
    expect(overlap.statusCode).to.equal(422);
    expect(overlap.json()).to.include({ code: 'NT_ERR_MEASURE_PERIOD' });
    const empty = await call(a.adminKey, 'GET', `/v1/measures/${id}/results?to=2024-06-01`);
    expect(empty.json()).to.include({ code: 'NT_ERR_MEASURE_PERIOD' });
  });
});
