import { expect } from 'chai';
import { parseRational } from '../../../services/accounting/rational';
import { forecastToEnd } from '../../../services/budgets/forecast';
import { issueApiKey } from '../../../services/registry/apiKeys';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * Budgets by hand (GB/T 2589 electricity, 0.1229 kgce/kWh; East grid 0.5500 tCO2/MWh for 2023, standing in for 2025).
 * Site "Kiln", meter E, 96 quarter hours a day at 1, 2, 3, 2, 2 kWh on 1–5 March 2025:
 *   daily kWh 96, 192, 288, 192, 192 (960 in all) → CO2e 52.8, 105.6, 158.4, 105.6, 105.6 kg (528 in all),
 *   energy 117.984 kgce.
 * Budget 1–11 March (10 days), status as of 6 March: 5 days elapsed, 5 remain, history = the 5 days so far.
 *   Daily mean CO2e 528 / 5 = 105.6; forecast 528 + 5 × 105.6 = 1,056.000 kg.
 *   s² = (52.8² + 0 + 52.8² + 0 + 0) / 4 = 1,393.92, s = 37.33524; t(90 %, 4 df) = 2.131847 (table: 2.132);
 *   half width 2.131847 × 37.33524 × √5 = 177.975 → [878.025, 1,233.975].
 *   Budget 1,000 kg: the forecast crosses it → forecast_over_budget, headroom −56.000.
 *   Energy: mean 23.5968 kgce/day; forecast 117.984 + 5 × 23.5968 = 235.968; s = 0.1229 × √4,608 = 8.342729;
 *   half width 2.131847 × 8.342729 × √5 = 39.769 → [196.199, 275.737]. Budget 260: only the upper bound crosses
 *   it → upper_bound_over_budget, headroom 24.032.
 * A second site "Mill" (meter G, 1 kWh a quarter hour on 1 March = 96 kWh = 52.8 kg) counts only in the
 * organisation-wide budget: actual 580.800 kg.
 */
