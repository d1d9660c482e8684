import { expect } from 'chai';
import { AbiCoder, getBytes, keccak256 } from 'ethers';
import fc from 'fast-check';
import { MerkleTree as MerkleTreeJs } from 'merkletreejs';
import { loadKeccak } from '../../../services/lib/keccak';
import { LEAF_TYPES, leafValues } from '../../../services/lib/leafSchema';
import type { BatchExport } from '../../../services/evidence/evidenceFormat';
import { reverifyBatchExport } from '../../../services/verification/reverifyBatch';

const ORG = '0b6f4c1e-8d2a-4f57-9c3e-2a7d5e1f9b40';
const coder = AbiCoder.defaultAbiCoder();

/** The batch root as a verifier computes it with ethers and merkletreejs alone, nothing of services/lib. */
function ethersRoot(exp: BatchExport): string {
  const leaves = exp.rows.map(([meter, start, end, quantity, flags, revision, rawHash, signatureHash]) => {
    const m = exp.meters[meter];
    const values = leafValues({
      orgId: exp.organisation,
      meterId: m.id,
      energyKind: m.energyKind,
      flow: m.flow as 'import' | 'export',
      intervalStart: start,
      intervalEnd: end,
      quantity: BigInt(quantity),
      unit: m.unit,
      flags,
      revision,
      rawHash: rawHash === '' ? null : `0x${rawHash}`,
      signatureHash: signatureHash === '' ? null : `0x${signatureHash}`,
    });
    return Buffer.from(getBytes(keccak256(keccak256(coder.encode(LEAF_TYPES, values)))));
  });
  const hash = (data: Buffer) => Buffer.from(getBytes(keccak256(data)));
  return new MerkleTreeJs(leaves, hash, { sortPairs: true }).getHexRoot();
}

/** `n` readings over meters whose ids differ in length (encodings of 448 and 480 bytes in one batch). */
function batchExport(n: number, seed: number): BatchExport {
  const meters = ['m-1', 'a meter id long enough to take two ABI words', '电表-3'].map((id, i) => ({
    id,
    energyKind: i === 2 ? 'natural_gas' : 'electricity',
    flow: i === 1 ? 'export' : 'import',
    unit: i === 2 ? 'm3' : 'kWh',
    timeZone: 'Asia/Shanghai',
  }));
  const hex = (i: number) => (i * 2654435761 + seed).toString(16).padStart(8, '0').slice(-8).repeat(8);
  const rows: BatchExport['rows'] = Array.from({ length: n }, (_, i) => [
    (i * 7 + seed) % meters.length,
    1_740_758_400 + i * 900,
    1_740_758_400 + (i + 1) * 900,
    String(BigInt(i - 5) * 1_000_003n - BigInt(seed)),
    i % 5,
    i % 3,
    i % 4 === 0 ? '' : hex(i),
    i % 6 === 0 ? hex(i + 1) : '',
  ]);
  const exp: BatchExport = {
    format: 'nengtan-batch-export/v1',
    batch: { id: `0x${'ab'.repeat(32)}`, root: '', leafCount: n },
    organisation: ORG,
    meters,
    rows,
  };
  exp.batch.root = ethersRoot(exp);
  return exp;
}

describe('reverifyBatchExport', function () {
  before(async function () {
    await loadKeccak();
  });

  // Readings are encoded and hashed 2,048 at a time: sizes on both sides of one and two chunks.
  for (const n of [1, 2, 3, 2047, 2048, 2049, 4097]) {
    it(`rebuilds the root ethers and merkletreejs compute, for ${n} readings`, function () {
      const exp = batchExport(n, n);
      expect(reverifyBatchExport(exp)).to.deep.equal({ root: exp.batch.root, matches: true, readings: n });
    });
  }

  it('property: rebuilds the root ethers and merkletreejs compute', function () {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.nat(1000), (n, seed) => {
        const exp = batchExport(n, seed);
        expect(reverifyBatchExport(exp).root).to.equal(exp.batch.root);
      }),
      { numRuns: 50 },
    );
  });

  it('does not match when one reading differs from what was anchored', function () {
    const exp = batchExport(3000, 1);
    exp.rows[2500][3] = String(BigInt(exp.rows[2500][3]) + 1n);
    expect(reverifyBatchExport(exp).matches).to.equal(false);
  });

  it('refuses a row naming a meter the export does not list', function () {
    const exp = batchExport(10, 1);
    exp.rows[4][0] = 3;
    expect(() => reverifyBatchExport(exp)).to.throw(/row 4 names meter 3/);
  });
});
