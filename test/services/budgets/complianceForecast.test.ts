import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { indexChain } from '../../helpers/indexChain';
import { call, createParticipant, type Participant } from '../../helpers/participants';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const YEAR = 2025;

/**
 * The compliance shortfall forecast by hand (East grid 0.5500 kg CO2e/kWh standing in for 2025, as in the budget test).
 * Kiln Cement's meter E reads 1, 2, 3, 2, 2 kWh per quarter hour on 1–5 March 2025: 52.8, 105.6, 158.4, 105.6 and
 * 105.6 kg CO2e a day, 528 kg in all. As of 6 March: 64 days elapsed, 301 remain; the last 28 days hold 5 days with
 * data (23 gaps, left out): mean 105.6 kg/day → forecast 528 + 301 × 105.6 = 32,313.600 kg → ceil(32.3136) = 33 t.
 * s = 37.33524, t(90 %, 4 df) = 2.131847: half width 2.131847 × 37.33524 × √301 = 1,380.887 → upper 33,694.487 kg
 * → 34 t. Actual so far 528 kg → 1 t.
 * Kiln holds 20 t allocated + 5 t bought from Harbour Steel at 86.50 CNY (8650 fen) = 25 t: shortfall 8 t (69,200 fen)
 * at the forecast, 9 t (77,850 fen) at the upper bound. Harbour Steel's own 5 t left are not Kiln's.
 */
describe('compliance shortfall forecast: GET /v1/market/years/{year}/compliance-forecast', function () {
  this.timeout(180_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let authority: Participant;
  let kiln: Participant;
  let steel: Participant;

  const get = (key: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(key) });

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain, {}, { keystoreSecret: randomBytes(32) });
    authority = await createParticipant(t, 'Provincial Ecology Department', ['authority']);
    kiln = await createParticipant(t, 'Kiln Cement', ['enterprise']);
    steel = await createParticipant(t, 'Harbour Steel', ['enterprise']);
    const exchange = await createParticipant(t, 'Shanghai Environment Exchange', ['exchange']);

    const site = await call(t, kiln.key, 'POST', '/v1/sites', { name: 'Kiln', gridRegion: 'East' });
    await call(t, kiln.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
    const perDay = ['1', '2', '3', '2', '2'];
    const readings = perDay.flatMap((value, d) => {
      const t0 = Date.parse(`2025-03-0${d + 1}T00:00:00+08:00`);
      return Array.from({ length: 96 }, (_, i) => ({
        meter: 'E',
        start: new Date(t0 + i * 900_000).toISOString(),
        value,
      }));
    });
    await call(t, kiln.key, 'POST', '/v1/readings', { readings });

    await call(t, authority.key, 'POST', '/v1/market/years', {
      year: YEAR,
      periodStart: '2025-01-01',
      periodEnd: '2026-01-01',
      surrenderDeadline: '2026-12-31',
    });
    await call(t, authority.key, 'POST', `/v1/market/years/${YEAR}/allocations`, {
      allocations: [
        { orgId: kiln.orgId, quantity: '20' },
        { orgId: steel.orgId, quantity: '10' },
      ],
    });
    await call(t, steel.key, 'PUT', '/v1/market/ledger-approvals/allowance', { approved: true });
    await call(t, exchange.key, 'POST', '/v1/market/trades', {
      venueRef: 'SEEE-2025-000777',
      buyerOrgId: kiln.orgId,
      sellerOrgId: steel.orgId,
      asset: 'allowance',
      tokenId: String(YEAR),
      quantity: '5',
      pricePerUnit: '8650',
      currency: 'CNY',
      paymentRef: 'ICBC-20250305-0001',
      venue: 'SEEE',
    });
    await indexChain(db.db, chain);
  });
  after(async function () {
    await t.app.close();
    await Promise.all([db.drop(), chain.close()]);
  });

  it('forecasts the obligation, the cover and the shortfall with its cost at the last price', async function () {
    const res = await get(kiln.key, `/v1/market/years/${YEAR}/compliance-forecast?asOf=2025-03-06`);
    expect(res.statusCode, res.body).to.equal(200);
    const f = res.json();
    expect(f).to.include({ year: YEAR, asOf: '2025-03-06', elapsedDays: 64, remainingDays: 301, historyDays: 28 });
    expect(f.daysWithoutData).to.have.length(23);
    expect(f.emissionsKg).to.include({
      actual: '528.000',
      dailyMean: '105.600',
      forecast: '32313.600',
      lower: '30932.713',
      upper: '33694.487',
    });
    expect(f.obligationT).to.deep.equal({ actual: '1', forecast: '33', upper: '34' });
    expect(f.coverT).to.deep.equal({ held: '25', surrendered: '0', chain: true });
    expect(f.shortfallT).to.deep.equal({ forecast: '8', upper: '9' });
    expect(f.lastPrice).to.include({ currency: 'CNY', minorUnitsPerT: '8650.00' });
    expect(f.shortfallCostMinorUnits).to.deep.equal({ forecast: '69200.00', upper: '77850.00' });
    expect(f.warning).to.equal('forecast_over_cover');
  });

  it('an enterprise without readings is told there is nothing to forecast from', async function () {
    const res = await get(steel.key, `/v1/market/years/${YEAR}/compliance-forecast?asOf=2025-03-06`);
    expect(res.statusCode).to.equal(422);
    expect(res.json().code).to.equal('NT_ERR_ACCOUNTING_NO_DATA');
  });

  it('refuses a date outside the year and a caller that is not an enterprise, with codes and hints', async function () {
    const late = await get(kiln.key, `/v1/market/years/${YEAR}/compliance-forecast?asOf=2026-02-01`);
    expect(late.statusCode).to.equal(422);
    expect(late.json()).to.include({ code: 'NT_ERR_COMPLIANCE_FORECAST_AS_OF' });
    expect(late.json().hint).to.contain('compliance-forecast');
    const bad = await get(kiln.key, `/v1/market/years/${YEAR}/compliance-forecast?asOf=2025-02-30`);
    expect(bad.statusCode).to.be.oneOf([400, 422]);
    const role = await get(authority.key, `/v1/market/years/${YEAR}/compliance-forecast?asOf=2025-03-06`);
    expect(role.statusCode).to.equal(403);
  });
});
