import type { InventoryDocument } from '../accounting/computeInventory';
import type { Factor, FactorSet } from '../factors/types';

// The evidence package's format, the one module both sides read: the enterprise's side (notarization) writes it, the
// verifier's side (verification) reads it, and neither imports the other's types.

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

/**
 * A sealed batch exported for an independent verifier: every reading in tree order with exactly the values its leaf
 * commits to, compactly (one row per reading, meters by index). With it a verifier rebuilds the batch root, compares
 * it with the chain, and recomputes an inventory from the anchored readings, without access to the database.
 */
export interface BatchExport {
  format: 'nengtan-batch-export/v1';
  batch: { id: string; root: string; leafCount: number };
  organisation: string;
  meters: { id: string; energyKind: string; flow: string; unit: string; timeZone: string }[];
  /** [meter index, interval start (s), interval end (s), quantity (×10^6, decimal string), flags, revision, rawHash, signatureHash] */
  rows: [number, number, number, string, number, number, string, string][];
}
