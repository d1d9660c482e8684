import { expect } from 'chai';
import { call } from '../../helpers/participants';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

interface Analysis {
  energy: { totalKgce: string; kinds: Record<string, unknown>[] };
  cost: { totalCny: string; kinds: Record<string, unknown>[]; electricityPeriods: Record<string, unknown>[] };
  recommendations: {
    code: string;
    triggered: boolean;
    figures: Record<string, string>;
    meters: string[];
    tariffIds: string[];
    lines?: Record<string, string>[];
  }[];
  meters: { externalId: string; quantity: string; flexible: boolean; inScope: boolean }[];
  tariffs: { id: string }[];
}

/**
 * A plant in Asia/Shanghai over Mon 2026-03-02 and Tue 2026-03-03. MAIN (hourly) reads 20 kWh in each hour from
 * 08:00 to 18:00 and 10 kWh in every other hour: 340 kWh a day. Monday is priced by the organisation's version V1,
 * whose ranges change on the half hour (so hours are split in halves): valley 22:30–06:30 at 0.3, flat 06:30–08:30
 * and 11:30–17:30 at 0.7, peak 08:30–11:30 and 17:30–22:30 at 1.1 → valley 80, flat 145, peak 115 kWh, 252 CNY.
 * Tuesday is priced by the site's version V2 (from 03-03), whose March evening has a sharp period: valley
 * 23:00–07:00 at 0.35, flat 07:00–08:00 and 11:00–18:00 at 0.75, peak 08:00–11:00 and 20:00–23:00 at 1.2, sharp
 * 18:00–20:00 at 1.5 → valley 80, flat 150, peak 90, sharp 20 kWh, 278.5 CNY. GAS reads 10 m3 at 3.5 CNY/m3 (35),
 * WATER 3 m3 at 4.2 (12.6), each in whole days of hourly readings. COMP is a sub-meter (a compressor) with 5 kWh in the hours 09 and 10 of Monday.
 */
