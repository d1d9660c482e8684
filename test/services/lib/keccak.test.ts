import { expect } from 'chai';
import { getBytes, keccak256 as ethersKeccak } from 'ethers';
import fc from 'fast-check';
import {
  keccak256,
  keccak256Each,
  keccak256Pair,
  keccak256SortedPairs,
  keccak256Words,
  loadKeccak,
} from '../../../services/lib/keccak';
import { toHex } from '../../../services/lib/hex';

/** Lengths around the 136-byte rate (one block, two blocks) and the leaf encoding, where padding changes shape. */
const BOUNDARIES = [0, 1, 31, 32, 33, 63, 64, 65, 134, 135, 136, 137, 271, 272, 273, 407, 408, 409, 448, 1000];
const length = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(...BOUNDARIES));
const message = length.chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
const word = fc.uint8Array({ minLength: 32, maxLength: 32 });

function digests(out: Uint8Array): string[] {
  return Array.from({ length: out.length / 32 }, (_, i) => toHex(out.subarray(32 * i, 32 * i + 32)));
}

/** Messages laid end to end with their end offsets, as keccak256Each takes them. */
function laidOut(messages: readonly Uint8Array[]): { data: Uint8Array; ends: Uint32Array } {
  const ends = new Uint32Array(messages.length);
  let at = 0;
  messages.forEach((m, i) => (ends[i] = at += m.length));
  const data = new Uint8Array(at);
  messages.forEach((m, i) => data.set(m, ends[i] - m.length));
  return { data, ends };
}

