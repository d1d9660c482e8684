import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { electricityMeterWithOneDay } from '../../helpers/meteredDay';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/** nengtan-default version 2 (migration 0033): the base of an own set with a supplier rate. */
const DEFAULT_V2 = '00000000-0000-4000-8000-000000000002';

/**
 * Measured process inputs and supplier contracts through the API, into stored inventories and their reports (issue 12
 * §2), on PostgreSQL and PGlite. By hand, for March 2025 at the Jiangsu works (site "Works", East grid, meter E:
 * 96 quarter hours × 10 kWh on 1 March = 960 kWh):
 *   clinker 26,600 t, CaO 65.0 % (1.0 % non-carbonate), MgO 2.0 % (0.1 %), kiln dust 266 t, raw meal 42,000 t with
 *     0.15 % non-fuel carbon: (26,600 + 266) × [0.64 × 44/56 + 0.019 × 44/40] + 42,000 × 0.0015 × 44/12
 *     = 3,838 × 3.6663 + 231 = 14,302.2594 t = 14,302,259.400 kg;
 *   crude steel by carbon balance: coke 1,000 t × 0.86 + limestone 500 t × 0.12 = 920 tC in; crude steel 2,000 t ×
 *     0.002 = 4 tC out; (920 − 4) × 44/12 = 3,358.666… t = 3,358,666.667 kg;
 *   Scope 1 = 17,660,926.0666… → 17,660,926.067 kg.
 * Electricity: location-based 960 × 0.5500 (2023 East standing in for 2025) = 528 kg. Market-based: 0.2 MWh of
 * certificates, then contract PPA-KW-1 (500 kWh at 0) covers 0.5 MWh, 0.26 MWh left × 0.6096 (2023 residual standing
 * in) = 158.496 kg; with the own set's supplier rate for Jiangsu 2025 (0.4210): 0.26 × 0.4210 = 109.460 kg.
 */
