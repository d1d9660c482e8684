import { expect } from 'chai';
import { call } from '../../helpers/participants';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * A plant on one local day (2026-03-02, Asia/Shanghai), worked by hand:
 * - electricity at site Plant (grid region East): MAIN buys 1000 kWh; below it WORKSHOP 600 kWh (production) and HVAC
 *   330 kWh (hvac), so the branch loses 70 kWh = 7.00 %; PV exports 20 kWh that no meter saw produced. At a 3 %
 *   tolerance the branch should lose 30 kWh, so it would save 40 kWh = 40 × 0.1229 = 4.916 kgce,
 *   40 × 0.5500 (East 2023, the latest grid factor) = 22.000 kg CO2e and 40 × 0.8 CNY = 32.00 CNY.
 * - a coal boiler at site Boiler house: COAL buys 100 t raw coal (100 000 kg × 0.7143 = 71 430 kgce), all burnt in the
 *   boiler, whose STEAM meter measures 1428.6 GJ (1 428 600 MJ × 0.03412 = 48 743.832 kgce), all used for drying.
 *   Efficiency 48 743.832 / 71 430 = 68.24 %; at a reference of 80 % the same steam needs 48 743.832 / 0.8 =
 *   60 929.79 kgce, a saving of 10 500.21 kgce = 100 t × (1 − 0.6824 / 0.8) = 14.7 t of coal.
 * Per year (× 365 / 1 day): 14 600 kWh, 1794.34 kgce, 8030 kg CO2e, 11 680 CNY; 5365.5 t coal, 3 832 576.65 kgce.
 */
