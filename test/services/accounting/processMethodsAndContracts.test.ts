import { expect } from 'chai';
import { computeInventory } from '../../../services/accounting/computeInventory';
import type { FactorSource, FactorValue } from '../../../services/accounting/factorSource';
import type {
  ActivityDataInput,
  ClaimInput,
  ContractInput,
  InventoryInput,
} from '../../../services/accounting/inventoryTypes';
import type { CarbonBalance, ClinkerComposition } from '../../../services/accounting/processMeasurements';
import { parseRational, ZERO } from '../../../services/accounting/rational';
import { parseDecimal } from '../../../services/lib/decimal';
import { loadKeccak } from '../../../services/lib/keccak';
import { domainFactors } from '../../helpers/domainFactors';

/**
 * Issue 12 §2, worked by hand before running the engine:
 * - clinker CO2 from its measured composition (GB/T 32151.8 / the Chinese cement guideline);
 * - the iron-and-steel carbon balance (GB/T 32151.5);
 * - supplier contracts and the supplier-specific rate in market-based Scope 2 (GHG Protocol Scope 2 Guidance).
 */
const SITE = { id: 's-1', name: 'Works', gridRegion: 'East', province: 'Jiangsu' };
const PERIOD = { start: '2022-01-01', end: '2023-01-01', timeZone: 'Asia/Shanghai' };

function processRecord(id: string, subject: string, tonnes: string, measured: ActivityDataInput['measured']) {
  return {
    id,
    siteId: SITE.id,
    start: PERIOD.start,
    end: PERIOD.end,
    sourceKind: 'process' as const,
    subject,
    quantity: parseRational(tonnes),
    unit: 't' as const,
    calcinationFraction: null,
    activityUncertaintyPct: null,
    factorUncertaintyPct: null,
    evidence: `lab and weighbridge ${id}`,
    ...(measured ? { measured } : {}),
  };
}

/** 1,000,000 kWh bought in 2022 at the Jiangsu site (East grid: 0.5617 location-based, residual 0.5856). */
const PURCHASED = {
  meter: {
    id: 'E',
    externalId: 'E',
    name: null,
    energyKind: 'electricity',
    flow: 'import' as const,
    unit: 'kWh',
    siteId: SITE.id,
  },
  years: new Map([[2022, { quantity: parseRational('1000000'), estimated: ZERO, intervals: 35040 }]]),
};

function inventory(overrides: Partial<InventoryInput>) {
  return computeInventory({
    organisation: { id: 'org', name: 'Worked Example Co' },
    period: PERIOD,
    sites: [SITE],
    activity: [],
    factors: domainFactors(),
    options: { gwp: 'AR5', electricityRegion: 'grid_region' },
    claims: [],
    production: [],
    evidence: [],
    ...overrides,
  }).document;
}

const COMPOSITION: ClinkerComposition = {
  method: 'clinker_composition',
  caoPct: '65.0',
  caoNonCarbonatePct: '1.0',
  mgoPct: '2.0',
  mgoNonCarbonatePct: '0.1',
};

const claim = (ref: string, mwh: string): ClaimInput => ({
  ref,
  source: 'api',
  mwh: parseRational(mwh),
  start: '2022-01-01',
  end: '2023-01-01',
  generator: null,
});

const contract = (
  ref: string,
  instrument: ContractInput['instrument'],
  mwh: string,
  factor: string,
): ContractInput => ({
  ref,
  instrument,
  counterparty: `${ref} counterparty`,
  mwh: parseRational(mwh),
  factor,
  start: '2022-01-01',
  end: '2023-01-01',
  evidence: `contract ${ref} and its 2022 settlement statements`,
});

