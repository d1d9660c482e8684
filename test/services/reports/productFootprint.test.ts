import { expect } from 'chai';
import type { InventoryDocument } from '../../../services/accounting/computeInventory';
import type { ProductionInput } from '../../../services/accounting/inventoryTypes';
import { parseRational } from '../../../services/accounting/rational';
import { NengtanError } from '../../../services/lib/errors';
import { loadKeccak } from '../../../services/lib/keccak';
import { productFootprint } from '../../../services/reports/productFootprint';
import { renderProductFootprintReport } from '../../../services/reports/renderProductFootprintReport';
import { sectionTitles, tableAfter } from './htmlText';
import { inventoryOf, meterActivity, PLANT_1, sampleInventory } from './reportDocuments';

const produced = (product: string, quantity: string, unit = 't'): ProductionInput => ({
  product,
  siteId: PLANT_1.id,
  quantity: parseRational(quantity),
  unit,
  start: '2022-01-01',
  end: '2023-01-01',
});

/**
 * By hand (worked examples of the accounting engine): 100,000 m3 of natural gas → Scope 1 216,431.055 kg CO2e;
 * 1,000,000 kWh in the East grid in 2022 → Scope 2 location-based 561,700 kg, market-based with 300 MWh of
 * certificates 409,920 kg. Basis: location 216,431.055 + 561,700 = 778,131.055 kg; market 216,431.055 + 409,920 =
 * 626,351.055 kg.
 */
function plant(production: ProductionInput[]): InventoryDocument {
  return inventoryOf({
    activity: [
      meterActivity('G', PLANT_1.id, 'natural_gas', 'import', 'm3', { 2022: '100000' }),
      meterActivity('E', PLANT_1.id, 'electricity', 'import', 'kWh', { 2022: '1000000' }),
    ],
    claims: [
      {
        ref: 'GEC-1',
        source: 'api',
        mwh: parseRational('300'),
        start: '2022-01-01',
        end: '2023-01-01',
        generator: 'Wind farm',
      },
    ],
    production,
  });
}

function refusal(fn: () => unknown): NengtanError {
  try {
    fn();
  } catch (error) {
    if (error instanceof NengtanError) return error;
    throw error;
  }
  throw new Error('expected a NengtanError');
}

describe('productFootprint', function () {
  before(async function () {
    await loadKeccak();
  });

  describe('allocated by production volume', function () {
    const footprint = () => productFootprint(plant([produced('billet', '1500'), produced('wire rod', '500')]));

    it('takes Scope 1 + Scope 2 of the document as the basis, location- and market-based', function () {
      expect(footprint().basis).to.deep.equal({
        scope1: '216431.055',
        scope2LocationBased: '561700.000',
        scope2MarketBased: '409920.000',
        locationKgCO2e: '778131.055',
        marketKgCO2e: '626351.055',
      });
    });

    it('shares the basis in proportion to the volumes', function () {
      // 1,500 / 2,000 = 0.75 and 500 / 2,000 = 0.25.
      // Location: 778,131.055 × 0.75 = 583,598.29125 → 583,598.291; × 0.25 = 194,532.76375 → 194,532.764.
      // Market: 626,351.055 × 0.75 = 469,763.29125 → 469,763.291; × 0.25 = 156,587.76375 → 156,587.764.
      expect(
        footprint().products.map((p) => [p.product, p.share, p.allocatedLocationKgCO2e, p.allocatedMarketKgCO2e]),
      ).to.deep.equal([
        ['billet', '0.750000', '583598.291', '469763.291'],
        ['wire rod', '0.250000', '194532.764', '156587.764'],
      ]);
    });

    it('gives the footprint per declared unit', function () {
      // Location: 778,131.055 / 2,000 t = 389.0655275 → 389.066 kg CO2e per t (the same for both: they share by
      // volume); market: 626,351.055 / 2,000 = 313.1755275 → 313.176.
      expect(
        footprint().products.map((p) => [p.declaredUnit, p.kgCO2ePerUnitLocation, p.kgCO2ePerUnitMarket]),
      ).to.deep.equal([
        ['1 t', '389.066', '313.176'],
        ['1 t', '389.066', '313.176'],
      ]);
    });

    it('adds up the volumes recorded for one product', function () {
      const d = plant([produced('billet', '1000'), produced('billet', '500'), produced('wire rod', '500')]);
      expect(productFootprint(d).products.map((p) => [p.product, p.quantity, p.share])).to.deep.equal([
        ['billet', '1500.000000', '0.750000'],
        ['wire rod', '500.000000', '0.250000'],
      ]);
    });

    it('refuses products recorded in different units', function () {
      const d = plant([produced('billet', '1500'), produced('coated sheet', '20000', 'm2')]);
      expect(refusal(() => productFootprint(d)).code).to.equal('NT_ERR_REQUEST_INVALID');
    });
  });

  describe('allocated by declared shares', function () {
    const d = () => plant([produced('billet', '1500'), produced('coated sheet', '20000', 'm2')]);

    it('allocates by the shares given', function () {
      // Location: 778,131.055 × 0.6 = 466,878.633, / 1,500 t = 311.252422 → 311.252;
      // × 0.4 = 311,252.422, / 20,000 m2 = 15.5626211 → 15.563.
      expect(
        productFootprint(d(), { billet: '0.6', 'coated sheet': '0.4' }).products.map((p) => [
          p.allocatedLocationKgCO2e,
          p.kgCO2ePerUnitLocation,
          p.declaredUnit,
        ]),
      ).to.deep.equal([
        ['466878.633', '311.252', '1 t'],
        ['311252.422', '15.563', '1 m2'],
      ]);
    });

    it('takes fractions', function () {
      expect(
        productFootprint(d(), { billet: '1/3', 'coated sheet': '2/3' }).products.map((p) => p.share),
      ).to.deep.equal(['0.333333', '0.666667']);
    });

    it('refuses shares that do not sum to 1', function () {
      expect(refusal(() => productFootprint(d(), { billet: '0.6', 'coated sheet': '0.3' })).message).to.equal(
        'The shares do not sum to 1',
      );
    });

    it('refuses a product without a share', function () {
      expect(refusal(() => productFootprint(d(), { billet: '1' })).message).to.equal('No share for "coated sheet"');
    });

    it('refuses a product the inventory does not list', function () {
      expect(refusal(() => productFootprint(d(), { billet: '0.5', 'coated sheet': '0.5', x: '0' })).code).to.equal(
        'NT_ERR_REQUEST_INVALID',
      );
    });
  });

  describe('without production volumes', function () {
    const error = () => refusal(() => productFootprint(plant([])));

    it('refuses with NT_ERR_ACCOUNTING_NO_DATA', function () {
      expect([error().code, error().statusCode]).to.deep.equal(['NT_ERR_ACCOUNTING_NO_DATA', 422]);
    });

    it('says how to record production volumes', function () {
      expect(error().hint).to.include('POST /v1/production-volumes');
    });

    it('refuses to render a report', function () {
      expect(() => renderProductFootprintReport(plant([]), { lang: 'en' })).to.throw(NengtanError);
    });
  });
});

