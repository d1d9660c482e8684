import { expect } from 'chai';
import { createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { parseRational } from '../../../services/accounting/rational';
import { allocateShares } from '../../../services/parks/allocateShares';
import { levelAgainst } from '../../../services/parks/parkBenchmarking';
import { call, createOrg, day, join, produced, type Org } from './parkFixture';

const FLOW = '/v1/park/energy-flow?from=2025-03-01&to=2025-04-01';
const BENCHMARKING = '/v1/park/benchmarking?from=2025-03-01&to=2025-04-01';
const WARNINGS = '/v1/park/warnings?asOf=2025-03-03';
const COMPLIANCE = '/v1/park/compliance?year=2024';

/** A site in the East grid with one meter; `flow` export for a meter of energy sold on. */
async function meter(t: TestApp, org: Org, externalId: string, energyKind: string, flow = 'import') {
  const site = await call(t, org.key, 'POST', '/v1/sites', { name: `Site ${externalId}`, gridRegion: 'East' });
  expect(site.statusCode, site.body).to.equal(201);
  const res = await call(t, org.key, 'POST', '/v1/meters', { siteId: site.json().id, externalId, energyKind, flow });
  expect(res.statusCode, res.body).to.equal(201);
}

/** Events as the indexer stores them: integers as decimal strings, bytes32 as lowercase 0x hex. */
async function chainEvent(db: TestDb, block: number, contract: string, event: string, args: Record<string, unknown>) {
  const hash = Buffer.from(block.toString(16).padStart(64, '0'), 'hex');
  await db.db.query(
    `insert into chain_events (chain_id, block_number, log_index, block_hash, block_time, tx_hash, contract, address,
       event, args) values (31337, $1, 0, $2::bytea, now(), $2::bytea, $3, '0x00', $4, $5::jsonb)`,
    [block, hash, contract, event, JSON.stringify(args)],
  );
}

const bytes32 = (b: string) => `0x${b.repeat(64)}`;

describe('allocateShares: exact shares that add up to the whole', function () {
  it('gives the leftover unit to the largest remainder (100 over 1:2 → 33.333 and 66.667)', function () {
    expect(allocateShares('100', [parseRational('1'), parseRational('2')], 3)).to.deep.equal(['33.333', '66.667']);
  });
  it('gives it to the earlier entry on a tie of remainders (0.002 over 1:1:1 → 0.001, 0.001, 0)', function () {
    expect(allocateShares('0.002', ['1', '1', '1'].map(parseRational), 3)).to.deep.equal(['0.001', '0.001', '0.000']);
  });
  it('allocates nothing when every weight is zero', function () {
    expect(allocateShares('5', [parseRational('0')], 3)).to.deep.equal(['0.000']);
  });
});

describe('levelAgainst: advanced, average or lagging (lower is better)', function () {
  const both = { advanced: '60', baseline: '70' };
  const cases: [string, { advanced: string | null; baseline: string | null }, string][] = [
    ['60', both, 'advanced'],
    ['60.001', both, 'average'],
    ['70', both, 'average'],
    ['70.001', both, 'lagging'],
    ['61', { advanced: '60', baseline: null }, 'average'],
    ['71', { advanced: null, baseline: '70' }, 'lagging'],
    ['10', { advanced: null, baseline: '70' }, 'average'],
  ];
  for (const [value, levels, expected] of cases)
    it(`places ${value} against ${levels.advanced ?? '—'} / ${levels.baseline ?? '—'} as ${expected}`, function () {
      expect(levelAgainst(parseRational(value), levels)).to.equal(expected);
    });
  it('places nothing without a benchmark', function () {
    expect(levelAgainst(parseRational('1'), undefined)).to.equal(null);
  });
});

/**
 * Three members in March 2025, East grid 0.5500 kgCO2/kWh and 0.1229 kgce/kWh (equivalent value):
 * - Anshan Steel (aggregate): 960 kWh on 1 March → 117.984 kgce, 528 kg; 2 t billet → 58.992 kgce/t, 264 kg/t.
 * - Baoli Cement (meters): 1,920 kWh bought and 96 kWh exported on 2 March → 235.968 − 11.7984 = 224.1696 kgce
 *   (224.170 as its inventory rounds it), 1,056 − 52.8 = 1,003.2 kg; 3 t billet → 74.723 kgce/t, 334.400 kg/t.
 * - Changhe Foundry (aggregate, leaves half-way): 480 kWh on 1 March → 58.992 kgce, 264 kg; 1 t billet.
 * The park's benchmarks for billet: 60 / 70 kgce/t and 250 / 300 kgCO2e/t (advanced / baseline).
 */
describe('parks (园区): benchmarking, energy flow, budgets and compliance of the members', function () {
  this.timeout(180_000);
  let db: TestDb;
  let t: TestApp;
  let park: Org;
  let otherPark: Org;
  let steel: Org;
  let cement: Org;
  let foundry: Org;
  let outsider: Org;
  let foundryMembership: string;
  let foundryBudget: string;

  const get = async (url: string, org: Org = park) => {
    const res = await call(t, org.key, 'GET', url);
    expect(res.statusCode, res.body).to.equal(200);
    return res.json();
  };
  const post = async (url: string, payload: unknown, status = 201) => {
    const res = await call(t, park.key, 'POST', url, payload);
    expect(res.statusCode, res.body).to.equal(status);
    return res.json();
  };

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    park = await createOrg(t, 'Binhai Park', ['park']);
    otherPark = await createOrg(t, 'Other Park', ['park']);
    steel = await createOrg(t, 'Anshan Steel');
    cement = await createOrg(t, 'Baoli Cement');
    foundry = await createOrg(t, 'Changhe Foundry');
    outsider = await createOrg(t, 'Outsider');
    await meter(t, steel, 'SECRET-A', 'electricity');
    await day(t, steel, 'SECRET-A', '2025-03-01', '10');
    await produced(t, steel, 'billet', '2025-03-01', '2');
    await meter(t, cement, 'SECRET-B', 'electricity');
    await meter(t, cement, 'SECRET-BX', 'electricity', 'export');
    await day(t, cement, 'SECRET-B', '2025-03-02', '20');
    await day(t, cement, 'SECRET-BX', '2025-03-02', '1');
    await produced(t, cement, 'billet', '2025-03-02', '3');
    await meter(t, foundry, 'SECRET-C', 'electricity');
    await day(t, foundry, 'SECRET-C', '2025-03-01', '5');
    await produced(t, foundry, 'billet', '2025-03-01', '1');
    await meter(t, outsider, 'SECRET-O', 'electricity');
    await day(t, outsider, 'SECRET-O', '2025-03-01', '99');
    await produced(t, outsider, 'billet', '2025-03-01', '1');
    await join(t, park, steel);
    await join(t, park, cement, 'meters');
    foundryMembership = await join(t, park, foundry);
    await join(t, otherPark, outsider);
    for (const [indicator, advanced, baseline] of [
      ['kgce_per_unit', '60', '70'],
      ['kgco2e_per_unit', '250', '300'],
    ])
      expect(
        (
          await call(t, park.key, 'POST', '/v1/benchmarks', {
            product: 'billet',
            unit: 't',
            indicator,
            advanced,
            baseline,
          })
        ).statusCode,
      ).to.equal(200);
    // The outsider's own table must not count for the park.
    await call(t, outsider.key, 'POST', '/v1/benchmarks', {
      product: 'billet',
      unit: 't',
      indicator: 'kgce_per_unit',
      advanced: '1',
    });
    const pv = await post('/v1/park/utilities', {
      name: 'Rooftop PV',
      energyKind: 'electricity',
      allocation: 'metered',
    });
    await post(
      `/v1/park/utilities/${pv.id}/outputs`,
      { periodStart: '2025-03-01', periodEnd: '2025-04-01', quantity: '300' },
      200,
    );
    const steam = await post('/v1/park/utilities', {
      name: 'Steam network',
      energyKind: 'steam',
      allocation: 'fixed',
      key: [
        { memberId: steel.orgId, weight: '1' },
        { memberId: cement.orgId, weight: '2' },
        { memberId: foundry.orgId, weight: '3' },
      ],
    });
    await post(
      `/v1/park/utilities/${steam.id}/outputs`,
      { periodStart: '2025-03-01', periodEnd: '2025-04-01', quantity: '100' },
      200,
    );
    await post('/v1/park/budgets', {
      name: 'Park March',
      periodStart: '2025-03-01',
      periodEnd: '2025-04-01',
      energyKgce: '5000',
      co2eKg: '30000',
    });
    await post('/v1/park/budgets', {
      memberId: cement.orgId,
      periodStart: '2025-03-01',
      periodEnd: '2025-04-01',
      co2eKg: '1000',
    });
    foundryBudget = (
      await post('/v1/park/budgets', {
        memberId: foundry.orgId,
        periodStart: '2025-03-01',
        periodEnd: '2025-04-01',
        co2eKg: '1',
      })
    ).id;
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  describe('while all three consent', function () {
    it('ranks the members by kgce per tonne and places each against the park table', async function () {
      const { products } = await get(BENCHMARKING);
      expect(products).to.have.length(1);
      expect(products[0].benchmarks.kgcePerUnit).to.deep.equal({ advanced: '60', baseline: '70', source: null });
      const rows = products[0].members.map((m: Record<string, unknown>) => [
        m.name,
        m.rank,
        m.kgcePerUnit,
        m.kgceLevel,
        m.kgCO2ePerUnit,
        m.co2eLevel,
      ]);
      expect(rows).to.deep.equal([
        ['Anshan Steel', 1, '58.992', 'advanced', '264.000', 'average'],
        ['Changhe Foundry', 2, '58.992', 'advanced', '264.000', 'average'],
        ['Baoli Cement', 3, '74.723', 'lagging', '334.400', 'lagging'],
      ]);
    });

    it("gives the park average as the members' summed energy over their summed output", async function () {
      const { products } = await get(BENCHMARKING);
      // (117.984 + 224.170 + 58.992) / 6 = 66.857666…; (528 + 1003.2 + 264) / 6 = 299.2
      expect(products[0].parkAverage).to.deep.equal({
        quantity: '6.000',
        kgcePerUnit: '66.858',
        kgCO2ePerUnit: '299.200',
      });
    });

    it('shares the steam network out by its fixed key 1:2:3, the parts adding up to the 100 GJ', async function () {
      const flow = await get(FLOW);
      const steam = flow.utilities.find((u: { utility: { name: string } }) => u.utility.name === 'Steam network');
      expect(steam.members.map((m: Record<string, string>) => [m.name, m.quantity])).to.deep.equal([
        ['Anshan Steel', '16.667'],
        ['Baoli Cement', '33.333'],
        ['Changhe Foundry', '50.000'],
      ]);
    });
  });

  describe('after Changhe Foundry leaves', function () {
    before(async function () {
      const left = await call(t, foundry.key, 'POST', `/v1/park-invitations/${foundryMembership}/leave`);
      expect(left.statusCode, left.body).to.equal(200);
    });

    it('leaves it out of the benchmarking and the park average', async function () {
      const { products } = await get(BENCHMARKING);
      expect(products[0].members.map((m: { name: string }) => m.name)).to.deep.equal(['Anshan Steel', 'Baoli Cement']);
      // (117.984 + 224.170) / 5 = 68.4308; (528 + 1003.2) / 5 = 306.24
      expect(products[0].parkAverage).to.deep.equal({
        quantity: '5.000',
        kgcePerUnit: '68.431',
        kgCO2ePerUnit: '306.240',
      });
    });

    it('draws purchased energy → members → exports from their own inventories', async function () {
      const flow = await get(FLOW);
      const own = flow.links.filter((l: { source: string }) => !l.source.startsWith('utility:'));
      expect(own).to.deep.equal([
        { source: 'purchased:electricity', target: `member:${steel.orgId}`, kgce: '117.984' },
        { source: 'purchased:electricity', target: `member:${cement.orgId}`, kgce: '235.968' },
        { source: `member:${cement.orgId}`, target: 'export:electricity', kgce: '11.798' },
      ]);
    });

    it('shares the PV output by metered electricity 117.984 : 235.968 = 1 : 2, and steam by the key 1:2 left', async function () {
      const flow = await get(FLOW);
      const byName = Object.fromEntries(
        flow.utilities.map((u: { utility: { name: string }; members: Record<string, string>[] }) => [
          u.utility.name,
          u.members.map((m) => [m.name, m.quantity, m.kgce]),
        ]),
      );
      // 100 kWh × 0.1229 = 12.290 kgce; 33.333 GJ × 34.12 kgce/GJ = 1,137.32196 kgce.
      expect(byName['Rooftop PV']).to.deep.equal([
        ['Anshan Steel', '100.000', '12.290'],
        ['Baoli Cement', '200.000', '24.580'],
      ]);
      expect(byName['Steam network']).to.deep.equal([
        ['Anshan Steel', '33.333', '1137.322'],
        ['Baoli Cement', '66.667', '2274.678'],
      ]);
      const links = flow.links.filter((l: { source: string }) => l.source.startsWith('utility:'));
      expect(links.map((l: { kgce: string }) => l.kgce)).to.have.members(['12.290', '24.580', '1137.322', '2274.678']);
    });

    it("forecasts the park budget on the members' summed daily series and warns", async function () {
      const { budgets, warnings } = await get(WARNINGS);
      const whole = budgets.find((b: { budget: { member: null } }) => b.budget.member === null);
      // Actual 117.984 + 224.1696 = 342.1536; daily mean 171.0768; 29 days left → 342.1536 + 4,961.2272 = 5,303.3808.
      expect(whole.energyKgce).to.include({
        actual: '342.154',
        dailyMean: '171.077',
        forecast: '5303.381',
        headroom: '-303.381',
      });
      // 1,531.2 + 765.6 × 29 = 23,733.6, under 30,000; the 90 % upper bound (t = 6.314, s = 336.0) is over it.
      expect(whole.co2eKg).to.include({ forecast: '23733.600', warning: 'upper_bound_over_budget' });
      expect(whole.members).to.equal(2);
      expect(
        warnings.map((w: Record<string, unknown>) => [w.budgetName, w.quantity, w.warning]),
      ).to.deep.include.members([
        ['Park March', 'energyKgce', 'forecast_over_budget'],
        ['Park March', 'co2eKg', 'upper_bound_over_budget'],
        [null, 'co2eKg', 'actual_over_budget'],
      ]);
    });

    it("forecasts a member's budget on its own series, its day without readings a gap", async function () {
      const { budgets } = await get(WARNINGS);
      const own = budgets.find(
        (b: { budget: { member: { id: string } | null } }) => b.budget.member?.id === cement.orgId,
      );
      expect(own.daysWithoutData).to.deep.equal(['2025-03-01']);
      expect(own.co2eKg).to.include({ actual: '1003.200', forecast: '30096.000', warning: 'actual_over_budget' });
      expect(own.energyKgce).to.include({ budget: null, warning: null });
    });

    it("drops the budget of the member that left from the park's lists", async function () {
      const { budgets } = await get('/v1/park/budgets');
      expect(budgets.map((b: { id: string }) => b.id)).not.to.include(foundryBudget);
      const { budgets: statuses } = await get(WARNINGS);
      expect(statuses).to.have.length(2);
    });

    it('refuses a budget or a key for an enterprise that is not a member', async function () {
      for (const org of [foundry, outsider]) {
        const budget = await call(t, park.key, 'POST', '/v1/park/budgets', {
          memberId: org.orgId,
          periodStart: '2025-03-01',
          periodEnd: '2025-04-01',
          co2eKg: '1',
        });
        expect(budget.json().code).to.equal('NT_ERR_PARK_NOT_MEMBER');
        const utility = await call(t, park.key, 'POST', '/v1/park/utilities', {
          name: `Key ${org.orgId}`,
          energyKind: 'steam',
          allocation: 'fixed',
          key: [{ memberId: org.orgId, weight: '1' }],
        });
        expect(utility.json().code).to.equal('NT_ERR_PARK_NOT_MEMBER');
      }
    });

    it('answers a bad utility with a coded error and a hint', async function () {
      const water = await call(t, park.key, 'POST', '/v1/park/utilities', {
        name: 'W',
        energyKind: 'water',
        allocation: 'metered',
      });
      expect(water.statusCode).to.equal(422);
      expect(water.json().code).to.equal('NT_ERR_PARK_UTILITY');
      expect(water.json().hint).to.be.a('string');
      const noKey = await call(t, park.key, 'POST', '/v1/park/utilities', {
        name: 'K',
        energyKind: 'steam',
        allocation: 'fixed',
      });
      expect(noKey.json().code).to.equal('NT_ERR_PARK_UTILITY');
    });
  });

  describe("members' notarization and compliance", function () {
    before(async function () {
      const chainIds = { [steel.orgId]: 'a', [foundry.orgId]: 'c', [outsider.orgId]: 'd' };
      for (const [id, b] of Object.entries(chainIds))
        await db.db.query(`update organisations set chain_id = $2::bytea where id = $1::uuid`, [
          id,
          Buffer.from(b.repeat(64), 'hex'),
        ]);
      expect(
        (await call(t, steel.key, 'POST', '/v1/inventories', { start: '2025-03-01', end: '2025-04-01' })).statusCode,
      ).to.equal(201);
      const period = { periodStart: '1704038400', periodEnd: '1735660800' };
      await chainEvent(db, 1, 'CarbonAllowance', 'YearOpened', {
        year: '2024',
        ...period,
        surrenderDeadline: '4102444800',
        offsetCapBps: '500',
      });
      let block = 2;
      for (const b of ['a', 'c', 'd']) {
        const orgId = bytes32(b);
        await chainEvent(db, block++, 'CarbonAllowance', 'Allocated', {
          year: '2024',
          account: '0x01',
          orgId,
          amount: '500',
        });
        await chainEvent(db, block++, 'InventoryRegistry', 'InventorySubmitted', {
          inventoryId: bytes32('1'),
          orgId,
          ...period,
          version: '1',
          totalKgCO2e: '700000',
        });
        // A restatement: version 2 is the live inventory of the period, and the one attested (qualified).
        await chainEvent(db, block++, 'InventoryRegistry', 'InventorySubmitted', {
          inventoryId: bytes32('2'),
          orgId,
          ...period,
          version: '2',
          totalKgCO2e: '612345',
        });
        await chainEvent(db, block++, 'InventoryRegistry', 'InventoryAttested', {
          inventoryId: bytes32('2'),
          orgId,
          opinion: '1',
        });
        await chainEvent(db, block++, 'CarbonAllowance', 'Surrendered', {
          orgId,
          year: '2024',
          account: '0x01',
          allowanceAmount: '500',
          offsetIds: ['1', '2'],
          offsetAmounts: ['20', '10'],
          obligationT: '613',
        });
      }
    });

    it("gives a covered member's position from the indexed events: 612,345 kg → 613 t owed, 530 t surrendered", async function () {
      const { members } = await get(COMPLIANCE);
      const steelRow = members.find((m: { member: { id: string } }) => m.member.id === steel.orgId);
      expect(steelRow.compliance).to.deep.equal({
        year: 2024,
        allocatedT: '500',
        verifiedKgCO2e: '612345',
        obligationT: '613',
        allowancesSurrenderedT: '500',
        offsetsSurrenderedT: '30',
        shortfallT: '83',
        status: 'pending',
      });
      expect(steelRow.latestInventory).to.include({ status: 'draft', periodStart: '2025-03-01', verification: null });
    });

    it('shows an uncovered member without a position, and neither the member that left nor an outsider', async function () {
      const { members } = await get(COMPLIANCE);
      expect(members.map((m: { member: { name: string } }) => m.member.name)).to.deep.equal([
        'Anshan Steel',
        'Baoli Cement',
      ]);
      expect(members[1].compliance).to.equal(null);
      expect(
        (await get(COMPLIANCE, otherPark)).members.map((m: { member: { name: string } }) => m.member.name),
      ).to.deep.equal(['Outsider']);
    });
  });

  describe('isolation', function () {
    it('refuses every park analysis route to members and other enterprises', async function () {
      for (const org of [steel, cement, foundry, outsider])
        for (const url of [BENCHMARKING, FLOW, WARNINGS, COMPLIANCE, '/v1/park/utilities', '/v1/park/budgets']) {
          const res = await call(t, org.key, 'GET', url);
          expect(res.statusCode, url).to.equal(403);
          expect(res.json().code).to.equal('NT_ERR_AUTH_ROLE');
        }
    });

    it("shows another park none of this park's members, utilities or budgets", async function () {
      const flow = await get(FLOW, otherPark);
      expect(flow.nodes.map((n: { name: string }) => n.name)).to.deep.equal(['Outsider', 'electricity']);
      expect((await get('/v1/park/utilities', otherPark)).utilities).to.deep.equal([]);
      expect((await get('/v1/park/budgets', otherPark)).budgets).to.deep.equal([]);
      const { products } = await get(BENCHMARKING, otherPark);
      expect(products[0].members.map((m: { name: string }) => m.name)).to.deep.equal(['Outsider']);
      expect(products[0].benchmarks.kgcePerUnit).to.equal(null);
    });

    it('never puts a meter of any member in a park analysis, whatever it granted', async function () {
      for (const url of [BENCHMARKING, FLOW, WARNINGS, COMPLIANCE, '/v1/park/utilities']) {
        const body = (await call(t, park.key, 'GET', url)).body;
        expect(body, url).not.to.match(/SECRET-|externalId|meterId/);
      }
    });
  });
});
