import { meterLeafEncoder } from '../lib/leafSchema';
import { MerkleTree } from '../lib/merkle';
import type { BatchExport } from '../notarization/batchExport';

/**
 * Rebuilds a batch's Merkle root from an export: every reading's leaf recomputed from its values, folded in tree order.
 * Equal to the anchored root exactly when every exported reading is the one that was anchored, in place.
 */
export function reverifyBatchExport(exp: BatchExport): { root: string; matches: boolean; readings: number } {
  const packed = new Uint8Array(exp.rows.length * 32);
  const encoders = exp.meters.map((meter) =>
    meterLeafEncoder({
      orgId: exp.organisation,
      meterId: meter.id,
      energyKind: meter.energyKind,
      flow: meter.flow as 'import' | 'export',
      unit: meter.unit,
    }),
  );
  const rows = exp.rows;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const encode = encoders[row[0]];
    if (!encode) throw new Error(`row ${i} names meter ${row[0]}, the export lists ${encoders.length}`);
    packed.set(encode(row[1], row[2], BigInt(row[3]), row[4], row[5], row[6], row[7]), i * 32);
  }
  const root = rows.length === 0 ? '0x' + '00'.repeat(32) : MerkleTree.build(packed).rootHex;
  return {
    root,
    matches: root === exp.batch.root.toLowerCase() && rows.length === exp.batch.leafCount,
    readings: rows.length,
  };
}
