import { expect } from 'chai';
import { computeInventory } from '../../../services/accounting/computeInventory';
import type { InventoryInput, InventorySite } from '../../../services/accounting/inventoryTypes';
import { parseRational, ZERO } from '../../../services/accounting/rational';
import { NengtanError } from '../../../services/lib/errors';
import { loadKeccak } from '../../../services/lib/keccak';
import { domainFactors } from '../../helpers/domainFactors';

/**
 * No silent fallback (issue 12): a site whose region has no grid factor gets the national one only with a warning in
 * the document, or the inventory is refused when asked to. Figures by hand from DOMAIN.md: 1,000 MWh in 2022 is
 * 561,700 kg with the East factor 0.5617 and 536,600 kg with the national 0.5366.
 */
function inventoryAt(
  site: InventorySite,
  options: Partial<InventoryInput['options']> = {},
  year = 2022,
  factors = domainFactors(),
) {
  return computeInventory({
    organisation: { id: 'org', name: 'Region Co' },
    period: { start: `${year}-01-01`, end: `${year + 1}-01-01`, timeZone: 'Asia/Shanghai' },
    sites: [site],
    activity: [
      {
        meter: {
          id: 'E',
          externalId: 'E',
          name: null,
          energyKind: 'electricity',
          flow: 'import',
          unit: 'kWh',
          siteId: site.id,
        },
        years: new Map([[year, { quantity: parseRational('1000000'), estimated: ZERO, intervals: 96 }]]),
      },
    ],
    factors,
    options: { gwp: 'AR5', electricityRegion: 'grid_region', ...options },
    claims: [],
    production: [],
    evidence: [],
  }).document;
}

const site = (gridRegion: string | null, province: string | null = null): InventorySite => ({
  id: 's-1',
  name: 'Plant 1',
  gridRegion,
  province,
});

describe('regional grid factors: never a quiet national value', function () {
  before(async function () {
    await loadKeccak();
  });

  it('uses the regional factor without a warning when the set has it', function () {
    const doc = inventoryAt(site('East'));
    expect(doc.results.scope2LocationBased).to.equal('561700.000');
    expect(doc.warnings).to.equal(undefined);
    expect(doc.sources[0].factors[0]).to.not.have.property('usedForRegion');
  });

  it('warns when the region is not one the factor set knows, and says which factor stood in', function () {
    const doc = inventoryAt(site('Atlantis'));
    expect(doc.results.scope2LocationBased).to.equal('536600.000');
    expect(doc.warnings).to.have.length(1);
    expect(doc.warnings?.[0]).to.include({ code: 'NT_WARN_REGION_UNKNOWN', region: 'Atlantis', site: 'Plant 1' });
    expect(doc.warnings?.[0].message).to.match(/Atlantis.*national grid factor of 2022/);
    expect(doc.sources[0].factors[0]).to.include({ region: 'national', usedForRegion: 'Atlantis' });
  });

  it('warns when a known region has no factor for the year or an earlier one', function () {
    // A set that knows East (it lists it) but holds no East factor up to 2022: the national one stands in, named.
    const base = domainFactors();
    const withoutEast2022 = {
      ...base,
      gridElectricity: (variant: 'average' | 'residual' | 'compliance' | 'fossil', region: string, year: number) => {
        if (region === 'East') throw new Error('no East factor up to 2022');
        return base.gridElectricity(variant, region, year);
      },
    };
    const doc = inventoryAt(site('East'), {}, 2022, withoutEast2022);
    expect(doc.results.scope2LocationBased).to.equal('536600.000');
    expect(doc.warnings?.map((w) => [w.code, w.region, w.year])).to.deep.equal([
      ['NT_WARN_REGION_FACTOR_MISSING', 'East', 2022],
    ]);
  });

  it('warns when the site has no region set, and when the province is asked for and unknown', function () {
    const unset = inventoryAt(site(null));
    expect(unset.warnings?.map((w) => w.code)).to.deep.equal(['NT_WARN_SITE_REGION_UNSET']);
    expect(unset.results.scope2LocationBased).to.equal('536600.000');
    const province = inventoryAt(site('East', 'Jiangsu'), { electricityRegion: 'province' });
    expect(province.warnings?.map((w) => [w.code, w.region])).to.deep.equal([['NT_WARN_REGION_UNKNOWN', 'Jiangsu']]);
  });

  it('refuses with NT_ERR_FACTOR_REGION_MISSING when the request says so, and states the option in the document', function () {
    let error: unknown;
    try {
      inventoryAt(site('Atlantis'), { regionalFactorMissing: 'refuse' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(NengtanError);
    expect((error as NengtanError).code).to.equal('NT_ERR_FACTOR_REGION_MISSING');
    expect((error as NengtanError).message).to.match(/Atlantis/);
    const doc = inventoryAt(site('East'), { regionalFactorMissing: 'refuse' });
    expect(doc.options).to.deep.equal({
      gwp: 'AR5',
      electricityRegion: 'grid_region',
      regionalFactorMissing: 'refuse',
    });
    expect(inventoryAt(site('East')).options).to.deep.equal({ gwp: 'AR5', electricityRegion: 'grid_region' });
  });
});
