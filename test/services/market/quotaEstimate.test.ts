import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { anchorSealedBatches } from '../../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../../services/batching/sealBatches';
import { embeddedDocumentStore } from '../../../services/documents/embeddedDocumentStore';
import { indexChain } from '../../helpers/indexChain';
import { call, createParticipant, type Participant } from '../../helpers/participants';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * The next-period quota estimate by hand (allocation = Σ benchmark × output × Π corrections).
 *
 * Kiln Cement, two lines, estimated for 2025 as of 2025-03-06 (method last_year: the output of 2024):
 * - clinker, rule version 2 (version 1 at 0.9000 was superseded): 0.8770 t CO2/t; load factor 1.02, cooling method
 *   0.99. Volumes 2024-01-01..07-01 10 t and 2024-07-01..2025-01-01 10 t → 20 t.
 *   0.8770 × 20 = 17.54; × 1.02 = 17.8908; × 0.99 = 17.711892 t.
 * - power_supply: 0.8210 t CO2/MWh; heat supply 1.05. One volume 2024-07-01..2025-07-01 of 36.5 MWh (365 days): 184
 *   days fall in 2024 → 36.5 × 184/365 = 18.4 MWh over 184 covered days of 366 → annualised 18.4 × 366/184 = 36.6.
 *   0.8210 × 36.6 = 30.0486; × 1.05 = 31.55103 t.
 * Allocation 17.711892 + 31.55103 = 49.262922 t.
 * Emissions: the compliance forecast of 2025 as of 2025-03-06 with the same readings as its own test
 * (test/services/budgets/complianceForecast.test.ts): obligation 33 t at the forecast, 34 t at the upper bound.
 * Surplus 49.262922 − 33 = 16.262922 t (15.262922 t at the upper bound). Last price of 2025 allowances 8650 fen/t:
 * 16.262922 × 8650 = 140,674.2753 fen; 15.262922 × 8650 = 132,024.2753 fen.
 *
 * 2026 as of 2025-03-06 with outputs typed in (clinker 25 t, power 40 MWh): 0.8770 × 25 × 1.02 × 0.99 = 22.139865;
 * 0.8210 × 40 × 1.05 = 34.482; 56.621865 t. 2026 has not begun, so the forecast of 2025 (33 t) stands in:
 * surplus 23.621865 t; no 2026 allowance traded, so the 2025 price: 23.621865 × 8650 = 204,329.13225 fen.
 *
 * Harbour Steel, crude_steel 1.8 t CO2/t, no corrections; whole-year volumes 2022: 100 t, 2023: 110 t, 2024: 130 t.
 * Trend to 2025: x̄ = 2023, ȳ = 340/3, Sxx = 2, Sxy = 30 → slope 15; 340/3 + 15 × 2 = 430/3 = 143.333 t →
 * 1.8 × 143.333 = 257.9994 t. Residuals 5/3, −10/3, 5/3: SSE = 50/3, s = 4.08248; t(90 %, 1 df) = tan(0.45π) =
 * 6.313752; half width 6.313752 × 4.08248 × √(1 + 1/3 + 4/2) = 47.060 → 96.273 .. 190.393 t of steel, allocation
 * 1.8 × 96.273 = 173.2914 .. 1.8 × 190.393 = 342.7074 t.
 *
 * Verified Lime, compliance year 2024 over 1 March 2024 only: 96 quarter hours of 50 kWh = 4,800 kWh × 0.5500 kg/kWh
 * (East 2023 standing in for 2024) = 2,640 kg, notarized and verified → the contract's obligation ceil(2.64) = 3 t.
 * clinker 1.25 t CO2/t × 4 t typed in = 5 t: surplus 5 − 3 = 2 t, whatever the forecast from one day of data says.
 */
