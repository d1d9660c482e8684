import { expect } from 'chai';
import { computeInventory } from '../../../services/accounting/computeInventory';
import type { InventoryInput, MeterActivity } from '../../../services/accounting/inventoryTypes';
import { parseRational, ZERO } from '../../../services/accounting/rational';
import { NengtanError } from '../../../services/lib/errors';
import { loadKeccak } from '../../../services/lib/keccak';
import { applyScenario, type ScenarioChange } from '../../../services/scenarios/scenarioChanges';
import { domainFactors } from '../../helpers/domainFactors';

/**
 * What-if worked examples, by hand from DOMAIN.md (East grid 2022 0.5617 tCO2/MWh, residual 0.5856; diesel GB/T 32151
 * NCV 42.652 GJ/t, CC 20.2 tC/TJ, OF 98 %; CH4 3 and N2O 0.6 kg/TJ for oil; AR5 28 / 265).
 * Base: 1,000,000 kWh of grid electricity → 561,700 kg location-based, 585,600 kg market-based;
 * 10 t of diesel → 426.52 GJ; CO2 426.52 × 20.2 × 0.98 × 44/12 = 30,959.0963733 kg; CH4 1.27956 kg, N2O 0.255912 kg;
 * CO2e 30,959.0963733 + 35.82768 + 67.81668 = 31,062.7407333 kg.
 */
function meter(id: string, energyKind: string, unit: string, quantity: string): MeterActivity {
  return {
    meter: { id, externalId: id, name: null, energyKind, flow: 'import', unit, siteId: 's' },
    years: new Map([[2022, { quantity: parseRational(quantity), estimated: ZERO, intervals: 96 }]]),
  };
}

const BASE: InventoryInput = {
  organisation: { id: 'org', name: 'What-if Co' },
  period: { start: '2022-01-01', end: '2023-01-01', timeZone: 'Asia/Shanghai' },
  sites: [{ id: 's', name: 'Works', gridRegion: 'East', province: null }],
  activity: [meter('E', 'electricity', 'kWh', '1000000'), meter('D', 'diesel', 't', '10')],
  factors: domainFactors(),
  options: { gwp: 'AR5', electricityRegion: 'grid_region' },
  claims: [],
  production: [
    {
      product: 'cement',
      siteId: 's',
      quantity: parseRational('1000'),
      unit: 't',
      start: '2022-01-01',
      end: '2023-01-01',
    },
  ],
  evidence: [],
};

const results = (changes: ScenarioChange[]) => computeInventory(applyScenario(BASE, changes).input).document.results;

describe('what-if scenarios (worked examples)', function () {
  before(async function () {
    await loadKeccak();
  });

  it('leaves the base case as the inventory engine computes it', function () {
    const base = computeInventory(BASE).document.results;
    expect([base.scope2LocationBased, base.scope1, base.totalLocationBased]).to.deep.equal([
      '561700.000',
      '31062.741',
      '592762.741',
    ]);
  });

  it('scales every imported carrier and the production by a production change', function () {
    // 1.1 × 561,700 = 617,870; 1.1 × 31,062.7407333 = 34,169.0148066.
    const r = results([{ kind: 'production', percent: '10' }]);
    expect([r.scope2LocationBased, r.scope1]).to.deep.equal(['617870.000', '34169.015']);
    const doc = computeInventory(applyScenario(BASE, [{ kind: 'production', percent: '10' }]).input).document;
    expect(doc.production[0].quantity).to.equal('1100.000000');
  });

  it('lowers purchased electricity by own PV, and market-based only by bought green power', function () {
    // PV 200 MWh: 800 MWh × 0.5617 = 449,360 kg. Green power 300 MWh: location unchanged; 700 × 0.5856 = 409,920.
    expect(results([{ kind: 'pv', mwh: '200' }]).scope2LocationBased).to.equal('449360.000');
    const green = results([{ kind: 'green_power', mwh: '300' }]);
    expect([green.scope2LocationBased, green.scope2MarketBased]).to.deep.equal(['561700.000', '409920.000']);
  });

  it('switches diesel to electricity by energy content', function () {
    // 426.52 GJ / 0.0036 GJ/kWh = 118,477.777… kWh × 0.5617 = 66,548.96777… kg; Scope 1 falls to zero.
    const r = results([{ kind: 'fuel_switch', from: 'diesel', to: 'electricity' }]);
    expect([r.scope1, r.scope2LocationBased]).to.deep.equal(['0.000', '628248.968']);
  });

  it('applies an efficiency saving to the named meters only', function () {
    // 8 % of E: 920,000 kWh × 0.5617 = 516,764 kg; diesel unchanged.
    const r = results([{ kind: 'efficiency', percent: '8', meters: ['E'] }]);
    expect([r.scope2LocationBased, r.scope1]).to.deep.equal(['516764.000', '31062.741']);
  });

  it('refuses a change that touches nothing, with a code, and never modifies the base', function () {
    const attempt = () => applyScenario(BASE, [{ kind: 'efficiency', percent: '5', meters: ['nope'] }]);
    expect(attempt).to.throw(NengtanError).with.property('code', 'NT_ERR_SCENARIO_INVALID');
    applyScenario(BASE, [{ kind: 'production', percent: '50' }]);
    expect(computeInventory(BASE).document.results.scope2LocationBased).to.equal('561700.000');
  });
});
