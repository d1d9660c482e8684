import { expect } from 'chai';
import fc from 'fast-check';
import { AbiCoder, concat, keccak256 } from 'ethers';
import { loadKeccak } from '../../../services/lib/keccak';
import { ZERO_BYTES32 } from '../../../services/lib/hex';
import {
  leafHashesOf,
  leafHashReference,
  meterLeafEncoder,
  meterLeafWriter,
  LEAF_FIELDS,
  LEAF_NAMES,
  LEAF_TYPES,
  leafHash,
  leafHashHex,
  leafQuantityText,
  leafValues,
  leafValuesJson,
  type LeafReading,
} from '../../../services/lib/leafSchema';

const coder = AbiCoder.defaultAbiCoder();

/** The leaf as a receipt verifier computes it with ethers alone (ARCHITECTURE §5). */
function ethersLeaf(r: LeafReading): string {
  return keccak256(concat([keccak256(coder.encode(LEAF_TYPES, leafValues(r)))]));
}

const base: LeafReading = {
  orgId: '0b5c1a52-3f8e-4d0e-9c43-3c1f8e5a7b21',
  meterId: 'e7d0a9c4-6b1f-4a55-8e3d-2f9b7c6a1d08',
  energyKind: 'electricity',
  flow: 'import',
  intervalStart: 1_793_491_200,
  intervalEnd: 1_793_492_100,
  quantity: 12_500_000n,
  unit: 'kWh',
  flags: 0,
  revision: 0,
  rawHash: '0x' + '1f'.repeat(32),
  signatureHash: '0x' + 'a0'.repeat(32),
};

const samples: [string, LeafReading][] = [
  ['a plain electricity reading', base],
  ['a negative quantity (export correction)', { ...base, flow: 'export', quantity: -3_250_000n, flags: 1 << 6 }],
  ['null raw and signature hashes', { ...base, rawHash: null, signatureHash: null, flags: 1 }],
  ['a large quantity beyond 2^53', { ...base, quantity: 123_456_789_012_345_678_901n }],
  ['zero quantity', { ...base, quantity: 0n, flags: 1 << 15 }],
  [
    'a natural gas reading with a later revision',
    { ...base, energyKind: 'natural_gas', unit: 'm3', revision: 3, flags: 0xffff, quantity: 1n },
  ],
  [
    'non-ASCII identifiers',
    { ...base, orgId: '能碳示范企业', meterId: '电表-01 😀', unit: 'kWh', intervalEnd: 2 ** 40 },
  ],
];

