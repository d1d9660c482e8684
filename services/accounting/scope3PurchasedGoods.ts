import type { Queryable } from '../db/db';
import { toHex } from '../lib/hex';
import type { InventoryDocument } from './computeInventory';
import { add, format, mul, parseRational, ZERO, type Rational } from './rational';

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

export interface Scope3Section {
  category1PurchasedGoods: { method: string; lines: PurchasedGoodsLine[]; kgCO2e: string };
  kgCO2e: string;
}

export type InventoryDocumentWithScope3 = InventoryDocument & { scope3?: Scope3Section };

const METHOD =
  'GHG Protocol Corporate Value Chain (Scope 3) Standard, category 1, supplier-specific method: quantity purchased × the product footprint the supplier shared, signed and backed by its notarized inventory; purchases whose period lies inside the inventory period; reported apart from Scope 1 and 2 and the chain totals';

const decimals = (text: string) => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);

/** `x` as an exact decimal: `scale` is enough decimals for a product or sum of the decimals it came from. */
const exactDecimal = (x: Rational, scale: number) => format(x, scale);

interface Row {
  id: string;
  share_id: string;
  supplier_org_id: string;
  supplier_name: string;
  product: string;
  unit: string;
  period_start: string;
  period_end: string;
  quantity: string;
  kg_co2e_per_unit: string;
  basis: string;
  inventory_hash: Uint8Array;
}

/**
 * The inventory document with its Scope 3 category 1 section: the organisation's purchases from suppliers (POST
 * /v1/supplier-purchases) against footprint shares it holds and that are not revoked, each quantity × kg CO2e per unit,
 * exact. Without such purchases the document is returned as it is, so its hash is unchanged.
 */
export async function withPurchasedGoods(
  db: Queryable,
  orgId: string,
  period: { start: string; end: string },
  document: InventoryDocument,
): Promise<InventoryDocumentWithScope3> {
  const { rows } = await db.query<Row>(
    `select p.id, p.share_id, s.supplier_org_id, o.name as supplier_name, s.product, s.unit,
       to_char(p.period_start, 'YYYY-MM-DD') as period_start, to_char(p.period_end, 'YYYY-MM-DD') as period_end,
       p.quantity, s.kg_co2e_per_unit, s.basis, s.inventory_hash
     from supplier_purchases p join footprint_shares s on s.id = p.share_id join organisations o on o.id = s.supplier_org_id
     where p.org_id = $1::uuid and s.customer_org_id = $1::uuid and s.revoked_at is null
       and p.period_start >= $2::date and p.period_end <= $3::date
     order by p.period_start, o.name, s.product, p.id`,
    [orgId, period.start, period.end],
  );
  if (rows.length === 0) return document;
  const scope3 = scope3Section(
    rows.map((r) => ({
      purchaseId: r.id,
      shareId: r.share_id,
      supplier: { id: r.supplier_org_id, name: r.supplier_name },
      product: r.product,
      unit: r.unit,
      period: { start: r.period_start, end: r.period_end },
      quantity: r.quantity,
      kgCO2ePerUnit: r.kg_co2e_per_unit,
      basis: r.basis,
      supplierInventoryHash: toHex(r.inventory_hash),
    })),
  );
  return { ...document, scope3 };
}

/** The section from its purchases: each line quantity × kg CO2e per unit and the total, exact decimals. */
export function scope3Section(purchases: Omit<PurchasedGoodsLine, 'kgCO2e'>[]): Scope3Section {
  let total = ZERO;
  let totalScale = 0;
  const lines = purchases.map((p): PurchasedGoodsLine => {
    const scale = decimals(p.quantity) + decimals(p.kgCO2ePerUnit);
    const kg = mul(parseRational(p.quantity), parseRational(p.kgCO2ePerUnit));
    total = add(total, kg);
    totalScale = Math.max(totalScale, scale);
    return { ...p, kgCO2e: exactDecimal(kg, scale) };
  });
  const kgCO2e = exactDecimal(total, totalScale);
  return { category1PurchasedGoods: { method: METHOD, lines, kgCO2e }, kgCO2e };
}

/**
 * A recomputed inventory with the Scope 3 section of the claimed one recomputed from its own purchases (quantity ×
 * kg CO2e per unit as the supplier shared it, which a verifier checks against the supplier's share): a verifier then
 * sees any altered Scope 3 figure as a difference, and an unaltered one as none.
 */
export function withRecomputedScope3<T extends { document: InventoryDocument }>(
  claimed: InventoryDocument,
  recomputed: T,
): T {
  const section = (claimed as InventoryDocumentWithScope3).scope3;
  if (!section) return recomputed;
  const purchases = section.category1PurchasedGoods.lines.map(({ kgCO2e: _kg, ...purchase }) => purchase);
  return { ...recomputed, document: { ...recomputed.document, scope3: scope3Section(purchases) } };
}
