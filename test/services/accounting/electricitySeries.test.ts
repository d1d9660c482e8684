import { expect } from 'chai';
import { computeInventory } from '../../../services/accounting/computeInventory';
import type { InventoryOptions } from '../../../services/accounting/inventoryTypes';
import { parseRational, ZERO } from '../../../services/accounting/rational';
import { loadKeccak } from '../../../services/lib/keccak';
import { domainFactors } from '../../helpers/domainFactors';

/**
 * The location-based electricity series chosen explicitly (DOMAIN.md §1). 1,000,000 kWh = 1,000 MWh at a site in the
 * East grid in 2022:
 *   statistical, regional (default): 1,000 × 0.5617 = 561,700 kg;
 *   national ETS compliance series (MEE, 2022 vintage 0.5703): 570,300 kg;
 *   fossil-only national series (MEE/NBS 2024 No.33, 0.8325): 832,500 kg.
 */
const SITE = { id: 's-1', name: 'Plant 1', gridRegion: 'East', province: 'Jiangsu' };

function inventory(options: Partial<InventoryOptions>) {
  return computeInventory({
    organisation: { id: 'org', name: 'Series Co' },
    period: { start: '2022-01-01', end: '2023-01-01', timeZone: 'Asia/Shanghai' },
    sites: [SITE],
    activity: [
      {
        meter: {
          id: 'E',
          externalId: 'E',
          name: null,
          energyKind: 'electricity',
          flow: 'import',
          unit: 'kWh',
          siteId: SITE.id,
        },
        years: new Map([[2022, { quantity: parseRational('1000000'), estimated: ZERO, intervals: 96 }]]),
      },
    ],
    factors: domainFactors(),
    options: { gwp: 'AR5', electricityRegion: 'grid_region', ...options },
    claims: [],
    production: [],
    evidence: [],
  }).document;
}

describe('electricity series chosen per inventory', function () {
  before(async function () {
    await loadKeccak();
  });

  it('uses the regional statistical average by default, and the document does not name a series option', function () {
    const doc = inventory({});
    expect(doc.results.scope2LocationBased).to.equal('561700.000');
    expect(doc.options).not.to.have.property('electricitySeries');
  });

  it('uses the national ETS compliance series when asked, and says so in the method', function () {
    const doc = inventory({ electricitySeries: 'compliance' });
    expect(doc.results.scope2LocationBased).to.equal('570300.000');
    expect((doc.method.electricity as { locationBased: string }).locationBased).to.match(/^national ETS compliance/);
    expect(doc.options).to.include({ electricitySeries: 'compliance' });
    expect(doc.warnings).to.equal(undefined);
  });

  it('uses the fossil-only national series when asked', function () {
    const doc = inventory({ electricitySeries: 'fossil' });
    expect(doc.results.scope2LocationBased).to.equal('832500.000');
    expect(doc.sources[0].factors[0]).to.include({ value: '0.8325' });
  });
});
