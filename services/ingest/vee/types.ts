import type { Meter } from '../../registry/meters';
import type { NormalisedReading } from '../normalise';

/** A cleaned reading to write: one interval of one meter at one revision, with its lineage. */
export interface CleanedRow {
  meterId: string;
  /** Interval start and end, unix seconds. */
  start: number;
  end: number;
  revision: number;
  /** Scaled by 10^QUANTITY_SCALE, in the meter's normalised unit. */
  quantity: bigint;
  flags: number;
  /** Raw readings this value derives from, in lineage order; empty for an estimate. */
  rawIds: number[];
  rawItemHashes: Uint8Array[];
  signatureHash: string | null;
  /** For a revision: the current value it replaces (daily rollups add the difference). */
  replaces?: { quantity: bigint; flags: number };
}

/** The current (highest) revision of a stored interval. */
export interface CurrentReading {
  start: number;
  revision: number;
  quantity: bigint;
  flags: number;
  rawIds: number[];
}

/** A raw reading in a value's lineage. */
export interface LineageItem {
  hash: Uint8Array;
  /** Normalised quantity (or register value), scaled by 10^QUANTITY_SCALE. */
  quantity: bigint;
}

/** An accepted register read: the raw reading's normalised register value at instant t. */
export interface RegisterRead {
  t: number;
  quantity: bigint;
  flags: number;
  rawId: number;
  rawItemHash: Uint8Array;
  signatureHash: string | null;
}

/** Where each meter's series stands (table meter_state). */
export interface MeterState {
  lastStart: number | null;
  lastQuantity: bigint | null;
  lastRegister: RegisterRead | null;
}

/** What VEE may look up in the stored series; implemented over the ingest transaction by veeStore.ts. */
export interface VeeStore {
  /** Current revisions of intervals starting in [fromS, toS]. */
  currentReadings(meter: Meter, fromS: number, toS: number): Promise<Map<number, CurrentReading>>;
  /** Stored raw readings by id: their item hash (README: raw hash) and normalised quantity. */
  rawLineage(meter: Meter, rawIds: number[]): Promise<Map<number, LineageItem>>;
  /**
   * Normalised quantities of every stored raw reading (accepted or conflicting) for the interval starting at `t`
   * (interval meters) or read at `t` (registers): a reading equal to one of them was received before.
   */
  rawQuantitiesAt(meter: Meter, t: number): Promise<bigint[]>;
  /** Accepted register reads with t in [fromS, toS], plus the nearest one before fromS. */
  registerReads(meter: Meter, fromS: number, toS: number): Promise<RegisterRead[]>;
  /** Mean measured quantity of each slot's same time of day over the `days` preceding days, where any exist. */
  profileMeans(meter: Meter, slots: number[], days: number): Promise<Map<number, bigint>>;
}

export type RawStatus = 'accepted' | 'conflict';

/** A received reading with the raw id reserved for it. */
export interface IdentifiedReading extends NormalisedReading {
  rawId: number;
}

export type NoticeKind =
  'duplicate' | 'conflict' | 'revised' | 'estimated' | 'spike' | 'negative' | 'rollover' | 'meter_reset';

export interface Notice {
  /** Index of the reading in the request; -1 for estimates that no reading carries. */
  index: number;
  kind: NoticeKind;
  meter: string;
  start: string;
  message: string;
}

export interface MeterOutcome {
  rows: CleanedRow[];
  /** Raw readings to store with their status; exact duplicates are absent (stored once already). */
  raw: { reading: IdentifiedReading; status: RawStatus }[];
  duplicates: IdentifiedReading[];
  state: MeterState;
  notices: Notice[];
}
