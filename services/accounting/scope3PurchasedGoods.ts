import type { Queryable } from '../db/db';
import { readPurchases } from '../supplyChain/supplierPurchases';
import type { InventoryDocument } from './computeInventory';
import { add, format, mul, parseRational, ZERO } from './rational';
import { recomputeCategories, scope3Total, type Scope3Categories } from './scope3Categories';

/** One purchase from a supplier in the inventory period, counted at the footprint the supplier shared. */
export interface PurchasedGoodsLine {
  purchaseId: string;
  shareId: string;
  supplier: { id: string; name: string };
  product: string;
  unit: string;
  period: { start: string; end: string };
  quantity: string;
  kgCO2ePerUnit: string;
  basis: string;
  supplierInventoryHash: string;
  kgCO2e: string;
}

export interface PurchasedGoodsSection {
  method: string;
  lines: PurchasedGoodsLine[];
  kgCO2e: string;
}

/** Scope 3 of an inventory: the categories it quantifies (only those) and their sum, apart from Scope 1 and 2. */
export type Scope3Section = { category1PurchasedGoods?: PurchasedGoodsSection } & Scope3Categories & { kgCO2e: string };

export type InventoryDocumentWithScope3 = InventoryDocument & { scope3?: Scope3Section };

const METHOD =
  'GHG Protocol Corporate Value Chain (Scope 3) Standard, category 1, supplier-specific method: quantity purchased × the product footprint the supplier shared, signed and backed by its notarized inventory; purchases whose period lies inside the inventory period; reported apart from Scope 1 and 2 and the chain totals';

const decimals = (text: string) => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);

/**
 * The organisation's purchases from suppliers (POST /v1/supplier-purchases) counted in Scope 3 category 1 of an
 * inventory of `period`: against footprint shares it holds and that are not revoked; undefined when there are none.
 */
export async function purchasedGoods(
  db: Queryable,
  orgId: string,
  period: { start: string; end: string },
): Promise<Omit<PurchasedGoodsLine, 'kgCO2e'>[] | undefined> {
  const purchases = await readPurchases(db, orgId, period);
  if (purchases.length === 0) return undefined;
  return purchases.map((p) => ({
    purchaseId: p.id,
    shareId: p.shareId,
    supplier: p.supplier,
    product: p.product,
    unit: p.unit,
    period: p.period,
    quantity: p.quantity,
    kgCO2ePerUnit: p.kgCO2ePerUnit,
    basis: p.basis,
    supplierInventoryHash: p.supplierInventoryHash,
  }));
}

/** The section from its purchases: each line quantity × kg CO2e per unit and the total, exact decimals. */
export function scope3Section(
  purchases: Omit<PurchasedGoodsLine, 'kgCO2e'>[],
): Scope3Section & { category1PurchasedGoods: PurchasedGoodsSection } {
  let total = ZERO;
  let totalScale = 0;
  const lines = purchases.map((p): PurchasedGoodsLine => {
    const scale = decimals(p.quantity) + decimals(p.kgCO2ePerUnit);
    const kg = mul(parseRational(p.quantity), parseRational(p.kgCO2ePerUnit));
    total = add(total, kg);
    totalScale = Math.max(totalScale, scale);
    return { ...p, kgCO2e: format(kg, scale) };
  });
  const kgCO2e = format(total, totalScale);
  return { category1PurchasedGoods: { method: METHOD, lines, kgCO2e }, kgCO2e };
}

/**
 * A recomputed inventory with the Scope 3 section of the claimed one recomputed from its own lines (quantity × kg
 * CO2e per unit as the supplier shared it, which a verifier checks against the supplier's share, or as the stated
 * factor of the organisation's Scope 3 factor set): a verifier then sees any altered Scope 3 figure as a difference,
 * and an unaltered one as none.
 */
export function withRecomputedScope3<T extends { document: InventoryDocument }>(
  claimed: InventoryDocument,
  recomputed: T,
): T {
  const section = (claimed as InventoryDocumentWithScope3).scope3;
  if (!section) return recomputed;
  const purchases = section.category1PurchasedGoods?.lines.map(({ kgCO2e: _kg, ...purchase }) => purchase);
  return {
    ...recomputed,
    document: {
      ...recomputed.document,
      scope3: combineScope3(purchases, recomputeCategories(section, recomputed.document)),
    },
  };
}

/**
 * The Scope 3 section of category 1 purchases (none: undefined) and the other categories: a section of category 1
 * alone is exactly `scope3Section(purchases)`, so documents without the other categories keep their hash.
 */
export function combineScope3(
  purchases: Omit<PurchasedGoodsLine, 'kgCO2e'>[] | undefined,
  categories: Scope3Categories,
): Scope3Section | undefined {
  const category1 = purchases && scope3Section(purchases);
  const others = Object.values(categories);
  if (others.length === 0) return category1;
  const totals = [...(category1 ? [category1.kgCO2e] : []), ...others.map((c) => c.kgCO2e)];
  return { ...(category1 ?? {}), ...categories, kgCO2e: scope3Total(totals) };
}