describe('energy balance (能量平衡) and optimisation: GET /v1/energy-balance, PUT /v1/meters/{id}/conversion', function () {
  this.timeout(120_000);
  let db: TestDb;
  let t: TestApp;
  let key: string;
  let otherKey: string;
  let balance: Balance;
  let optimisation: Optimisation;
  let flow: {
    nodes: { id: string; kind: string; name: string }[];
    links: { source: string; target: string; kgce: string }[];
    unplaced: string[];
  };

  const day = Date.parse('2026-03-01T16:00:00Z');
  const period = 'from=2026-03-02&to=2026-03-03';
  async function meter(k: string, siteId: string, externalId: string, extra: object, perQuarter: string) {
    await call(t, k, 'POST', '/v1/meters', { siteId, externalId, energyKind: 'electricity', ...extra });
    await call(t, k, 'POST', '/v1/readings', {
      readings: Array.from({ length: 4 }, (_, i) => ({
        meter: externalId,
        start: new Date(day + i * 900_000).toISOString(),
        value: perQuarter,
      })),
    });
  }
  const put = (k: string, url: string, body: object) =>
    t.app.inject({ method: 'PUT', url, headers: auth(k), payload: body });
  const get = (k: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(k) });

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    key = (await createOrgViaApi(t, 'Balance Textiles')).adminKey;
    otherKey = (await createOrgViaApi(t, 'Balance Paper')).adminKey;
    const plant = await call(t, key, 'POST', '/v1/sites', { name: 'Plant', gridRegion: 'East' });
    const boilerHouse = await call(t, key, 'POST', '/v1/sites', { name: 'Boiler house', gridRegion: 'East' });
    await meter(key, plant.id, 'MAIN', {}, '250');
    await meter(key, plant.id, 'WORKSHOP', { accountingRole: 'submeter' }, '150');
    await meter(key, plant.id, 'HVAC', { accountingRole: 'submeter' }, '82.5');
    await meter(key, plant.id, 'PV', { flow: 'export' }, '5');
    await meter(key, boilerHouse.id, 'COAL', { energyKind: 'raw_coal' }, '25');
    await meter(key, boilerHouse.id, 'STEAM', { energyKind: 'steam', accountingRole: 'submeter' }, '357.15');
    const otherSite = await call(t, otherKey, 'POST', '/v1/sites', { name: 'Mill', gridRegion: 'East' });
    await meter(otherKey, otherSite.id, 'SECRET', { energyKind: 'raw_coal' }, '7');
    for (const [id, body] of [
      ['WORKSHOP', { parent: 'MAIN', endUse: 'production' }],
      ['HVAC', { parent: 'MAIN', endUse: 'hvac' }],
      ['STEAM', { parent: null, endUse: 'drying' }],
    ] as const) {
      const res = await put(key, `/v1/meters/${id}/place`, body);
      expect(res.statusCode, res.body).to.equal(200);
    }
    const boiler = await put(key, '/v1/meters/STEAM/conversion', {
      inputs: ['COAL'],
      name: 'Coal boiler 燃煤锅炉',
      referenceEfficiencyPercent: '80',
    });
    expect(boiler.statusCode, boiler.body).to.equal(200);
    await call(t, key, 'POST', '/v1/tariffs', { energyKind: 'electricity', validFrom: '2026-01-01', price: '0.8' });
    balance = await call(t, key, 'GET', `/v1/energy-balance?${period}`);
    optimisation = await call(t, key, 'GET', `/v1/energy-balance/optimisation?${period}&lossTolerancePercent=3`);
    flow = await call(t, key, 'GET', `/v1/energy-flow?${period}`);
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  const row = (kind: string) => balance.rows.find((r) => r.energyKind === kind) as Balance['rows'][number];

  it('balances electricity in kWh: 1000 bought = 70 lost + 930 used + 20 exported − 20 unexplained', function () {
    expect(row('electricity').unit).to.equal('kWh');
    expect(row('electricity').quantity).to.deep.equal({
      purchased: '1000.000000',
      stockChange: null,
      conversionOutput: '0.000000',
      conversionInput: '0.000000',
      losses: '70.000000',
      endUse: [
        { use: 'hvac', quantity: '330.000000' },
        { use: 'production', quantity: '600.000000' },
      ],
      endUseTotal: '930.000000',
      exported: '20.000000',
      supply: '1000.000000',
      disposition: '1020.000000',
      unexplained: '-20.000000',
    });
  });

  it('states the same electricity row in kgce at 0.1229 kgce/kWh', function () {
    const kgce = row('electricity').kgce as Columns;
    expect([kgce.purchased, kgce.losses, kgce.endUseTotal, kgce.exported, kgce.unexplained]).to.deep.equal([
      '122.900000',
      '8.603000',
      '114.297000',
      '2.458000',
      '-2.458000',
    ]);
  });

  it('puts the coal into conversion and the boiler steam into supply, each row balancing to zero', function () {
    const coal = row('raw_coal');
    expect([
      coal.unit,
      coal.quantity.purchased,
      coal.quantity.conversionInput,
      coal.quantity.unexplained,
    ]).to.deep.equal(['t', '100.000000', '100.000000', '0.000000']);
    expect(coal.kgce?.conversionInput).to.equal('71430.000000');
    const steam = row('steam');
    expect([steam.quantity.conversionOutput, steam.quantity.endUse, steam.quantity.unexplained]).to.deep.equal([
      '1428.600000',
      [{ use: 'drying', quantity: '1428.600000' }],
      '0.000000',
    ]);
    expect(steam.kgce?.conversionOutput).to.equal('48743.832000');
  });

  it('totals every kind in kgce, with the conversion loss and the unexplained remainder shown', function () {
    const total = balance.totalKgce;
    expect(total.purchased).to.equal('71552.900000'); // 122.9 + 71 430
    expect(total.supply).to.equal('120296.732000'); // + 48 743.832 of steam
    expect(total.disposition).to.equal('120299.190000'); // 71 430 + 8.603 + 48 858.129 + 2.458
    expect(total.unexplained).to.equal('-2.458000');
    expect(total.conversionLoss).to.equal('22686.168000'); // 71 430 − 48 743.832
  });

  it('states the boiler efficiency as output kgce / input kgce: 68.24 % against a reference of 80 %', function () {
    expect(balance.conversionUnits).to.have.length(1);
    const [boiler] = balance.conversionUnits;
    expect(boiler).to.deep.include({
      outputMeter: 'STEAM',
      name: 'Coal boiler 燃煤锅炉',
      inputKgce: '71430.000000',
      efficiencyPercent: '68.24',
      referenceEfficiencyPercent: '80',
    });
    expect(boiler.inputs.map((i) => [i.meter, i.quantity, i.kgce])).to.deep.equal([
      ['COAL', '100.000000', '71430.000000'],
    ]);
  });

  it('states the MAIN branch: 1000 kWh, 930 below, 70 kWh (7.00 %, 8.603 kgce) lost', function () {
    expect(balance.branches).to.deep.equal([
      {
        meter: 'MAIN',
        energyKind: 'electricity',
        unit: 'kWh',
        quantity: '1000.000000',
        childrenQuantity: '930.000000',
        loss: '70.000000',
        lossPercent: '7.00',
        lossKgce: '8.603000',
      },
    ]);
  });

  it('draws the boiler in the energy flow: coal → conversion unit → steam → drying, in kgce', function () {
    const named = (id: string) => flow.nodes.find((n) => n.id === id)?.name;
    const links = flow.links.map((l) => [named(l.source), named(l.target), l.kgce]);
    expect(links).to.deep.include.members([
      ['raw_coal', 'Boiler house', '71430.000000'],
      ['Boiler house', 'COAL', '71430.000000'],
      ['COAL', 'Coal boiler 燃煤锅炉', '71430.000000'],
      ['Coal boiler 燃煤锅炉', 'STEAM', '48743.832000'],
      ['STEAM', 'drying', '48743.832000'],
    ]);
    expect(flow.nodes.find((n) => n.kind === 'conversion')?.name).to.equal('Coal boiler 燃煤锅炉');
    expect(flow.unplaced).to.deep.equal([]);
  });

  it('ranks the boiler (10 500.21 kgce, 14.7 t coal) before the branch (4.916 kgce)', function () {
    expect(optimisation.points.map((p) => [p.rank, p.kind, p.meter, p.observedPercent, p.targetPercent])).to.deep.equal(
      [
        [1, 'conversion', 'STEAM', '68.24', '80.00'],
        [2, 'branch_loss', 'MAIN', '7.00', '3.00'],
      ],
    );
    const boiler = optimisation.points[0];
    expect(boiler.saving.lines.map((l) => [l.meter, l.unit, l.quantity, l.kgce])).to.deep.equal([
      ['COAL', 't', '14.700000', '10500.210000'],
    ]);
    expect(boiler.perYear.kgce).to.equal('3832576.650000');
    expect(boiler.perYear.lines[0].quantity).to.equal('5365.500000');
  });

  it('leaves CO2e and cost of the coal unknown: the default set has no raw coal NCV, and no coal tariff exists', function () {
    const boiler = optimisation.points[0];
    expect([boiler.saving.co2eLocationKg, boiler.saving.costCny]).to.deep.equal([null, null]);
  });

  it('values the branch saving of 40 kWh at 4.916 kgce, 22.000 kg CO2e and 32.00 CNY, and per year × 365', function () {
    const branch = optimisation.points[1];
    expect(branch.saving).to.deep.equal({
      lines: [
        {
          meter: 'MAIN',
          energyKind: 'electricity',
          unit: 'kWh',
          quantity: '40.000000',
          kgce: '4.916000',
          co2eLocationKg: '22.000',
          costCny: '32.00',
        },
      ],
      kgce: '4.916000',
      co2eLocationKg: '22.000',
      costCny: '32.00',
    });
    expect([branch.perYear.kgce, branch.perYear.co2eLocationKg, branch.perYear.costCny]).to.deep.equal([
      '1794.340000',
      '8030.000',
      '11680.00',
    ]);
  });

  it('drops the branch when the tolerance covers its losses (7 % tolerated)', async function () {
    const wide = await call(t, key, 'GET', `/v1/energy-balance/optimisation?${period}&lossTolerancePercent=7`);
    expect(wide.points.map((p: { meter: string }) => p.meter)).to.deep.equal(['STEAM']);
  });

  it('holds a branch to its loss alert rule instead: 5 % on MAIN saves 70 − 50 = 20 kWh = 2.458 kgce', async function () {
    const meters: { id: string; externalId: string }[] = await call(t, key, 'GET', '/v1/meters');
    const main = meters.find((m) => m.externalId === 'MAIN') as { id: string };
    const rule = await call(t, key, 'POST', '/v1/alert-rules', {
      name: 'MAIN losses',
      kind: 'loss',
      scope: 'meter',
      meterIds: [main.id],
      params: { maxPercent: '5' },
    });
    const ruled = await call(t, key, 'GET', `/v1/energy-balance/optimisation?${period}&lossTolerancePercent=3`);
    const branch = ruled.points.find((p: { meter: string }) => p.meter === 'MAIN');
    expect([
      branch.targetPercent,
      branch.targetSource,
      branch.saving.lines[0].quantity,
      branch.saving.kgce,
    ]).to.deep.equal(['5.00', 'loss_rule', '20.000000', '2.458000']);
    expect(optimisation.points.map((p) => p.targetSource)).to.deep.equal(['reference', 'request']);
    const off = await t.app.inject({ method: 'DELETE', url: `/v1/alert-rules/${rule.id}`, headers: auth(key) });
    expect(off.statusCode, off.body).to.be.oneOf([200, 204]);
  });

  it('turns a point into a planned measure with POST /v1/measures as drafted', async function () {
    const draft = optimisation.points[1].measureDraft;
    expect(draft).to.deep.include({ kind: 'other', expectedEnergy: '14600.000000', expectedKgce: '1794.340000' });
    const res = await t.app.inject({ method: 'POST', url: '/v1/measures', headers: auth(key), payload: draft });
    expect(res.statusCode, res.body).to.equal(201);
    expect(res.json()).to.deep.include({ status: 'planned', expectedKgce: '1794.340000', ipmvpOption: 'B' });
  });

  it('filters by site: the Plant alone has no coal and no boiler', async function () {
    const sites: { id: string; name: string }[] = await call(t, key, 'GET', '/v1/sites');
    const plant = sites.find((s) => s.name === 'Plant') as { id: string };
    const only: Balance = await call(t, key, 'GET', `/v1/energy-balance?${period}&site=${plant.id}`);
    expect(only.rows.map((r) => r.energyKind)).to.deep.equal(['electricity']);
    expect(only.conversionUnits).to.deep.equal([]);
    expect(only.totalKgce.purchased).to.equal('122.900000');
  });

  it('refuses an input that is another organisation’s meter, as not found, with a code and a hint', async function () {
    const res = await put(key, '/v1/meters/STEAM/conversion', { inputs: ['SECRET'] });
    expect([res.statusCode, res.json().code]).to.deep.equal([404, 'NT_ERR_CONVERSION_METER_NOT_FOUND']);
    expect(res.json().hint).to.include('GET /v1/meters');
    const theirs = await put(otherKey, '/v1/meters/SECRET/conversion', { inputs: ['COAL'] });
    expect([theirs.statusCode, theirs.json().code]).to.deep.equal([404, 'NT_ERR_CONVERSION_METER_NOT_FOUND']);
  });

  it('refuses a cycle through another unit, a same-kind input, itself, a shared input and a reference of 0 %', async function () {
    const site = (await call(t, key, 'GET', '/v1/sites'))[0];
    await call(t, key, 'POST', '/v1/meters', {
      siteId: site.id,
      externalId: 'GEN',
      energyKind: 'electricity',
      accountingRole: 'submeter',
    });
    const turbine = await put(key, '/v1/meters/GEN/conversion', { inputs: ['STEAM'] });
    expect(turbine.statusCode, turbine.body).to.equal(200);
    const cycle = await put(key, '/v1/meters/STEAM/conversion', { inputs: ['COAL', 'GEN'] });
    expect([cycle.statusCode, cycle.json().code]).to.deep.equal([422, 'NT_ERR_CONVERSION_UNIT']);
    expect(cycle.json().message).to.include('cycle');
    expect(cycle.json().hint).to.include('PUT /v1/meters/{id}/conversion');
    const sameKind = await put(key, '/v1/meters/MAIN/conversion', { inputs: ['WORKSHOP'] });
    expect([sameKind.statusCode, sameKind.json().code]).to.deep.equal([422, 'NT_ERR_CONVERSION_UNIT']);
    const self = await put(key, '/v1/meters/COAL/conversion', { inputs: ['COAL'] });
    expect([self.statusCode, self.json().code]).to.deep.equal([422, 'NT_ERR_CONVERSION_UNIT']);
    const zero = await put(key, '/v1/meters/STEAM/conversion', { inputs: ['COAL'], referenceEfficiencyPercent: '0' });
    expect([zero.statusCode, zero.json().code]).to.deep.equal([422, 'NT_ERR_CONVERSION_UNIT']);
    await call(t, key, 'POST', '/v1/meters', {
      siteId: site.id,
      externalId: 'STEAM-2',
      energyKind: 'steam',
      accountingRole: 'submeter',
    });
    const shared = await put(key, '/v1/meters/STEAM-2/conversion', { inputs: ['COAL'] });
    expect([shared.statusCode, shared.json().code]).to.deep.equal([422, 'NT_ERR_CONVERSION_UNIT']);
    expect(shared.json().message).to.include('already an input');
    const removed = await t.app.inject({ method: 'DELETE', url: '/v1/meters/GEN/conversion', headers: auth(key) });
    expect(removed.statusCode).to.equal(204);
  });

  it('never shows one organisation’s meters, units or balance to another', async function () {
    expect(JSON.stringify(balance)).not.to.include('SECRET');
    const theirs: Balance = await call(t, otherKey, 'GET', `/v1/energy-balance?${period}`);
    expect(theirs.rows.map((r) => [r.energyKind, r.quantity.purchased])).to.deep.equal([['raw_coal', '28.000000']]);
    expect(theirs.conversionUnits).to.deep.equal([]);
    expect(await call(t, otherKey, 'GET', '/v1/conversion-units')).to.deep.equal([]);
    const removeTheirs = await t.app.inject({
      method: 'DELETE',
      url: '/v1/meters/STEAM/conversion',
      headers: auth(otherKey),
    });
    expect(removeTheirs.statusCode).to.equal(404);
    expect(
      (await call(t, key, 'GET', '/v1/conversion-units')).map((u: { outputMeter: string }) => u.outputMeter),
    ).to.deep.equal(['STEAM']);
  });

  it('lets a read-only key read the balance but not mark a conversion unit', async function () {
    const issued = await call(t, key, 'POST', '/v1/api-keys', { name: 'reader', scopes: ['read'] });
    const read = await get(issued.key, `/v1/energy-balance?${period}`);
    expect(read.statusCode).to.equal(200);
    const mark = await put(issued.key, '/v1/meters/STEAM/conversion', { inputs: ['COAL'] });
    expect(mark.statusCode).to.equal(403);
  });

  it('knows why the coal has no CO2e: the inventory of the boiler house itself lacks a raw coal factor', async function () {
    const sites: { id: string; name: string }[] = await call(t, key, 'GET', '/v1/sites');
    const boilerHouse = sites.find((s) => s.name === 'Boiler house') as { id: string };
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/inventories/preview',
      headers: auth(key),
      payload: { start: '2026-03-02', end: '2026-03-03', siteIds: [boilerHouse.id] },
    });
    expect([res.statusCode, res.json().code]).to.deep.equal([422, 'NT_ERR_FACTOR_MISSING']);
  });

  it('refuses a period that ends before it starts, a site of another organisation and a tolerance above 100 %', async function () {
    const backwards = await get(key, '/v1/energy-balance?from=2026-03-03&to=2026-03-02');
    expect([backwards.statusCode, backwards.json().code]).to.deep.equal([422, 'NT_ERR_ENERGY_BALANCE_PARAMS']);
    const mill = (await call(t, otherKey, 'GET', '/v1/sites'))[0];
    const foreign = await get(key, `/v1/energy-balance?${period}&site=${mill.id}`);
    expect(foreign.statusCode).to.equal(404);
    const tolerance = await get(key, `/v1/energy-balance/optimisation?${period}&lossTolerancePercent=101`);
    expect([tolerance.statusCode, tolerance.json().code]).to.deep.equal([422, 'NT_ERR_ENERGY_BALANCE_PARAMS']);
  });
});

interface Columns {
  purchased: string;
  stockChange: null;
  conversionOutput: string;
  conversionInput: string;
  losses: string;
  endUse: { use: string | null; quantity: string }[];
  endUseTotal: string;
  exported: string;
  supply: string;
  disposition: string;
  unexplained: string;
}
interface Part {
  meter: string;
  quantity: string;
  kgce: string | null;
}
interface Balance {
  rows: { energyKind: string; unit: string; quantity: Columns; kgce: Columns | null }[];
  totalKgce: Columns & { conversionLoss: string };
  conversionUnits: {
    outputMeter: string;
    name: string | null;
    output: Part;
    inputs: Part[];
    inputKgce: string | null;
    efficiencyPercent: string | null;
    referenceEfficiencyPercent: string | null;
  }[];
  branches: object[];
}
interface Saving {
  lines: { meter: string; unit: string; quantity: string; kgce: string }[];
  kgce: string;
  co2eLocationKg: string | null;
  costCny: string | null;
}
interface Optimisation {
  points: {
    rank: number;
    kind: string;
    meter: string;
    observedPercent: string;
    targetPercent: string;
    targetSource: string;
    saving: Saving;
    perYear: Saving;
    measureDraft: Record<string, unknown>;
  }[];
}
