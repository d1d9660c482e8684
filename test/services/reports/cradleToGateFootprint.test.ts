import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { anchorSealedBatches } from '../../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../../services/batching/sealBatches';
import { embeddedDocumentStore } from '../../../services/documents/embeddedDocumentStore';
import { call, createParticipant, type Participant } from '../../helpers/participants';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

interface StageFigure {
  stage: string;
  kgCO2ePerUnitLocation: string;
  kgCO2ePerUnitMarket: string;
  trace: string;
}
interface Footprint {
  allocation: { method: string; products: { product: string; shareExact: string; keySource: string }[] };
  stages: {
    stage: string;
    locationKgCO2e: string;
    marketKgCO2e: string;
    inputs: { calculation: string; kgCO2e: string; data: string }[];
  }[];
  products: {
    product: string;
    declaredUnit: string;
    stages: StageFigure[];
    kgCO2ePerUnitLocation: string;
    kgCO2ePerUnitMarket: string;
  }[];
  exclusions: string[];
  dataQuality: { primaryShare: string; secondaryShare: string };
}

/** Thousandths of a decimal text ("1.25" → 1250n), and back, for figures computed by hand in integers. */
const milli = (text: string) => {
  const [whole, frac = ''] = text.split('.');
  return BigInt(whole) * 1000n + BigInt(frac.padEnd(3, '0').slice(0, 3));
};
const fromMilli = (x: bigint) => `${x / 1000n}.${(x % 1000n).toString().padStart(3, '0')}`;
/** n / d (non-negative) rounded half to even at `scale` decimals, as a decimal text. */
function rounded(n: bigint, d: bigint, scale: number): string {
  const scaled = n * 10n ** BigInt(scale);
  const q0 = scaled / d;
  const r2 = (scaled % d) * 2n;
  const q = r2 > d || (r2 === d && q0 % 2n === 1n) ? q0 + 1n : q0;
  const unit = 10n ** BigInt(scale);
  return `${q / unit}.${(q % unit).toString().padStart(scale, '0')}`;
}
const thousandths = (n: bigint, d: bigint) => rounded(n, d, 3);

/**
 * A worked example by hand. An ore mine (supplier) shares the cradle-to-gate footprint X of its pellets (kg CO2e per
 * t, from its notarized inventory). A steel works buys 120 t of pellets in March 2025, moves them 10,000 t·km by road
 * at 0.05 kgCO2e/t·km (a test value of its own Scope 3 factor set) and draws 96 × 3 = 288 kWh, whose T&D losses count
 * at 0.02 kgCO2e/kWh (category 3), and buys refractory bricks without a supplier footprint for 2,000 CNY at 0.5
 * kgCO2e/CNY (category 1, spend-based, own factor set). It makes 300 t of steel and 100 t of slag.
 *   Boundary: raw materials 120 × X + 2,000 × 0.5 = 120X + 1,000; upstream energy 288 × 0.02 = 5.76; inbound transport 10,000 × 0.05 = 500;
 *   production S = Scope 1 (0, no fuel) + Scope 2 (the inventory's own figure, location- or market-based).
 *   Mass: 300,000 kg and 100,000 kg → shares 3/4 and 1/4; per t of steel: (120X + 1,000) × 3/4 ÷ 300 = 0.3X + 2.5, 5.76 × 3/4 ÷ 300 =
 *   0.0144 → 0.014, 500 × 3/4 ÷ 300 = 1.25, S × 3/4 ÷ 300 = S/400 (slag per t the same: mass allocation).
 *   Economic at 4,000 and 100 CNY/t: 1,200,000 and 10,000 CNY → 120/121 and 1/121; transport per t of steel
 *   500 × 120/121 ÷ 300 = 200/121 = 1.65289… → 1.653, of slag 500/121 ÷ 100 = 0.041322… → 0.041.
 */