describe('tariffs and energy analysis: /v1/tariffs, GET /v1/energy-analysis', function () {
  this.timeout(60_000);
  let db: TestDb;
  let t: TestApp;
  let key: string;
  let otherKey: string;
  let siteId: string;
  let v1: string;
  let v2: string;
  let analysis: Analysis;

  const monday = Date.parse('2026-03-01T16:00:00Z');
  const hour = (day: number, h: number) => new Date(monday + (day * 24 + h) * 3_600_000).toISOString();
  const post = (k: string, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: auth(k), payload });
  const get = (k: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(k) });
  const analyse = async (query = '') => {
    const res = await get(key, `/v1/energy-analysis?from=2026-03-02&to=2026-03-04${query}`);
    expect(res.statusCode, res.body).to.equal(200);
    return res.json() as Analysis;
  };
  const V1_PERIODS = [
    { period: 'valley', from: '22:30', to: '06:30' },
    { period: 'flat', from: '06:30', to: '08:30' },
    { period: 'peak', from: '08:30', to: '11:30' },
    { period: 'flat', from: '11:30', to: '17:30' },
    { period: 'peak', from: '17:30', to: '22:30' },
  ];

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    key = (await createOrgViaApi(t, 'Tariff Textiles')).adminKey;
    otherKey = (await createOrgViaApi(t, 'Tariff Glass')).adminKey;
    siteId = (await call(t, key, 'POST', '/v1/sites', { name: 'Plant', gridRegion: 'East' })).id;
    const meter = (k: string, site: string, externalId: string, extra: object) =>
      call(t, k, 'POST', '/v1/meters', { siteId: site, externalId, ...extra });
    await meter(key, siteId, 'MAIN', { energyKind: 'electricity', intervalSeconds: 3600 });
    await meter(key, siteId, 'COMP', { energyKind: 'electricity', intervalSeconds: 3600, accountingRole: 'submeter' });
    await meter(key, siteId, 'GAS', { energyKind: 'natural_gas', intervalSeconds: 3600 });
    await meter(key, siteId, 'WATER', { energyKind: 'water', intervalSeconds: 3600 });
    // Whole days, zeros included: a gap between two readings would be filled with estimates.
    const series = (meter: string, ...days: Record<number, string>[]) =>
      days.flatMap((values, day) =>
        Array.from({ length: 24 }, (_, h) => ({ meter, start: hour(day, h), value: values[h] ?? '0' })),
      );
    const main = [0, 1].flatMap((day) =>
      Array.from({ length: 24 }, (_, h) => ({
        meter: 'MAIN',
        start: hour(day, h),
        value: h >= 8 && h < 18 ? '20' : '10',
      })),
    );
    await call(t, key, 'POST', '/v1/readings', {
      readings: [
        ...main,
        { meter: 'COMP', start: hour(0, 9), value: '5' },
        { meter: 'COMP', start: hour(0, 10), value: '5' },
        ...series('GAS', { 9: '4' }, { 9: '6' }),
        ...series('WATER', { 12: '1.5' }, { 12: '1.5' }),
      ],
    });
    const otherSite = (await call(t, otherKey, 'POST', '/v1/sites', { name: 'Furnace', gridRegion: 'East' })).id;
    await meter(otherKey, otherSite, 'SECRET', { energyKind: 'electricity', intervalSeconds: 3600 });
    await call(t, otherKey, 'POST', '/v1/readings', { readings: [{ meter: 'SECRET', start: hour(0, 9), value: '7' }] });

    v1 = (
      await call(t, key, 'POST', '/v1/tariffs', {
        energyKind: 'electricity',
        validFrom: '2026-03-01',
        periods: V1_PERIODS,
        prices: { peak: '1.1', flat: '0.7', valley: '0.3' },
      })
    ).id;
    v2 = (
      await call(t, key, 'POST', '/v1/tariffs', {
        siteId,
        energyKind: 'electricity',
        validFrom: '2026-03-03',
        periods: [
          { period: 'valley', from: '23:00', to: '07:00' },
          { period: 'flat', from: '07:00', to: '08:00' },
          { period: 'peak', from: '08:00', to: '11:00' },
          { period: 'flat', from: '11:00', to: '18:00' },
          { period: 'peak', from: '18:00', to: '23:00', months: [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
          { period: 'sharp', from: '18:00', to: '20:00', months: [3] },
          { period: 'peak', from: '20:00', to: '23:00', months: [3] },
        ],
        prices: { sharp: '1.5', peak: '1.2', flat: '0.75', valley: '0.35' },
      })
    ).id;
    await call(t, key, 'POST', '/v1/tariffs', { energyKind: 'natural_gas', validFrom: '2026-01-01', price: '3.5' });
    await call(t, key, 'POST', '/v1/tariffs', { energyKind: 'water', validFrom: '2026-01-01', price: '4.2' });
    analysis = await analyse();
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  it('splits electricity into time-of-use periods across half-hour boundaries and midnight, priced per day by the version in force', function () {
    expect(analysis.cost.electricityPeriods).to.deep.equal([
      { period: 'sharp', kwh: '20.000000', cny: '30.00', kwhSharePercent: '2.9', cnySharePercent: '5.7' },
      { period: 'peak', kwh: '205.000000', cny: '234.50', kwhSharePercent: '30.1', cnySharePercent: '44.2' },
      { period: 'flat', kwh: '295.000000', cny: '214.00', kwhSharePercent: '43.4', cnySharePercent: '40.3' },
      { period: 'valley', kwh: '160.000000', cny: '52.00', kwhSharePercent: '23.5', cnySharePercent: '9.8' },
    ]);
  });

  it('states the cost structure per energy kind in CNY with the tariff versions behind each', function () {
    expect(analysis.cost.totalCny).to.equal('578.10');
    const electricity = analysis.cost.kinds.find((k) => k.energyKind === 'electricity');
    expect(electricity).to.deep.include({
      quantity: '680.000000',
      cny: '530.50',
      sharePercent: '91.8',
      unpricedQuantity: '0.000000',
    });
    expect(electricity?.tariffIds).to.have.members([v1, v2]);
    expect(analysis.cost.kinds.map((k) => [k.energyKind, k.cny, k.sharePercent])).to.deep.equal([
      ['electricity', '530.50', '91.8'],
      ['natural_gas', '35.00', '6.1'],
      ['water', '12.60', '2.2'],
    ]);
  });

  it('states the energy structure in each unit and in kgce; water has no standard coal and stays out of the total', function () {
    expect(analysis.energy.totalKgce).to.equal('95.715000');
    expect(analysis.energy.kinds).to.deep.equal([
      {
        energyKind: 'electricity',
        unit: 'kWh',
        quantity: '680.000000',
        kgce: '83.572000',
        sharePercent: '87.3',
        meters: ['MAIN'],
      },
      {
        energyKind: 'natural_gas',
        unit: 'm3',
        quantity: '10.000000',
        kgce: '12.143000',
        sharePercent: '12.7',
        meters: ['GAS'],
      },
      { energyKind: 'water', unit: 'm3', quantity: '3.000000', kgce: null, sharePercent: null, meters: ['WATER'] },
    ]);
    expect(analysis.meters.find((m) => m.externalId === 'COMP')).to.equal(undefined);
  });

  it('computes the load-shifting saving: 20 % of peak and sharp kWh × (period price − valley price), per version', function () {
    const shift = analysis.recommendations.find((r) => r.code === 'load_shift');
    expect(shift?.figures).to.deep.equal({
      peakKwh: '225.000000',
      movableSharePercent: '20.0',
      movableKwh: '45.000000',
      savedCny: '38.30',
    });
    expect(shift?.triggered).to.equal(true);
    expect(shift?.meters).to.deep.equal(['MAIN']);
    expect(
      shift?.lines?.map((l) => [l.tariffId, l.period, l.movableKwh, l.price, l.valleyPrice, l.savedCny]),
    ).to.deep.equal([
      [v1, 'peak', '23.000000', '1.1', '0.3', '18.40'],
      [v2, 'peak', '18.000000', '1.2', '0.35', '15.30'],
      [v2, 'sharp', '4.000000', '1.5', '0.35', '4.60'],
    ]);
  });

  it('takes the flexible meters and the movable share as parameters: half of COMP’s 10 peak kWh saves 4.00 CNY', async function () {
    const flexible = await analyse('&flexibleMeters=COMP&movableSharePercent=50');
    const shift = flexible.recommendations.find((r) => r.code === 'load_shift');
    expect(shift?.figures).to.deep.include({ peakKwh: '10.000000', movableKwh: '5.000000', savedCny: '4.00' });
    expect(shift?.meters).to.deep.equal(['COMP']);
    expect(flexible.meters.find((m) => m.externalId === 'COMP')).to.deep.include({ flexible: true, inScope: false });
    expect(flexible.cost.totalCny).to.equal('578.10');
  });

  it('compares the peak share (33.1 %) and the night/weekend share (23.5 %) with their thresholds', async function () {
    const figures = (a: Analysis, code: string) => a.recommendations.find((r) => r.code === code);
    expect(figures(analysis, 'peak_share')).to.deep.include({ triggered: false });
    expect(figures(analysis, 'peak_share')?.figures).to.deep.include({
      peakKwh: '225.000000',
      touKwh: '680.000000',
      peakSharePercent: '33.1',
      thresholdPercent: '40.0',
    });
    expect(figures(analysis, 'off_hours_base_load')?.figures).to.deep.include({
      offHoursKwh: '160.000000',
      offHoursSharePercent: '23.5',
    });
    expect(figures(analysis, 'off_hours_base_load')?.triggered).to.equal(false);
    const strict = await analyse('&peakShareThresholdPercent=30&offHoursThresholdPercent=20');
    expect(figures(strict, 'peak_share')?.triggered).to.equal(true);
    expect(figures(strict, 'off_hours_base_load')?.triggered).to.equal(true);
  });

  it('keeps the past: a later version prices only days from its date on, and a version in effect cannot be removed', async function () {
    const later = await post(key, '/v1/tariffs', { energyKind: 'electricity', validFrom: '2026-03-04', price: '9' });
    expect(later.statusCode, later.body).to.equal(201);
    expect((await analyse()).cost.totalCny).to.equal('578.10');
    const monday = await get(key, '/v1/energy-analysis?from=2026-03-02&to=2026-03-03');
    expect(monday.json().cost.kinds[0]).to.deep.include({ cny: '252.00' });
    const removed = await t.app.inject({ method: 'DELETE', url: `/v1/tariffs/${v1}`, headers: auth(key) });
    expect([removed.statusCode, removed.json().code]).to.deep.equal([409, 'NT_ERR_TARIFF_IN_EFFECT']);
    expect(removed.json().hint).to.include('POST /v1/tariffs');
    const again = await post(key, '/v1/tariffs', { energyKind: 'electricity', validFrom: '2026-03-04', price: '8' });
    expect([again.statusCode, again.json().code]).to.deep.equal([409, 'NT_ERR_TARIFF_VERSION_EXISTS']);
    const future = await call(t, key, 'POST', '/v1/tariffs', {
      energyKind: 'electricity',
      validFrom: '2099-01-01',
      price: '1',
    });
    const gone = await t.app.inject({ method: 'DELETE', url: `/v1/tariffs/${future.id}`, headers: auth(key) });
    expect(gone.statusCode).to.equal(204);
    const stored = (await get(key, `/v1/tariffs/${v2}`)).json();
    expect(stored).to.deep.include({ siteId, unit: 'kWh', currency: 'CNY', validFrom: '2026-03-03', price: null });
    expect(stored.periods[5]).to.deep.equal({ period: 'sharp', from: '18:00', to: '20:00', months: [3] });
    expect(stored.periods[0]).to.deep.equal({ period: 'valley', from: '23:00', to: '07:00', months: null });
    const versions = (await get(key, '/v1/tariffs?energyKind=electricity')).json() as { validFrom: string }[];
    expect(versions.map((v) => v.validFrom)).to.deep.equal(['2026-03-01', '2026-03-04', '2026-03-03']);
  });

  it('refuses ranges that overlap or leave a gap, in any month, with a code and a hint', async function () {
    const tariff = (periods: object[]) =>
      post(key, '/v1/tariffs', {
        energyKind: 'electricity',
        validFrom: '2027-01-01',
        periods,
        prices: { peak: '1', flat: '0.5', valley: '0.2' },
      });
    const overlap = await tariff([...V1_PERIODS.slice(0, 4), { period: 'peak', from: '17:00', to: '22:30' }]);
    expect([overlap.statusCode, overlap.json().code]).to.deep.equal([422, 'NT_ERR_TARIFF_PERIODS']);
    expect(overlap.json().message).to.equal('In month 1, two ranges cover 17:00–17:30');
    expect(overlap.json().hint).to.include('POST /v1/tariffs');
    const gap = await tariff(V1_PERIODS.slice(0, 4));
    expect(gap.json().message).to.equal('In month 1, nothing covers 17:30–22:30');
    const marchOnly = await tariff([
      ...V1_PERIODS.slice(0, 4),
      { period: 'peak', from: '17:30', to: '22:30', months: [3] },
    ]);
    expect(marchOnly.json().message).to.equal('In month 1, nothing covers 17:30–22:30');
    const badClock = await tariff([{ period: 'flat', from: '00:00', to: '25:00' }]);
    expect(badClock.json().code).to.equal('NT_ERR_TARIFF_PERIODS');
  });

  it('refuses a tariff without the prices its periods need, and periods for a kind other than electricity', async function () {
    const noValley = await post(key, '/v1/tariffs', {
      energyKind: 'electricity',
      validFrom: '2027-01-01',
      periods: V1_PERIODS,
      prices: { peak: '1.1', flat: '0.7' },
    });
    expect([noValley.statusCode, noValley.json().code]).to.deep.equal([422, 'NT_ERR_TARIFF_INVALID']);
    expect(noValley.json().message).to.include('valley');
    const gasPeriods = await post(key, '/v1/tariffs', {
      energyKind: 'natural_gas',
      validFrom: '2027-01-01',
      periods: V1_PERIODS,
      prices: { peak: '1.1', flat: '0.7', valley: '0.3' },
    });
    expect(gasPeriods.json().code).to.equal('NT_ERR_TARIFF_INVALID');
    const bad = await post(key, '/v1/tariffs', { energyKind: 'electricity', validFrom: '2027-01-01', price: '-1' });
    expect(bad.statusCode).to.equal(400);
    const flexibleGas = await get(key, '/v1/energy-analysis?from=2026-03-02&to=2026-03-04&flexibleMeters=GAS');
    expect([flexibleGas.statusCode, flexibleGas.json().code]).to.deep.equal([422, 'NT_ERR_ENERGY_ANALYSIS_INPUT']);
    const share = await get(key, '/v1/energy-analysis?from=2026-03-02&to=2026-03-04&movableSharePercent=100.5');
    expect([share.statusCode, share.json().code]).to.deep.equal([400, 'NT_ERR_REQUEST_INVALID']);
    const backwards = await get(key, '/v1/energy-analysis?from=2026-03-04&to=2026-03-02');
    expect(backwards.json().code).to.equal('NT_ERR_ENERGY_ANALYSIS_INPUT');
  });

  it('never shows or applies one organisation’s tariffs, meters or sites to another', async function () {
    expect((await get(otherKey, `/v1/tariffs/${v1}`)).statusCode).to.equal(404);
    expect((await get(otherKey, '/v1/tariffs')).json()).to.deep.equal([]);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/v1/tariffs/${v2}`, headers: auth(otherKey) })).statusCode,
    ).to.equal(404);
    const theirs = (await get(otherKey, '/v1/energy-analysis?from=2026-03-02&to=2026-03-04')).json() as Analysis;
    expect(theirs.cost.kinds).to.deep.equal([
      {
        energyKind: 'electricity',
        unit: 'kWh',
        quantity: '7.000000',
        cny: '0.00',
        sharePercent: null,
        unpricedQuantity: '7.000000',
        tariffIds: [],
      },
    ]);
    expect(JSON.stringify(analysis)).not.to.include('SECRET');
    expect(
      (await get(otherKey, `/v1/energy-analysis?from=2026-03-02&to=2026-03-04&siteId=${siteId}`)).statusCode,
    ).to.equal(404);
    const site = await post(otherKey, '/v1/tariffs', {
      siteId,
      energyKind: 'electricity',
      validFrom: '2026-03-01',
      price: '1',
    });
    expect(site.statusCode).to.equal(404);
    const flexible = await get(otherKey, '/v1/energy-analysis?from=2026-03-02&to=2026-03-04&flexibleMeters=MAIN');
    expect(flexible.json().code).to.equal('NT_ERR_ENERGY_ANALYSIS_INPUT');
  });
});