describe('measured process inputs and supplier contracts through the API (POST /v1/activity-data, /v1/energy-contracts)', function () {
  let db: TestDb;
  let t: TestApp;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  let worksId: string;

  const post = (key: string, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: auth(key), payload: payload as object });
  const get = (key: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(key) });
  const march = { periodStart: '2025-03-01', periodEnd: '2025-04-01' };
  const inventoryPeriod = { start: '2025-03-01', end: '2025-04-01' };

  const clinker = {
    ...march,
    sourceKind: 'process',
    subject: 'clinker',
    quantity: '26600',
    unit: 't',
    evidence: 'Kiln log March 2025; XRF clinker analysis LAB-2025-03',
    measured: {
      method: 'clinker_composition',
      caoPct: '65.0',
      caoNonCarbonatePct: '1.0',
      mgoPct: '2.0',
      mgoNonCarbonatePct: '0.1',
      kilnDustT: '266',
      rawMealT: '42000',
      rawMealOrganicCarbonPct: '0.15',
    },
  };
  const steel = {
    ...march,
    sourceKind: 'process',
    subject: 'crude_steel',
    quantity: '2000',
    unit: 't',
    evidence: 'Melt shop balance March 2025',
    measured: {
      method: 'carbon_balance',
      inputs: [
        { material: 'coke', quantity: '1000', unit: 't', carbonContent: '0.86' },
        { material: 'limestone', quantity: '500', unit: 't', carbonContent: '0.12' },
      ],
      outputs: [{ material: 'crude steel', quantity: '2000', unit: 't', carbonContent: '0.002' }],
    },
  };
  const ppa = {
    contractRef: 'PPA-KW-1',
    instrument: 'ppa',
    counterparty: 'Kunlun Wind Farm Co.',
    ...march,
    contractedKWh: '500',
    factor: '0',
    evidence: 'PPA KW-1 (2024-11-02) and settlement statement 2025-03',
  };

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    a = await createOrgViaApi(t, 'Jiangsu works');
    b = await createOrgViaApi(t, 'Other');
    const site = await post(a.adminKey, '/v1/sites', { name: 'Works', gridRegion: 'East', province: 'Jiangsu' });
    expect(site.statusCode, site.body).to.be.oneOf([200, 201]);
    worksId = site.json().id;
    await electricityMeterWithOneDay(t, a.adminKey, worksId, '2025-03-01', '10');
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  describe('process records with measured inputs', function () {
    it('records clinker with its composition and crude steel with its carbon balance, exact decimals kept', async function () {
      const k = await post(a.adminKey, '/v1/activity-data', { ...clinker, siteId: worksId });
      expect(k.statusCode, k.body).to.equal(201);
      expect(k.json().measured).to.deep.equal(clinker.measured);
      const s = await post(a.adminKey, '/v1/activity-data', { ...steel, siteId: worksId });
      expect(s.statusCode, s.body).to.equal(201);
      const listed = (await get(a.adminKey, '/v1/activity-data')).json();
      expect(listed.find((r: { subject: string }) => r.subject === 'crude_steel').measured).to.deep.equal(
        steel.measured,
      );
    });

    it('refuses crude steel without a carbon balance, a composition on lime and non-carbonate CaO above CaO', async function () {
      const { measured: _balance, ...noBalance } = steel;
      void _balance;
      const cases = [
        noBalance,
        { ...clinker, subject: 'lime' },
        { ...clinker, measured: { ...clinker.measured, caoNonCarbonatePct: '66' } },
        { ...clinker, measured: { ...clinker.measured, rawMealOrganicCarbonPct: undefined } },
        {
          ...steel,
          measured: {
            ...steel.measured,
            outputs: [{ material: 'slag', quantity: '100000', unit: 't', carbonContent: '1' }],
          },
        },
      ];
      const answers = [];
      for (const body of cases) {
        const res = await post(a.adminKey, '/v1/activity-data', JSON.parse(JSON.stringify(body)));
        answers.push([res.statusCode, res.json().code]);
      }
      expect(answers).to.deep.equal(Array.from({ length: 5 }, () => [422, 'NT_ERR_ACTIVITY_DATA_INVALID']));
    });

    it('refuses unknown fields and float-like numbers in the measured inputs', async function () {
      const extra = await post(a.adminKey, '/v1/activity-data', {
        ...clinker,
        measured: { ...clinker.measured, sulphurPct: '1' },
      });
      expect(extra.statusCode).to.equal(400);
      const exponent = await post(a.adminKey, '/v1/activity-data', {
        ...clinker,
        measured: { ...clinker.measured, caoPct: '6.5e1' },
      });
      expect(exponent.statusCode).to.equal(400);
    });
  });

  describe('energy contracts', function () {
    it('records a contract period and lists it to its organisation only', async function () {
      const res = await post(a.adminKey, '/v1/energy-contracts', ppa);
      expect(res.statusCode, res.body).to.equal(201);
      expect(res.json()).to.include({ contractRef: 'PPA-KW-1', contractedKWh: '500', factor: '0', instrument: 'ppa' });
      expect((await get(a.adminKey, '/v1/energy-contracts')).json()).to.have.length(1);
      expect((await get(b.adminKey, '/v1/energy-contracts')).json()).to.deep.equal([]);
      expect((await get(a.adminKey, '/v1/energy-contracts?start=2025-04-01')).json()).to.deep.equal([]);
    });

    it('refuses an overlapping period of the same contract, a zero quantity and an unknown instrument', async function () {
      const overlap = await post(a.adminKey, '/v1/energy-contracts', { ...ppa, periodStart: '2025-03-15' });
      expect(overlap.json()).to.include({ statusCode: 409, code: 'NT_ERR_CONFLICT' });
      const zero = await post(a.adminKey, '/v1/energy-contracts', { ...ppa, contractRef: 'Z', contractedKWh: '0' });
      expect(zero.json()).to.include({ statusCode: 422, code: 'NT_ERR_ENERGY_CONTRACT_INVALID' });
      const unknown = await post(a.adminKey, '/v1/energy-contracts', { ...ppa, contractRef: 'U', instrument: 'rec' });
      expect(unknown.statusCode).to.equal(400);
      const anonymous = await t.app.inject({ method: 'GET', url: '/v1/energy-contracts' });
      expect(anonymous.statusCode).to.equal(401);
    });
  });

  describe('the inventory and its report', function () {
    let inventoryId: string;

    before(async function () {
      const claim = await post(a.adminKey, '/v1/certificate-claims', {
        certificateRef: 'GEC-JS-2025-03',
        mwh: '0.2',
        consumptionStart: '2025-03-01',
        consumptionEnd: '2025-04-01',
      });
      expect(claim.statusCode, claim.body).to.equal(201);
      const saved = await post(a.adminKey, '/v1/inventories', inventoryPeriod);
      expect(saved.statusCode, saved.body).to.be.oneOf([200, 201]);
      inventoryId = saved.json().id;
    });

    it('computes the measured process lines and the market-based figure by the hierarchy', async function () {
      const doc = (await get(a.adminKey, `/v1/inventories/${inventoryId}`)).json().document;
      expect(doc.results).to.include({
        scope1: '17660926.067',
        scope2LocationBased: '528.000',
        scope2MarketBased: '158.496',
      });
      expect(
        doc.nonMeteredSources.map((l: { subject: string; emissions: { co2e: string } }) => [
          l.subject,
          l.emissions.co2e,
        ]),
      ).to.have.deep.members([
        ['clinker', '14302259.400'],
        ['crude_steel', '3358666.667'],
      ]);
      expect(doc.marketBased.contracts[0]).to.include({
        ref: 'PPA-KW-1',
        appliedMWh: '0.500000',
        allocatedBy: 'consumption',
      });
      expect(doc.method.marketBasedInstruments).to.include('energy attribute certificates 200.000 kWh');
      expect(doc.method.marketBasedInstruments).to.include(
        'contract PPA-KW-1 (ppa, Kunlun Wind Farm Co., 2025-03-01 – 2025-04-01) 500.000 kWh at 0 tCO2/MWh',
      );
      expect(doc.method.marketBasedInstruments).to.include(
        'residual mix (grid factor excluding market-traded non-fossil electricity) 260.000 kWh',
      );
    });

    it('applies a supplier rate of a frozen own set to what certificates and contracts left', async function () {
      const set = await post(a.adminKey, '/v1/factor-sets', {
        name: 'Jiangsu supplier 2025',
        basedOn: DEFAULT_V2,
        factors: [
          {
            category: 'grid_electricity',
            subject: 'supplier',
            region: 'Jiangsu',
            year: 2025,
            value: '0.4210',
            unit: 'tCO2/MWh',
            series: 'Supplier disclosure',
            source: 'Jiangsu Power Sales Co. 2025 fuel mix disclosure',
            quality: 'supplier',
          },
        ],
      });
      expect(set.statusCode, set.body).to.be.oneOf([200, 201]);
      expect((await post(a.adminKey, `/v1/factor-sets/${set.json().id}/freeze`, {})).statusCode).to.be.oneOf([
        200, 201,
      ]);
      const res = await post(a.adminKey, '/v1/inventories/preview', { ...inventoryPeriod, factorSetId: set.json().id });
      expect(res.statusCode, res.body).to.equal(200);
      const doc = res.json().document;
      expect(doc.results.scope2MarketBased).to.equal('109.460');
      expect(doc.marketBased.byYear[0]).to.include({ supplierMWh: '0.260000', residualMWh: '0.000000' });
      expect(doc.marketBased.byYear[0].supplierFactor).to.include({
        value: '0.4210',
        region: 'Jiangsu',
        quality: 'supplier',
      });
    });

    it('shows the measured terms, the process method and the instruments in the English report', async function () {
      const html = (await get(a.adminKey, `/v1/inventories/${inventoryId}/report?lang=en`)).body;
      expect(html).to.include('Process emissions from measured inputs');
      expect(html).to.include('clinker from its measured composition (GB/T 32151.8');
      expect(html).to.include('iron and steel by carbon balance (GB/T 32151.5)');
      expect(html).to.include('Scope 2 market-based instruments applied');
      expect(html).to.include('Supplier contracts (market-based Scope 2)');
      expect(html).to.include('raw meal non-fuel carbon: 42000 t × 0.15 % × 44/12 × 1000 = 231000.000 kg');
    });

    it('shows them in the Chinese report with Chinese labels', async function () {
      const html = (await get(a.adminKey, `/v1/inventories/${inventoryId}/report?lang=zh`)).body;
      expect(html).to.include('基于实测数据的工业生产过程排放');
      expect(html).to.include('范围二基于市场所用的合同工具');
      expect(html).to.include('供电合同（范围二基于市场）');
      expect(html).to.include('Kunlun Wind Farm Co.');
    });
  });

  describe('sample requests (test/fixtures/accounting: the formats are promises to users)', function () {
    const fixture = (name: string) =>
      JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/accounting', name), 'utf8')) as object;

    it('still accepts the sample clinker composition, carbon balance and contract', async function () {
      const c = await createOrgViaApi(t, 'Samples');
      const codes = [
        (await post(c.adminKey, '/v1/activity-data', fixture('clinker-composition.json'))).statusCode,
        (await post(c.adminKey, '/v1/activity-data', fixture('crude-steel-carbon-balance.json'))).statusCode,
        (await post(c.adminKey, '/v1/energy-contracts', fixture('energy-contract.json'))).statusCode,
      ];
      expect(codes).to.deep.equal([201, 201, 201]);
    });

    it('gives the hand-computed figures of the samples: 14,302,259.400 kg and 162,411,333.333 kg', async function () {
      const c = await createOrgViaApi(t, 'Samples 2');
      await post(c.adminKey, '/v1/activity-data', fixture('clinker-composition.json'));
      await post(c.adminKey, '/v1/activity-data', fixture('crude-steel-carbon-balance.json'));
      const res = await post(c.adminKey, '/v1/inventories/preview', inventoryPeriod);
      expect(res.statusCode, res.body).to.equal(200);
      // 14,302,259.4 + 162,411,333.333… = 176,713,592.733… kg.
      expect(res.json().document.results.scope1).to.equal('176713592.733');
    });
  });
});