describe('keccak', function () {
  before(async function () {
    await loadKeccak();
  });

  describe('keccak256', function () {
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

    it('equals ethers keccak256 at every length from 0 to 1000 bytes', function () {
      const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 151 + 7) & 0xff);
      for (let n = 0; n <= 1000; n++) {
        expect(toHex(keccak256(data.subarray(0, n))), `${n} bytes`).to.equal(ethersKeccak(data.subarray(0, n)));
      }
    });

    it('property: equals ethers keccak256', function () {
      fc.assert(
        fc.property(message, (data) => {
          expect(toHex(keccak256(data))).to.equal(ethersKeccak(data));
        }),
        { numRuns: 500 },
      );
    });

    // Around the largest input hashed in one call (the module's 4 MiB less its digest and offset regions); larger
    // inputs are streamed through that memory, a whole number of blocks per call.
    for (const n of [4_045_823, 4_045_824, 4_045_825, 9_000_001]) {
      it(`equals ethers keccak256 for an input of ${n.toLocaleString('en')} bytes`, function () {
        const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + (i >>> 9)) & 0xff);
        expect(toHex(keccak256(data))).to.equal(ethersKeccak(data));
      });
    }
  });

  describe('keccak256Pair', function () {
    it('property: keccak256Pair(a, b) = keccak256(a ‖ b)', function () {
      fc.assert(
        fc.property(message, message, (a, b) => {
          expect(toHex(keccak256Pair(a, b))).to.equal(ethersKeccak(Uint8Array.from([...a, ...b])));
        }),
      );
    });

    it('streams a pair larger than the module memory', function () {
      const a = new Uint8Array(3_000_000).fill(7);
      const b = new Uint8Array(3_000_000).fill(9);
      expect(toHex(keccak256Pair(a, b))).to.equal(ethersKeccak(Buffer.concat([a, b])));
    });
  });

  describe('keccak256Each', function () {
    it('property: digest i = ethers keccak256 of message i', function () {
      fc.assert(
        fc.property(fc.array(message, { maxLength: 40 }), (messages) => {
          const { data, ends } = laidOut(messages);
          const out = new Uint8Array(32 * messages.length);
          keccak256Each(data, ends, out);
          expect(digests(out)).to.deep.equal(messages.map((m) => ethersKeccak(m)));
        }),
        { numRuns: 200 },
      );
    });

    it('property: the same, over runs of messages of one length (hashed two at a time)', function () {
      const run = fc
        .tuple(fc.constantFrom(...BOUNDARIES), fc.integer({ min: 1, max: 5 }))
        .chain(([n, count]) =>
          fc.array(fc.uint8Array({ minLength: n, maxLength: n }), { minLength: count, maxLength: count }),
        );
      fc.assert(
        fc.property(fc.array(run, { maxLength: 10 }), (runs) => {
          const messages = runs.flat();
          const { data, ends } = laidOut(messages);
          const out = new Uint8Array(32 * messages.length);
          keccak256Each(data, ends, out);
          expect(digests(out)).to.deep.equal(messages.map((m) => ethersKeccak(m)));
        }),
        { numRuns: 200 },
      );
    });

    it('hashes more messages than one call into WebAssembly takes (4,096), around a message larger than its memory', function () {
      const messages = Array.from({ length: 10_000 }, (_, i) => new Uint8Array((i * 7919) % 600).fill(i & 0xff));
      messages[5_000] = new Uint8Array(5_000_000).fill(3);
      const { data, ends } = laidOut(messages);
      const out = new Uint8Array(32 * messages.length);
      keccak256Each(data, ends, out);
      expect(digests(out)).to.deep.equal(messages.map((m) => ethersKeccak(m)));
    });

    it('refuses ends that go backwards', function () {
      expect(() => keccak256Each(new Uint8Array(10), [5, 3], new Uint8Array(64))).to.throw(RangeError);
    });

    it('refuses ends past the messages', function () {
      expect(() => keccak256Each(new Uint8Array(10), [11], new Uint8Array(32))).to.throw(RangeError);
    });

    it('refuses an out too small for the digests', function () {
      expect(() => keccak256Each(new Uint8Array(10), [5, 10], new Uint8Array(32))).to.throw(RangeError);
    });
  });

  describe('keccak256Words', function () {
    it('property: digest i = ethers keccak256 of word i', function () {
      fc.assert(
        fc.property(fc.array(word, { maxLength: 40 }), (words) => {
          const out = new Uint8Array(32 * words.length);
          keccak256Words(laidOut(words).data, out);
          expect(digests(out)).to.deep.equal(words.map((w) => ethersKeccak(w)));
        }),
      );
    });

    it('hashes in place, over more words than one call takes', function () {
      const words = Uint8Array.from({ length: 32 * 9_000 }, (_, i) => (i * 13) & 0xff);
      const expected = digests(words).map((w) => ethersKeccak(w));
      keccak256Words(words, words);
      expect(digests(words)).to.deep.equal(expected);
    });

    it('refuses a length that is not a multiple of 32', function () {
      expect(() => keccak256Words(new Uint8Array(33), new Uint8Array(64))).to.throw(RangeError);
    });
  });

  describe('keccak256SortedPairs', function () {
    /** A pair of nodes equal up to a random byte, or entirely (then order cannot matter). */
    const pair = fc.tuple(word, fc.integer({ min: 0, max: 32 }), fc.boolean()).map(([a, same, swap]) => {
      const b = Uint8Array.from(a);
      if (same < 32) b[same] ^= 1 << (same % 8);
      return swap ? [b, a] : [a, b];
    });

    function sortedPairDigest([a, b]: Uint8Array[]): string {
      return ethersKeccak(Buffer.compare(a, b) <= 0 ? Uint8Array.from([...a, ...b]) : Uint8Array.from([...b, ...a]));
    }

    it('property: node i = ethers keccak256 of pair i, the smaller node first', function () {
      fc.assert(
        fc.property(fc.array(fc.oneof(pair, fc.tuple(word, word)), { maxLength: 40 }), (pairs) => {
          const out = new Uint8Array(32 * pairs.length);
          keccak256SortedPairs(laidOut(pairs.flat()).data, out);
          expect(digests(out)).to.deep.equal(pairs.map(sortedPairDigest));
        }),
        { numRuns: 300 },
      );
    });

    it('hashes more pairs than one call takes', function () {
      const nodes = Uint8Array.from({ length: 64 * 9_000 }, (_, i) => (i * 29 + (i >>> 6)) & 0xff);
      const out = new Uint8Array(nodes.length / 2);
      keccak256SortedPairs(nodes, out);
      const pairs = Array.from({ length: 9_000 }, (_, i) => [
        nodes.subarray(64 * i, 64 * i + 32),
        nodes.subarray(64 * i + 32, 64 * i + 64),
      ]);
      expect(digests(out)).to.deep.equal(pairs.map(sortedPairDigest));
    });

    it('refuses an odd number of nodes', function () {
      expect(() => keccak256SortedPairs(new Uint8Array(96), new Uint8Array(64))).to.throw(RangeError);
    });
  });

  it('agrees with ethers when used from a worker thread', async function () {
    const { Worker } = await import('node:worker_threads');
    const script = `
      require('ts-node').register({ transpileOnly: true });
      const { parentPort } = require('node:worker_threads');
      const k = require(${JSON.stringify(require.resolve('../../../services/lib/keccak'))});
      k.loadKeccak().then(() => parentPort.postMessage(Buffer.from(k.keccak256(Buffer.from('nengtan'))).toString('hex')));
    `;
    const worker = new Worker(script, { eval: true });
    const digest = await new Promise<string>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(`0x${digest}`).to.equal(ethersKeccak(getBytes(Buffer.from('nengtan'))));
  });
});
