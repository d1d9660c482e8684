import { expect } from 'chai';
import { computeInventory } from '../../../services/accounting/computeInventory';
import type { InventoryInput, MeterActivity } from '../../../services/accounting/inventoryTypes';
import { parseRational, ZERO } from '../../../services/accounting/rational';
import { loadKeccak } from '../../../services/lib/keccak';
import { domainFactors } from '../../helpers/domainFactors';

/**
 * Worked examples computed by hand from the published factors and formulas (../shared/DOMAIN.md, GB/T 32150,
 * GB/T 2589), written down before running the engine. Each comment shows the arithmetic.
 */
const SITE = { id: 's-1', name: 'Plant 1', gridRegion: 'East', province: 'Jiangsu' };

function activity(
  id: string,
  energyKind: string,
  flow: 'import' | 'export',
  unit: string,
  years: Record<number, string>,
): MeterActivity {
  return {
    meter: { id, externalId: id, name: null, energyKind, flow, unit, siteId: SITE.id },
    years: new Map(
      Object.entries(years).map(([y, q]) => [
        Number(y),
        { quantity: parseRational(q), estimated: ZERO, intervals: 96 },
      ]),
    ),
  };
}

function inventory(overrides: Partial<InventoryInput>) {
  return computeInventory({
    organisation: { id: 'org', name: 'Worked Example Co' },
    period: { start: '2022-01-01', end: '2023-01-01', timeZone: 'Asia/Shanghai' },
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

describe('accounting worked examples (hand-computed from the standards)', function () {
  before(async function () {
    await loadKeccak();
  });

  describe('purchased electricity, location- and market-based', function () {
    // 1,000,000 kWh = 1,000 MWh in the East grid in 2022.
    // Location: 1,000 MWh × 0.5617 tCO2/MWh = 561.7 t = 561,700 kg.
    // Market: 300 MWh of certificates claimed for 2022; (1,000 − 300) MWh × 0.5856 (excl. market-traded
    // non-fossil, 2022) = 409.92 t = 409,920 kg.
    const doc = () =>
      inventory({
        activity: [activity('E', 'electricity', 'import', 'kWh', { 2022: '1000000' })],
        claims: [
          {
            ref: 'GEC-1',
            source: 'api',
            mwh: parseRational('300'),
            start: '2022-01-01',
            end: '2023-01-01',
            generator: 'Wind farm',
          },
        ],
      });

    it('reports location-based Scope 2', function () {
      expect(doc().results.scope2LocationBased).to.equal('561700.000');
    });

    it('reports market-based Scope 2 with certificates first, residual mix for the rest', function () {
      expect(doc().results.scope2MarketBased).to.equal('409920.000');
    });

    it('reports both methods side by side with the certificates applied', function () {
      expect(doc().marketBased.byYear[0]).to.include({
        purchasedMWh: '1000.000000',
        coveredMWh: '300.000000',
        residualMWh: '700.000000',
        co2e: '409920.000',
      });
    });

    it('caps certificates at consumption and reports the rest unused', function () {
      const d = inventory({
        activity: [activity('E', 'electricity', 'import', 'kWh', { 2022: '100000' })],
        claims: [
          {
            ref: 'GEC-2',
            source: 'api',
            mwh: parseRational('150'),
            start: '2022-01-01',
            end: '2023-01-01',
            generator: null,
          },
        ],
      });
      expect([d.results.scope2MarketBased, d.marketBased.unusedCertificatesMWh]).to.deep.equal(['0.000', '50.000000']);
    });
  });

  describe('natural gas combustion with CH4 and N2O (GB/T 32150, AR5)', function () {
    // 100,000 m3 = 10 × 10^4 Nm3; × 389.31 GJ/10^4 Nm3 = 3,893.1 GJ.
    // C = 3,893.1 GJ × 15.3 tC/TJ = 59.56443 tC; × 0.99 = 58.9687857 tC; × 44/12 = 216.2188809 tCO2 = 216,218.8809 kg.
    // CH4 = 3.8931 TJ × 1 kg/TJ = 3.8931 kg × 28 = 109.0068 kg CO2e.
    // N2O = 3.8931 TJ × 0.1 kg/TJ = 0.38931 kg × 265 = 103.16715 kg CO2e.
    // CO2e = 216,218.8809 + 109.0068 + 103.16715 = 216,431.05485 → 216,431.055 (half to even at 3 decimals).
    const doc = () => inventory({ activity: [activity('G', 'natural_gas', 'import', 'm3', { 2022: '100000' })] });

    it('computes CO2 by NCV × carbon content × oxidation × 44/12', function () {
      expect(doc().sources[0].emissions.co2).to.equal('216218.881');
    });

    it('computes CH4 and N2O from the energy content', function () {
      expect([doc().sources[0].emissions.ch4, doc().sources[0].emissions.n2o]).to.deep.equal(['3.893', '0.389']);
    });

    it('reports Scope 1 in CO2e with the AR5 GWPs', function () {
      expect(doc().results.scope1).to.equal('216431.055');
    });

    it('converts to standard coal: 100,000 m3 × 1.2143 kgce/m3 = 121,430 kgce', function () {
      expect(doc().results.energyKgce).to.equal('121430.000');
    });
  });

  describe('diesel combustion (GB/T 32150, AR5)', function () {
    // 10 t × 42.652 GJ/t = 426.52 GJ; × 20.2 tC/TJ = 8.615704 tC; × 0.98 = 8.44338992 tC;
    // × 44/12 = 30.959096373… tCO2 = 30,959.096373… kg.
    // CH4 = 0.42652 TJ × 3 kg/TJ = 1.27956 kg × 28 = 35.82768; N2O = 0.42652 × 0.6 = 0.255912 kg × 265 = 67.81668.
    // CO2e = 30,959.096373… + 35.82768 + 67.81668 = 31,062.740733… → 31,062.741.
    // Standard coal: 10,000 kg × 1.4571 = 14,571 kgce.
    const doc = () => inventory({ activity: [activity('D', 'diesel', 'import', 't', { 2022: '10' })] });

    it('reports Scope 1', function () {
      expect(doc().results.scope1).to.equal('31062.741');
    });

    it('reports its energy in standard coal', function () {
      expect(doc().results.energyKgce).to.equal('14571.000');
    });
  });

  describe('purchased heat', function () {
    // 500 GJ × 0.11 tCO2/GJ = 55 t = 55,000 kg; 500,000 MJ × 0.03412 kgce/MJ = 17,060 kgce.
    const doc = () => inventory({ activity: [activity('H', 'heat', 'import', 'GJ', { 2022: '500' })] });

    it('is Scope 2 in both methods', function () {
      expect([doc().results.scope2LocationBased, doc().results.scope2MarketBased]).to.deep.equal([
        '55000.000',
        '55000.000',
      ]);
    });

    it('reports its energy in standard coal', function () {
      expect(doc().results.energyKgce).to.equal('17060.000');
    });
  });

  describe('exported electricity', function () {
    // Purchased 1,000,000 kWh (561,700 kg, 122,900 kgce); exported 100,000 kWh × 0.5617 = 56,170 kg (12,290 kgce).
    // GB/T 32150 total = 561,700 − 56,170 = 505,530 kg; energy 122,900 − 12,290 = 110,610 kgce.
    const doc = () =>
      inventory({
        activity: [
          activity('E', 'electricity', 'import', 'kWh', { 2022: '1000000' }),
          activity('PV', 'electricity', 'export', 'kWh', { 2022: '100000' }),
        ],
      });

    it('is deducted from the total', function () {
      expect([doc().results.exported, doc().results.totalLocationBased]).to.deep.equal(['56170.000', '505530.000']);
    });

    it('is deducted from the energy', function () {
      expect(doc().results.energyKgce).to.equal('110610.000');
    });
  });

  describe('a period that crosses a factor-year boundary', function () {
    // December 2022: 50,000 kWh × 0.5617 (East 2022) = 28,085 kg.
    // January 2023: 60,000 kWh × 0.5500 (East 2023) = 33,000 kg. Total 61,085 kg.
    const doc = () =>
      inventory({
        period: { start: '2022-12-01', end: '2023-02-01', timeZone: 'Asia/Shanghai' },
        activity: [activity('E', 'electricity', 'import', 'kWh', { 2022: '50000', 2023: '60000' })],
      });

    it('applies each year its own factor', function () {
      expect(doc().sources.map((s) => [s.year, s.emissions.co2e, s.factors[0].value])).to.deep.equal([
        [2022, '28085.000', '0.5617'],
        [2023, '33000.000', '0.5500'],
      ]);
    });

    it('adds the years up', function () {
      expect(doc().results.scope2LocationBased).to.equal('61085.000');
    });
  });

  describe('intensity', function () {
    // 561,700 kg over 2,000 t of steel = 280.85 kg CO2e per t.
    it('divides the total by the production volume', function () {
      const d = inventory({
        activity: [activity('E', 'electricity', 'import', 'kWh', { 2022: '1000000' })],
        production: [
          {
            product: 'rolled steel',
            siteId: SITE.id,
            quantity: parseRational('2000'),
            unit: 't',
            start: '2022-01-01',
            end: '2023-01-01',
          },
        ],
      });
      expect(d.intensity[0]).to.include({ kgCO2ePerUnitLocation: '280.850' });
    });
  });

  it('is deterministic: the same inputs give the same document', function () {
    const a = inventory({ activity: [activity('G', 'natural_gas', 'import', 'm3', { 2022: '123.456' })] });
    const b = inventory({ activity: [activity('G', 'natural_gas', 'import', 'm3', { 2022: '123.456' })] });
    expect(JSON.stringify(a)).to.equal(JSON.stringify(b));
  });
});
