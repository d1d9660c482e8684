import { expect } from 'chai';
import type { InventoryDocument } from '../../../services/accounting/computeInventory';
import type { ActivityDataInput } from '../../../services/accounting/inventoryTypes';
import { parseRational } from '../../../services/accounting/rational';
import { loadKeccak } from '../../../services/lib/keccak';
import { renderInventoryReport } from '../../../services/reports/renderInventoryReport';
import { tableAfter, valueOf } from './htmlText';
import { inventoryOf, meterActivity, PLANT_1, sampleInventory } from './reportDocuments';

/**
 * The report's parts for non-metered sources, by hand (AR5, DOMAIN.md and IPCC factors, test/helpers/domainFactors):
 * - R-410A 10 kg × 1,923.5 = 19,235 kg CO2e (fugitive, scope 1);
 * - clinker 1,000 t × 0.52 = 520,000 kg CO2 (process), uncertainty given 2 % and 3 % → √13 = 3.61 %;
 * - wood 50 t × 15.6 GJ/t × 112,000 kg/TJ = 87,360 kg biomass CO2 (memo, not in totals);
 * - electricity 1,000,000 kWh × 0.5617 (East 2022) = 561,700 kg; exported 100,000 kWh = 56,170 kg.
 * Gross location-based 19,235 + 520,000 + 561,700 = 1,100,935; net 1,100,935 − 56,170 = 1,044,765.
 */
describe('inventory report: non-metered sources, per gas, gross and net, biomass, uncertainty', function () {
  let doc: InventoryDocument;
  let en: string;
  let zh: string;
  const rec = (
    id: string,
    sourceKind: ActivityDataInput['sourceKind'],
    subject: string,
    quantity: string,
    unit: 'kg' | 't',
    extra: Partial<ActivityDataInput> = {},
  ): ActivityDataInput => ({
    id,
    siteId: PLANT_1.id,
    start: '2022-01-01',
    end: '2023-01-01',
    sourceKind,
    subject,
    quantity: parseRational(quantity),
    unit,
    calcinationFraction: null,
    activityUncertaintyPct: null,
    factorUncertaintyPct: null,
    evidence: `evidence ${id}`,
    ...extra,
  });

  before(async function () {
    await loadKeccak();
    doc = inventoryOf({
      activity: [
        meterActivity('E', PLANT_1.id, 'electricity', 'import', 'kWh', { 2022: '1000000' }),
        meterActivity('PV', PLANT_1.id, 'electricity', 'export', 'kWh', { 2022: '100000' }),
      ],
      activityData: [
        rec('a', 'fugitive', 'R-410A', '10', 'kg'),
        rec('b', 'process', 'clinker', '1000', 't', { activityUncertaintyPct: '2', factorUncertaintyPct: '3' }),
        rec('c', 'biomass_combustion', 'wood', '50', 't'),
      ],
    });
    en = renderInventoryReport(doc, { lang: 'en' });
    zh = renderInventoryReport(doc, { lang: 'zh' });
  });

  it('lists each non-metered source with its evidence, formula and emissions', function () {
    const rows = tableAfter(en, 'Non-metered sources (activity data with evidence)');
    expect(rows.slice(1).map((r) => [r[0], r[1], r[11], r[12]])).to.deep.equal([
      ['Fugitive emissions (refrigerants, SF6)', 'R-410A', '19,235.000', 'evidence a'],
      ['Industrial process emissions', 'clinker', '520,000.000', 'evidence b'],
      ['Biomass combustion (memo)', 'wood', '(87,360.000 CO2)', 'evidence c'],
    ]);
  });

  it('shows emissions per gas', function () {
    expect(tableAfter(en, 'Emissions per gas').slice(1)).to.deep.equal([
      ['CO2', '1,025,530.000', '1', '1,025,530.000'],
      ['R-410A', '10.000', '1923.5', '19,235.000'],
    ]);
  });

  it('puts the gross total beside the net total, with the exports labelled as exports', function () {
    const rows = tableAfter(en, 'Gross and net totals').slice(1);
    expect(rows.slice(0, 3)).to.deep.equal([
      ['Gross total, location-based (scope 1 + scope 2)', '1,100,935.000', '1,100.935'],
      ['Exports: exported electricity and heat (deducted)', '56,170.000', '56.170'],
      ['Net total after exports, location-based', '1,044,765.000', '1,044.765'],
    ]);
  });

  it('reports biomass CO2 as a memo item and the uncertainty by IPCC Approach 1', function () {
    expect(valueOf(en, 'kgCO2')).to.equal('87,360.000');
    const sources = tableAfter(en, 'Uncertainty (IPCC Approach 1)').slice(1);
    expect(sources.find((r) => r[0] === 'process clinker (b)')).to.deep.equal([
      'process clinker (b)',
      '2.00',
      '3.00',
      '3.61',
      'given by the organisation',
    ]);
    expect(valueOf(en, 'Uncertainty of the net location-based total (95 %)')).to.equal(
      `± ${doc.uncertainty?.totalPct} %`,
    );
  });

  it('has the same parts in Chinese', function () {
    expect(tableAfter(zh, '总排放与净排放')[2][0]).to.equal('输出：输出的电力和热力（扣减）');
    expect(tableAfter(zh, '分气体排放')).to.have.length(3);
    expect(valueOf(zh, '基于位置净排放总量的不确定性（95 %）')).to.match(/^± \d+\.\d\d %$/);
  });

  it('leaves reports of inventories without them as they were', function () {
    const plain = renderInventoryReport(sampleInventory(), { lang: 'en' });
    expect(plain).not.to.include('Gross and net totals');
    expect(plain).not.to.include('Uncertainty (IPCC Approach 1)');
  });
});
