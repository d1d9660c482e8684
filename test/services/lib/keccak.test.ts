import { expect } from 'chai';
import { keccak256 as ethersKeccak } from 'ethers';
import fc from 'fast-check';
import { keccak256, keccak256Pair, loadKeccak } from '../../../services/lib/keccak';
import { toHex } from '../../../services/lib/hex';

describe('keccak', function () {
  before(async function () {
    await loadKeccak();
  });

  it('hashes the empty input to the Ethereum keccak256 constant', function () {
    expect(toHex(keccak256(new Uint8Array(0)))).to.equal(
      '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
  });

  it('returns a fresh array each call (no view into WASM memory)', function () {
    const a = keccak256(Uint8Array.of(1));
    const copy = toHex(a);
    keccak256(Uint8Array.of(2));
    expect(toHex(a)).to.equal(copy);
  });

  it('property: equals ethers keccak256', function () {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(toHex(keccak256(data))).to.equal(ethersKeccak(data));
      }),
      { numRuns: 300 },
    );
  });

  it('property: keccak256Pair(a, b) = keccak256(a ‖ b)', function () {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 80 }), (a, b) => {
        expect(toHex(keccak256Pair(a, b))).to.equal(toHex(keccak256(Uint8Array.from([...a, ...b]))));
      }),
    );
  });
});
