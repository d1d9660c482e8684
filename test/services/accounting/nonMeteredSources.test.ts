import { expect } from 'chai';
import { computeInventory } from '../../../services/accounting/computeInventory';
import type { ActivityDataInput, InventoryInput, MeterActivity } from '../../../services/accounting/inventoryTypes';
import { parseRational, ZERO } from '../../../services/accounting/rational';
import { loadKeccak } from '../../../services/lib/keccak';
import { domainFactors } from '../../helpers/domainFactors';

/**
 * Non-metered sources worked by hand from the published factors (IPCC AR5/AR6 GWP-100, GB/T 32151 fuel defaults,
 * IPCC 2006 road-transport CH4/N2O, IPCC 2006 Vol.3 process factors, IPCC 2006 wood), written before running the engine.
 */
const SITE = { id: 's-1', name: 'Data centre', gridRegion: 'East', province: 'Jiangsu' };
const PERIOD = { start: '2022-01-01', end: '2023-01-01', timeZone: 'Asia/Shanghai' };

function record(
  id: string,
  sourceKind: ActivityDataInput['sourceKind'],
  subject: string,
  quantity: string,
  unit: 'kg' | 't',
  extra: Partial<ActivityDataInput> = {},
): ActivityDataInput {
  return {
    id,
    siteId: SITE.id,
    start: PERIOD.start,
    end: PERIOD.end,
    sourceKind,
    subject,
    quantity: parseRational(quantity),
    unit,
    calcinationFraction: null,
    activityUncertaintyPct: null,
    factorUncertaintyPct: null,
    evidence: `log ${id}`,
    ...extra,
  };
}

function meter(id: string, energyKind: string, flow: 'import' | 'export', unit: string, q: string): MeterActivity {
  return {
    meter: { id, externalId: id, name: null, energyKind, flow, unit, siteId: SITE.id },
    years: new Map([[2022, { quantity: parseRational(q), estimated: ZERO, intervals: 96 }]]),
  };
}

function inventory(overrides: Partial<InventoryInput>, gwp: 'AR5' | 'AR6' = 'AR5') {
  return computeInventory({
    organisation: { id: 'org', name: 'Worked Example Co' },
    period: PERIOD,
    sites: [SITE],
    activity: [],
    factors: domainFactors(),
    options: { gwp, electricityRegion: 'grid_region' },
    claims: [],
    production: [],
    evidence: [],
    ...overrides,
  });
}

type Doc = ReturnType<typeof inventory>['document'];
const line = (doc: Doc, id: string) => {
  const found = doc.nonMeteredSources?.find((l) => l.record === id);
  if (!found) throw new Error(`no line ${id}`);
  return found;
};

