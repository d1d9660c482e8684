import { abiEncode, type AbiValue } from './abiEncode';
import { keccak256, keccak256Each, keccak256Words } from './keccak';
import { toHex, ZERO_BYTES32 } from './hex';
import { formatUnits } from './decimal';

/**
 * Leaf schema v1: what exactly is anchored for one cleaned reading. The leaf is the OpenZeppelin StandardMerkleTree
 * leaf, `keccak256(bytes.concat(keccak256(abi.encode(values))))`; hashing twice makes a leaf impossible to pass off as
 * an inner node (second-preimage resistance). The types and their order below are a promise: a new field means a
 * new schema version, and old receipts keep verifying under their own version.
 */
export const LEAF_SCHEMA_VERSION = 1;

export const LEAF_FIELDS = [
  ['leafVersion', 'uint16', 'Schema version, 1.'],
  ['organisation', 'string', 'Organisation UUID.'],
  ['meter', 'string', 'Meter UUID.'],
  ['energyKind', 'string', 'Energy carrier, e.g. "electricity", "natural_gas" (README: energy kinds).'],
  ['flow', 'string', '"import" (consumed or purchased) or "export" (delivered out of the boundary).'],
  ['intervalStart', 'uint64', 'Interval start, unix seconds (UTC).'],
  ['intervalEnd', 'uint64', 'Interval end, unix seconds (UTC), exclusive.'],
  ['quantity', 'int256', 'Quantity in the normalised unit, scaled by 10^quantityScale (an integer).'],
  ['quantityScale', 'uint8', 'Decimal places of quantity, 6.'],
  ['unit', 'string', 'Normalised unit: kWh, m3, GJ, t.'],
  ['flags', 'uint32', 'Quality flags bitmask (README: quality flags).'],
  ['revision', 'uint32', '0 for the first value of an interval, +1 for each later revision.'],
  ['rawHash', 'bytes32', 'keccak256 binding the raw readings this value derives from; zero for a pure estimate.'],
  ['signatureHash', 'bytes32', 'keccak256 of the gateway signature over the source batch; zero when unsigned.'],
] as const;

export const LEAF_TYPES: readonly string[] = LEAF_FIELDS.map(([, type]) => type);
export const LEAF_NAMES: readonly string[] = LEAF_FIELDS.map(([name]) => name);
export const QUANTITY_SCALE = 6;

/** The cleaned reading as the leaf sees it. */
export interface LeafReading {
  orgId: string;
  meterId: string;
  energyKind: string;
  flow: 'import' | 'export';
  intervalStart: number; // unix seconds
  intervalEnd: number; // unix seconds
  quantity: bigint; // scaled by 10^QUANTITY_SCALE
  unit: string;
  flags: number;
  revision: number;
  rawHash: string | Uint8Array | null; // bytes32, as 0x-hex or bytes
  signatureHash: string | Uint8Array | null; // bytes32, as 0x-hex or bytes
}

function asHex(value: string | Uint8Array | null): string | null {
  return value === null || typeof value === 'string' ? value : toHex(value);
}

/** The leaf values in schema order, as ABI values (bigint for int256). */
export function leafValues(r: LeafReading): AbiValue[] {
  return [
    LEAF_SCHEMA_VERSION,
    r.orgId,
    r.meterId,
    r.energyKind,
    r.flow,
    r.intervalStart,
    r.intervalEnd,
    r.quantity,
    QUANTITY_SCALE,
    r.unit,
    r.flags,
    r.revision,
    asHex(r.rawHash) ?? ZERO_BYTES32,
    asHex(r.signatureHash) ?? ZERO_BYTES32,
  ];
}

/** Leaf values as JSON-safe values for receipts: integers beyond 2^53 as decimal strings. */
export function leafValuesJson(r: LeafReading): (string | number)[] {
  return leafValues(r).map((v) => (typeof v === 'bigint' ? v.toString() : (v as string | number)));
}

/** The double-hashed leaf of `r`, computed by the general ABI encoder (the reference for {@link leafHash}). */
export function leafHashReference(r: LeafReading): Uint8Array {
  return keccak256(keccak256(abiEncode(LEAF_TYPES, leafValues(r))));
}