describe('renderProductFootprintReport', function () {
  let doc: InventoryDocument;
  let en: string;
  let zh: string;

  before(async function () {
    await loadKeccak();
    doc = sampleInventory();
    en = renderProductFootprintReport(doc, { lang: 'en' });
    zh = renderProductFootprintReport(doc, { lang: 'zh' });
  });

  it('has its sections in order', function () {
    expect(sectionTitles(en)).to.deep.equal([
      '1 Products and declared units',
      '2 System boundary and life-cycle stages',
      '3 Allocation',
      '4 Carbon footprint per declared unit, by stage (kgCO2e per declared unit)',
      '5 Biogenic CO2 and greenhouse gases',
      '6 Data quality and limitations',
      '7 Inputs behind each stage',
      '8 Anchored evidence',
    ]);
  });

  it('is in Chinese in zh', function () {
    expect(sectionTitles(zh).concat(/<h1>(.*?)<\/h1>/.exec(zh)?.[1] ?? '')).to.deep.equal([
      '1 产品与声明单位',
      '2 系统边界与生命周期阶段',
      '3 分配',
      '4 分阶段的单位声明单位碳足迹（kgCO2e/声明单位）',
      '5 生物源二氧化碳与温室气体',
      '6 数据质量与局限',
      '7 各阶段的输入数据',
      '8 链上锚定证据',
      '产品碳足迹报告',
    ]);
  });

  it('states the production stage at the boundary from the document, both Scope 2 bases', function () {
    // Location 250,549.663 + 751,300 = 1,001,849.663 kg; market 250,549.663 + 612,440 = 862,989.663 kg.
    const row = tableAfter(en, 'System boundary and life-cycle stages').find((r) => r[0].startsWith('Production'));
    expect([row?.[2], row?.[3]]).to.deep.equal(['1,001,849.663', '862,989.663']);
  });

  it('excludes offsets and credits for exported energy', function () {
    expect([en.includes('Offsets (e.g. CCER)'), zh.includes('抵消（如 CCER）')]).to.deep.equal([true, true]);
  });

  it('allocates by mass by default, the key from the recorded unit', function () {
    // 1,200 t × 1000 kg/t = 1,200,000 kg and 300,000 kg: shares 4/5 and 1/5.
    expect(tableAfter(en, 'Allocation').slice(1)).to.deep.equal([
      ['rolled steel', '1000 kg/t (from the recorded unit)', '1,200,000.000000 kg', '80.00 % (4/5)'],
      ['steel wire', '1000 kg/t (from the recorded unit)', '300,000.000000 kg', '20.00 % (1/5)'],
    ]);
  });

  it('shows the footprint per declared unit by stage, location- and market-based', function () {
    // No Scope 3 in the sample: upstream stages 0. 1,001,849.663 × 4/5 ÷ 1,200 t = 667.899775… → 667.900;
    // market 862,989.663 × 4/5 ÷ 1,200 = 575.326442 → 575.326.
    expect(
      tableAfter(en, 'Carbon footprint per declared unit, by stage (kgCO2e per declared unit)').slice(1),
    ).to.deep.equal([
      ['rolled steel', '1 t', '0.000', '0.000', '0.000', '667.900', '667.900', '575.326', '575.326'],
      ['steel wire', '1 t', '0.000', '0.000', '0.000', '667.900', '667.900', '575.326', '575.326'],
    ]);
  });

  it('allocates by economic value when asked, with the keys given', function () {
    // 1,200 t × 4,000 = 4,800,000 CNY and 300 t × 6,000 = 1,800,000 CNY: shares 8/11 = 0.727272… → 0.727273 and 3/11.
    const html = renderProductFootprintReport(doc, {
      lang: 'en',
      allocation: { method: 'economic', keys: { 'rolled steel': '4000', 'steel wire': '6000' } },
    });
    expect([html.includes('economic value'), tableAfter(html, 'Allocation')[1][3]]).to.deep.equal([
      true,
      '72.7273 % (8/11)',
    ]);
  });

  it('escapes product names', function () {
    const d = plant([produced('<script>alert(1)</script>', '10')]);
    expect(renderProductFootprintReport(d, { lang: 'en' })).not.to.include('<script>');
  });
});
