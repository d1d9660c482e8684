import { expect } from 'chai';
import { baseYearShareOf } from '../../../services/accounting/baseYearShare';
import { computeInventory } from '../../../services/accounting/computeInventory';
import type { ActivityDataInput } from '../../../services/accounting/inventoryTypes';
import { parseRational, ZERO } from '../../../services/accounting/rational';
import { loadKeccak } from '../../../services/lib/keccak';
import { domainFactors } from '../../helpers/domainFactors';

/**
 * A structural part's share of the base year from the base-year inventory's per-meter lines (issue 12 §2), by hand.
 * Base year 2022, East grid 0.5617 kgCO2/kWh, clinker 0.52 tCO2/t:
 *   site A: meter E1 buys 1,000,000 kWh → 561,700 kg; meter X2 exports 100,000 kWh → 56,170 kg deducted;
 *   site B: meter E3 buys 200,000 kWh → 112,340 kg; 1,000 t of clinker → 520,000 kg.
 *   Total (location-based, net) 561,700 − 56,170 + 112,340 + 520,000 = 1,137,870 kg.
 * Meter E1 divested alone: 561,700 kg = 561,700 / 1,137,870 = 49.36416… % → 49.3642 %.
 * Site B divested: 112,340 + 520,000 = 632,340 kg = 55.57225… % → 55.5723 %.
 * The export meter alone: −56,170 kg, −4.9364 % (its site loses a deduction).
 */
const A = { id: 'site-a', name: 'A', gridRegion: 'East', province: 'Jiangsu' };
const B = { id: 'site-b', name: 'B', gridRegion: 'East', province: 'Jiangsu' };
const PERIOD = { start: '2022-01-01', end: '2023-01-01', timeZone: 'Asia/Shanghai' };

const meter = (id: string, siteId: string, flow: 'import' | 'export', kwh: string) => ({
  meter: { id, externalId: id, name: null, energyKind: 'electricity', flow, unit: 'kWh', siteId },
  years: new Map([[2022, { quantity: parseRational(kwh), estimated: ZERO, intervals: 35040 }]]),
});

const clinker: ActivityDataInput = {
  id: 'k',
  siteId: B.id,
  start: PERIOD.start,
  end: PERIOD.end,
  sourceKind: 'process',
  subject: 'clinker',
  quantity: parseRational('1000'),
  unit: 't',
  calcinationFraction: null,
  activityUncertaintyPct: null,
  factorUncertaintyPct: null,
  evidence: 'kiln log',
};

describe('base-year share of a divested or acquired part, from the per-meter lines', function () {
  let doc: ReturnType<typeof computeInventory>['document'];
  before(async function () {
    await loadKeccak();
    doc = computeInventory({
      organisation: { id: 'org', name: 'Two sites Co' },
      period: PERIOD,
      sites: [A, B],
      activity: [
        meter('E1', A.id, 'import', '1000000'),
        meter('X2', A.id, 'export', '100000'),
        meter('E3', B.id, 'import', '200000'),
      ],
      factors: domainFactors(),
      options: { gwp: 'AR5', electricityRegion: 'grid_region' },
      claims: [],
      production: [],
      evidence: [],
      activityData: [clinker],
    }).document;
  });

  it('states the hand-computed base-year total: 1,137,870 kg', function () {
    expect(doc.results.totalLocationBased).to.equal('1137870.000');
  });

  it('gives one meter of a site that stays: E1 561,700 kg, 49.3642 %', function () {
    const share = baseYearShareOf(doc, { meterIds: ['E1'] });
    expect([share.kgCO2e, share.pct]).to.deep.equal(['561700.000', '49.3642']);
    expect(share.lines).to.deep.equal([{ meterId: 'E1', siteId: A.id, year: 2022, kgCO2e: '561700.000' }]);
  });

  it('gives a whole site with its meters and non-metered records: B 632,340 kg, 55.5723 %', function () {
    const share = baseYearShareOf(doc, { siteIds: [B.id] });
    expect([share.kgCO2e, share.pct]).to.deep.equal(['632340.000', '55.5723']);
    expect(share.lines.map((l) => l.meterId ?? l.record)).to.deep.equal(['E3', 'k']);
  });

  it('counts an export meter with its sign: −56,170 kg, −4.9364 %', function () {
    const share = baseYearShareOf(doc, { meterIds: ['X2'] });
    expect([share.kgCO2e, share.pct]).to.deep.equal(['-56170.000', '-4.9364']);
  });

  it('counts a meter once when its site is named too, and nothing for an unknown meter', function () {
    expect(baseYearShareOf(doc, { siteIds: [A.id], meterIds: ['E1'] }).kgCO2e).to.equal('505530.000');
    expect(baseYearShareOf(doc, { meterIds: ['nope'] })).to.deep.equal({ kgCO2e: '0.000', pct: '0.0000', lines: [] });
  });
});