describe('budgets and forecasts', function () {
  let db: TestDb;
  let t: TestApp;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  let kilnId: string;

  const post = (key: string, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: auth(key), payload: payload as object });
  const get = (key: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(key) });

  function day(meter: string, local: string, kwhPerInterval: string) {
    const t0 = Date.parse(`${local}T00:00:00+08:00`);
    return Array.from({ length: 96 }, (_, i) => ({
      meter,
      start: new Date(t0 + i * 900_000).toISOString(),
      value: kwhPerInterval,
    }));
  }

  async function siteWithMeter(key: string, name: string, meter: string): Promise<string> {
    const site = (await post(key, '/v1/sites', { name, gridRegion: 'East' })).json();
    const res = await post(key, '/v1/meters', {
      siteId: site.id,
      externalId: meter,
      energyKind: 'electricity',
      registerType: 'interval',
    });
    expect(res.statusCode, res.body).to.be.oneOf([200, 201]);
    return site.id;
  }

  async function ingest(key: string, readings: unknown[]) {
    const res = await post(key, '/v1/readings', { readings });
    expect(res.statusCode, res.body).to.equal(200);
  }

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    a = await createOrgViaApi(t, 'Cement works');
    b = await createOrgViaApi(t, 'Other');
    kilnId = await siteWithMeter(a.adminKey, 'Kiln', 'E');
    await siteWithMeter(a.adminKey, 'Mill', 'G');
    const values = ['1', '2', '3', '2', '2'];
    await ingest(
      a.adminKey,
      values.flatMap((v, i) => day('E', `2025-03-0${i + 1}`, v)),
    );
    await ingest(a.adminKey, day('G', '2025-03-01', '1'));
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  it('forecasts a site budget with its 90 % interval and warns when the forecast or its upper bound crosses it', async function () {
    const created = await post(a.adminKey, '/v1/budgets', {
      name: 'Kiln March',
      siteId: kilnId,
      periodStart: '2025-03-01',
      periodEnd: '2025-03-11',
      energyKgce: '260',
      co2eKg: '1000',
    });
    expect(created.statusCode, created.body).to.equal(201);
    const budget = created.json();
    expect(budget).to.include({ siteId: kilnId, energyKgce: '260', co2eKg: '1000' });
    const res = await get(a.adminKey, `/v1/budgets/${budget.id}/status?asOf=2025-03-06`);
    expect(res.statusCode, res.body).to.equal(200);
    const status = res.json();
    expect(status).to.include({ elapsedDays: 5, remainingDays: 5, historyDays: 5, confidence: 0.9 });
    expect(status.daysWithoutData).to.deep.equal([]);
    expect(status.co2eKg).to.deep.equal({
      actual: '528.000',
      forecast: '1056.000',
      dailyMean: '105.600',
      lower: '878.025',
      upper: '1233.975',
      budget: '1000',
      headroom: '-56.000',
      warning: 'forecast_over_budget',
    });
    expect(status.energyKgce).to.deep.equal({
      actual: '117.984',
      forecast: '235.968',
      dailyMean: '23.597',
      lower: '196.199',
      upper: '275.737',
      budget: '260',
      headroom: '24.032',
      warning: 'upper_bound_over_budget',
    });
  });

  it('counts every site in an organisation-wide budget, and only the budgeted quantity warns', async function () {
    const budget = (
      await post(a.adminKey, '/v1/budgets', { periodStart: '2025-03-01', periodEnd: '2025-03-11', co2eKg: '5000' })
    ).json();
    const status = (await get(a.adminKey, `/v1/budgets/${budget.id}/status?asOf=2025-03-06`)).json();
    expect(status.co2eKg).to.include({ actual: '580.800', budget: '5000', warning: null });
    expect(status.energyKgce).to.include({ budget: null, headroom: null, warning: null });
  });

  it('takes the daily mean of the last 28 days once the period is older', async function () {
    // Org c: 5 kWh a quarter hour on 1–2 March (480 kWh a day), 1 kWh on 3–30 March (96 kWh a day); budget 1 March
    // to 10 April, as of 31 March: 30 days elapsed, 10 remain. Actual 2 × 480 + 28 × 96 = 3,648 kWh; the last 28
    // days are all 96 kWh (s = 0), so the forecast is 3,648 + 10 × 96 = 4,608 kWh = 2,534.400 kg CO2e and
    // 566.323 kgce (4,608 × 0.1229 = 566.3232), with an interval of zero width. (A 30-day mean would give 121.6 kWh.)
    const c = await createOrgViaApi(t, 'Younger');
    await siteWithMeter(c.adminKey, 'Plant', 'E');
    const days = Array.from({ length: 30 }, (_, i) => `2025-03-${String(i + 1).padStart(2, '0')}`);
    await ingest(
      c.adminKey,
      days.flatMap((d, i) => day('E', d, i < 2 ? '5' : '1')),
    );
    const budget = (
      await post(c.adminKey, '/v1/budgets', { periodStart: '2025-03-01', periodEnd: '2025-04-10', energyKgce: '600' })
    ).json();
    const started = performance.now();
    const status = (await get(c.adminKey, `/v1/budgets/${budget.id}/status?asOf=2025-03-31`)).json();
    console.log(`      status with 28 daily inventories: ${(performance.now() - started).toFixed(0)} ms`);
    expect(status).to.include({ elapsedDays: 30, remainingDays: 10, historyDays: 28 });
    expect(status.co2eKg).to.include({
      actual: '2006.400',
      forecast: '2534.400',
      lower: '2534.400',
      upper: '2534.400',
    });
    expect(status.energyKgce).to.include({ forecast: '566.323', warning: null, headroom: '33.677' });
  });

  it('gives no interval from a single day of history', function () {
    const f = forecastToEnd(parseRational('10'), [parseRational('10')], 9, '99');
    expect(f).to.include({ forecast: '100.000', lower: null, upper: null, warning: 'forecast_over_budget' });
  });

  it("never shows, reports on or removes another organisation's budgets", async function () {
    const mine = (await get(a.adminKey, '/v1/budgets')).json();
    expect(mine).to.have.length(2);
    expect((await get(b.adminKey, '/v1/budgets')).json()).to.deep.equal([]);
    const status = await get(b.adminKey, `/v1/budgets/${mine[0].id}/status?asOf=2025-03-06`);
    expect(status.json()).to.include({ statusCode: 404, code: 'NT_ERR_NOT_FOUND' });
    const del = await t.app.inject({ method: 'DELETE', url: `/v1/budgets/${mine[0].id}`, headers: auth(b.adminKey) });
    expect(del.json()).to.include({ statusCode: 404, code: 'NT_ERR_NOT_FOUND' });
    const foreignSite = await post(b.adminKey, '/v1/budgets', {
      siteId: kilnId,
      periodStart: '2025-03-01',
      periodEnd: '2025-04-01',
      co2eKg: '1',
    });
    expect(foreignSite.json()).to.include({ statusCode: 404, code: 'NT_ERR_NOT_FOUND' });
    const mineDel = await t.app.inject({
      method: 'DELETE',
      url: `/v1/budgets/${mine[1].id}`,
      headers: auth(a.adminKey),
    });
    expect(mineDel.statusCode).to.equal(204);
    expect((await get(a.adminKey, '/v1/budgets')).json()).to.have.length(1);
  });

  it('lets a read-only key read budgets and their status, but not write them', async function () {
    const reader = await issueApiKey(db.db, { orgId: a.orgId, name: 'reader', scopes: ['read'] });
    const list = await get(reader.key, '/v1/budgets');
    expect(list.statusCode).to.equal(200);
    const [first] = list.json();
    expect((await get(reader.key, `/v1/budgets/${first.id}/status?asOf=2025-03-06`)).statusCode).to.equal(200);
    const write = await post(reader.key, '/v1/budgets', {
      periodStart: '2025-03-01',
      periodEnd: '2025-04-01',
      co2eKg: '1',
    });
    expect(write.json()).to.include({ statusCode: 403, code: 'NT_ERR_AUTH_SCOPE' });
    const del = await t.app.inject({ method: 'DELETE', url: `/v1/budgets/${first.id}`, headers: auth(reader.key) });
    expect(del.json()).to.include({ statusCode: 403, code: 'NT_ERR_AUTH_SCOPE' });
  });

  it('refuses bad budgets and status dates with codes', async function () {
    const period = { periodStart: '2025-03-01', periodEnd: '2025-04-01' };
    const none = await post(a.adminKey, '/v1/budgets', period);
    expect(none.json()).to.include({ statusCode: 422, code: 'NT_ERR_BUDGET_INVALID' });
    const inverted = await post(a.adminKey, '/v1/budgets', {
      periodStart: '2025-04-01',
      periodEnd: '2025-03-01',
      co2eKg: '1',
    });
    expect(inverted.json()).to.include({ statusCode: 422, code: 'NT_ERR_ACCOUNTING_PERIOD' });
    const negative = await post(a.adminKey, '/v1/budgets', { ...period, co2eKg: '-1' });
    expect(negative.json()).to.include({ statusCode: 400, code: 'NT_ERR_REQUEST_INVALID' });
    const tooFine = await post(a.adminKey, '/v1/budgets', { ...period, co2eKg: '1.12345678901' });
    expect(tooFine.json()).to.include({ statusCode: 400, code: 'NT_ERR_REQUEST_INVALID' });
    const id = (await post(a.adminKey, '/v1/budgets', { ...period, co2eKg: '1' })).json().id;
    for (const asOf of ['2025-03-01', '2025-02-01', '2025-04-02']) {
      const res = await get(a.adminKey, `/v1/budgets/${id}/status?asOf=${asOf}`);
      expect(res.json(), asOf).to.include({ statusCode: 422, code: 'NT_ERR_BUDGET_AS_OF' });
    }
    const noDate = await get(a.adminKey, `/v1/budgets/${id}/status`);
    expect(noDate.json()).to.include({ statusCode: 400, code: 'NT_ERR_REQUEST_INVALID' });
    // As of the end: nothing remains, the forecast is the actual; 6–31 March had no readings (gaps, not zeros), so the
    // history is 1–5 March (Kiln and Mill): 580.8 kg in all.
    const atEnd = (await get(a.adminKey, `/v1/budgets/${id}/status?asOf=2025-04-01`)).json();
    expect(atEnd).to.include({ remainingDays: 0, historyDays: 28 });
    expect(atEnd.daysWithoutData).to.have.length(26);
    expect(atEnd.co2eKg).to.include({ actual: '580.800', forecast: '580.800', warning: 'actual_over_budget' });
    const empty = (
      await post(a.adminKey, '/v1/budgets', { periodStart: '2025-05-01', periodEnd: '2025-06-01', co2eKg: '1' })
    ).json();
    const noData = await get(a.adminKey, `/v1/budgets/${empty.id}/status?asOf=2025-05-10`);
    expect(noData.json()).to.include({ statusCode: 422, code: 'NT_ERR_ACCOUNTING_NO_DATA' });
  });
});
