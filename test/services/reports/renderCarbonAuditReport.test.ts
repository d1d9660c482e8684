import { expect } from 'chai';
import type { InventoryDocument } from '../../../services/accounting/computeInventory';
import { parseRational } from '../../../services/accounting/rational';
import { loadKeccak } from '../../../services/lib/keccak';
import { renderCarbonAuditReport } from '../../../services/reports/renderCarbonAuditReport';
import { plainText, sectionTitles, tableAfter, valueOf } from './htmlText';
import { inventoryOf, meterActivity, PLANT_1, reportFactors, sampleInventory } from './reportDocuments';

/** The sample inventory of reportDocuments.ts; its figures are worked out in renderInventoryReport.test.ts. */
describe('renderCarbonAuditReport', function () {
  let doc: InventoryDocument;
  let en: string;
  let zh: string;

  before(async function () {
    await loadKeccak();
    doc = sampleInventory();
    en = renderCarbonAuditReport(doc, { lang: 'en' });
    zh = renderCarbonAuditReport(doc, { lang: 'zh', inventoryHash: '0x' + '5e'.repeat(32) });
  });

  it('has the audit sections in order (English)', function () {
    expect(sectionTitles(en)).to.deep.equal([
      '1 Summary',
      '2 Emissions by source category',
      '3 Emissions by site',
      '4 Emissions by energy carrier',
      '5 Largest sources',
      '6 Data-quality findings',
      '7 Anchored evidence',
    ]);
  });

  it('has the audit sections in order (Chinese)', function () {
    expect(sectionTitles(zh)).to.deep.equal([
      '1 摘要',
      '2 按排放源类别的排放量',
      '3 按场所的排放量',
      '4 按能源品种的排放量',
      '5 主要排放源',
      '6 数据质量发现项',
      '7 链上锚定证据',
    ]);
  });

  it('is titled 碳盘查报告 in Chinese', function () {
    expect(/<h1>(.*?)<\/h1>/.exec(zh)?.[1]).to.equal('碳盘查报告');
  });

  it('is self-contained: no scripts, no external assets', function () {
    expect(/<script|<link|<img|\ssrc=|\shref=|url\(/i.test(zh)).to.equal(false);
  });

  it('names the organisation and the period', function () {
    expect(tableAfter(en, 'Summary')[0]).to.deep.equal(['Organisation', doc.organisation.name]);
  });

  it('summarises the totals of the document, both methods and the deduction, in kg and t', function () {
    expect(tableAfter(en, 'Summary', 1)).to.deep.equal([
      ['Item', 'kgCO2e', 'tCO2e'],
      ['Scope 1: direct emissions', '250,549.663', '250.549663'],
      ['Scope 2: indirect emissions from purchased energy (location-based)', '751,300.000', '751.300'],
      ['Scope 2: indirect emissions from purchased energy (market-based)', '612,440.000', '612.440'],
      ['Exported electricity and heat (deducted)', '24,750.000', '24.750'],
      ['Total (GB/T 32150) (location-based)', '977,099.663', '977.099663'],
      ['Total (GB/T 32150) (market-based)', '838,239.663', '838.239663'],
    ]);
  });

  it('states energy in kgce and tce', function () {
    expect(valueOf(en, 'Energy consumption (standard coal equivalent, GB/T 2589-2020)')).to.equal(
      '306,313.850 kgce = 306.31385 tce',
    );
  });

  it('breaks emissions down by source category (sums of the lines as reported)', function () {
    // Scope 1 lines 12,425.096 + 10,871.959 + 108,215.527 + 119,037.080 = 250,549.662: the rounding rule at work
    // (the total, 250,549.663, is rounded once from the exact sum).
    expect(tableAfter(en, 'Emissions by source category').slice(1)).to.deep.equal([
      ['Stationary combustion', 'Scope 1', 'Category 1: direct GHG emissions', '4', '250,549.662', '250.549662'],
      [
        'Purchased electricity',
        'Scope 2',
        'Category 2: indirect GHG emissions from imported energy',
        '2',
        '687,500.000',
        '687.500',
      ],
      [
        'Purchased heat',
        'Scope 2',
        'Category 2: indirect GHG emissions from imported energy',
        '2',
        '63,800.000',
        '63.800',
      ],
      [
        'Exported electricity',
        'Deducted',
        'Category 2: indirect GHG emissions from imported energy',
        '2',
        '24,750.000',
        '24.750',
      ],
    ]);
  });

  it('breaks emissions down by site, in the order of the boundary', function () {
    // Plant 1: gas 108,215.527 + 119,037.080 = 227,252.607; electricity 687,500; export 24,750;
    // net 227,252.607 + 687,500 − 24,750 = 890,002.607. Plant 2: diesel 12,425.096 + 10,871.959 = 23,297.055;
    // heat 63,800; net 87,097.055.
    expect(tableAfter(en, 'Emissions by site').slice(1)).to.deep.equal([
      ['Plant 1 (Suzhou)', '227,252.607', '687,500.000', '24,750.000', '890,002.607', '890.002607'],
      ['Plant 2 (Wuxi)', '23,297.055', '63,800.000', '0.000', '87,097.055', '87.097055'],
    ]);
  });

  it('breaks emissions down by energy carrier', function () {
    expect(tableAfter(en, 'Emissions by energy carrier').slice(1)).to.deep.equal([
      ['Diesel', 'Stationary combustion', '7.500000', 't', '23,297.055', '23.297055', '10,928.250'],
      ['Electricity', 'Purchased electricity', '1,250,000.000000', 'kWh', '687,500.000', '687.500', '153,625.000'],
      ['Natural gas', 'Stationary combustion', '105,000.000000', 'm3', '227,252.607', '227.252607', '127,501.500'],
      ['Heat (hot water)', 'Purchased heat', '580.000000', 'GJ', '63,800.000', '63.800', '19,789.600'],
      ['Electricity', 'Exported electricity', '45,000.000000', 'kWh', '24,750.000', '24.750', '5,530.500'],
    ]);
  });

  it('ranks the largest sources with their share of Scope 1 + Scope 2', function () {
    // 357,500 / (250,549.663 + 751,300) = 0.356840… → 35.68 %.
    expect(tableAfter(en, 'Largest sources').slice(1, 4)).to.deep.equal([
      ['1', 'E-1', 'Plant 1 (Suzhou)', 'Electricity', '2024', '357,500.000', '357.500', '35.68 %'],
      ['2', 'E-1', 'Plant 1 (Suzhou)', 'Electricity', '2023', '330,000.000', '330.000', '32.94 %'],
      ['3', 'G-1', 'Plant 1 (Suzhou)', 'Natural gas', '2024', '119,037.080', '119.03708', '11.88 %'],
    ]);
  });

  it('leaves exported energy out of the ranking', function () {
    expect(tableAfter(en, 'Largest sources').filter((r) => r[1] === 'PV-1')).to.deep.equal([]);
  });

  describe('data-quality findings', function () {
    const findings = (html: string) =>
      [...html.matchAll(/<li class="flag">([\s\S]*?)<\/li>/g)].map((m) => plainText(m[1]));

    it('flags estimated shares above 5 %, fallback factor years and batches not anchored', function () {
      expect(findings(en)).to.deep.equal([
        'E-1 (2023): 9.00 % of the activity is estimated, above the 5 % materiality convention.',
        'Grid emission factor (location-based): the factor of 2023 stands in for 2024, for which none is published yet.',
        'Grid factor excluding market-traded non-fossil electricity: the factor of 2023 stands in for 2024, for which none is published yet.',
        `Batch ${doc.evidence.batches[2].id} is not anchored on chain (status sealed).`,
      ]);
    });

    it('flags in Chinese', function () {
      expect(findings(zh)[0]).to.equal('E-1（2023 年）：活动数据估算占比 9.00 %，超过 5 % 的实质性惯例。');
    });

    it('reports certificates claimed beyond consumption', function () {
      const d = inventoryOf({
        activity: [meterActivity('E', PLANT_1.id, 'electricity', 'import', 'kWh', { 2022: '100000' })],
        claims: [
          {
            ref: 'GEC-9',
            source: 'api',
            mwh: parseRational('150'),
            start: '2022-01-01',
            end: '2023-01-01',
            generator: null,
          },
        ],
      });
      expect(findings(renderCarbonAuditReport(d, { lang: 'en' }))).to.deep.equal([
        '50.000000 MWh of claimed certificates exceed the purchased electricity and are unused.',
      ]);
    });

    it('flags factors whose value is still to be checked', function () {
      const factors = reportFactors();
      const d = inventoryOf({
        activity: [meterActivity('H', PLANT_1.id, 'heat', 'import', 'GJ', { 2022: '10' })],
        factors: { ...factors, purchasedHeat: () => ({ ...factors.purchasedHeat(), quality: 'check' }) },
      });
      expect(findings(renderCarbonAuditReport(d, { lang: 'en' }))).to.deep.equal([
        'Purchased heat emission factor: quality "to be checked (one secondary source)"; confirm it, or replace it with a published value.',
      ]);
    });

    it('says so when there are none', function () {
      const d = inventoryOf({
        activity: [meterActivity('E', PLANT_1.id, 'electricity', 'import', 'kWh', { 2022: '1000' })],
      });
      expect(plainText(renderCarbonAuditReport(d, { lang: 'en' }))).to.include('No findings.');
    });
  });

  it('lists the anchored evidence like the inventory report', function () {
    expect([
      tableAfter(zh, '已上链锚定的计量数据批次').length,
      valueOf(zh, '根承诺（按批次标识排序的 批次标识 ‖ 根 的 keccak256）'),
      valueOf(zh, '清单哈希（RFC 8785 规范化文件的 keccak256）'),
    ]).to.deep.equal([4, doc.evidence.rootsCommitment, '0x' + '5e'.repeat(32)]);
  });

  it('escapes names from the document', function () {
    const d = inventoryOf({
      organisation: { id: 'o', name: '<script>alert(1)</script>' },
      sites: [{ ...PLANT_1, name: '<img src=x onerror=alert(1)>' }],
      activity: [meterActivity('<b>E</b>', PLANT_1.id, 'electricity', 'import', 'kWh', { 2022: '1000' })],
    });
    expect(renderCarbonAuditReport(d, { lang: 'zh' }).match(/<script|<img|<b>/g)).to.equal(null);
  });
});
