import { abiEncode, type AbiValue } from './abiEncode';
import { keccak256 } from './keccak';
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
  rawHash: string | null; // 0x-hex bytes32
  signatureHash: string | null; // 0x-hex bytes32
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
    r.rawHash ?? ZERO_BYTES32,
    r.signatureHash ?? ZERO_BYTES32,
  ];
}

/** Leaf values as JSON-safe values for receipts: integers beyond 2^53 as decimal strings. */
export function leafValuesJson(r: LeafReading): (string | number)[] {
  return leafValues(r).map((v) => (typeof v === 'bigint' ? v.toString() : (v as string | number)));
}

/** The double-hashed leaf of `r`. */
export function leafHash(r: LeafReading): Uint8Array {
  return keccak256(keccak256(abiEncode(LEAF_TYPES, leafValues(r))));
}

export function leafHashHex(r: LeafReading): string {
  return toHex(leafHash(r));
}

/** Human-readable quantity ("12.500000") of a leaf reading. */
export function leafQuantityText(r: Pick<LeafReading, 'quantity'>): string {
  return formatUnits(r.quantity, QUANTITY_SCALE);
}
