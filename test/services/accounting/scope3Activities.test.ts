import { expect } from 'chai';
import type { InventoryDocument } from '../../../services/accounting/computeInventory';
import {
  withRecomputedScope3,
  type InventoryDocumentWithScope3,
} from '../../../services/accounting/scope3PurchasedGoods';
import { compareInventories } from '../../../services/verification/compareInventories';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * Scope 3 categories 3, 4, 6 and 7 through the API, worked by hand. The logistics firm's factor set "Logistics 2025"
 * v1 (values made up for the test, each with its source text):
 *   cat 4 road 0.0712 kgCO2e/t·km, cat 4 spend 0.15 kgCO2e/CNY, cat 6 air economy 0.1546 kgCO2e/passenger·km,
 *   cat 7 car 0.0951 kgCO2e/passenger·km, cat 3 well_to_tank:diesel 612.5 kgCO2e/t, cat 3 td_losses 0.0381 kgCO2e/kWh.
 * Activities in March 2025:
 *   cat 4 road freight 12,000 t·km × 0.0712 = 854.4 → "854.4000"; outsourced warehousing 50,000 CNY × 0.15 = 7,500
 *   → "7500.00"; category 4 = 8,354.4 → "8354.4000".
 *   cat 6 flights 4,352 passenger·km × 0.1546 = 672.8192.
 *   cat 7 commuting 40 staff × 220 days × 2 trips × 15 km = 264,000 passenger·km × 0.0951 = 25,106.4 → "25106.4000".
 * Category 3 from the inventory's own activity (scope3FactorSetId): electricity meter E 96 × 10 kWh = 960 kWh, stated
 *   "960.000000", × 0.0381 = 36.576 → "36.5760000000"; vehicle diesel 2,000 kg (stated "2000.000000") = "2.000000000" t
 *   × 612.5 = 1,225 → "1225.0000000000"; category 3 = 1,261.576 → "1261.5760000000"; gas meter G (96 m3) has no well-to-tank factor: named.
 * Scope 3 = 8,354.4 + 672.8192 + 25,106.4 + 1,261.576 = 35,395.1952 → "35395.1952000000"; Scope 1 and 2 unchanged.
 */
