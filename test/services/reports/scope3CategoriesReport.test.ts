import { expect } from 'chai';
import type { Scope3Activity } from '../../../services/accounting/scope3Activities';
import { scope3Categories } from '../../../services/accounting/scope3Categories';
import { combineScope3, type InventoryDocumentWithScope3 } from '../../../services/accounting/scope3PurchasedGoods';
import { loadKeccak } from '../../../services/lib/keccak';
import { renderInventoryReport } from '../../../services/reports/renderInventoryReport';
import { plainText, tableAfter, valueOf } from './htmlText';
import { sampleInventory } from './reportDocuments';

const SET = { setId: '5b0c3a4e-8d1f-4e2a-9c3b-1a2b3c4d5e6f', setName: 'Logistics 2025', setVersion: 2 };

const activity = (
  id: string,
  category: Scope3Activity['category'],
  subject: string,
  unit: string,
  kgCO2ePerUnit: string,
  quantity: string,
  terms: Scope3Activity['terms'] = null,
): Scope3Activity => ({
  id,
  orgId: 'org',
  periodStart: '2023-01-01',
  periodEnd: '2024-01-01',
  category,
  method: unit === 'CNY' ? 'spend' : 'activity',
  description: `${subject} <${id}>`,
  quantity,
  terms,
  factor: { ...SET, factorId: `f-${id}`, subject, unit, kgCO2ePerUnit, source: 'Test table 1' },
  evidence: `evidence ${id}`,
  createdAt: '2024-01-05T00:00:00.000Z',
});

/**
 * The inventory report's Scope 3 categories 4 and 7, by hand: road 12,000 t·km × 0.0712 = 854.4 kg; warehousing
 * 50,000 CNY × 0.15 = 7,500 kg; category 4 = 8,354.4 kg = 8.3544 t; commuting 40 × 220 × 2 × 15 = 264,000
 * passenger·km × 0.0951 = 25,106.4 kg; Scope 3 = 33,460.8 kg = 33.4608 t.
 */
describe('inventory report: Scope 3 categories 3, 4, 6 and 7 (own factor sets)', function () {
  let doc: InventoryDocumentWithScope3;
  let en: string;
  let zh: string;

  before(async function () {
    await loadKeccak();
    const terms = [
      { label: 'staff', value: '40' },
      { label: 'days', value: '220' },
      { label: 'trips', value: '2' },
      { label: 'km', value: '15' },
    ];
    const scope3 = combineScope3(
      undefined,
      scope3Categories([
        activity('a', 4, 'road', 't·km', '0.0712', '12000'),
        activity('b', 4, 'spend', 'CNY', '0.15', '50000'),
        activity('c', 7, 'car', 'passenger·km', '0.0951', '264000', terms),
      ]),
    );
    doc = { ...sampleInventory(), scope3 };
    en = renderInventoryReport(doc, { lang: 'en' });
    zh = renderInventoryReport(doc, { lang: 'zh' });
  });

  it('lists each line with its method, quantity, factor of the set version, source and evidence', function () {
    const rows = tableAfter(en, 'Scope 3 category 4: upstream transportation and distribution');
    expect(rows).to.deep.equal([
      [
        'Activity',
        'Period',
        'Method',
        'Quantity',
        'Unit',
        'Factor (set, version)',
        'kgCO2e per unit',
        'kgCO2e',
        'Factor source',
        'Evidence',
      ],
      [
        'road <a>',
        '2023-01-01 – 2023-12-31',
        'activity-based',
        '12,000',
        't·km',
        'road (Logistics 2025 v2)',
        '0.0712',
        '854.4000',
        'Test table 1',
        'evidence a',
      ],
      [
        'spend <b>',
        '2023-01-01 – 2023-12-31',
        'spend-based',
        '50,000',
        'CNY',
        'spend (Logistics 2025 v2)',
        '0.15',
        '7,500.00',
        'Test table 1',
        'evidence b',
      ],
    ]);
    expect(en).to.include('road &lt;a&gt;');
  });

  it('states commuting as the product of its terms', function () {
    const rows = tableAfter(en, 'Scope 3 category 7: employee commuting');
    expect(rows[1].slice(0, 1)).to.deep.equal(['car <c> (staff 40 × days 220 × trips 2 × km 15)']);
    expect(rows[1][7]).to.equal('25,106.4000');
  });

  it('gives category totals and the Scope 3 total in kg and t, apart from Scope 1 and 2', function () {
    expect(valueOf(en, 'Category 4 total (kgCO2e)')).to.equal('8,354.4000');
    expect(valueOf(en, 'Category 4 total (tCO2e)')).to.equal('8.3544');
    expect(valueOf(en, 'Scope 3 total (kgCO2e)')).to.equal('33,460.8000');
    expect(valueOf(en, 'Scope 3 total (tCO2e)')).to.equal('33.4608');
    expect(valueOf(en, 'Factor sets')).to.equal('Logistics 2025 v2');
    expect(plainText(en)).to.include('Reported apart from Scope 1 and 2: not included in the totals above.');
  });

  it('says which categories are quantified where ISO categories 3–6 are stated', function () {
    const listed =
      'quantified in Scope 3, reported apart below: category 4 upstream transportation and distribution; category 7 employee commuting; the rest is not quantified';
    expect(plainText(en)).to.include(`Categories 3–6: other indirect emissions: ${listed}`);
    const byCategory = tableAfter(en, 'Emissions by ISO 14064-1 category');
    expect(byCategory.map((row) => row[0])).to.include(`Categories 3–6: other indirect emissions: ${listed}`);
    expect(plainText(en)).not.to.include('only purchased goods');
  });

  it('has the same parts in Chinese', function () {
    expect(plainText(zh)).to.include(
      '类别 3–6：其他间接排放：已量化的范围三排放（在下文单列）：类别 4 上游运输和配送；类别 7 员工通勤；其余未量化',
    );
    expect(tableAfter(zh, '范围三类别 4：上游运输和配送')[2][2]).to.equal('基于支出');
    expect(valueOf(zh, '类别 4 合计（kgCO2e）')).to.equal('8,354.4000');
    expect(valueOf(zh, '范围三合计（tCO2e）')).to.equal('33.4608');
  });

  it('leaves the report of the same document without Scope 3 byte-identical', function () {
    const { scope3: _section, ...plain } = doc;
    expect(renderInventoryReport(plain, { lang: 'en' })).to.equal(
      renderInventoryReport(sampleInventory(), { lang: 'en' }),
    );
    expect(renderInventoryReport(plain, { lang: 'zh' })).to.equal(
      renderInventoryReport(sampleInventory(), { lang: 'zh' }),
    );
  });
});