// The fast path. A leaf's five strings (organisation, meter, energy kind, flow, unit) are the same for every reading
// of a meter, so the encoding is a per-meter template (head offsets, constants and string tails) in which only the
// words of the interval, quantity, flags, revision and hashes change. Written into one reused buffer and hashed at
// once: no allocation per reading beyond the digests. Tests hold it byte-equal to the reference and to ethers.
const WORD = 32;
const templates = new Map<string, Buffer>();
const TEMPLATE_CACHE_MAX = 50_000;
let scratch = Buffer.alloc(0);
const SMALL = 2n ** 53n;

function template(r: LeafReading): Buffer {
  const key = `${r.orgId}\u0000${r.meterId}\u0000${r.energyKind}\u0000${r.flow}\u0000${r.unit}`;
  let t = templates.get(key);
  if (!t) {
    t = Buffer.from(
      abiEncode(
        LEAF_TYPES,
        leafValues({
          ...r,
          intervalStart: 0,
          intervalEnd: 0,
          quantity: 0n,
          flags: 0,
          revision: 0,
          rawHash: null,
          signatureHash: null,
        }),
      ),
    );
    if (templates.size >= TEMPLATE_CACHE_MAX) templates.clear();
    templates.set(key, t);
  }
  return t;
}

function writeUint(out: Buffer, word: number, value: number): void {
  out.writeUInt32BE(Math.floor(value / 0x1_0000_0000), word * WORD + 24);
  out.writeUInt32BE(value >>> 0, word * WORD + 28);
}

function writeInt256(out: Buffer, word: number, value: bigint): void {
  const offset = word * WORD;
  if (value >= 0n && value < SMALL) {
    writeUint(out, word, Number(value));
    return;
  }
  const twos = value < 0n ? (1n << 256n) + value : value;
  for (let i = 0; i < 4; i++)
    out.writeBigUInt64BE((twos >> BigInt(192 - 64 * i)) & 0xffffffffffffffffn, offset + 8 * i);
}

function writeBytes32(out: Buffer, word: number, hex: string | Uint8Array | null): void {
  if (hex === null) return;
  if (typeof hex !== 'string') {
    if (hex.length !== 32) throw new Error(`expected 32 bytes, got ${hex.length}`);
    out.set(hex, word * WORD);
    return;
  }
  if (hex.length !== 66 || !/^0x[0-9a-fA-F]{64}$/.test(hex))
    throw new Error(`expected bytes32 hex, got ${hex.slice(0, 24)}`);
  out.write(hex.slice(2), word * WORD, 32, 'hex');
}

/** The double-hashed leaf of `r`: keccak256(bytes.concat(keccak256(abi.encode(leafValues(r))))). */
export function leafHash(r: LeafReading): Uint8Array {
  // Out of the fast path's range: let the general encoder check and refuse.
  if (!inFastRange(r)) return leafHashReference(r);
  const t = template(r);
  if (scratch.length !== t.length) scratch = Buffer.alloc(t.length);
  writeLeafEncoding(scratch, 0, t, r);
  return keccak256(keccak256(scratch));
}

function inFastRange(r: LeafReading): boolean {
  return (
    Number.isSafeInteger(r.intervalStart) &&
    Number.isSafeInteger(r.intervalEnd) &&
    r.intervalStart >= 0 &&
    r.intervalEnd >= 0
  );
}

/** Writes `r`'s encoding over its template at `at` (a multiple of 32) in `out`; returns the offset after it. */
function writeLeafEncoding(out: Buffer, at: number, t: Buffer, r: LeafReading): number {
  const base = at / WORD;
  t.copy(out, at);
  writeUint(out, base + 5, r.intervalStart);
  writeUint(out, base + 6, r.intervalEnd);
  writeInt256(out, base + 7, r.quantity);
  writeUint(out, base + 10, r.flags >>> 0);
  writeUint(out, base + 11, r.revision >>> 0);
  writeBytes32(out, base + 12, r.rawHash);
  writeBytes32(out, base + 13, r.signatureHash);
  return at + t.length;
}

/**
 * The ABI encodings of many readings laid end to end, with the end of each: the input of {@link leafHashesOf}
 * (which may run on another thread). A reading out of the fast path's range gets an empty encoding and its index in
 * `outliers`, whose leaves the caller takes from {@link leafHash}.
 */
