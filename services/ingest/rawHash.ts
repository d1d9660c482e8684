import { abiEncode } from '../lib/abiEncode';
import { hashOffThread } from '../lib/hashThread';
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
 * Writes the item's ABI encoding at `at` in `out` (which must have room: {@link rawItemEncodedLength}); returns the
 * offset after it. ASCII strings only: callers send anything else through the reference encoder, which also refuses
 * what ABI cannot encode.
 */
function writeRawItem(out: Buffer, at: number, item: RawItem): number {
  const { timeField, timeMs, value, unit } = item;
  const fieldAt = 4 * WORD;
  const valueAt = fieldAt + WORD + padded(timeField.length);
  const unitAt = valueAt + WORD + padded(value.length);
  const size = unitAt + WORD + padded(unit.length);
  out.fill(0, at, at + size);
  const word = (offset: number, n: number) => {
    out.writeUInt32BE(Math.floor(n / 0x1_0000_0000), at + offset + 24);
    out.writeUInt32BE(n >>> 0, at + offset + 28);
  };
  word(0, fieldAt);
  word(WORD, timeMs);
  word(2 * WORD, valueAt);
  word(3 * WORD, unitAt);
  word(fieldAt, timeField.length);
  out.write(timeField, at + fieldAt + WORD, 'latin1');
  word(valueAt, value.length);
  out.write(value, at + valueAt + WORD, 'latin1');
  word(unitAt, unit.length);
  out.write(unit, at + unitAt + WORD, 'latin1');
  return at + size;
}

function rawItemEncodedLength(item: RawItem): number {
  return 7 * WORD + padded(item.timeField.length) + padded(item.value.length) + padded(item.unit.length);
}

function fastPath(item: RawItem): boolean {
  return /^[\x00-\x7f]*$/.test(item.value + item.unit) && Number.isSafeInteger(item.timeMs) && item.timeMs >= 0;
}

/**
 * The item hash, encoded straight into a reused buffer (for a stored raw reading read back one at a time).
 * {@link rawItemHashes} hashes a request's items together.
 */
export function rawItemHash(item: RawItem): Uint8Array {
  if (!fastPath(item)) return rawItemHashReference(item);
  const size = rawItemEncodedLength(item);
  if (scratch.length < size) scratch = Buffer.alloc(size * 2);
  return keccak256(scratch.subarray(0, writeRawItem(scratch, 0, item)));
}

/**
 * The item hashes of many raw readings (a request's), encoded end to end into one buffer and hashed thousands per
 * call into the WebAssembly keccak, on the hash thread when `offThread` (services/lib/hashThread.ts); each digest is
 * a 32-byte view into one shared buffer.
 */
export async function rawItemHashes(
  items: readonly RawItem[],
  options: { offThread: boolean } = { offThread: false },
): Promise<Uint8Array[]> {
  let total = 0;
  for (const item of items) total += fastPath(item) ? rawItemEncodedLength(item) : 0;
  const messages = Buffer.allocUnsafeSlow(total);
  const ends = new Uint32Array(items.length);
  const slow: number[] = [];
  let at = 0;
  items.forEach((item, i) => {
    if (fastPath(item)) at = writeRawItem(messages, at, item);
    else slow.push(i);
    ends[i] = at;
  });
  const digests = await hashOffThread({ kind: 'each', messages, ends }, options);
  // A slow item got an empty message above; its digest is replaced by the reference encoder's.
  for (const i of slow) digests.set(rawItemHashReference(items[i]), 32 * i);
  return items.map((_, i) => digests.subarray(32 * i, 32 * i + 32));
}

/** The raw hash over item hashes in lineage order; null for a value with no raw reading behind it. */
export function rawHashOf(itemHashes: readonly Uint8Array[]): Uint8Array | null {
  if (itemHashes.length === 0) return null;
  if (itemHashes.length === 1) return keccak256(itemHashes[0]);
  return keccak256(Buffer.concat(itemHashes));
}

/**
 * The messages whose keccak256 are the raw hashes of many cleaned rows (each row given by its item hashes in lineage
 * order), end to end: row i's message ends at `ends[i]`, and an empty message means the row has no raw hash.
 */
export function rawHashMessages(itemHashesOfRows: readonly (readonly Uint8Array[])[]): {
  messages: Uint8Array;
  ends: Uint32Array;
} {
  let total = 0;
  for (const items of itemHashesOfRows) total += 32 * items.length;
  const messages = new Uint8Array(total);
  const ends = new Uint32Array(itemHashesOfRows.length);
  let at = 0;
  itemHashesOfRows.forEach((items, i) => {
    for (const item of items) {
      messages.set(item, at);
      at += item.length;
    }
    ends[i] = at;
  });
  return { messages, ends };
}