describe('leafSchema', function () {
  before(async function () {
    await loadKeccak();
  });

  describe('leafHash', function () {
    for (const [name, reading] of samples) {
      it(`equals the ethers double hash for ${name}`, function () {
        expect(leafHashHex(reading)).to.equal(ethersLeaf(reading));
      });
    }

    it('returns the same bytes as leafHashHex', function () {
      expect('0x' + Buffer.from(leafHash(base)).toString('hex')).to.equal(leafHashHex(base));
    });

    it('changes when any field changes', function () {
      const variants: LeafReading[] = [
        { ...base, orgId: base.orgId + 'x' },
        { ...base, meterId: base.meterId + 'x' },
        { ...base, energyKind: 'heat' },
        { ...base, flow: 'export' },
        { ...base, intervalStart: base.intervalStart + 1 },
        { ...base, intervalEnd: base.intervalEnd + 1 },
        { ...base, quantity: base.quantity + 1n },
        { ...base, unit: 'MWh' },
        { ...base, flags: 1 },
        { ...base, revision: 1 },
        { ...base, rawHash: null },
        { ...base, signatureHash: null },
      ];
      const hashes = new Set([base, ...variants].map(leafHashHex));
      expect(hashes.size).to.equal(variants.length + 1);
    });
  });

  describe('leafValues', function () {
    it('has one value per leaf type', function () {
      expect(leafValues(base)).to.have.lengthOf(LEAF_TYPES.length);
    });

    it('puts version 1 first and the quantity scale 6 after the quantity', function () {
      const values = leafValues(base);
      expect([values[0], values[7], values[8]]).to.deep.equal([1, 12_500_000n, 6]);
    });

    it('encodes null hashes as zero bytes32', function () {
      const values = leafValues({ ...base, rawHash: null, signatureHash: null });
      expect(values.slice(-2)).to.deep.equal([ZERO_BYTES32, ZERO_BYTES32]);
    });

    it('gives JSON-safe values with the quantity as a decimal string', function () {
      expect(leafValuesJson({ ...base, quantity: -3_250_000n })[7]).to.equal('-3250000');
    });
  });

  describe('schema v1', function () {
    it('keeps its types and order (a change needs a new schema version)', function () {
      expect(LEAF_TYPES).to.deep.equal([
        'uint16',
        'string',
        'string',
        'string',
        'string',
        'uint64',
        'uint64',
        'int256',
        'uint8',
        'string',
        'uint32',
        'uint32',
        'bytes32',
        'bytes32',
      ]);
    });

    it('names every field', function () {
      expect(LEAF_NAMES).to.have.lengthOf(LEAF_FIELDS.length);
    });
  });

  describe('leafQuantityText', function () {
    it('prints six decimals', function () {
      expect(leafQuantityText({ quantity: -3_250_000n })).to.equal('-3.250000');
    });
  });

  describe('the per-meter template fast path', function () {
    const hex32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => '0x' + Buffer.from(b).toString('hex'));
    const reading = fc.record({
      orgId: fc.uuid(),
      meterId: fc.constantFrom('m-1', 'm-2', '电表-3', ''),
      energyKind: fc.constantFrom('electricity', 'natural_gas'),
      flow: fc.constantFrom('import' as const, 'export' as const),
      intervalStart: fc.integer({ min: 0, max: 2 ** 40 }),
      intervalEnd: fc.integer({ min: 0, max: 2 ** 40 }),
      quantity: fc.bigInt({ min: -(2n ** 255n), max: 2n ** 255n - 1n }),
      unit: fc.constantFrom('kWh', 'm3'),
      flags: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      revision: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      rawHash: fc.option(hex32, { nil: null }),
      signatureHash: fc.option(hex32, { nil: null }),
    });

    it('hashes exactly like the general encoder, for any reading', function () {
      fc.assert(
        fc.property(reading, (r) => Buffer.from(leafHash(r)).equals(Buffer.from(leafHashReference(r)))),
        { numRuns: 500 },
      );
    });

    it('the per-meter encoder of a verifier hashes exactly like the general encoder, for any reading', function () {
      fc.assert(
        fc.property(reading, (r) => {
          const encode = meterLeafEncoder(r);
          const leaf = encode(
            r.intervalStart,
            r.intervalEnd,
            r.quantity,
            r.flags,
            r.revision,
            r.rawHash?.slice(2) ?? '',
            r.signatureHash?.slice(2) ?? '',
          );
          return Buffer.from(leaf).equals(Buffer.from(leafHashReference(r)));
        }),
        { numRuns: 500 },
      );
    });

    it('readings of many meters written end to end and hashed together give ethers leaves, for any readings', function () {
      // Meter ids of any length, so that encodings of one batch differ in length.
      const anyMeter = fc.record({ meterId: fc.string({ maxLength: 80 }), unit: fc.constantFrom('kWh', 'm3', 'GJ') });
      fc.assert(
        fc.property(fc.array(fc.tuple(reading, anyMeter), { maxLength: 30 }), (pairs) => {
          const readings = pairs.map(([r, m]) => ({ ...r, ...m }));
          const writers = readings.map((r) => meterLeafWriter(r));
          const encodings = Buffer.alloc(writers.reduce((sum, w) => sum + w.bytes, 0));
          const ends: number[] = [];
          readings.forEach((r, i) => {
            const at = ends.length === 0 ? 0 : ends[ends.length - 1];
            const hashes = [r.rawHash, r.signatureHash].map((h) => h?.slice(2) ?? '');
            ends.push(
              writers[i].write(
                encodings,
                at,
                r.intervalStart,
                r.intervalEnd,
                r.quantity,
                r.flags,
                r.revision,
                hashes[0],
                hashes[1],
              ),
            );
          });
          const leaves = new Uint8Array(32 * readings.length);
          leafHashesOf(encodings, ends, leaves);
          const hex = readings.map((_, i) => '0x' + Buffer.from(leaves.subarray(32 * i, 32 * i + 32)).toString('hex'));
          expect(hex).to.deep.equal(readings.map(ethersLeaf));
        }),
        { numRuns: 200 },
      );
    });

    it('the per-meter writer refuses to write past the end of its buffer', function () {
      const writer = meterLeafWriter(base);
      expect(() => writer.write(Buffer.alloc(writer.bytes + 31), 32, 0, 900, 1n, 0, 0, '', '')).to.throw(RangeError);
    });

    it('the per-meter encoder refuses a hash that is not 64 hex digits', function () {
      const encode = meterLeafEncoder({
        orgId: 'o',
        meterId: 'm',
        energyKind: 'electricity',
        flow: 'import',
        unit: 'kWh',
      });
      expect(() => encode(0, 900, 1n, 0, 0, 'zz'.repeat(32), '')).to.throw('expected 64 hex digits');
    });
  });
});
