import { abiEncode } from '../lib/abiEncode';
import { keccak256 } from '../lib/keccak';
import type { TimeField } from './received';

/**
 * The raw hash binds a cleaned reading to the raw readings it derives from, so the anchored leaf also proves the raw
 * values. Each raw reading is the item `keccak256(abi.encode(string timeField, uint64 timeMs, string value,
 * string unit))` with `value` the received decimal in canonical text (scale kept: "1.50"); the raw hash is
 * `keccak256(item_1 ‖ item_2 ‖ ...)` over the items in lineage order.
 */
export const RAW_ITEM_TYPES = ['string', 'uint64', 'string', 'string'] as const;

export interface RawItem {
  timeField: TimeField;
  timeMs: number;
  value: string;
  unit: string;
}

/** The item hash by the general ABI encoder (the reference for {@link rawItemHash}). */
export function rawItemHashReference(item: RawItem): Uint8Array {
  return keccak256(abiEncode(RAW_ITEM_TYPES, [item.timeField, item.timeMs, item.value, item.unit]));
}

const WORD = 32;
let scratch = Buffer.alloc(1024);

const padded = (length: number) => Math.ceil(length / WORD) * WORD;

/**
 * The item hash, encoded straight into a reused buffer (one per reading on the ingest hot path). The strings are
 * ASCII in practice; anything else goes through the reference encoder, which also refuses what ABI cannot encode.
 */
export function rawItemHash(item: RawItem): Uint8Array {
  const { timeField, timeMs, value, unit } = item;
  if (!/^[\x00-\x7f]*$/.test(value + unit) || !Number.isSafeInteger(timeMs) || timeMs < 0)
    return rawItemHashReference(item);
  const fieldAt = 4 * WORD;
  const valueAt = fieldAt + WORD + padded(timeField.length);
  const unitAt = valueAt + WORD + padded(value.length);
  const size = unitAt + WORD + padded(unit.length);
  if (scratch.length < size) scratch = Buffer.alloc(size * 2);
  const out = scratch.subarray(0, size);
  out.fill(0);
  const word = (at: number, n: number) => {
    out.writeUInt32BE(Math.floor(n / 0x1_0000_0000), at + 24);
    out.writeUInt32BE(n >>> 0, at + 28);
  };
  word(0, fieldAt);
  word(WORD, timeMs);
  word(2 * WORD, valueAt);
  word(3 * WORD, unitAt);
  word(fieldAt, timeField.length);
  out.write(timeField, fieldAt + WORD, 'latin1');
  word(valueAt, value.length);
  out.write(value, valueAt + WORD, 'latin1');
  word(unitAt, unit.length);
  out.write(unit, unitAt + WORD, 'latin1');
  return keccak256(out);
}

/** The raw hash over item hashes in lineage order; null for a value with no raw reading behind it. */
export function rawHashOf(itemHashes: readonly Uint8Array[]): Uint8Array | null {
  if (itemHashes.length === 0) return null;
  if (itemHashes.length === 1) return keccak256(itemHashes[0]);
  return keccak256(Buffer.concat(itemHashes));
}