describe('non-metered sources (hand-computed worked examples)', function () {
  before(async function () {
    await loadKeccak();
  });

  describe('fugitive emissions: refrigerants and SF6, mass leaked × GWP', function () {
    // AR5: R-410A 10 kg × 1,923.5 = 19,235 kg; R-134a 2 kg × 1,300 = 2,600 kg; SF6 0.5 kg × 23,500 = 11,750 kg;
    // R-32 0.002 t = 2 kg × 677 = 1,354 kg. Scope 1 = 34,939 kg.
    // AR6: R-410A 10 × 2,255.5 = 22,555; R-134a 2 × 1,530 = 3,060; SF6 0.5 × 25,200 = 12,600; R-32 2 × 771 = 1,542.
    const records = [
      record('r1', 'fugitive', 'R-410A', '10', 'kg'),
      record('r2', 'fugitive', 'R-134a', '2', 'kg'),
      record('r3', 'fugitive', 'SF6', '0.5', 'kg'),
      record('r4', 'fugitive', 'R-32', '0.002', 't'),
    ];

    it('multiplies the mass leaked by the AR5 GWP of each gas', function () {
      const { document } = inventory({ activityData: records });
      expect(['r1', 'r2', 'r3', 'r4'].map((id) => line(document, id).emissions.co2e)).to.deep.equal([
        '19235.000',
        '2600.000',
        '11750.000',
        '1354.000',
      ]);
      expect(document.results.scope1).to.equal('34939.000');
      expect(line(document, 'r4').emissions.gasMass).to.equal('2.000');
      expect(line(document, 'r1').formula).to.equal('E(CO2e) = m(leaked, kg) × GWP');
    });

    it('uses the AR6 GWPs when the inventory says AR6', function () {
      const { document } = inventory({ activityData: records }, 'AR6');
      expect(document.results.scope1).to.equal(String(22_555 + 3_060 + 12_600 + 1_542) + '.000');
      expect(line(document, 'r1').factors[0]).to.include({ name: 'GWP R-410A (AR6)', value: '2255.5' });
    });

    it('lists each gas with its mass and CO2e', function () {
      const { document } = inventory({ activityData: records });
      expect(document.byGas?.gases).to.deep.equal([
        { gas: 'R-134a', massKg: '2.000', gwp: '1300', co2eKg: '2600.000' },
        { gas: 'R-32', massKg: '2.000', gwp: '677', co2eKg: '1354.000' },
        { gas: 'R-410A', massKg: '10.000', gwp: '1923.5', co2eKg: '19235.000' },
        { gas: 'SF6', massKg: '0.500', gwp: '23500', co2eKg: '11750.000' },
      ]);
    });
  });

  describe('mobile combustion: vehicle fuel with road-transport CH4 and N2O', function () {
    // Diesel 10 t: 10 × 42.652 GJ/t = 426.52 GJ; C = 426.52 × 20.2 tC/TJ = 8,615.704 kg; CO2 = 8,615.704 × 0.98 × 44/12
    // = 30,959.0963733 kg. CH4 = 426.52 GJ × 3.9 kg/TJ = 1.663428 kg (× 28 = 46.575984); N2O 1.663428 kg (× 265 =
    // 440.80842). CO2e = 31,446.4807773 → 31,446.481.
    // Gasoline 2 t: 86.14 GJ; CO2 = 86.14 × 18.9 × 0.98 × 44/12 = 5,850.11196; CH4 86.14 × 33 / 1000 = 2.84262 kg
    // (× 28 = 79.59336); N2O 86.14 × 3.2 / 1000 = 0.275648 kg (× 265 = 73.04672). CO2e = 6,002.75204 → 6,002.752.
    let document: Doc;
    before(() => {
      document = inventory({
        activityData: [
          record('d', 'mobile_combustion', 'diesel', '10', 't'),
          record('g', 'mobile_combustion', 'gasoline', '2000', 'kg'),
        ],
      }).document;
    });

    it('computes diesel CO2 by GB/T 32151 and CH4/N2O with the mobile factors', function () {
      expect(line(document, 'd').emissions).to.deep.equal({
        co2: '30959.096',
        ch4: '1.663',
        n2o: '1.663',
        co2e: '31446.481',
      });
    });

    it('computes gasoline given in kg', function () {
      expect(line(document, 'g').emissions).to.deep.equal({
        co2: '5850.112',
        ch4: '2.843',
        n2o: '0.276',
        co2e: '6002.752',
      });
      expect(document.results.scope1).to.equal('37449.233'); // 31,446.4807773 + 6,002.75204 = 37,449.2328173
    });

    it('shows CH4 and N2O as CO2e per gas', function () {
      // CH4 1.663428 + 2.84262 = 4.506048 kg × 28 = 126.169344; N2O 1.663428 + 0.275648 = 1.939076 × 265 = 513.85514.
      const gases = document.byGas?.gases ?? [];
      expect(gases.map((g) => [g.gas, g.co2eKg])).to.deep.equal([
        ['CO2', '36809.208'],
        ['CH4', '126.169'],
        ['N2O', '513.855'],
      ]);
    });
  });

  describe('process emissions: clinker and carbonates (GB/T 32151 sector guides)', function () {
    // Clinker 1,000 t × 0.52 tCO2/t = 520 t = 520,000 kg.
    // Calcite 200 t × 0.43971 × 0.98 calcined = 86.18316 t = 86,183.16 kg.
    let document: Doc;
    before(() => {
      document = inventory({
        activityData: [
          record('k', 'process', 'clinker', '1000', 't'),
          record('c', 'process', 'calcite', '200', 't', { calcinationFraction: parseRational('0.98') }),
        ],
      }).document;
    });

    it('multiplies clinker produced by its factor', function () {
      expect(line(document, 'k').emissions.co2e).to.equal('520000.000');
      expect(line(document, 'k').formula).to.equal('E(CO2) = AD(t product) × EF(tCO2/t) × 1000');
    });

    it('multiplies carbonate calcined by the stoichiometric factor and the fraction calcined', function () {
      expect(line(document, 'c').emissions.co2e).to.equal('86183.160');
      expect(line(document, 'c').activity.calcinationFraction).to.equal('0.980000');
      expect(document.results.scope1).to.equal('606183.160');
    });
  });

  describe('biomass CO2, gross and net totals, uncertainty', function () {
    // Wood 50 t × 15.6 GJ/t = 780 GJ × 112,000 kgCO2/TJ = 87,360 kg: reported, not in the totals.
    // Electricity 1,000,000 kWh (East 2022, 0.5617) = 561,700 kg; exported 100,000 kWh = 56,170 kg.
    // Clinker 520,000 kg. Gross location = 520,000 + 561,700 = 1,081,700; net = 1,081,700 − 56,170 = 1,025,530.
    const input = {
      activity: [
        meter('E', 'electricity', 'import', 'kWh', '1000000'),
        meter('X', 'electricity', 'export', 'kWh', '100000'),
      ],
      activityData: [
        record('k', 'process', 'clinker', '1000', 't', {
          activityUncertaintyPct: '2',
          factorUncertaintyPct: '3',
        }),
        record('w', 'biomass_combustion', 'wood', '50', 't'),
      ],
    };
    let document: Doc;
    before(() => {
      document = inventory(input).document;
    });

    it('computes biomass CO2 and keeps it out of scope 1 and the totals', function () {
      expect(document.results.biomassCO2).to.equal('87360.000');
      expect(line(document, 'w').scope).to.equal('memo');
      expect(document.results.scope1).to.equal('520000.000');
      expect(document.biomass?.co2Kg).to.equal('87360.000');
    });

    it('states the gross total beside the net total after exports, labelled as exports', function () {
      expect(document.grossNet).to.include({
        grossLocationBased: '1081700.000',
        exports: '56170.000',
        netLocationBased: '1025530.000',
      });
      expect(document.grossNet?.exportsLabel).to.match(/^exported electricity and heat/);
      // CO2 per gas is net: 520,000 + 561,700 − 56,170.
      expect(document.byGas?.gases).to.deep.equal([
        { gas: 'CO2', massKg: '1025530.000', gwp: '1', co2eKg: '1025530.000' },
      ]);
    });

    it('combines uncertainties by IPCC Approach 1', function () {
      // Clinker √(2² + 3²) = 3.6056 %; electricity (default 2 % activity, 10 % factor) √104 = 10.1980 %, the export
      // too. Total = √((3.6056 × 520,000)² + (10.1980 × 561,700)² + (10.1980 × 56,170)²) / 1,025,530
      //   = √(3.5152e12 + 3.2813e13 + 3.2813e11) / 1,025,530 = 6,054,532 / 1,025,530 = 5.90 %.
      const u = document.uncertainty;
      expect(u?.sources.map((s) => [s.source, s.combinedPct, s.basis])).to.deep.equal([
        ['purchased_electricity E 2022', '10.20', 'default'],
        ['exported_electricity X 2022', '10.20', 'default'],
        ['process clinker (k)', '3.61', 'user'],
      ]);
      expect(u?.totalPct).to.equal('5.90');
    });

    it('recomputes to the same document from its stated activity data', function () {
      const stated = document.activityData ?? [];
      const again = inventory({
        activity: input.activity,
        activityData: stated.map((r) => ({
          ...r,
          quantity: parseRational(r.quantity),
          calcinationFraction: r.calcinationFraction === null ? null : parseRational(r.calcinationFraction),
        })),
      }).document;
      expect(again).to.deep.equal(document);
    });
  });

  describe('inventories without non-metered data', function () {
    it('keep their document: no extended blocks unless asked for', function () {
      const plain = inventory({ activity: [meter('E', 'electricity', 'import', 'kWh', '1000')] }).document;
      expect(plain).not.to.have.any.keys('byGas', 'grossNet', 'uncertainty', 'activityData', 'nonMeteredSources');
      expect(plain.results.biomassCO2).to.equal('0.000');
    });

    it('state per gas, gross/net and uncertainty when extendedResults is set', function () {
      // 1,000 kWh × 0.5617 = 561.7 kg; uncertainty √(2² + 10²) = 10.20 %.
      const doc = computeInventory({
        organisation: { id: 'org', name: 'Worked Example Co' },
        period: PERIOD,
        sites: [SITE],
        activity: [meter('E', 'electricity', 'import', 'kWh', '1000')],
        factors: domainFactors(),
        options: { gwp: 'AR5', electricityRegion: 'grid_region', extendedResults: true },
        claims: [],
        production: [],
        evidence: [],
      }).document;
      expect(doc.grossNet?.grossLocationBased).to.equal('561.700');
      expect(doc.uncertainty?.totalPct).to.equal('10.20');
      expect(doc.options).to.include({ extendedResults: true });
    });
  });
});
