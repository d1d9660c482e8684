import { expect } from 'chai';
import { computeInventory } from '../../../services/accounting/computeInventory';
import type { InventoryOptions } from '../../../services/accounting/inventoryTypes';
import { parseRational, ZERO } from '../../../services/accounting/rational';
import { loadKeccak } from '../../../services/lib/keccak';
import { domainFactors } from '../../helpers/domainFactors';

/**
 * The fuel method is a choice the document states (issue 12 §2). Worked examples by hand from DOMAIN.md §2:
 *
 * Diesel, 10 t, IPCC 2006 Tier 1 (NCV 43.0 TJ/Gg, EF 74,100 kgCO2/TJ, oxidation 1):
 *   energy 10 t × 43.0 GJ/t = 430 GJ; CO2 = 0.430 TJ × 74,100 = 31,863 kg;
 *   CH4 = 0.430 × 3 = 1.29 kg; N2O = 0.430 × 0.6 = 0.258 kg; CO2e (AR5) = 31,863 + 1.29 × 28 + 0.258 × 265
 *   = 31,863 + 36.12 + 68.37 = 31,967.49 kg.
 * Diesel, 10 t, GB/T 32151 (NCV 42.652 GJ/t, CC 20.2 tC/TJ, OF 98 %):
 *   426.52 GJ × 20.2 kgC/GJ = 8,615.704 kgC; × 0.98 = 8,443.38992; × 44/12 = 30,959.096373… kg → 30,959.096.
 * Natural gas, 100,000 m3 = 10 × 10^4 Nm3, IPCC: IPCC states no NCV per volume, so the guideline's 389.31 GJ/10^4 Nm3:
 *   3,893.1 GJ × 56,100 kg/TJ = 218,402.91 kg.
 */
function combustion(fuel: string, unit: string, quantity: string, options: Partial<InventoryOptions> = {}) {
  return computeInventory({
    organisation: { id: 'org', name: 'Fuel Co' },
    period: { start: '2022-01-01', end: '2023-01-01', timeZone: 'Asia/Shanghai' },
    sites: [{ id: 's', name: 'Boiler house', gridRegion: 'East', province: null }],
    activity: [
      {
        meter: { id: 'F', externalId: 'F', name: null, energyKind: fuel, flow: 'import', unit, siteId: 's' },
        years: new Map([[2022, { quantity: parseRational(quantity), estimated: ZERO, intervals: 96 }]]),
      },
    ],
    factors: domainFactors(),
    options: { gwp: 'AR5', electricityRegion: 'grid_region', ...options },
    claims: [],
    production: [],
    evidence: [],
  }).document;
}

describe('fuel combustion methods (GB/T 32151 or IPCC 2006 Tier 1, stated in the document)', function () {
  before(async function () {
    await loadKeccak();
  });

  it('computes diesel by IPCC 2006 Tier 1 with its own NCV and CO2 factor per TJ', function () {
    const doc = combustion('diesel', 't', '10', { fuelMethod: 'ipcc2006' });
    expect(doc.sources[0].emissions).to.deep.equal({
      co2: '31863.000',
      ch4: '1.290',
      n2o: '0.258',
      co2e: '31967.490',
    });
    expect(doc.sources[0].formula).to.match(/^E\(CO2\) = FC × NCV × EF\(CO2\) \(IPCC 2006 Tier 1/);
    expect(doc.sources[0].factors.map((f) => [f.name, f.value])).to.deep.include.members([
      ['NCV', '43.0'],
      ['CO2 emission factor (IPCC 2006)', '74100'],
    ]);
    expect(doc.method.combustion).to.match(/^IPCC 2006 Tier 1/);
    expect(doc.options).to.include({ fuelMethod: 'ipcc2006' });
  });

  it('computes diesel by the Chinese guideline by default and says so', function () {
    const doc = combustion('diesel', 't', '10');
    expect(doc.sources[0].emissions.co2).to.equal('30959.096');
    expect(doc.method.combustion).to.match(/^GB\/T 32151/);
    expect(doc.options).to.not.have.property('fuelMethod');
  });

  it('uses the guideline NCV per volume for natural gas under IPCC, which states none per volume', function () {
    const doc = combustion('natural_gas', 'm3', '100000', { fuelMethod: 'ipcc2006' });
    expect(doc.sources[0].emissions.co2).to.equal('218402.910');
    expect(doc.sources[0].factors[0]).to.include({ name: 'NCV', value: '389.31', unit: 'GJ/10^4 Nm3' });
  });
});
