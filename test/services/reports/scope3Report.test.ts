import { expect } from 'chai';
import { scope3Section, type InventoryDocumentWithScope3 } from '../../../services/accounting/scope3PurchasedGoods';
import { loadKeccak } from '../../../services/lib/keccak';
import { renderInventoryReport } from '../../../services/reports/renderInventoryReport';
import { plainText, tableAfter, valueOf } from './htmlText';
import { sampleInventory } from './reportDocuments';

const SHARE_A = '6f1c1f0e-2b1a-4c55-9a6e-0d7f3f2e9b10';
const SHARE_B = '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const HASH_A = `0x${'ab'.repeat(32)}`;
const HASH_B = `0x${'cd'.repeat(32)}`;

const purchase = (
  id: string,
  shareId: string,
  supplier: string,
  product: string,
  quantity: string,
  perUnit: string,
) => ({
  purchaseId: id,
  shareId,
  supplier: { id: `supplier-${id}`, name: supplier },
  product,
  unit: 't',
  period: { start: '2023-09-01', end: '2023-10-01' },
  quantity,
  kgCO2ePerUnit: perUnit,
  basis: 'location',
  supplierInventoryHash: shareId === SHARE_A ? HASH_A : HASH_B,
});

/**
 * The inventory report's Scope 3 category 1 part, by hand: 1,250.5 t coil × 1,850.25 kg/t = 2,313,737.625 kg;
 * 12.345 t wire rod × 1.234 kg/t = 15.233730 kg; total 2,313,752.858730 kg = 2,313.75285873 t (tonnes shown to at
 * least three decimals, trailing zeros beyond them dropped).
 */
describe('inventory report: Scope 3 category 1 (purchased goods from supplier footprint shares)', function () {
  let doc: InventoryDocumentWithScope3;
  let en: string;
  let zh: string;

  before(async function () {
    await loadKeccak();
    doc = {
      ...sampleInventory(),
      scope3: scope3Section([
        purchase('a', SHARE_A, 'Baosteel Coil 宝钢', 'hot-rolled coil', '1250.5', '1850.25'),
        purchase('b', SHARE_B, 'Wire <Rod> & Co', 'wire rod', '12.345', '1.234'),
      ]),
    };
    en = renderInventoryReport(doc, { lang: 'en' });
    zh = renderInventoryReport(doc, { lang: 'zh' });
  });

  it('lists each purchase line with its supplier, figures, share and supplier inventory hash', function () {
    const rows = tableAfter(en, 'Scope 3 category 1: purchased goods (supplier footprint shares)');
    expect(rows).to.deep.equal([
      [
        'Supplier',
        'Product',
        'Purchase period',
        'Quantity',
        'Unit',
        'kgCO2e per unit',
        'kgCO2e',
        'Footprint share ID',
        'Supplier inventory hash',
      ],
      [
        'Baosteel Coil 宝钢',
        'hot-rolled coil',
        '2023-09-01 – 2023-09-30',
        '1,250.5',
        't',
        '1,850.25',
        '2,313,737.625',
        SHARE_A,
        HASH_A,
      ],
      ['Wire <Rod> & Co', 'wire rod', '2023-09-01 – 2023-09-30', '12.345', 't', '1.234', '15.233730', SHARE_B, HASH_B],
    ]);
  });

  it('gives the category total in kg and t, and its method', function () {
    expect(valueOf(en, 'Category 1 total (kgCO2e)')).to.equal('2,313,752.858730');
    expect(valueOf(en, 'Category 1 total (tCO2e)')).to.equal('2,313.75285873');
    expect(valueOf(en, 'Method')).to.equal(doc.scope3?.category1PurchasedGoods?.method);
    expect(plainText(en)).to.include('Reported apart from Scope 1 and 2: not included in the totals above.');
  });

  it('escapes supplier names', function () {
    expect(en).to.include('Wire &lt;Rod&gt; &amp; Co');
    expect(en).not.to.include('<Rod>');
  });

  it('has the same part in Chinese', function () {
    const rows = tableAfter(zh, '范围三类别 1：外购商品（供应商产品碳足迹共享）');
    expect(rows[0].slice(0, 3)).to.deep.equal(['供应商', '产品', '采购期间']);
    expect(rows.slice(1).map((r) => r[6])).to.deep.equal(['2,313,737.625', '15.233730']);
    expect(valueOf(zh, '类别 1 合计（kgCO2e）')).to.equal('2,313,752.858730');
    expect(valueOf(zh, '类别 1 合计（tCO2e）')).to.equal('2,313.75285873');
  });

  it('leaves the Scope 1 and 2 totals and the report of the same document without the section as they were', function () {
    const { scope3: _section, ...plain } = doc;
    const without = renderInventoryReport(plain, { lang: 'en' });
    expect(without).not.to.include('Scope 3 category 1');
    expect(without).to.equal(renderInventoryReport(sampleInventory(), { lang: 'en' }));
    const byScope = (html: string) =>
      tableAfter(html, 'Emissions by scope, location-based and market-based side by side');
    expect(byScope(en)).to.deep.equal(byScope(without));
    expect(byScope(en)).to.have.length(5);
  });
});