export function leafEncodings(readings: readonly LeafReading[]): {
  encodings: Uint8Array;
  ends: Uint32Array;
  outliers: number[];
} {
  const ends = new Uint32Array(readings.length);
  const outliers: number[] = [];
  const templatesOf: Buffer[] = new Array<Buffer>(readings.length);
  let total = 0;
  let last: LeafReading | undefined;
  let lastTemplate: Buffer | undefined;
  readings.forEach((r, i) => {
    if (!inFastRange(r)) {
      outliers.push(i);
      return;
    }
    // Readings of one meter come together: reuse the previous template when the strings are the same.
    const same =
      last !== undefined &&
      last.meterId === r.meterId &&
      last.orgId === r.orgId &&
      last.energyKind === r.energyKind &&
      last.flow === r.flow &&
      last.unit === r.unit;
    const t = same ? (lastTemplate as Buffer) : template(r);
    last = r;
    lastTemplate = t;
    templatesOf[i] = t;
    total += t.length;
  });
  // Its own memory (never Node's shared pool), so that it can be handed to the hash thread without a copy.
  const encodings = Buffer.allocUnsafeSlow(total);
  let at = 0;
  readings.forEach((r, i) => {
    const t = templatesOf[i];
    if (t !== undefined) at = writeLeafEncoding(encodings, at, t, r);
    ends[i] = at;
  });
  return { encodings, ends, outliers };
}

/** The leaves of many readings, packed 32 bytes each in reading order; equal to {@link leafHash} of each. */
export function packedLeafHashes(readings: readonly LeafReading[]): Uint8Array {
  const { encodings, ends, outliers } = leafEncodings(readings);
  const out = new Uint8Array(32 * readings.length);
  leafHashesOf(encodings, ends, out);
  for (const i of outliers) out.set(leafHash(readings[i]), 32 * i);
  return out;
}

/** Word of the raw hash in a leaf's encoding (its place in {@link LEAF_FIELDS}). */
const RAW_HASH_WORD = 12;

/**
 * Leaves of encodings from {@link leafEncodings} written without their raw hashes: each reading's raw hash is
 * keccak256 of its raw item hashes (message i of `rawMessages`, ending at `rawEnds[i]`; an empty message means no raw
 * hash and leaves the zero word), written into its encoding (which is modified), then the leaf is hashed. Returns
 * 64 bytes per reading: the raw hashes (zero for none), then the leaves. Pure, so it runs on the hash thread too.
 */
export function leavesWithRawHashes(
  encodings: Uint8Array,
  ends: Uint32Array,
  rawMessages: Uint8Array,
  rawEnds: Uint32Array,
): Uint8Array {
  const n = ends.length;
  const out = new Uint8Array(64 * n);
  const rawHashes = out.subarray(0, 32 * n);
  keccak256Each(rawMessages, rawEnds, rawHashes);
  for (let i = 0; i < n; i++) {
    const rawStart = i === 0 ? 0 : rawEnds[i - 1];
    const at = i === 0 ? 0 : ends[i - 1];
    if (rawEnds[i] === rawStart) {
      rawHashes.fill(0, 32 * i, 32 * i + 32);
    } else if (ends[i] - at >= (RAW_HASH_WORD + 1) * WORD) {
      encodings.set(rawHashes.subarray(32 * i, 32 * i + 32), at + RAW_HASH_WORD * WORD);
    }
  }
  leafHashesOf(encodings, ends, out.subarray(32 * n));
  return out;
}

/** Writes 32 bytes from 64 hex digits (no 0x), refusing anything shorter or not hex. */
function writeHexWord(out: Buffer, word: number, hex: string): void {
  if (hex.length !== 64 || out.write(hex, word * WORD, 32, 'hex') !== 32) {
    throw new Error(`expected 64 hex digits, got ${hex.slice(0, 24)}`);
  }
}

/** Writes ABI encodings of readings of one meter, its strings encoded once (see {@link meterLeafWriter}). */
export interface MeterLeafWriter {
  /** Length of every encoding it writes. */
  readonly bytes: number;
  /** Writes one reading's `abi.encode(leafValues(r))` at `at` in `out`; returns the offset after it. */
  write(
    out: Buffer,
    at: number,
    intervalStart: number,
    intervalEnd: number,
    quantity: bigint,
    flags: number,
    revision: number,
    rawHashHex: string,
    signatureHashHex: string,
  ): number;
}