describe('product carbon footprint, cradle to gate (GET /v1/inventories/{id}/product-footprint)', function () {
  this.timeout(180_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let mine: Participant;
  let works: Participant;
  let outsider: Participant;
  let pelletFigure: string;
  let inventoryId: string;
  let scope2Location: string;
  let scope2Market: string;
  let footprint: Footprint;

  const req = (who: Participant, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: auth(who.key), payload });

  async function meterWithDay(who: Participant, kwh: string) {
    const site = await call(t, who.key, 'POST', '/v1/sites', { name: 'Works', gridRegion: 'East' });
    await call(t, who.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
    const midnight = Date.parse('2025-03-01T00:00:00+08:00');
    await call(t, who.key, 'POST', '/v1/readings', {
      readings: Array.from({ length: 96 }, (_, i) => ({
        meter: 'E',
        start: new Date(midnight + i * 900_000).toISOString(),
        value: kwh,
      })),
    });
  }

  const produce = (who: Participant, product: string, quantity: string, periodEnd: string) =>
    call(t, who.key, 'POST', '/v1/production-volumes', {
      product,
      periodStart: '2025-03-01',
      periodEnd,
      quantity,
      unit: 't',
    });

  const stageOf = (f: Footprint, product: string, stage: string) =>
    f.products.find((p) => p.product === product)?.stages.find((s) => s.stage === stage) as StageFigure;

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(
      db.db,
      chain,
      {},
      { keystoreSecret: randomBytes(32), documents: await embeddedDocumentStore(db.db) },
    );
    mine = await createParticipant(t, 'Ore Mine Supplier', ['enterprise']);
    works = await createParticipant(t, 'Steel Works Customer', ['enterprise']);
    outsider = await createParticipant(t, 'Unrelated Outsider', ['enterprise']);
    await meterWithDay(mine, '10');
    await meterWithDay(works, '3');
    await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1000 });
    await anchorSealedBatches(db.db, chain);

    await produce(mine, 'iron ore pellets', '40', '2025-03-02');
    const mineInventory = await call(t, mine.key, 'POST', '/v1/inventories', {
      start: '2025-03-01',
      end: '2025-03-02',
    });
    await call(t, mine.key, 'POST', `/v1/inventories/${mineInventory.id}/notarize`);
    const share = await call(t, mine.key, 'POST', '/v1/footprint-shares', {
      customerOrgId: works.orgId,
      inventoryId: mineInventory.id,
      product: 'iron ore pellets',
    });
    pelletFigure = share.kgCO2ePerUnit;
    await call(t, works.key, 'POST', '/v1/supplier-purchases', {
      shareId: share.shareId,
      period: '2025-03',
      quantity: '120',
    });

    const source = 'Test values for the worked example, not published factors';
    const set = await call(t, works.key, 'POST', '/v1/scope3-factor-sets', {
      name: 'Steel works 2025',
      factors: [
        { category: 4, subject: 'road', unit: 't·km', kgCO2ePerUnit: '0.05', source },
        { category: 3, subject: 'td_losses', unit: 'kWh', kgCO2ePerUnit: '0.02', source },
        { category: 1, subject: 'spend', unit: 'CNY', kgCO2ePerUnit: '0.5', source },
      ],
    });
    await call(t, works.key, 'POST', '/v1/scope3-activities', {
      periodStart: '2025-03-01',
      periodEnd: '2025-04-01',
      category: 1,
      factorSetId: set.id,
      subject: 'spend',
      description: 'Refractory bricks',
      quantity: '2000',
      evidence: 'Invoice 2025-03-17',
    });
    await call(t, works.key, 'POST', '/v1/scope3-activities', {
      periodStart: '2025-03-01',
      periodEnd: '2025-04-01',
      category: 4,
      factorSetId: set.id,
      subject: 'road',
      description: 'Pellets by road, 40 t × 250 km',
      quantity: '10000',
      evidence: 'Carrier freight bills March 2025',
    });
    await produce(works, 'steel', '300', '2025-04-01');
    await produce(works, 'slag', '100', '2025-04-01');
    const inventory = await call(t, works.key, 'POST', '/v1/inventories', {
      start: '2025-03-01',
      end: '2025-04-01',
      scope3FactorSetId: set.id,
    });
    inventoryId = inventory.id;
    const doc = JSON.parse((await req(works, 'GET', `/v1/inventories/${inventoryId}/canonical`)).body) as {
      results: Record<string, string>;
    };
    expect(doc.results.scope1).to.equal('0.000');
    scope2Location = doc.results.scope2LocationBased;
    scope2Market = doc.results.scope2MarketBased;
    footprint = await call(t, works.key, 'GET', `/v1/inventories/${inventoryId}/product-footprint`);
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  describe('at the boundary of the inventory, before allocation', function () {
    it('counts the pellets bought at the supplier’s figure and the bricks at the spend factor: 120 t × X + 1,000', function () {
      const raw = footprint.stages.find((s) => s.stage === 'raw-materials');
      expect([raw?.locationKgCO2e, raw?.inputs[0].calculation, raw?.inputs[0].data]).to.deep.equal([
        fromMilli(120n * milli(pelletFigure) + 1_000_000n),
        `120 t × ${pelletFigure} kgCO2e/t`,
        'primary',
      ]);
    });

    it('counts the bricks as secondary data: 2,000 CNY × 0.5', function () {
      const raw = footprint.stages.find((s) => s.stage === 'raw-materials');
      expect([raw?.inputs[1].calculation, raw?.inputs[1].kgCO2e, raw?.inputs[1].data]).to.deep.equal([
        '2000 CNY × 0.5 kgCO2e/CNY',
        '1000.0',
        'secondary',
      ]);
    });

    it('counts the T&D losses of 288 kWh at 0.02: 5.760', function () {
      expect(footprint.stages.find((s) => s.stage === 'upstream-energy')?.locationKgCO2e).to.equal('5.760');
    });

    it('counts 10,000 t·km by road at 0.05: 500.000, secondary data', function () {
      const transport = footprint.stages.find((s) => s.stage === 'inbound-transport');
      expect([transport?.locationKgCO2e, transport?.inputs[0].data]).to.deep.equal(['500.000', 'secondary']);
    });

    it('takes production as Scope 1 + Scope 2, both bases', function () {
      const production = footprint.stages.find((s) => s.stage === 'production');
      expect([production?.locationKgCO2e, production?.marketKgCO2e]).to.deep.equal([scope2Location, scope2Market]);
    });
  });

  describe('per declared unit, allocated by mass', function () {
    it('shares 3/4 and 1/4 from the tonnes produced', function () {
      expect(footprint.allocation.products.map((p) => [p.product, p.shareExact, p.keySource])).to.have.deep.members([
        ['steel', '3/4', 'unit'],
        ['slag', '1/4', 'unit'],
      ]);
    });

    it('gives a tonne of steel 0.3 X + 2.5 of raw materials', function () {
      expect(stageOf(footprint, 'steel', 'raw-materials').kgCO2ePerUnitLocation).to.equal(
        thousandths(3n * milli(pelletFigure) + 25_000n, 10_000n),
      );
    });

    it('gives a tonne of steel 0.014 of upstream energy (0.0144)', function () {
      expect(stageOf(footprint, 'steel', 'upstream-energy').kgCO2ePerUnitLocation).to.equal('0.014');
    });

    it('gives a tonne of steel 1.250 of inbound transport, traced to its inputs', function () {
      const s = stageOf(footprint, 'steel', 'inbound-transport');
      expect([s.kgCO2ePerUnitLocation, s.trace]).to.deep.equal(['1.250', '500.000 kgCO2e × 3/4 ÷ 300 t']);
    });

    it('gives a tonne of steel S/400 of production, location- and market-based', function () {
      const s = stageOf(footprint, 'steel', 'production');
      expect([s.kgCO2ePerUnitLocation, s.kgCO2ePerUnitMarket]).to.deep.equal([
        thousandths(milli(scope2Location), 400_000n),
        thousandths(milli(scope2Market), 400_000n),
      ]);
    });

    it('adds the exact stages once: 0.3 X + 2.5 + 0.0144 + 1.25 + S/400', function () {
      // In ten-thousandths: 3X(milli) + 144 + 12,500 + S(milli)·10/400, then rounded to thousandths.
      const steel = footprint.products.find((p) => p.product === 'steel');
      const n = 3n * milli(pelletFigure) * 40n + 1_000_000n + 144n * 40n + 12_500n * 40n + milli(scope2Location);
      expect(steel?.kgCO2ePerUnitLocation).to.equal(thousandths(n, 400_000n));
    });

    it('gives a tonne of slag the same figure as a tonne of steel (mass allocation)', function () {
      const [steel, slag] = ['steel', 'slag'].map((p) => footprint.products.find((x) => x.product === p));
      expect(slag?.kgCO2ePerUnitLocation).to.equal(steel?.kgCO2ePerUnitLocation);
    });

    it('states the share of secondary data: 1,000 + 5.76 + 500 of the whole', function () {
      const whole = 120n * milli(pelletFigure) + 1_505_760n + milli(scope2Location);
      // Percent, 2 decimals: 100 × 1,505,760 / whole (both in thousandths of a kg).
      expect(footprint.dataQuality.secondaryShare).to.equal(rounded(100n * 1_505_760n, whole, 2));
    });

    it('excludes offsets', function () {
      expect(footprint.exclusions.join(' ')).to.contain('Offsets');
    });
  });

  describe('allocated by economic value', function () {
    let economic: Footprint;
    before(async function () {
      economic = await call(
        t,
        works.key,
        'GET',
        `/v1/inventories/${inventoryId}/product-footprint?allocation=economic&allocationKey=steel=4000&allocationKey=slag=100`,
      );
    });

    it('shares 120/121 and 1/121', function () {
      expect(economic.allocation.products.map((p) => [p.product, p.shareExact])).to.have.deep.members([
        ['steel', '120/121'],
        ['slag', '1/121'],
      ]);
    });

    it('gives a tonne of steel 1.653 and of slag 0.041 of inbound transport', function () {
      expect([
        stageOf(economic, 'steel', 'inbound-transport').kgCO2ePerUnitLocation,
        stageOf(economic, 'slag', 'inbound-transport').kgCO2ePerUnitLocation,
      ]).to.deep.equal(['1.653', '0.041']);
    });

    it('is what the report prints', async function () {
      const res = await req(
        works,
        'GET',
        `/v1/inventories/${inventoryId}/report?kind=product-footprint&lang=en&allocation=economic&allocationKey=steel=4000&allocationKey=slag=100`,
      );
      expect([res.statusCode, res.body.includes('economic value'), res.body.includes('120/121')]).to.deep.equal([
        200,
        true,
        true,
      ]);
    });
  });

  describe('refusals', function () {
    it('refuses an unknown product with its code and hint', async function () {
      const res = await req(works, 'GET', `/v1/inventories/${inventoryId}/product-footprint?product=copper`);
      expect([res.statusCode, res.json().code, res.json().hint]).to.deep.equal([
        404,
        'NT_ERR_FOOTPRINT_PRODUCT_UNKNOWN',
        'Name a product the inventory lists (GET /v1/inventories/{id}/product-footprint without product lists them; POST /v1/production-volumes records one, then compute the inventory again).',
      ]);
    });

    it('refuses economic allocation without the value of every product', async function () {
      const res = await req(
        works,
        'GET',
        `/v1/inventories/${inventoryId}/product-footprint?allocation=economic&allocationKey=steel=4000`,
      );
      expect([res.statusCode, res.json().code, res.json().message]).to.deep.equal([
        422,
        'NT_ERR_FOOTPRINT_ALLOCATION_KEY',
        'No economic value (CNY per t) of "slag" for allocation by economic value',
      ]);
    });

    it('says how to send allocation keys', async function () {
      const res = await req(works, 'GET', `/v1/inventories/${inventoryId}/product-footprint?allocation=economic`);
      expect(res.json().hint).to.contain('allocationKey=<product>=<CNY per unit>');
    });

    it('refuses a key for a product the inventory does not have', async function () {
      const res = await req(works, 'GET', `/v1/inventories/${inventoryId}/product-footprint?allocationKey=copper=1000`);
      expect([res.statusCode, res.json().code]).to.deep.equal([404, 'NT_ERR_FOOTPRINT_PRODUCT_UNKNOWN']);
    });

    it('refuses a key that is not <product>=<positive value>', async function () {
      const codes = [];
      for (const key of ['steel', 'steel=0', 'steel=abc']) {
        const res = await req(works, 'GET', `/v1/inventories/${inventoryId}/product-footprint?allocationKey=${key}`);
        codes.push(`${res.statusCode} ${res.json().code}`);
      }
      expect(codes).to.deep.equal(Array(3).fill('422 NT_ERR_FOOTPRINT_ALLOCATION_KEY'));
    });

    it('shows another organisation nothing', async function () {
      const res = await req(outsider, 'GET', `/v1/inventories/${inventoryId}/product-footprint`);
      expect([res.statusCode, res.json().code]).to.deep.equal([404, 'NT_ERR_NOT_FOUND']);
    });
  });

  describe('footprint shares of both versions', function () {
    let v1: { shareId: string; kgCO2ePerUnit: string; figureVersion: number };
    let v2: { shareId: string; kgCO2ePerUnit: string; figureVersion: number };
    let statement: string;
    before(async function () {
      await call(t, works.key, 'POST', `/v1/inventories/${inventoryId}/notarize`);
      const body = { customerOrgId: mine.orgId, inventoryId, product: 'steel' };
      v1 = await call(t, works.key, 'POST', '/v1/footprint-shares', { ...body, footprintVersion: 1 });
      statement = (await call(t, works.key, 'POST', '/v1/footprint-shares/statement', body)).statement;
      v2 = await call(t, works.key, 'POST', '/v1/footprint-shares', body);
    });

    it('keeps version 1 as the gate-to-gate site figure: S/400', function () {
      expect([v1.figureVersion, v1.kgCO2ePerUnit]).to.deep.equal([1, thousandths(milli(scope2Location), 400_000n)]);
    });

    it('shares the cradle-to-gate figure as version 2 by default', function () {
      const steel = footprint.products.find((p) => p.product === 'steel');
      expect([v2.figureVersion, v2.kgCO2ePerUnit]).to.deep.equal([2, steel?.kgCO2ePerUnitLocation]);
    });

    it('signs version 2 under its own first line, with the allocation', function () {
      expect([statement.split('\n')[0], JSON.parse(statement.split('\n')[1]).footprint.allocation]).to.deep.equal([
        'Nengtan product footprint share v2',
        { keys: {}, method: 'mass' },
      ]);
    });

    for (const version of ['v1', 'v2'] as const) {
      it(`verifies the ${version} share on every check`, async function () {
        const share = version === 'v1' ? v1 : v2;
        const res = await call(t, mine.key, 'GET', `/v1/footprint-shares/${share.shareId}/verify`);
        expect(res.checks.filter((c: { pass: boolean }) => !c.pass)).to.deep.equal([]);
      });
    }

    it('refuses allocation keys with a version 1 share', async function () {
      const res = await req(works, 'POST', '/v1/footprint-shares', {
        customerOrgId: mine.orgId,
        inventoryId,
        product: 'steel',
        footprintVersion: 1,
        allocation: { method: 'economic', keys: { steel: '4000', slag: '100' } },
      });
      expect([res.statusCode, res.json().code]).to.deep.equal([422, 'NT_ERR_SUPPLY_FOOTPRINT']);
    });

    it('signs a version 2 share allocated by economic value with its keys, and verifies it', async function () {
      const share = await call(t, works.key, 'POST', '/v1/footprint-shares', {
        customerOrgId: mine.orgId,
        inventoryId,
        product: 'steel',
        allocation: { method: 'economic', keys: { steel: '4000', slag: '100' } },
      });
      const verified = await call(t, mine.key, 'GET', `/v1/footprint-shares/${share.shareId}/verify`);
      expect([share.allocation, verified.verified]).to.deep.equal([
        { method: 'economic', keys: { steel: '4000', slag: '100' } },
        true,
      ]);
    });
  });
});
