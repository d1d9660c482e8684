import { leafHash } from '../lib/leafSchema';
import { MerkleTree } from '../lib/merkle';
import type { BatchExport } from '../notarization/batchExport';

/**
 * Rebuilds a batch's Merkle root from an export: every reading's leaf recomputed from its values, folded in tree order.
 * Equal to the anchored root exactly when every exported reading is the one that was anchored, in place.
 */
export function reverifyBatchExport(exp: BatchExport): { root: string; matches: boolean; readings: number } {
  const packed = new Uint8Array(exp.rows.length * 32);
  const meters = exp.meters;
  exp.rows.forEach((row, i) => {
    const meter = meters[row[0]];
    packed.set(
      leafHash({
        orgId: exp.organisation,
        meterId: meter.id,
        energyKind: meter.energyKind,
        flow: meter.flow as 'import' | 'export',
        intervalStart: row[1],
        intervalEnd: row[2],
        quantity: BigInt(row[3]),
        unit: meter.unit,
        flags: row[4],
        revision: row[5],
        rawHash: row[6] === '' ? null : `0x${row[6]}`,
        signatureHash: row[7] === '' ? null : `0x${row[7]}`,
      }),
      i * 32,
    );
  });
  const root = exp.rows.length === 0 ? '0x' + '00'.repeat(32) : MerkleTree.build(packed).rootHex;
  return {
    root,
    matches: root === exp.batch.root.toLowerCase() && exp.rows.length === exp.batch.leafCount,
    readings: exp.rows.length,
  };
}