/**
 * Encodings of many readings of one meter (a verifier rebuilding a batch): the meter's strings encoded once, each
 * reading written over a copy of that template wherever the caller gathers encodings to hash them together. Hashes are
 * given as 64 hex digits without 0x, or '' for none. Equal to the general encoder (tests hold it so).
 */
export function meterLeafWriter(
  meter: Pick<LeafReading, 'orgId' | 'meterId' | 'energyKind' | 'flow' | 'unit'>,
): MeterLeafWriter {
  const blank = { ...meter, intervalStart: 0, intervalEnd: 0, quantity: 0n, flags: 0, revision: 0 };
  const t = Buffer.from(abiEncode(LEAF_TYPES, leafValues({ ...blank, rawHash: null, signatureHash: null })));
  return {
    bytes: t.length,
    write(out, at, intervalStart, intervalEnd, quantity, flags, revision, rawHashHex, signatureHashHex) {
      if (
        !Number.isSafeInteger(intervalStart) ||
        !Number.isSafeInteger(intervalEnd) ||
        intervalStart < 0 ||
        intervalEnd < 0
      ) {
        // Out of the fast path's range: the general encoder checks and refuses, or encodes the same words.
        const reference = abiEncode(
          LEAF_TYPES,
          leafValues({
            ...blank,
            intervalStart,
            intervalEnd,
            quantity,
            flags,
            revision,
            rawHash: rawHashHex === '' ? null : `0x${rawHashHex}`,
            signatureHash: signatureHashHex === '' ? null : `0x${signatureHashHex}`,
          }),
        );
        out.set(reference, at);
        return at + reference.length;
      }
      const base = at / WORD;
      if (!Number.isInteger(base) || at + t.length > out.length) {
        throw new RangeError(`no room for a ${t.length}-byte encoding at byte ${at} of ${out.length}`);
      }
      t.copy(out, at);
      writeUint(out, base + 5, intervalStart);
      writeUint(out, base + 6, intervalEnd);
      writeInt256(out, base + 7, quantity);
      writeUint(out, base + 10, flags >>> 0);
      writeUint(out, base + 11, revision >>> 0);
      if (rawHashHex !== '') writeHexWord(out, base + 12, rawHashHex);
      if (signatureHashHex !== '') writeHexWord(out, base + 13, signatureHashHex);
      return at + t.length;
    },
  };
}

/**
 * Leaves of many readings of one meter, one at a time: {@link meterLeafWriter} into its own buffer, then hashed.
 * Equal to {@link leafHash}.
 */
export function meterLeafEncoder(
  meter: Pick<LeafReading, 'orgId' | 'meterId' | 'energyKind' | 'flow' | 'unit'>,
): (
  intervalStart: number,
  intervalEnd: number,
  quantity: bigint,
  flags: number,
  revision: number,
  rawHashHex: string,
  signatureHashHex: string,
) => Uint8Array {
  const writer = meterLeafWriter(meter);
  const out = Buffer.alloc(writer.bytes);
  return (intervalStart, intervalEnd, quantity, flags, revision, rawHashHex, signatureHashHex) => {
    const end = writer.write(
      out,
      0,
      intervalStart,
      intervalEnd,
      quantity,
      flags,
      revision,
      rawHashHex,
      signatureHashHex,
    );
    return keccak256(keccak256(out.subarray(0, end)));
  };
}

/**
 * Leaves of many ABI encodings laid end to end (encoding i ends at `ends[i]`), into `out` at 32 bytes each:
 * keccak256(keccak256(encoding)), hashed a few thousand per call.
 */
export function leafHashesOf(encodings: Uint8Array, ends: ArrayLike<number>, out: Uint8Array): void {
  const leaves = out.subarray(0, 32 * ends.length);
  keccak256Each(encodings, ends, leaves);
  keccak256Words(leaves, leaves);
}

export function leafHashHex(r: LeafReading): string {
  return toHex(leafHash(r));
}

/** Human-readable quantity ("12.500000") of a leaf reading. */
export function leafQuantityText(r: Pick<LeafReading, 'quantity'>): string {
  return formatUnits(r.quantity, QUANTITY_SCALE);
}
