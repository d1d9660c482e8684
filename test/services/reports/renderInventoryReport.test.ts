import { expect } from 'chai';
import type { InventoryDocument } from '../../../services/accounting/computeInventory';
import { parseRational } from '../../../services/accounting/rational';
import { loadKeccak } from '../../../services/lib/keccak';
import { renderInventoryReport } from '../../../services/reports/renderInventoryReport';
import { plainText, sectionTitles, tableAfter, valueOf } from './htmlText';
import { inventoryOf, meterActivity, PLANT_1, sampleInventory } from './reportDocuments';

/**
 * The sample inventory (reportDocuments.ts), by hand with the DOMAIN.md factors:
 * - Scope 1: diesel 4 t → 12,425.096293 kg CO2e, 3.5 t → 10,871.959256; natural gas 50,000 m3 → 108,215.527475,
 *   55,000 m3 → 119,037.080173; sum 250,549.663197 → 250,549.663 (lines, each rounded, add up to 250,549.662).
 * - Scope 2 location-based: electricity 600,000 kWh × 0.5500 (East 2023) = 330,000; 650,000 kWh × 0.5500 (2023
 *   standing in for 2024) = 357,500; heat 580 GJ × 0.11 t/GJ = 63,800; total 751,300.
 * - Scope 2 market-based: (600 − 200) MWh × 0.6096 = 243,840; (650 − 150) MWh × 0.6096 (2023 for 2024) = 304,800;
 *   plus heat 63,800 = 612,440.
 * - Exported: 45,000 kWh × 0.5500 = 24,750. Totals: 977,099.663 and 838,239.663.
 * - Energy: 7,500 kg diesel × 1.4571 + 105,000 m3 × 1.2143 + 1,250,000 kWh × 0.1229 + 580,000 MJ × 0.03412
 *   − 45,000 kWh × 0.1229 = 306,313.85 kgce = 306.31385 tce.
 */