describe('Scope 3 categories 3, 4, 6 and 7 (POST/GET /v1/scope3-factor-sets, /v1/scope3-activities)', function () {
  let db: TestDb;
  let t: TestApp;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  let setV1: { id: string; version: number };
  let withoutScope3: { document: InventoryDocument; totals: Record<string, string>; hash: string };

  const post = (key: string, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: auth(key), payload: payload as object });
  const get = (key: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(key) });
  const march = { periodStart: '2025-03-01', periodEnd: '2025-04-01' };
  const preview = async (body: object = {}) => {
    const res = await post(a.adminKey, '/v1/inventories/preview', { start: '2025-03-01', end: '2025-04-01', ...body });
    expect(res.statusCode, res.body).to.equal(200);
    return res.json();
  };
  const source = 'Test values for the worked example, not published factors';
  const factors = [
    { category: 4, subject: 'road', unit: 't·km', kgCO2ePerUnit: '0.0712', source },
    { category: 4, subject: 'spend', unit: 'CNY', kgCO2ePerUnit: '0.15', source },
    { category: 6, subject: 'air economy', unit: 'passenger·km', kgCO2ePerUnit: '0.1546', source },
    { category: 7, subject: 'car', unit: 'passenger·km', kgCO2ePerUnit: '0.0951', source },
    { category: 3, subject: 'well_to_tank:diesel', unit: 't', kgCO2ePerUnit: '612.5', source },
    { category: 3, subject: 'td_losses', unit: 'kWh', kgCO2ePerUnit: '0.0381', source },
  ];

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    a = await createOrgViaApi(t, 'Logistics');
    b = await createOrgViaApi(t, 'Other');
    const site = (await post(a.adminKey, '/v1/sites', { name: 'Depot', gridRegion: 'East' })).json().id;
    for (const [externalId, energyKind] of [
      ['E', 'electricity'],
      ['G', 'natural_gas'],
    ]) {
      const meter = await post(a.adminKey, '/v1/meters', { siteId: site, externalId, energyKind });
      expect(meter.statusCode, meter.body).to.be.oneOf([200, 201]);
    }
    const t0 = Date.parse('2025-03-01T00:00:00+08:00');
    const readings = Array.from({ length: 96 }, (_, i) => [
      { meter: 'E', start: new Date(t0 + i * 900_000).toISOString(), value: '10' },
      { meter: 'G', start: new Date(t0 + i * 900_000).toISOString(), value: '1' },
    ]).flat();
    expect((await post(a.adminKey, '/v1/readings', { readings })).statusCode).to.equal(200);
    const diesel = await post(a.adminKey, '/v1/activity-data', {
      ...march,
      sourceKind: 'mobile_combustion',
      subject: 'diesel',
      quantity: '2000',
      unit: 'kg',
      evidence: 'Fuel card statement March 2025',
    });
    expect(diesel.statusCode, diesel.body).to.equal(201);
    withoutScope3 = await preview();
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  describe('factor sets', function () {
    it('creates version 1 with every factor as sent', async function () {
      const res = await post(a.adminKey, '/v1/scope3-factor-sets', { name: 'Logistics 2025', factors });
      expect(res.statusCode, res.body).to.equal(201);
      setV1 = res.json();
      expect(setV1.version).to.equal(1);
      expect(
        res.json().factors.map((f: { subject: string; kgCO2ePerUnit: string }) => `${f.subject} ${f.kgCO2ePerUnit}`),
      ).to.have.members([
        'road 0.0712',
        'spend 0.15',
        'air economy 0.1546',
        'car 0.0951',
        'well_to_tank:diesel 612.5',
        'td_losses 0.0381',
      ]);
    });

    it('makes the same name again version 2, leaving version 1 as it was', async function () {
      const res = await post(a.adminKey, '/v1/scope3-factor-sets', {
        name: 'Logistics 2025',
        factors: [{ category: 4, subject: 'road', unit: 't·km', kgCO2ePerUnit: '0.08', source }],
      });
      expect(res.statusCode, res.body).to.equal(201);
      expect(res.json().version).to.equal(2);
      const sets = (await get(a.adminKey, '/v1/scope3-factor-sets')).json();
      expect(sets.map((s: { version: number; factors: unknown[] }) => [s.version, s.factors.length])).to.deep.equal([
        [1, 6],
        [2, 1],
      ]);
    });

    it('refuses a factor that is not a positive decimal, and a T&D factor outside category 3', async function () {
      const zero = await post(a.adminKey, '/v1/scope3-factor-sets', {
        name: 'Bad',
        factors: [{ category: 4, subject: 'rail', unit: 't·km', kgCO2ePerUnit: '0', source }],
      });
      expect(zero.statusCode).to.equal(422);
      expect(zero.json().code).to.equal('NT_ERR_SCOPE3_INVALID');
      const misplaced = await post(a.adminKey, '/v1/scope3-factor-sets', {
        name: 'Bad',
        factors: [{ category: 4, subject: 'td_losses', unit: 'kWh', kgCO2ePerUnit: '0.04', source }],
      });
      expect(misplaced.statusCode).to.equal(422);
      expect(misplaced.json().hint).to.match(/category 3/);
    });
  });

  describe('activities', function () {
    it('records an activity-based entry: 12,000 t·km by road', async function () {
      const res = await post(a.adminKey, '/v1/scope3-activities', {
        ...march,
        category: 4,
        factorSetId: setV1.id,
        subject: 'road',
        description: 'Road freight to customers',
        quantity: '12000',
        evidence: 'Carrier freight bills March 2025',
      });
      expect(res.statusCode, res.body).to.equal(201);
      expect(res.json()).to.deep.include({ method: 'activity', quantity: '12000', terms: null });
      expect(res.json().factor).to.include({ setVersion: 1, unit: 't·km', kgCO2ePerUnit: '0.0712' });
    });

    it('records a spend-based entry: 50,000 CNY', async function () {
      const res = await post(a.adminKey, '/v1/scope3-activities', {
        ...march,
        category: 4,
        factorSetId: setV1.id,
        subject: 'spend',
        description: 'Outsourced warehousing',
        quantity: '50000',
        evidence: 'Warehouse invoices 2025-03',
      });
      expect(res.statusCode, res.body).to.equal(201);
      expect(res.json()).to.include({ method: 'spend' });
    });

    it('states commuting as the product of its terms: 40 × 220 × 2 × 15 = 264,000 passenger·km', async function () {
      const terms = [
        { label: 'staff', value: '40' },
        { label: 'working days', value: '220' },
        { label: 'trips per day', value: '2' },
        { label: 'km per trip', value: '15' },
      ];
      const commute = await post(a.adminKey, '/v1/scope3-activities', {
        ...march,
        category: 7,
        factorSetId: setV1.id,
        subject: 'car',
        description: 'Employee commuting by car',
        terms,
        evidence: 'Commuting survey 2025',
      });
      expect(commute.statusCode, commute.body).to.equal(201);
      expect(commute.json()).to.deep.include({ quantity: '264000', terms });
      const travel = await post(a.adminKey, '/v1/scope3-activities', {
        ...march,
        category: 6,
        factorSetId: setV1.id,
        subject: 'air economy',
        description: 'Flights Beijing–Shanghai, 2 staff, return',
        quantity: '4352',
        evidence: 'Travel agency report March 2025',
      });
      expect(travel.statusCode, travel.body).to.equal(201);
    });

    it('refuses both quantity and terms, an unknown subject and a well-to-tank factor as an entry', async function () {
      const entry = { ...march, category: 4, factorSetId: setV1.id, description: 'x', evidence: 'x' };
      const both = await post(a.adminKey, '/v1/scope3-activities', {
        ...entry,
        subject: 'road',
        quantity: '1',
        terms: [{ label: 'a', value: '1' }],
      });
      expect(both.statusCode).to.equal(422);
      expect(both.json().code).to.equal('NT_ERR_SCOPE3_INVALID');
      const unknown = await post(a.adminKey, '/v1/scope3-activities', { ...entry, subject: 'rail', quantity: '1' });
      expect(unknown.statusCode).to.equal(422);
      expect(unknown.json().hint).to.match(/road, spend/);
      const derived = await post(a.adminKey, '/v1/scope3-activities', {
        ...entry,
        category: 3,
        subject: 'td_losses',
        quantity: '1',
      });
      expect(derived.statusCode).to.equal(422);
      expect(derived.json().hint).to.match(/scope3FactorSetId/);
    });

    it('keeps organisations apart: another organisation neither sees the set nor records against it', async function () {
      expect((await get(b.adminKey, '/v1/scope3-factor-sets')).json()).to.deep.equal([]);
      expect((await get(b.adminKey, '/v1/scope3-activities')).json()).to.deep.equal([]);
      const foreign = await post(b.adminKey, '/v1/scope3-activities', {
        ...march,
        category: 4,
        factorSetId: setV1.id,
        subject: 'road',
        description: 'x',
        quantity: '1',
        evidence: 'x',
      });
      expect(foreign.statusCode).to.equal(404);
      const foreignInventory = await post(b.adminKey, '/v1/inventories/preview', {
        start: '2025-03-01',
        end: '2025-04-01',
        scope3FactorSetId: setV1.id,
      });
      expect(foreignInventory.statusCode, foreignInventory.body).to.equal(404);
    });

    it('filters by period', async function () {
      expect((await get(a.adminKey, '/v1/scope3-activities?start=2025-03-01&end=2025-04-01')).json()).to.have.length(4);
      expect((await get(a.adminKey, '/v1/scope3-activities?start=2025-04-01')).json()).to.deep.equal([]);
    });
  });

  describe('in the inventory', function () {
    let doc: InventoryDocumentWithScope3;
    let totals: Record<string, string>;
    let hash: string;

    before(async function () {
      ({ document: doc, totals, hash } = await preview({ scope3FactorSetId: setV1.id }));
    });

    it('multiplies each line exactly: road, spend, flights, commuting', function () {
      const kg = (key: 'category4UpstreamTransport' | 'category6BusinessTravel' | 'category7EmployeeCommuting') =>
        doc.scope3?.[key]?.lines.map((l) => `${l.method} ${l.quantity} ${l.unit} ${l.kgCO2e}`);
      expect(kg('category4UpstreamTransport')).to.deep.equal([
        'activity 12000 t·km 854.4000',
        'spend 50000 CNY 7500.00',
      ]);
      expect(kg('category6BusinessTravel')).to.deep.equal(['activity 4352 passenger·km 672.8192']);
      expect(kg('category7EmployeeCommuting')).to.deep.equal(['activity 264000 passenger·km 25106.4000']);
    });

    it('computes category 3 from its own electricity and vehicle diesel, and names the gas it cannot cover', function () {
      const c3 = doc.scope3?.category3FuelAndEnergy;
      expect(c3?.lines.map((l) => `${l.from} ${l.factor.subject} ${l.quantity} ${l.kgCO2e}`)).to.deep.equal([
        'inventory-source td_losses 960.000000 36.5760000000',
        'inventory-activity-data well_to_tank:diesel 2.000000000 1225.0000000000',
      ]);
      expect(c3?.kgCO2e).to.equal('1261.5760000000');
      expect(c3?.notCovered).to.have.length(1);
      expect(c3?.notCovered?.[0]).to.match(/natural_gas.*96\.000000 m3/);
      expect(c3?.method)
        .to.match(/well-to-tank/)
        .and.match(/td_losses/);
    });

    it('states the category totals, the factor set version and the Scope 3 total', function () {
      expect(doc.scope3?.category4UpstreamTransport?.kgCO2e).to.equal('8354.4000');
      expect(doc.scope3?.category4UpstreamTransport?.factorSets).to.deep.equal([
        { id: setV1.id, name: 'Logistics 2025', version: 1 },
      ]);
      expect(doc.scope3?.category4UpstreamTransport?.method)
        .to.match(/distance-based/)
        .and.match(/spend-based/);
      expect(doc.scope3?.kgCO2e).to.equal('35395.1952000000');
      expect(doc.scope3).not.to.have.property('category1PurchasedGoods');
    });

    it('leaves Scope 1 and 2 and the chain totals as they were, and changes the hash', function () {
      expect(doc.results).to.deep.equal(withoutScope3.document.results);
      expect(totals).to.deep.equal(withoutScope3.totals);
      expect(hash).not.to.equal(withoutScope3.hash);
    });

    it('leaves category 3 to recorded entries when no set is named', async function () {
      const { document } = await preview();
      expect(document.scope3).not.to.have.property('category3FuelAndEnergy');
      expect(document.scope3.kgCO2e).to.equal('34133.6192');
    });

    it('lets a verifier recompute Scope 3 from its lines, and see an altered figure', function () {
      const base = { ...doc, scope3: undefined } as InventoryDocument;
      const same = withRecomputedScope3(doc, { document: base });
      expect(compareInventories(doc, same.document).otherDifferences).to.deep.equal([]);
      const section = doc.scope3?.category7EmployeeCommuting;
      const altered: InventoryDocumentWithScope3 = {
        ...doc,
        scope3: {
          ...doc.scope3!,
          category7EmployeeCommuting: { ...section!, lines: [{ ...section!.lines[0], kgCO2e: '2510.6400' }] },
        },
      };
      const recomputed = withRecomputedScope3(altered, { document: base });
      expect(compareInventories(altered, recomputed.document).otherDifferences).to.have.length.greaterThan(0);
    });

    it("checks derived category 3 quantities against the recomputed inventory's own electricity", function () {
      const base = { ...doc, scope3: undefined } as InventoryDocument;
      const c3 = doc.scope3!.category3FuelAndEnergy!;
      // 9,600 kWh claimed instead of the metered 960, with its product made consistent: 9,600 × 0.0381 = 365.76.
      const inflated = { ...c3.lines[0], quantity: '9600.000000', kgCO2e: '365.7600000000' };
      const altered: InventoryDocumentWithScope3 = {
        ...doc,
        scope3: { ...doc.scope3!, category3FuelAndEnergy: { ...c3, lines: [inflated, c3.lines[1]] } },
      };
      const recomputed = withRecomputedScope3(altered, { document: base });
      expect((recomputed.document as InventoryDocumentWithScope3).scope3?.category3FuelAndEnergy?.lines[0]).to.include({
        quantity: '960.000000',
        kgCO2e: '36.5760000000',
      });
      expect(compareInventories(altered, recomputed.document).otherDifferences).to.have.length.greaterThan(0);
    });
  });
});
