import { expect } from 'chai';
import fc from 'fast-check';
import { AbiCoder, concat, keccak256 } from 'ethers';
import { rawHashOf, rawItemHash, rawItemHashReference } from '../../../services/ingest/rawHash';
import { loadKeccak } from '../../../services/lib/keccak';
import { toHex } from '../../../services/lib/hex';

describe('raw hash', function () {
  before(async function () {
    await loadKeccak();
  });

  const item = fc.record({
    timeField: fc.constantFrom('at' as const, 'start' as const, 'end' as const),
    timeMs: fc.integer({ min: 0, max: 2 ** 45 }),
    value: fc.oneof(fc.stringMatching(/^-?\d{1,40}(\.\d{1,20})?$/), fc.string({ maxLength: 70 })),
    unit: fc.oneof(fc.constantFrom('kWh', 'm3', 'GJ', 't', 'm³', '万Nm3'), fc.string({ maxLength: 40 })),
  });

  it('hashes an item as keccak256(abi.encode(timeField, timeMs, value, unit)) (ethers)', function () {
    const r = { timeField: 'start' as const, timeMs: 1_767_225_600_123, value: '12.50', unit: 'kWh' };
    const expected = keccak256(
      AbiCoder.defaultAbiCoder().encode(
        ['string', 'uint64', 'string', 'string'],
        [r.timeField, r.timeMs, r.value, r.unit],
      ),
    );
    expect(toHex(rawItemHash(r))).to.equal(expected);
  });

  it('the fast path equals the reference encoder for any item', function () {
    fc.assert(
      fc.property(item, (r) => {
        let reference: Uint8Array;
        try {
          reference = rawItemHashReference(r);
        } catch {
          return true; // not encodable (a lone surrogate): both paths refuse, see the next property
        }
        return Buffer.from(rawItemHash(r)).equals(Buffer.from(reference));
      }),
      { numRuns: 1000 },
    );
  });

  it('folds several items as keccak256 of their concatenation, and one item as its keccak256', function () {
    const a = rawItemHash({ timeField: 'at', timeMs: 1, value: '1', unit: 'm3' });
    const b = rawItemHash({ timeField: 'at', timeMs: 2, value: '2', unit: 'm3' });
    expect(toHex(rawHashOf([a, b]) as Uint8Array)).to.equal(keccak256(concat([a, b])));
    expect(toHex(rawHashOf([a]) as Uint8Array)).to.equal(keccak256(a));
    expect(rawHashOf([])).to.equal(null);
  });
});