describe('renderInventoryReport', function () {
  let doc: InventoryDocument;
  let en: string;
  let zh: string;
  const hash = '0x' + '5e'.repeat(32);
  const anchors = [
    {
      record: 'InventoryRegistry.submit, version 1',
      chainId: 31337,
      contract: '0x' + '7c'.repeat(20),
      txHash: '0x' + '9d'.repeat(32),
      blockNumber: 4242,
    },
  ];

  before(async function () {
    await loadKeccak();
    doc = sampleInventory();
    en = renderInventoryReport(doc, { lang: 'en', inventoryHash: hash, anchors });
    zh = renderInventoryReport(doc, { lang: 'zh', inventoryHash: hash, anchors });
  });

  describe('as a document', function () {
    it('is a complete HTML page in the language of the report', function () {
      expect([en.slice(0, 32), zh.slice(0, 35)]).to.deep.equal([
        '<!DOCTYPE html>\n<html lang="en">',
        '<!DOCTYPE html>\n<html lang="zh-CN">',
      ]);
    });

    it('is self-contained: no scripts, no external assets', function () {
      expect([en, zh].map((h) => /<script|<link|<img|<iframe|\ssrc=|\shref=|@import|url\(/i.test(h))).to.deep.equal([
        false,
        false,
      ]);
    });

    it('forbids scripts and fetches by content security policy', function () {
      expect(en).to.include(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
      );
    });

    it('has an A4 print stylesheet', function () {
      expect(en).to.match(/@page \{\s*size: A4;/);
    });

    it('has the GB/T 32150 / ISO 14064-1 sections in order (English)', function () {
      expect(sectionTitles(en)).to.deep.equal([
        '1 Organisation and reporting period',
        '2 Organisational and operational boundary',
        '3 Emission sources and methodology',
        '4 Activity data',
        '5 Emission factors',
        '6 Results by scope and ISO 14064-1 category',
        '7 Data quality',
        '8 Anchored evidence',
      ]);
    });

    it('has the same sections in Chinese', function () {
      expect(sectionTitles(zh)).to.deep.equal([
        '1 报告主体与报告期',
        '2 组织边界与运行边界',
        '3 排放源与核算方法',
        '4 活动数据',
        '5 排放因子',
        '6 按范围与 ISO 14064-1 类别的核算结果',
        '7 数据质量',
        '8 链上锚定证据',
      ]);
    });

    it('labels everything in Chinese in zh', function () {
      const labels = [
        '范围一',
        '范围二',
        '基于位置',
        '基于市场',
        '排放因子',
        '活动数据',
        '数据质量',
        '组织边界',
        '链上锚定证据',
      ];
      expect(labels.filter((l) => !zh.includes(l))).to.deep.equal([]);
    });

    it('labels nothing in Chinese in en (beyond names from the document)', function () {
      expect(
        ['范围一', '基于位置', '基于市场', '活动数据', '数据质量', '链上锚定证据'].filter((l) => en.includes(l)),
      ).to.deep.equal([]);
    });

    it('takes a title', function () {
      const html = renderInventoryReport(doc, { lang: 'en', title: 'FY2024 GHG statement' });
      expect(/<h1>(.*?)<\/h1>/.exec(html)?.[1]).to.equal('FY2024 GHG statement');
    });

    it('renders a document read back from its JSON exactly like the document', function () {
      const stored = JSON.parse(JSON.stringify(doc)) as InventoryDocument;
      expect(renderInventoryReport(stored, { lang: 'zh' })).to.equal(renderInventoryReport(doc, { lang: 'zh' }));
    });
  });

  describe('organisation and boundary', function () {
    it('names the organisation and the period with its last day', function () {
      expect(valueOf(en, 'Reporting period')).to.equal('2023-07-01 – 2024-06-30 (end exclusive: 2024-07-01)');
    });

    it('lists the sites', function () {
      expect(tableAfter(en, 'Organisational boundary: sites').slice(1)).to.deep.equal([
        ['Plant 1 (Suzhou)', 's-1', 'East', 'Jiangsu'],
        ['Plant 2 (Wuxi)', 's-2', '—', 'Jiangsu'],
      ]);
    });

    it('lists the boundary meters, including those without emissions', function () {
      expect(tableAfter(zh, '运行边界：边界计量表').map((r) => r.slice(0, 3))).to.deep.equal([
        ['计量表', '能源品种', '方向'],
        ['D-2', '柴油', '输入'],
        ['E-1', '电力', '输入'],
        ['G-1', '天然气', '输入'],
        ['H-2', '热力', '输入'],
        ['PV-1', '电力', '输出'],
        ['W-2', '水', '输入'],
      ]);
    });
  });

  describe('methodology', function () {
    it('states the standards, GWP set, Scope 2 methods, total and rounding rules of the document', function () {
      const method = doc.method as {
        gwp: string;
        electricity: Record<string, string>;
        total: string;
        rounding: string;
      };
      expect([
        valueOf(en, 'GWP set (100-year)'),
        valueOf(en, 'Scope 2 location-based method'),
        valueOf(en, 'Scope 2 market-based method'),
        valueOf(en, 'Total'),
        valueOf(en, 'Rounding rule'),
      ]).to.deep.equal([
        method.gwp,
        method.electricity.locationBased,
        method.electricity.marketBased,
        method.total,
        method.rounding,
      ]);
    });

    it('lists every standard the document applies', function () {
      expect(valueOf(en, 'Standards applied')).to.equal((doc.method.standards as string[]).join(' '));
    });

    it('shows the emission sources with scope, ISO 14064-1 category and formula', function () {
      expect(tableAfter(en, 'Emission sources and methodology')[2]).to.deep.equal([
        'Purchased electricity',
        'Scope 2',
        'Category 2: indirect GHG emissions from imported energy',
        'Electricity',
        'E = AD(MWh) × EF(tCO2/MWh)',
      ]);
    });
  });

  describe('activity data', function () {
    it('lists each source per year with quantity, unit, intervals and estimated share', function () {
      expect(tableAfter(en, 'Activity data')[3]).to.deep.equal([
        'E-1',
        'Plant 1 (Suzhou)',
        'Electricity',
        'Purchased electricity',
        '2023',
        '600,000.000000',
        'kWh',
        '17,520',
        '9.00 %',
      ]);
    });

    it('lists the other resources at the boundary', function () {
      expect(tableAfter(en, 'Other resources measured at the boundary (no emissions)')[1]).to.deep.equal([
        'W-2',
        'Water',
        '2,500.000000',
        'm3',
      ]);
    });
  });

  describe('emission factors', function () {
    const rows = () => tableAfter(en, 'Emission factors');

    it('lists each factor with its value, unit, series, source and notice', function () {
      expect(
        rows().find((r) => r[0] === 'Grid emission factor (location-based)' && r[9] === 'E-1 2023, PV-1 2023'),
      ).to.deep.equal([
        'Grid emission factor (location-based)',
        '0.5500',
        'tCO2/MWh',
        'MEE/NBS statistical',
        'MEE/NBS electricity CO2 emission factors (电力二氧化碳排放因子)',
        'MEE/NBS 2025 No.47',
        '2023',
        'East',
        'published',
        'E-1 2023, PV-1 2023',
      ]);
    });

    it('discloses a factor of an earlier year standing in for an unpublished year', function () {
      expect(rows().find((r) => r[9] === 'E-1 2024, PV-1 2024')?.[6]).to.equal(
        '2023 Factor of 2023 used for 2024: no factor for 2024 is published yet (latest earlier year).',
      );
    });

    it('discloses the fallback in Chinese', function () {
      expect(zh).to.include('2024 年因子尚未发布，沿用最近年份 2023 年的因子。');
    });

    it('lists the residual-mix factors of market-based Scope 2', function () {
      expect(
        rows()
          .filter((r) => r[9].startsWith('market-based'))
          .map((r) => [r[1], r[5], r[9]]),
      ).to.deep.equal([
        ['0.6096', 'MEE/NBS 2025 No.47', 'market-based Scope 2, 2023'],
        ['0.6096', 'MEE/NBS 2025 No.47', 'market-based Scope 2, 2024'],
      ]);
    });

    it('lists fuel defaults and GWPs with their sources', function () {
      expect(
        rows()
          .filter((r) => r[0].startsWith('GWP'))
          .map((r) => [r[0], r[1], r[4]]),
      ).to.deep.equal([
        ['GWP of CH4 (AR5)', '28', 'IPCC AR5'],
        ['GWP of N2O (AR5)', '265', 'IPCC AR5'],
      ]);
    });

    it('names the factor set and its content hash', function () {
      expect(valueOf(en, 'Content hash')).to.equal(doc.factorSet.contentHash);
    });
  });

  describe('results', function () {
    it('shows Scope 1, location- and market-based Scope 2, the deduction and the totals side by side, in kg and t', function () {
      expect(tableAfter(en, 'Emissions by scope, location-based and market-based side by side')).to.deep.equal([
        ['Item', 'location-based (kgCO2e)', 'location-based (tCO2e)', 'market-based (kgCO2e)', 'market-based (tCO2e)'],
        ['Scope 1: direct emissions', '250,549.663', '250.549663', '250,549.663', '250.549663'],
        ['Scope 2: indirect emissions from purchased energy', '751,300.000', '751.300', '612,440.000', '612.440'],
        ['Exported electricity and heat (deducted)', '24,750.000', '24.750', '24,750.000', '24.750'],
        ['Total (GB/T 32150)', '977,099.663', '977.099663', '838,239.663', '838.239663'],
      ]);
    });

    it('shows exactly the result strings of the document', function () {
      const r = doc.results;
      const grouped = (s: string) => {
        const [whole, fraction] = s.split('.');
        return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${fraction}`;
      };
      const table = tableAfter(zh, '按范围的排放量（基于位置与基于市场并列）');
      expect(table.slice(1).map((row) => [row[1], row[3]])).to.deep.equal(
        [
          [r.scope1, r.scope1],
          [r.scope2LocationBased, r.scope2MarketBased],
          [r.exported, r.exported],
          [r.totalLocationBased, r.totalMarketBased],
        ].map((pair) => pair.map(grouped)),
      );
    });

    it('shows the ISO 14064-1 categories, 3 to 6 as not quantified', function () {
      expect(tableAfter(en, 'Emissions by ISO 14064-1 category').map((r) => r.slice(0, 2))).to.deep.equal([
        ['Item', 'location-based (kgCO2e)'],
        ['Category 1: direct GHG emissions', '250,549.663'],
        ['Category 2: indirect GHG emissions from imported energy', '751,300.000'],
        ['Categories 3–6: other indirect emissions: not quantified in this inventory', '—'],
      ]);
    });

    it('shows each source with its gases', function () {
      expect(tableAfter(en, 'Emissions by source').find((r) => r[0] === 'G-1' && r[1] === '2024')).to.deep.equal([
        'G-1',
        '2024',
        'Stationary combustion',
        'Scope 1',
        '118,920.384',
        '2.141',
        '0.214',
        '119,037.080',
        '119.03708',
        '66,786.500',
      ]);
    });

    it('shows energy in kgce and in tce', function () {
      expect([valueOf(en, 'kgce'), valueOf(en, 'tce')]).to.deep.equal(['306,313.850', '306.31385']);
    });

    it('reports biogenic CO2 separately', function () {
      expect(tableAfter(en, 'Biogenic CO2 (reported separately, not in the totals)')).to.deep.equal([
        ['kgCO2', '0.000'],
        ['tCO2', '0.000'],
      ]);
    });

    it('shows the market-based calculation per year', function () {
      expect(tableAfter(en, 'Market-based Scope 2: contractual instruments').slice(1)).to.deep.equal([
        [
          '2023',
          '600.000000',
          '200.000000',
          '200.000000',
          '400.000000',
          '0.6096 tCO2/MWh (2023, MEE/NBS 2025 No.47)',
          '243,840.000',
          '243.840',
        ],
        [
          '2024',
          '650.000000',
          '150.000000',
          '150.000000',
          '500.000000',
          '0.6096 tCO2/MWh (2023, MEE/NBS 2025 No.47) factor of 2023 used for 2024',
          '304,800.000',
          '304.800',
        ],
      ]);
    });

    it('lists the certificates claimed', function () {
      expect(tableAfter(en, 'Certificate claims').slice(1)).to.deep.equal([
        [
          'GEC-2023-000117',
          'API',
          '200.000000',
          '2023-07-01 – 2024-01-01 (end exclusive: 2024-01-01)',
          'Rudong offshore wind farm',
          '200.000000',
        ],
        [
          'GEC-2024-000452',
          'chain (retired certificate)',
          '150.000000',
          '2024-01-01 – 2024-07-01 (end exclusive: 2024-07-01)',
          '—',
          '150.000000',
        ],
      ]);
    });

    it('says so when no certificates are claimed', function () {
      const plain = inventoryOf({
        activity: [meterActivity('E', PLANT_1.id, 'electricity', 'import', 'kWh', { 2022: '1000' })],
      });
      expect(plainText(renderInventoryReport(plain, { lang: 'zh' }))).to.include('本期未申领绿证。');
    });

    it('shows the intensity per product', function () {
      // Two records of rolled steel, 1,200 t in all: 977,099.663 kg / 1,200 t = 814.2497… → 814.250 kgCO2e per t.
      expect(tableAfter(en, 'Emission intensity')[1]).to.deep.equal([
        'rolled steel',
        '1,200.000000',
        't',
        '814.250',
        '698.533',
        '255.262',
      ]);
    });
  });

  describe('data quality', function () {
    it('states the estimated share and the statement of the document', function () {
      expect([
        valueOf(en, 'Share of the reported emissions resting on estimated activity'),
        valueOf(en, 'Statement'),
      ]).to.deep.equal(['3.12 %', doc.dataQuality.statement]);
    });

    it('lists the sources with estimates and flags those above 5 %', function () {
      // E-1 2023: 54,000 of 600,000 kWh estimated = 9 %; G-1 2024: 1,100 of 55,000 m3 = 2 %.
      expect(tableAfter(en, 'Sources with estimated values').slice(1)).to.deep.equal([
        ['E-1', '2023', 'Electricity', '9.00 %', 'above 5 %'],
        ['G-1', '2024', 'Natural gas', '2.00 %', ''],
      ]);
    });
  });

  describe('anchored evidence', function () {
    it('lists the batches with root, chain, contract, transaction and block', function () {
      const b = doc.evidence.batches[0];
      expect(tableAfter(en, 'Anchored batches of meter readings')[1]).to.deep.equal([
        b.id,
        b.root,
        'anchored',
        '31337',
        b.anchor?.contract,
        b.anchor?.txHash,
        '1042',
      ]);
    });

    it('shows a batch that is not anchored yet as such', function () {
      expect(tableAfter(zh, '已上链锚定的计量数据批次')[3].slice(2, 4)).to.deep.equal(['已封存', '未锚定']);
    });

    it('gives the roots commitment of the document', function () {
      expect(valueOf(en, 'Roots commitment (keccak256 over batch id ‖ root, in batch id order)')).to.equal(
        doc.evidence.rootsCommitment,
      );
    });

    it('gives the inventory hash when one is given', function () {
      expect(valueOf(en, 'Inventory hash (keccak256 of the RFC 8785 canonical document)')).to.equal(hash);
    });

    it('leaves the inventory hash out when none is given', function () {
      expect(renderInventoryReport(doc, { lang: 'en' })).not.to.include('Inventory hash');
    });

    it('lists the on-chain records of the inventory', function () {
      expect(tableAfter(en, 'On-chain records of this inventory')[1]).to.deep.equal([
        'InventoryRegistry.submit, version 1',
        '31337',
        anchors[0].contract,
        anchors[0].txHash,
        '4242',
      ]);
    });
  });

  describe('against HTML injection', function () {
    const evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    let html: string;

    before(function () {
      const injected = inventoryOf({
        organisation: { id: 'org-"><svg onload=alert(1)>', name: evil },
        sites: [{ ...PLANT_1, name: `Plant ${evil}` }],
        activity: [meterActivity(`E"'<b>`, PLANT_1.id, 'electricity', 'import', 'kWh', { 2022: '1000' })],
        claims: [
          {
            ref: '</td><script>1</script>',
            source: 'api',
            mwh: parseRational('0.5'),
            start: '2022-01-01',
            end: '2023-01-01',
            generator: '<iframe src="https://example.org">',
          },
        ],
        production: [
          {
            product: '<style>body{display:none}</style>',
            siteId: PLANT_1.id,
            quantity: parseRational('10'),
            unit: 't',
            start: '2022-01-01',
            end: '2023-01-01',
          },
        ],
      });
      html = renderInventoryReport(injected, {
        lang: 'zh',
        title: `<title>${evil}`,
        anchors: [{ record: '<svg onload=alert(2)>', chainId: 1, contract: '0x', txHash: '0x', blockNumber: 1 }],
      });
    });

    it('lets no markup from the document or options through', function () {
      expect(html.match(/<script|<img|<iframe|<svg|<b>|<style>body/g)).to.equal(null);
    });

    it('shows the names as text', function () {
      expect(html).to.include(
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;',
      );
    });

    it('escapes quotes inside attributes and ids', function () {
      expect(html).to.include('org-&quot;&gt;&lt;svg onload=alert(1)&gt;');
    });

    it('keeps the page a single title and a single style element', function () {
      expect([html.match(/<title>/g)?.length, html.match(/<style>/g)?.length]).to.deep.equal([1, 1]);
    });
  });
});
