import type { InventoryDocument } from '../accounting/computeInventory';
import type { Factor, FactorSet } from '../factors/types';

/**
 * The evidence package of a notarized inventory, as its manifest (the document whose CID goes on chain): the inventory
 * document and its hash, the pinned factor set in full (its content hash is checkable), and the anchored batches the
 * inventory rests on, each exported separately (BatchExport) so a verifier can stream them.
 */
export interface EvidenceManifest {
  format: 'nengtan-evidence/v1';
  inventoryHash: string;
  inventory: InventoryDocument;
  factorSet: { set: FactorSet; chain: string[]; factors: Factor[]; contentHash: string };
  batches: { id: string; root: string; leafCount: number; cid: string }[];
}
