import { createHash } from 'node:crypto';

/**
 * 1,000,000 bytes from a 64-bit LCG (Knuth's MMIX constants, top byte of each state): reproducible in any language
 * without a fixture file. `ipfs add --cid-version=1 --raw-leaves` gives KUBO_MEGABYTE_CID for them (a public test
 * vector, checked there against Kubo; four 256 KiB chunks under one dag-pb node).
 */
export function lcgBytes(length = 1_000_000): Uint8Array {
  const out = new Uint8Array(length);
  const mask = (1n << 64n) - 1n;
  let state = 1n;
  for (let i = 0; i < length; i++) {
    state = (state * 6364136223846793005n + 1442695040888963407n) & mask;
    out[i] = Number(state >> 56n);
  }
  return out;
}

export const KUBO_MEGABYTE_CID = 'bafybeiczwqoyribvfkrxcuhcjnwva43kuvcrl2h57ergkeszwguynobh5a';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * The CIDv1 of a single raw block, computed from the specs alone (multiformats CID, multihash, RFC 4648 base32
 * lower-case without padding, multibase prefix "b") as an implementation independent of the IPFS libraries.
 */
export function rawBlockCid(bytes: Uint8Array): string {
  const cid = Buffer.concat([Buffer.from([0x01, 0x55, 0x12, 0x20]), createHash('sha256').update(bytes).digest()]);
  let bits = 0;
  let value = 0;
  let out = 'b';
  for (const byte of cid) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}
