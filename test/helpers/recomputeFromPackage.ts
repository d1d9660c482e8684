import { computeInventory, type InventoryDocument } from '../../services/accounting/computeInventory';
import { factorSourceFromResolved } from '../../services/accounting/factorSourceFromSet';
import { canonicalInventory } from '../../services/accounting/inventories';
import { loadInventoryInput } from '../../services/accounting/loadInventoryInput';
import type { Db } from '../../services/db/db';
import { DEFAULT_FACTOR_SET_V2_ID } from '../../services/factors/factorSets';
import { resolveFactorSet } from '../../services/factors/resolveFactorSet';
import { recomputeInventory } from '../../services/verification/recomputeInventory';

export interface RecomputedFromPackage {
  /** The inventory the enterprise computes from its database. */
  document: InventoryDocument;
  /** Its canonical hash, as the evidence package states it. */
  inventoryHash: string;
  /** The hash a verifier gets by recomputing from the package alone. */
  recomputedHash: string;
}

/**
 * The enterprise computes the organisation's inventory for the period from the database with the default (v2) factor
 * set; a verifier then recomputes it from an evidence package (no batches) that carries the document and that factor
 * set, and nothing else.
 */
export async function recomputeFromPackage(
  db: Db,
  orgId: string,
  period: { start: string; end: string },
): Promise<RecomputedFromPackage> {
  const resolved = await resolveFactorSet(db, orgId, DEFAULT_FACTOR_SET_V2_ID);
  const input = await loadInventoryInput(db, orgId, period, factorSourceFromResolved(resolved));
  const { document } = computeInventory(input);
  const manifest = {
    format: 'nengtan-evidence/v1' as const,
    inventoryHash: canonicalInventory(document).hash,
    inventory: JSON.parse(JSON.stringify(document)),
    factorSet: {
      set: resolved.set,
      chain: resolved.chain,
      factors: resolved.factors,
      contentHash: resolved.contentHash,
    },
    batches: [],
  };
  const again = recomputeInventory(manifest, []).document;
  return { document, inventoryHash: manifest.inventoryHash, recomputedHash: canonicalInventory(again).hash };
}
