import { parseDecimal } from '../../services/lib/decimal';
import type { FactorSource, FactorValue, FuelClass, GridVariant, GwpSet } from '../../services/accounting/factorSource';

/**
 * A factor source holding published values copied by hand from ../shared/DOMAIN.md (not from the seeded library),
 * for worked examples that check the accounting engine against the standards.
 */
const v = (value: string, unit: string, series: string, extra: Partial<FactorValue> = {}): FactorValue => ({
  value: parseDecimal(value),
  unit,
  factorId: `${series}:${value}`,
  series,
  source: series,
  notice: null,
  year: null,
  region: 'national',
  quality: 'published',
  ...extra,
});

const GRID: Record<string, string> = {
  'average/East/2022': '0.5617',
  'average/East/2023': '0.5500',
  'average/national/2022': '0.5366',
  'average/national/2023': '0.5306',
  'residual/national/2022': '0.5856',
  'residual/national/2023': '0.6096',
  'compliance/national/2022': '0.5703',
  'fossil/national/2022': '0.8325',
};

const FUELS: Record<string, [string, string, string, string]> = {
  // fuel: NCV, NCV unit, carbon content tC/TJ, oxidation (GB/T 32151 annex)
  natural_gas: ['389.31', 'GJ/10^4 Nm3', '15.3', '0.99'],
  diesel: ['42.652', 'GJ/t', '20.2', '0.98'],
  gasoline: ['43.070', 'GJ/t', '18.9', '0.98'],
};

const IPCC_FUELS: Record<string, [string, string]> = {
  // fuel: NCV TJ/Gg, CO2 kg/TJ (IPCC 2006 Vol.2 Ch.1, oxidation 1)
  natural_gas: ['48.0', '56100'],
  diesel: ['43.0', '74100'],
  // IPCC 2006 Vol.2 Ch.1 Tables 1.2 and 1.4, wood/wood waste (biomass).
  wood: ['15.6', '112000'],
};

export function domainFactors(): FactorSource {
  return {
    setId: 'test-domain',
    setName: 'DOMAIN.md by hand',
    setVersion: 1,
    contentHash: '0x' + '11'.repeat(32),
    gridElectricity(variant: GridVariant, region: string, year: number) {
      const value = GRID[`${variant}/${region}/${year}`];
      if (!value) throw new Error(`no grid factor ${variant}/${region}/${year}`);
      return v(value, 'tCO2/MWh', 'MEE/NBS statistical', { year, region });
    },
    gridRegions: () => new Set(Object.keys(GRID).map((key) => key.split('/')[1])),
    purchasedHeat: () => v('0.11', 'tCO2/GJ', 'MEE'),
    fuelDefaults(fuel: string) {
      const f = FUELS[fuel];
      if (!f) throw new Error(`no fuel ${fuel}`);
      return {
        ncv: v(f[0], f[1], 'GB/T 32151'),
        carbonContent: v(f[2], 'tC/TJ', 'GB/T 32151'),
        oxidation: v(f[3], '1', 'GB/T 32151'),
      };
    },
    fuelIpcc(fuel: string) {
      const f = IPCC_FUELS[fuel];
      if (!f) throw new Error(`no IPCC fuel ${fuel}`);
      return { ncv: v(f[0], 'TJ/Gg', 'IPCC 2006'), co2: v(f[1], 'kgCO2/TJ', 'IPCC 2006') };
    },
    fuelClassOf: (fuel: string): FuelClass => (fuel === 'natural_gas' ? 'gas' : 'oil'),
    fuelCh4: (c: FuelClass) => v({ coal: '10', oil: '3', gas: '1' }[c], 'kg/TJ', 'IPCC 2006'),
    fuelN2o: (c: FuelClass) => v({ coal: '1.5', oil: '0.6', gas: '0.1' }[c], 'kg/TJ', 'IPCC 2006'),
    gwp(set: GwpSet, gas: string) {
      // CO2, CH4, N2O from DOMAIN.md; refrigerants and SF6 from IPCC AR5 WG1 Table 8.A.1 and AR6 WG1 Table 7.SM.7,
      // R-410A as the 50/50 blend (AR5 0.5 × 677 + 0.5 × 3170; AR6 0.5 × 771 + 0.5 × 3740).
      const table: Record<string, Record<string, string>> = {
        AR4: { CO2: '1', CH4: '25', N2O: '298' },
        AR5: { CO2: '1', CH4: '28', N2O: '265', 'R-134a': '1300', 'R-32': '677', 'R-410A': '1923.5', SF6: '23500' },
        AR6: { CO2: '1', CH4: '27.9', N2O: '273', 'R-134a': '1530', 'R-32': '771', 'R-410A': '2255.5', SF6: '25200' },
      };
      const value = table[set]?.[gas];
      if (!value) throw new Error(`no GWP ${set} ${gas}`);
      return v(value, '1', `IPCC ${set}`);
    },
    // IPCC 2006 Vol.2 Ch.3 Table 3.2.2 (road transport, gasoline uncontrolled).
    mobileCh4: (fuel: string) => v({ gasoline: '33', diesel: '3.9' }[fuel] ?? '0', 'kgCH4/TJ', 'IPCC 2006'),
    mobileN2o: (fuel: string) => v({ gasoline: '3.2', diesel: '3.9' }[fuel] ?? '0', 'kgN2O/TJ', 'IPCC 2006'),
    // IPCC 2006 Vol.3 Ch.2: clinker Eq.2.4, lime Table 2.4, carbonates Table 2.1.
    processCo2(material: string) {
      const value = { clinker: '0.52', lime: '0.75', calcite: '0.43971', magnesite: '0.52197' }[material];
      if (!value) throw new Error(`no process factor ${material}`);
      return v(value, 'tCO2/t', 'IPCC 2006');
    },
    standardCoal(carrier: string) {
      const table: Record<string, [string, string]> = {
        electricity: ['0.1229', 'kgce/kWh'],
        natural_gas: ['1.2143', 'kgce/m3'],
        heat: ['0.03412', 'kgce/MJ'],
        diesel: ['1.4571', 'kgce/kg'],
      };
      const c = table[carrier];
      if (!c) throw new Error(`no standard coal coefficient for ${carrier}`);
      return v(c[0], c[1], 'GB/T 2589-2020');
    },
  };
}