describe('next-period quota estimate: allocation rules and GET /v1/market/years/{year}/quota-estimate', function () {
  this.timeout(180_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let authority: Participant;
  let kiln: Participant;
  let steel: Participant;
  let exchange: Participant;
  let kilnPowerRuleId: string;

  const get = (key: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(key) });
  const post = (key: string, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: auth(key), payload });
  const volume = (key: string, product: string, periodStart: string, periodEnd: string, quantity: string, unit = 't') =>
    call(t, key, 'POST', '/v1/production-volumes', { product, periodStart, periodEnd, quantity, unit });

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(
      db.db,
      chain,
      {},
      { keystoreSecret: randomBytes(32), documents: await embeddedDocumentStore(db.db) },
    );
    authority = await createParticipant(t, 'Provincial Ecology Department', ['authority']);
    kiln = await createParticipant(t, 'Kiln Cement', ['enterprise']);
    steel = await createParticipant(t, 'Harbour Steel', ['enterprise']);
    exchange = await createParticipant(t, 'Shanghai Environment Exchange', ['exchange']);

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

    await volume(kiln.key, 'clinker', '2024-01-01', '2024-07-01', '10');
    await volume(kiln.key, 'clinker', '2024-07-01', '2025-01-01', '10');
    await volume(kiln.key, 'power_supply', '2024-07-01', '2025-07-01', '36.5', 'MWh');
    await volume(steel.key, 'crude_steel', '2022-01-01', '2023-01-01', '100');
    await volume(steel.key, 'crude_steel', '2023-01-01', '2024-01-01', '110');
    await volume(steel.key, 'crude_steel', '2024-01-01', '2025-01-01', '130');

    await call(t, authority.key, 'POST', '/v1/market/years', {
      year: 2025,
      periodStart: '2025-01-01',
      periodEnd: '2026-01-01',
      surrenderDeadline: '2026-12-31',
    });
    await call(t, authority.key, 'POST', '/v1/market/years/2025/allocations', {
      allocations: [
        { orgId: kiln.orgId, quantity: '20' },
        { orgId: steel.orgId, quantity: '10' },
      ],
    });
    await call(t, steel.key, 'PUT', '/v1/market/ledger-approvals/allowance', { approved: true });
    await call(t, exchange.key, 'POST', '/v1/market/trades', {
      venueRef: 'SEEE-2025-000778',
      buyerOrgId: kiln.orgId,
      sellerOrgId: steel.orgId,
      asset: 'allowance',
      tokenId: '2025',
      quantity: '5',
      pricePerUnit: '8650',
      currency: 'CNY',
      paymentRef: 'ICBC-20250305-0002',
      venue: 'SEEE',
    });
    await indexChain(db.db, chain);
  });
  after(async function () {
    await t.app.close();
    await Promise.all([db.drop(), chain.close()]);
  });

  describe('allocation rules', function () {
    it('puts version 2 of a line in force and keeps version 1 as superseded, with the key that wrote each', async function () {
      const v1 = await post(kiln.key, '/v1/market/quota-rules', {
        product: 'clinker',
        benchmark: '0.9000',
        source: '2021 cement allocation plan (draft)',
      });
      expect(v1.statusCode, v1.body).to.equal(201);
      const v2 = await post(kiln.key, '/v1/market/quota-rules', {
        product: 'clinker',
        benchmark: '0.8770',
        corrections: [
          { name: 'load factor', factor: '1.02' },
          { name: 'cooling method', factor: '0.99' },
        ],
        source: '2023–2024 cement allocation plan, table 2',
      });
      expect(v2.statusCode, v2.body).to.equal(201);
      expect(v2.json()).to.include({ product: 'clinker', unit: 't', version: 2, benchmark: '0.8770', retiredAt: null });
      const power = await post(kiln.key, '/v1/market/quota-rules', {
        product: 'power_supply',
        benchmark: '0.8210',
        corrections: [{ name: 'heat supply', factor: '1.05' }],
        source: '2023–2024 power allocation plan',
      });
      expect(power.statusCode, power.body).to.equal(201);
      kilnPowerRuleId = power.json().id;

      const all = (await get(kiln.key, '/v1/market/quota-rules')).json();
      expect(all.map((r: { product: string; version: number }) => `${r.product} v${r.version}`)).to.deep.equal([
        'clinker v1',
        'clinker v2',
        'power_supply v1',
      ]);
      expect(all[0].retiredReason).to.equal('superseded by version 2');
      expect(all[0].retiredByKey).to.be.a('string').and.equal(all[1].createdByKey);
      const inForce = (await get(kiln.key, '/v1/market/quota-rules?inForce=true')).json();
      expect(inForce.map((r: { version: number }) => r.version)).to.deep.equal([2, 1]);
    });

    it('refuses a negative benchmark, an unknown product line and bad correction factors, with hints', async function () {
      const negative = await post(kiln.key, '/v1/market/quota-rules', {
        product: 'clinker',
        benchmark: '-0.8770',
        source: 'plan',
      });
      expect(negative.statusCode).to.equal(422);
      expect(negative.json()).to.include({ code: 'NT_ERR_QUOTA_BENCHMARK' });
      expect(negative.json().hint).to.contain('above zero');
      const zero = await post(kiln.key, '/v1/market/quota-rules', {
        product: 'clinker',
        benchmark: '0.000',
        source: 'x',
      });
      expect(zero.json().code).to.equal('NT_ERR_QUOTA_BENCHMARK');

      const unknown = await post(kiln.key, '/v1/market/quota-rules', {
        product: 'glass',
        benchmark: '0.5',
        source: 'plan',
      });
      expect(unknown.statusCode).to.equal(422);
      expect(unknown.json()).to.include({ code: 'NT_ERR_QUOTA_PRODUCT_UNKNOWN' });
      expect(unknown.json().products).to.include('clinker');
      expect(unknown.json().hint).to.contain('crude_steel');

      const factor = await post(kiln.key, '/v1/market/quota-rules', {
        product: 'clinker',
        benchmark: '0.5',
        corrections: [{ name: 'load factor', factor: '0' }],
        source: 'plan',
      });
      expect(factor.statusCode).to.equal(422);
      expect(factor.json()).to.include({ code: 'NT_ERR_QUOTA_CORRECTION', correctionIndex: 0 });
      const twice = await post(kiln.key, '/v1/market/quota-rules', {
        product: 'clinker',
        benchmark: '0.5',
        corrections: [
          { name: 'load factor', factor: '1' },
          { name: 'load factor', factor: '1.1' },
        ],
        source: 'plan',
      });
      expect(twice.json()).to.include({ code: 'NT_ERR_QUOTA_CORRECTION', correctionIndex: 1 });
      const noSource = await post(kiln.key, '/v1/market/quota-rules', {
        product: 'clinker',
        benchmark: '1',
        source: ' ',
      });
      expect(noSource.json().code).to.equal('NT_ERR_QUOTA_RULE_SOURCE');

      const versions = (await get(kiln.key, '/v1/market/quota-rules')).json();
      expect(versions).to.have.length(3);
    });

    it('lets only an enterprise write rules, and an admin key of it', async function () {
      const byAuthority = await post(authority.key, '/v1/market/quota-rules', {
        product: 'clinker',
        benchmark: '1',
        source: 'plan',
      });
      expect(byAuthority.statusCode).to.equal(403);
      expect(byAuthority.json()).to.include({ code: 'NT_ERR_AUTH_ROLE', requiredKind: 'enterprise' });
      const readKey = await call(t, kiln.key, 'POST', '/v1/api-keys', { name: 'reader', scopes: ['read'] });
      const byReader = await post(readKey.key, '/v1/market/quota-rules', {
        product: 'clinker',
        benchmark: '1',
        source: 'x',
      });
      expect(byReader.statusCode).to.equal(403);
      expect(byReader.json().code).to.equal('NT_ERR_AUTH_SCOPE');
      expect((await get(readKey.key, '/v1/market/quota-rules')).statusCode).to.equal(200);
    });

    it("keeps organisations apart: the authority reads an enterprise's rules, another enterprise may not", async function () {
      const own = (await get(steel.key, '/v1/market/quota-rules')).json();
      expect(own).to.deep.equal([]);
      const peek = await get(steel.key, `/v1/market/quota-rules?orgId=${kiln.orgId}`);
      expect(peek.statusCode).to.equal(403);
      expect(peek.json()).to.include({ code: 'NT_ERR_AUTH_ROLE', requiredKind: 'authority' });
      const retire = await post(steel.key, `/v1/market/quota-rules/${kilnPowerRuleId}/retire`, { reason: 'mine now' });
      expect(retire.statusCode).to.equal(404);
      const oversee = await get(authority.key, `/v1/market/quota-rules?orgId=${kiln.orgId}`);
      expect(oversee.statusCode).to.equal(200);
      expect(oversee.json()).to.have.length(3);
      const notEnterprise = await get(authority.key, `/v1/market/quota-rules?orgId=${exchange.orgId}`);
      expect(notEnterprise.statusCode).to.equal(404);
      const exchangeOwn = await get(exchange.key, '/v1/market/quota-rules');
      expect(exchangeOwn.json()).to.include({ code: 'NT_ERR_AUTH_ROLE' });
    });
  });

  describe('verified emissions', function () {
    let lime: Participant;

    before(async function () {
      lime = await createParticipant(t, 'Verified Lime', ['enterprise']);
      const verifier = await createParticipant(t, 'Lime Verifier', ['verifier']);
      const site = await call(t, lime.key, 'POST', '/v1/sites', { name: 'Lime kiln', gridRegion: 'East' });
      await call(t, lime.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'L', energyKind: 'electricity' });
      await call(t, lime.key, 'POST', '/v1/readings', {
        readings: Array.from({ length: 96 }, (_, i) => ({
          meter: 'L',
          start: new Date(Date.parse('2024-02-29T16:00:00Z') + i * 900_000).toISOString(),
          value: '50',
        })),
      });
      await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1 });
      await anchorSealedBatches(db.db, chain);
      const period = { start: '2024-03-01', end: '2024-03-02' };
      const inventory = await call(t, lime.key, 'POST', '/v1/inventories', period);
      await call(t, lime.key, 'POST', `/v1/inventories/${inventory.id}/notarize`);
      await call(t, lime.key, 'POST', `/v1/inventories/${inventory.id}/verifiers`, { verifierOrgId: verifier.orgId });
      await call(t, verifier.key, 'POST', `/v1/verifications/${inventory.id}/attestation`, {
        opinion: 'verified',
        assurance: 'reasonable',
        materialityBps: 500,
        statement: 'Verified.',
      });
      await call(t, authority.key, 'POST', '/v1/market/years', {
        year: 2024,
        periodStart: period.start,
        periodEnd: period.end,
        surrenderDeadline: '2027-12-31',
      });
      await call(t, lime.key, 'POST', '/v1/market/quota-rules', {
        product: 'clinker',
        benchmark: '1.25',
        source: 'lime plan',
      });
    });

    it('sets the allocation against the verified obligation on chain rather than a forecast', async function () {
      const res = await get(lime.key, '/v1/market/years/2024/quota-estimate?asOf=2024-03-02&outputs=clinker=4');
      expect(res.statusCode, res.body).to.equal(200);
      const e = res.json();
      expect(e.allocationT).to.equal('5');
      expect(e.emissions).to.include({ basis: 'verified', verifiedObligationT: '3' });
      expect(e.emissions.obligationT).to.deep.equal({ forecast: '3', upper: '3' });
      expect(e.balanceT).to.deep.equal({ forecast: '2', upper: '2' });
      expect(e.position).to.equal('surplus');
      expect(e.lastPrice).to.equal(null);
    });
  });

  describe('the estimate', function () {
    it('allocates each line from last year’s output and sets the total against the forecast obligation', async function () {
      const res = await get(kiln.key, '/v1/market/years/2025/quota-estimate?asOf=2025-03-06');
      expect(res.statusCode, res.body).to.equal(200);
      const e = res.json();
      const [clinker, power] = e.lines;
      expect(clinker).to.deep.include({
        product: 'clinker',
        benchmarkTPerUnit: '0.8770',
        correctionProduct: '1.0098',
        allocationT: '17.711892',
        formula: '0.8770 t CO2/t × 20.000 t × 1.02 (load factor) × 0.99 (cooling method) = 17.711892 t CO2',
      });
      expect(clinker.rule).to.include({ version: 2, source: '2023–2024 cement allocation plan, table 2' });
      expect(clinker.output).to.include({ value: '20.000', source: 'last_year' });
      expect(clinker.output.series).to.deep.equal([
        { year: 2024, output: '20.000', coveredDays: 366, daysInYear: 366, volumes: 2 },
      ]);
      expect(power.output).to.include({ value: '36.600', source: 'last_year_annualised' });
      expect(power.output.series[0]).to.include({ output: '18.400', coveredDays: 184, daysInYear: 366 });
      expect(power.allocationT).to.equal('31.55103');
      expect(e.allocationT).to.equal('49.262922');
      expect(e.emissions).to.include({ year: 2025, asOf: '2025-03-06' });
      expect(e.emissions.obligationT).to.deep.equal({ forecast: '33', upper: '34' });
      expect(e.balanceT).to.deep.equal({ forecast: '16.262922', upper: '15.262922' });
      expect(e.position).to.equal('surplus');
      expect(e.lastPrice).to.include({ currency: 'CNY', minorUnitsPerT: '8650.00' });
      expect(e.balanceValueMinorUnits).to.deep.equal({ forecast: '140674.2753', upper: '132024.2753' });
    });

    it('uses outputs typed in for a year not begun, with the year before standing in for its emissions', async function () {
      const res = await get(
        kiln.key,
        '/v1/market/years/2026/quota-estimate?asOf=2025-03-06&outputs=clinker=25,power_supply=40',
      );
      expect(res.statusCode, res.body).to.equal(200);
      const e = res.json();
      expect(e.lines.map((l: { allocationT: string }) => l.allocationT)).to.deep.equal(['22.139865', '34.482']);
      expect(e.lines[0].output).to.include({ value: '25', source: 'entered' });
      expect(e.allocationT).to.equal('56.621865');
      expect(e.emissions.year).to.equal(2025);
      expect(e.emissions.note).to.contain('2026 has not begun');
      expect(e.emissions.basis).to.equal('forecast');
      expect(e.balanceT.forecast).to.equal('23.621865');
      expect(e.balanceValueMinorUnits.forecast).to.equal('204329.13225');
    });

    it('refuses a year without production data, and bad or unknown outputs, with codes and hints', async function () {
      const noData = await get(kiln.key, '/v1/market/years/2026/quota-estimate?asOf=2025-03-06');
      expect(noData.statusCode).to.equal(422);
      expect(noData.json()).to.include({ code: 'NT_ERR_QUOTA_OUTPUT_NO_DATA', product: 'clinker', year: 2026 });
      expect(noData.json().hint).to.contain('POST /v1/production-volumes');
      const negative = await get(kiln.key, '/v1/market/years/2025/quota-estimate?asOf=2025-03-06&outputs=clinker=-5');
      expect(negative.statusCode).to.equal(422);
      expect(negative.json().code).to.equal('NT_ERR_QUOTA_OUTPUT_INVALID');
      const unknown = await get(kiln.key, '/v1/market/years/2025/quota-estimate?asOf=2025-03-06&outputs=glass=5');
      expect(unknown.json().code).to.equal('NT_ERR_QUOTA_PRODUCT_UNKNOWN');
      const noRule = await get(kiln.key, '/v1/market/years/2025/quota-estimate?asOf=2025-03-06&outputs=aluminium=5');
      expect(noRule.json().code).to.equal('NT_ERR_QUOTA_OUTPUT_INVALID');
      const noRules = await get(steel.key, '/v1/market/years/2025/quota-estimate?asOf=2025-03-06');
      expect(noRules.statusCode).to.equal(422);
      expect(noRules.json().code).to.equal('NT_ERR_QUOTA_NO_RULES');
      expect(noRules.json().hint).to.contain('POST /v1/market/quota-rules');
    });

    it('extrapolates a trend of the full years with its interval, and says when emissions are missing', async function () {
      await call(t, steel.key, 'POST', '/v1/market/quota-rules', {
        product: 'crude_steel',
        benchmark: '1.8',
        source: '2023–2024 steel allocation plan',
      });
      const res = await get(steel.key, '/v1/market/years/2025/quota-estimate?asOf=2025-03-06&method=trend');
      expect(res.statusCode, res.body).to.equal(200);
      const e = res.json();
      expect(e.lines[0].output).to.deep.include({
        value: '143.333',
        source: 'trend',
        interval: { confidence: 0.9, lower: '96.273', upper: '190.393' },
      });
      expect(e.lines[0].output.series.map((s: { year: number }) => s.year)).to.deep.equal([2022, 2023, 2024]);
      expect(e.lines[0].allocationT).to.equal('257.9994');
      expect(e.lines[0].interval).to.deep.equal({ lowerT: '173.2914', upperT: '342.7074' });
      expect(e.emissions.obligationT).to.equal(null);
      expect(e.emissions.unavailable.code).to.equal('NT_ERR_ACCOUNTING_NO_DATA');
      expect(e.balanceT).to.deep.equal({ forecast: null, upper: null });
      const short = await get(steel.key, '/v1/market/years/2024/quota-estimate?asOf=2024-03-06&method=trend');
      expect(short.statusCode).to.equal(422);
      expect(short.json()).to.include({ code: 'NT_ERR_QUOTA_TREND_HISTORY' });
      expect(short.json().fullYears).to.deep.equal([2022, 2023]);
    });

    it('lets the authority read an enterprise estimate; other kinds and other enterprises are refused', async function () {
      const oversee = await get(
        authority.key,
        `/v1/market/years/2025/quota-estimate?asOf=2025-03-06&orgId=${kiln.orgId}`,
      );
      expect(oversee.statusCode, oversee.body).to.equal(200);
      expect(oversee.json()).to.include({ orgId: kiln.orgId, allocationT: '49.262922' });
      const peek = await get(steel.key, `/v1/market/years/2025/quota-estimate?asOf=2025-03-06&orgId=${kiln.orgId}`);
      expect(peek.statusCode).to.equal(403);
      const byExchange = await get(exchange.key, '/v1/market/years/2025/quota-estimate?asOf=2025-03-06');
      expect(byExchange.json()).to.include({ code: 'NT_ERR_AUTH_ROLE' });
      const badDay = await get(kiln.key, '/v1/market/years/2025/quota-estimate?asOf=2025-02-30');
      expect(badDay.statusCode).to.be.oneOf([400, 422]);
    });

    it('retires a rule once: the line leaves the estimate, a second retirement is refused', async function () {
      const retired = await post(kiln.key, `/v1/market/quota-rules/${kilnPowerRuleId}/retire`, {
        reason: 'plant leaves the power sector',
      });
      expect(retired.statusCode, retired.body).to.equal(200);
      expect(retired.json()).to.include({ retiredReason: 'plant leaves the power sector' });
      const again = await post(kiln.key, `/v1/market/quota-rules/${kilnPowerRuleId}/retire`, { reason: 'again' });
      expect(again.statusCode).to.equal(409);
      expect(again.json().code).to.equal('NT_ERR_QUOTA_RULE_RETIRED');
      const e = (await get(kiln.key, '/v1/market/years/2025/quota-estimate?asOf=2025-03-06')).json();
      expect(e.lines.map((l: { product: string }) => l.product)).to.deep.equal(['clinker']);
      expect(e.allocationT).to.equal('17.711892');
    });
  });
});