describe('process emissions from measured inputs and supplier contracts (hand-computed worked examples)', function () {
  before(async function () {
    await loadKeccak();
  });

  describe('clinker from its measured composition (GB/T 32151.8)', function () {
    // Per tonne: (65.0 − 1.0) % × 44/56 + (2.0 − 0.1) % × 44/40 = 0.64 × 0.785714… + 0.019 × 1.1
    //   = 3.52/7 + 0.0209 = 3.6663/7 tCO2/t.
    // 26,600 t × 3.6663/7 = 3,800 × 3.6663 = 13,931.94 t = 13,931,940 kg.
    it('computes the raw material term from CaO and MgO net of their non-carbonate parts', function () {
      const doc = inventory({ activityData: [processRecord('k', 'clinker', '26600', COMPOSITION)] });
      expect(doc.nonMeteredSources?.[0].emissions.co2e).to.equal('13931940.000');
      expect(doc.results.scope1).to.equal('13931940.000');
    });

    // With 266 t of kiln-head dust: (26,600 + 266) × 3.6663/7 = 3,838 × 3.6663 = 14,071.2594 t.
    // Raw meal 42,000 t with 0.15 % non-fuel carbon: 42,000 × 0.0015 = 63 tC × 44/12 = 231 t.
    // Total 14,302.2594 t = 14,302,259.4 kg.
    const full: ClinkerComposition = {
      ...COMPOSITION,
      kilnDustT: '266',
      rawMealT: '42000',
      rawMealOrganicCarbonPct: '0.15',
    };

    it('adds the kiln dust to the calcined mass and the raw-meal non-fuel carbon term', function () {
      const line = inventory({ activityData: [processRecord('k', 'clinker', '26600', full)] }).nonMeteredSources?.[0];
      expect(line?.emissions.co2e).to.equal('14302259.400');
      expect(line?.measured?.terms.map((t) => t.co2Kg)).to.deep.equal(['14071259.400', '231000.000']);
    });

    it('says in the method text which terms it used, and only then', function () {
      const doc = inventory({ activityData: [processRecord('k', 'clinker', '26600', full)] });
      expect(doc.method.process).to.match(/GB\/T 32151\.8/);
      expect(doc.method.process).to.match(/kiln-head and bypass dust/);
      expect(doc.method.process).to.match(/plus the raw-meal non-fuel carbon term/);
      const bare = inventory({ activityData: [processRecord('k', 'clinker', '26600', COMPOSITION)] });
      expect(bare.method.process).to.match(/no raw-meal non-fuel carbon term/);
      const defaults = inventory({ activityData: [processRecord('k', 'clinker', '26600', undefined)] });
      expect(defaults.method).not.to.have.property('process');
    });

    it('keeps the default-factor path for clinker without a composition: 26,600 t × 0.52 = 13,832,000 kg', function () {
      const doc = inventory({ activityData: [processRecord('k', 'clinker', '26600', undefined)] });
      expect(doc.nonMeteredSources?.[0].emissions.co2e).to.equal('13832000.000');
      expect(doc.nonMeteredSources?.[0]).not.to.have.property('measured');
    });
  });

  describe('iron and steel by carbon balance (GB/T 32151.5)', function () {
    // In: coke 40,000 t × 0.86 = 34,400 tC; injected coal 15,000 × 0.75 = 11,250; limestone 8,000 × 0.12 = 960;
    //     dolomite 2,000 × 0.13 = 260; scrap 20,000 × 0.002 = 40; electrodes 100 × 0.99 = 99 → 47,009 tC.
    // Out: crude steel 100,000 × 0.002 = 200; blast furnace gas exported 1,000 × 10^4 Nm3 × 2.3 = 2,300;
    //     pig iron sold 5,000 × 0.043 = 215 → 2,715 tC.
    // CO2 = (47,009 − 2,715) × 44/12 = 44,294 × 44/12 = 162,411.333… t → 162,411,333.333 kg.
    const balance: CarbonBalance = {
      method: 'carbon_balance',
      inputs: [
        { material: 'coke', quantity: '40000', unit: 't', carbonContent: '0.86' },
        { material: 'injected coal', quantity: '15000', unit: 't', carbonContent: '0.75' },
        { material: 'limestone', quantity: '8000', unit: 't', carbonContent: '0.12' },
        { material: 'dolomite', quantity: '2000', unit: 't', carbonContent: '0.13' },
        { material: 'scrap', quantity: '20000', unit: 't', carbonContent: '0.002' },
        { material: 'electrodes', quantity: '100', unit: 't', carbonContent: '0.99' },
      ],
      outputs: [
        { material: 'crude steel', quantity: '100000', unit: 't', carbonContent: '0.002' },
        { material: 'blast furnace gas exported', quantity: '1000', unit: '10^4 Nm3', carbonContent: '2.3' },
        { material: 'pig iron sold', quantity: '5000', unit: 't', carbonContent: '0.043' },
      ],
    };

    it('emits the carbon that entered and did not leave in products, × 44/12', function () {
      const doc = inventory({ activityData: [processRecord('st', 'crude_steel', '100000', balance)] });
      const line = doc.nonMeteredSources?.[0];
      expect(line?.emissions).to.include({ co2: '162411333.333', co2e: '162411333.333' });
      expect(doc.results.scope1).to.equal('162411333.333');
    });

    it('states carbon in and carbon out as terms, and the method', function () {
      const doc = inventory({ activityData: [processRecord('st', 'crude_steel', '100000', balance)] });
      const terms = doc.nonMeteredSources?.[0].measured?.terms ?? [];
      // 47,009 × 44/12 = 172,366.333… t; 2,715 × 44/12 = 9,955 t.
      expect(terms.map((t) => [t.term, t.co2Kg])).to.deep.equal([
        ['carbon in', '172366333.333'],
        ['carbon out', '9955000.000'],
      ]);
      expect(terms[0].expression).to.include('coke 40000 t × 0.86 tC/t = 34400.000000 tC');
      expect(doc.method.process).to.match(/carbon balance \(GB\/T 32151\.5\)/);
    });
  });

  describe('market-based Scope 2: certificates, contracts, supplier rate, residual mix', function () {
    // 1,000 MWh bought. Certificates 200 MWh cover 200. PPA-1 (0 tCO2/MWh) 300 MWh covers 300 → 0 kg.
    // GT-1 green tariff 300 MWh at 0.1 covers 300 → 300 × 0.1 × 1000 = 30,000 kg. Residual 200 MWh × 0.5856 =
    // 117,120 kg. Market-based = 147,120 kg; location-based 1,000 × 0.5617 = 561,700 kg.
    it('applies contracts after certificates at their stated factors and the residual mix for the rest', function () {
      const doc = inventory({
        activity: [PURCHASED],
        claims: [claim('GEC-1', '200')],
        contracts: [contract('PPA-1', 'ppa', '300', '0'), contract('GT-1', 'green_tariff', '300', '0.1')],
      });
      expect(doc.results).to.include({ scope2LocationBased: '561700.000', scope2MarketBased: '147120.000' });
      expect(doc.marketBased.byYear[0]).to.include({
        coveredMWh: '200.000000',
        residualMWh: '200.000000',
        contractsCo2e: '30000.000',
        residualCo2e: '117120.000',
        co2e: '147120.000',
      });
      expect(doc.marketBased.contracts?.map((c) => [c.ref, c.appliedMWh])).to.deep.equal([
        ['GT-1', '300.000000'],
        ['PPA-1', '300.000000'],
      ]);
    });

    it('names in the method text which instrument covered how many kWh', function () {
      const doc = inventory({
        activity: [PURCHASED],
        claims: [claim('GEC-1', '200')],
        contracts: [contract('PPA-1', 'ppa', '300', '0'), contract('GT-1', 'green_tariff', '300', '0.1')],
      });
      expect(doc.method.marketBasedInstruments).to.equal(
        'GHG Protocol Scope 2 quality criteria hierarchy over the period: energy attribute certificates 200000.000 kWh (zero emissions); ' +
          'contract GT-1 (green_tariff, GT-1 counterparty, 2022-01-01 – 2023-01-01) 300000.000 kWh at 0.1 tCO2/MWh; ' +
          'contract PPA-1 (ppa, PPA-1 counterparty, 2022-01-01 – 2023-01-01) 300000.000 kWh at 0 tCO2/MWh; ' +
          'residual mix (grid factor excluding market-traded non-fossil electricity) 200000.000 kWh',
      );
    });

    // Certificates 900 MWh cover 900; DL-1 (direct line, 0.2) 300 MWh finds only 100 MWh left: 100 × 0.2 × 1000 =
    // 20,000 kg, 200 MWh unused; residual 0. The same kWh is never covered twice.
    it('never covers a kWh twice: a contract only takes what certificates left', function () {
      const doc = inventory({
        activity: [PURCHASED],
        claims: [claim('GEC-1', '900')],
        contracts: [contract('DL-1', 'direct_line', '300', '0.2')],
      });
      expect(doc.results.scope2MarketBased).to.equal('20000.000');
      expect(doc.marketBased).to.include({ contractsCoveredMWh: '100.000000', unusedContractMWh: '200.000000' });
      expect(doc.marketBased.byYear[0].residualMWh).to.equal('0.000000');
    });

    // A supplier rate of 0.4210 tCO2/MWh for Jiangsu 2022: after 200 MWh of certificates and 300 MWh of PPA-1 (0),
    // the remaining 500 MWh take it: 500 × 0.4210 × 1000 = 210,500 kg, nothing at the residual mix.
    it('applies a supplier-specific factor of the set to the remainder instead of the residual mix', function () {
      const base = domainFactors();
      const supplier: FactorValue = {
        value: parseDecimal('0.4210'),
        unit: 'tCO2/MWh',
        factorId: 'supplier-jiangsu-2022',
        series: 'Supplier disclosure',
        source: 'Jiangsu Power Sales Co. 2022 fuel mix disclosure',
        notice: null,
        year: 2022,
        region: 'Jiangsu',
        quality: 'supplier',
      };
      const factors: FactorSource = {
        ...base,
        supplierElectricity: (region, year) => (region === 'Jiangsu' && year === 2022 ? supplier : null),
      };
      const doc = inventory({
        factors,
        activity: [PURCHASED],
        claims: [claim('GEC-1', '200')],
        contracts: [contract('PPA-1', 'ppa', '300', '0')],
      });
      expect(doc.results.scope2MarketBased).to.equal('210500.000');
      expect(doc.marketBased.byYear[0]).to.include({ supplierMWh: '500.000000', residualMWh: '0.000000' });
      expect(doc.method.marketBasedInstruments).to.include('supplier-specific emission factor 500000.000 kWh');
    });

    it('leaves documents without contracts or a supplier rate as they were', function () {
      const doc = inventory({ activity: [PURCHASED], claims: [claim('GEC-1', '200')] });
      // (1,000 − 200) × 0.5856 × 1000 = 468,480 kg.
      expect(doc.results.scope2MarketBased).to.equal('468480.000');
      expect(Object.keys(doc.marketBased)).to.deep.equal([
        'formula',
        'byYear',
        'certificatesMWh',
        'coveredMWh',
        'unusedCertificatesMWh',
        'claims',
      ]);
      expect(Object.keys(doc.marketBased.byYear[0])).to.deep.equal([
        'year',
        'purchasedMWh',
        'certificatesMWh',
        'coveredMWh',
        'residualMWh',
        'residualFactor',
        'co2e',
      ]);
      expect(doc.method).not.to.have.property('marketBasedInstruments');
    });
  });
});
