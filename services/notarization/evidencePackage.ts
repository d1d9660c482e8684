import { gzipSync } from 'node:zlib';
import type { Queryable, Db } from '../db/db';
import type { DocumentStore } from '../documents/documentStore';
import { storeDocument } from '../documents/documents';
import { canonicalJson } from '../lib/canonicalJson';
import { resolveFactorSet } from '../factors/resolveFactorSet';
import type { InventoryDocument } from '../accounting/computeInventory';
import type { EvidenceManifest } from '../evidence/evidenceFormat';
import { exportBatch } from './batchExport';
import { measureEvidence } from './measureEvidence';

export interface Recipient {
  id: string;
  publicKey: Uint8Array;
}

/** Canonical JSON, gzipped: the plaintext of every evidence document (a verifier gunzips after decrypting). */
export function evidenceBytes(value: unknown): Uint8Array {
  return gzipSync(Buffer.from(canonicalJson(value), 'utf8'));
}

/**
 * Builds the evidence package of an inventory and stores it encrypted to `recipients` (the organisation itself and
 * its assigned verifiers): one document per anchored batch (its export), then the manifest naming them, with the
 * results of the measures over the inventory period when there are any (format v2; without, the v1 manifest exactly).
 * Returns the manifest's CID, which is what InventoryRegistry records as the report CID.
 */
export async function storeEvidencePackage(
  db: Db,
  documents: DocumentStore,
  orgId: string,
  inventory: { document: InventoryDocument; hash: string; factorSetId: string },
  recipients: readonly Recipient[],
): Promise<{ manifestCid: string; batchCids: string[] }> {
  const batches: EvidenceManifest['batches'] = [];
  for (const b of inventory.document.evidence.batches) {
    const exp = await exportBatch(db, orgId, b.id);
    const { cid } = await storeDocument(db, documents, {
      orgId,
      kind: 'batch-export',
      mediaType: 'application/gzip',
      plaintext: evidenceBytes(exp),
      recipients,
    });
    batches.push({ id: exp.batch.id, root: exp.batch.root, leafCount: exp.batch.leafCount, cid });
  }
  const factorSet = await resolveFactorSet(db as Queryable, orgId, inventory.factorSetId);
  const measures = await measureEvidence(db as Queryable, orgId, inventory.document.period, factorSet.contentHash);
  const manifest: EvidenceManifest = {
    format: measures.length > 0 ? 'nengtan-evidence/v2' : 'nengtan-evidence/v1',
    inventoryHash: inventory.hash,
    inventory: inventory.document,
    factorSet: {
      set: factorSet.set,
      chain: factorSet.chain,
      factors: factorSet.factors,
      contentHash: factorSet.contentHash,
    },
    batches,
    ...(measures.length > 0 ? { measures } : {}),
  };
  const { cid } = await storeDocument(db, documents, {
    orgId,
    kind: 'evidence-manifest',
    mediaType: 'application/gzip',
    plaintext: evidenceBytes(manifest),
    recipients,
  });
  return { manifestCid: cid, batchCids: batches.map((b) => b.cid) };
}
