import type { Queryable } from '../db/db';
import { category3FromInventory } from './category3FromInventory';
import type { InventoryDocument } from './computeInventory';
import { listScope3Activities } from './scope3Activities';
import { scope3Categories } from './scope3Categories';
import type { Scope3FactorSet } from './scope3FactorSets';
import { combineScope3, purchasedGoods, type InventoryDocumentWithScope3 } from './scope3PurchasedGoods';

/**
 * The inventory document with its Scope 3 section: category 1 from supplier purchases, categories 3, 4, 6 and 7 from
 * the Scope 3 activities recorded inside the period, and, with one of the organisation's Scope 3 factor sets, category 3
 * of the inventory's own fuel and electricity. Without any of them the document is returned as it is, so its hash is
 * unchanged.
 */
export async function withScope3(
  db: Queryable,
  orgId: string,
  period: { start: string; end: string },
  document: InventoryDocument,
  set?: Scope3FactorSet,
): Promise<InventoryDocumentWithScope3> {
  const categories = scope3Categories(
    await listScope3Activities(db, orgId, period),
    set ? category3FromInventory(document, set) : undefined,
  );
  const scope3 = combineScope3(await purchasedGoods(db, orgId, period), categories);
  return scope3 ? { ...document, scope3 } : document;
}
