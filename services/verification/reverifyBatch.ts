import { leafHashesOf, meterLeafWriter } from '../lib/leafSchema';
import { MerkleTree } from '../lib/merkle';
import type { BatchExport } from '../evidence/evidenceFormat';

/** Readings encoded, then hashed, per chunk: enough to make each call into the WebAssembly keccak count. */
const CHUNK = 2048;

/**
 * Rebuilds a batch's Merkle root from an export: every reading's leaf recomputed from its values, folded in tree order.
 * Equal to the anchored root exactly when every exported reading is the one that was anchored, in place.
 */
export function reverifyBatchExport(exp: BatchExport): { root: string; matches: boolean; readings: number } {
  const packed = new Uint8Array(exp.rows.length * 32);
  const writers = exp.meters.map((meter) =>
    meterLeafWriter({
      orgId: exp.organisation,
      meterId: meter.id,
      energyKind: meter.energyKind,
      flow: meter.flow as 'import' | 'export',
      unit: meter.unit,
    }),
  );
  const rows = exp.rows;
  const encodings = Buffer.alloc(CHUNK * writers.reduce((most, w) => Math.max(most, w.bytes), 0));
  const ends = new Uint32Array(CHUNK);
  for (let first = 0; first < rows.length; first += CHUNK) {
    const count = Math.min(CHUNK, rows.length - first);
    let at = 0;
    for (let k = 0; k < count; k++) {
      const row = rows[first + k];
      const writer = writers[row[0]];
      if (!writer) throw new Error(`row ${first + k} names meter ${row[0]}, the export lists ${writers.length}`);
      at = writer.write(encodings, at, row[1], row[2], BigInt(row[3]), row[4], row[5], row[6], row[7]);
      ends[k] = at;
    }
    leafHashesOf(encodings, ends.subarray(0, count), packed.subarray(first * 32));
  }
  const root = rows.length === 0 ? '0x' + '00'.repeat(32) : MerkleTree.build(packed).rootHex;
  return {
    root,
    matches: root === exp.batch.root.toLowerCase() && rows.length === exp.batch.leafCount,
    readings: rows.length,
  };
}
