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

export function rawItemHash(item: RawItem): Uint8Array {
  return keccak256(abiEncode(RAW_ITEM_TYPES, [item.timeField, item.timeMs, item.value, item.unit]));
}

/** The raw hash over item hashes in lineage order; null for a value with no raw reading behind it. */
export function rawHashOf(itemHashes: readonly Uint8Array[]): Uint8Array | null {
  if (itemHashes.length === 0) return null;
  if (itemHashes.length === 1) return keccak256(itemHashes[0]);
  return keccak256(Buffer.concat(itemHashes));
}
