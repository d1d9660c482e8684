import type { InventoryDocument } from '../accounting/computeInventory';
import type { InventoryDocumentWithScope3 } from '../accounting/scope3PurchasedGoods';
import type { HtmlValue } from './markup';
import type { ReportLanguage } from './reportLabels';
import { dataTable, fig, keyValues, lastDay, note, subsection, tonnes } from './reportPage';

/** Labels of the report part for Scope 3 category 1 (purchased goods, from supplier footprint shares). */
const EN = {
  title: 'Scope 3 category 1: purchased goods (supplier footprint shares)',
  supplier: 'Supplier',
  product: 'Product',
  period: 'Purchase period',
  quantity: 'Quantity',
  unit: 'Unit',
  perUnit: 'kgCO2e per unit',
  kgCO2e: 'kgCO2e',
  shareId: 'Footprint share ID',
  inventoryHash: 'Supplier inventory hash',
  total: 'Category 1 total (kgCO2e)',
  totalT: 'Category 1 total (tCO2e)',
  method: 'Method',
  apart: 'Reported apart from Scope 1 and 2: not included in the totals above.',
};

type Scope3Labels = typeof EN;

const ZH: Scope3Labels = {
  title: '范围三类别 1：外购商品（供应商产品碳足迹共享）',
  supplier: '供应商',
  product: '产品',
  period: '采购期间',
  quantity: '数量',
  unit: '单位',
  perUnit: '单位产品 kgCO2e',
  kgCO2e: 'kgCO2e',
  shareId: '碳足迹共享编号',
  inventoryHash: '供应商清单哈希',
  total: '类别 1 合计（kgCO2e）',
  totalT: '类别 1 合计（tCO2e）',
  method: '方法',
  apart: '与范围一、范围二分开报告：不计入上述总量。',
};

/** Whether the document quantifies purchased goods (Scope 3 category 1). */
export function hasPurchasedGoods(doc: InventoryDocument): boolean {
  return (doc as InventoryDocumentWithScope3).scope3?.category1PurchasedGoods !== undefined;
}

/**
 * The report part for the document's Scope 3 category 1 section: each purchase line and the category total, as the
 * document states them, never recomputed. Nothing for documents without the section, so their reports stay as they
 * were.
 */
export function scope3Subsections(doc: InventoryDocument, lang: ReportLanguage): HtmlValue[] {
  const category1 = (doc as InventoryDocumentWithScope3).scope3?.category1PurchasedGoods;
  if (!category1) return [];
  const l = lang === 'zh' ? ZH : EN;
  return [
    subsection(
      l.title,
      dataTable(
        [
          { label: l.supplier },
          { label: l.product },
          { label: l.period },
          { label: l.quantity, numeric: true },
          { label: l.unit },
          { label: l.perUnit, numeric: true },
          { label: l.kgCO2e, numeric: true },
          { label: l.shareId, code: true },
          { label: l.inventoryHash, code: true },
        ],
        category1.lines.map((line) => [
          line.supplier.name,
          line.product,
          `${line.period.start} – ${lastDay(line.period.end)}`,
          fig(line.quantity),
          line.unit,
          fig(line.kgCO2ePerUnit),
          fig(line.kgCO2e),
          line.shareId,
          line.supplierInventoryHash,
        ]),
      ),
      keyValues([
        [l.total, fig(category1.kgCO2e)],
        [l.totalT, tonnes(category1.kgCO2e)],
        [l.method, category1.method],
      ]),
      note(l.apart),
    ),
  ];
}
