import { isoUtc } from '../../lib/time';
import type { Meter } from '../../registry/meters';
import type { CleanedRow, CurrentReading, MeterState, Notice, NoticeKind, VeeStore } from './types';

/** The current-reading view of a row just produced, so later readings in the same request see it. */
export function asCurrent(row: CleanedRow): CurrentReading {
  return { start: row.start, revision: row.revision, quantity: row.quantity, flags: row.flags, rawIds: row.rawIds };
}

export function notice(meter: Meter, index: number, kind: NoticeKind, start: number, message: string): Notice {
  return { index, kind, meter: meter.externalId, start: isoUtc(start * 1000), message };
}

/**
 * The current revisions VEE needs to see: those stored in [fromS, toS] when late data reaches back there, plus the
 * series' last interval (from the meter state, so in-order data needs no query) for the spike check.
 */
export async function knownCurrent(
  meter: Meter,
  state: MeterState,
  store: VeeStore,
  range: { fromS: number; toS: number } | undefined,
): Promise<Map<number, CurrentReading>> {
  const current = range
    ? await store.currentReadings(meter, range.fromS, range.toS)
    : new Map<number, CurrentReading>();
  if (state.lastStart !== null && state.lastQuantity !== null && !current.has(state.lastStart)) {
    current.set(state.lastStart, {
      start: state.lastStart,
      revision: 0,
      quantity: state.lastQuantity,
      flags: 0,
      rawIds: [],
    });
  }
  return current;
}
