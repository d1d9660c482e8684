import type { VeeConfig } from '../../runtime/config';
import { divideHalfEven } from '../../lib/decimal';
import { QualityFlag } from '../../lib/qualityFlags';
import type { Meter } from '../../registry/meters';
import { INHERITED_FLAGS, intervalChecks } from './checks';
import { asCurrent, knownCurrent, lineageOf, notice, receivedValues } from './rowFactory';
import type { CleanedRow, IdentifiedReading, MeterOutcome, MeterState, VeeStore } from './types';

/**
 * VEE for an interval meter (each reading is the quantity of one interval). Readings after the series' end extend
 * it, and a gap before them is estimated (interpolated up to `interpolateMaxSeconds`, from the daily profile up to
 * `gapFillMaxSeconds`, left open beyond). Readings inside the series are late data: they fill a hole, replace an
 * estimate (new revision), repeat a value (duplicate, stored once) or contradict one (conflict: the first value
 * stands, the new raw value is kept, and a new revision flags the interval and binds both raw values).
 */
export async function cleanIntervalMeter(
  meter: Meter,
  readings: readonly IdentifiedReading[],
  initial: MeterState,
  store: VeeStore,
  vee: VeeConfig,
): Promise<MeterOutcome> {
  const I = meter.intervalSeconds;
  const checks = intervalChecks(meter);
  const state: MeterState = { ...initial };
  const outcome: MeterOutcome = { rows: [], raw: [], duplicates: [], state, notices: [] };
  const sorted = [...readings].sort((a, b) => a.t - b.t || a.index - b.index);
  const lineage = lineageOf(meter, readings, store);
  const received = receivedValues(meter, store);

  const lateFrom = state.lastStart === null ? undefined : sorted.find((r) => r.t <= (state.lastStart as number))?.t;
  const current = await knownCurrent(
    meter,
    state,
    store,
    lateFrom === undefined ? undefined : { fromS: lateFrom - I, toS: state.lastStart as number },
  );

  const emit = (row: CleanedRow) => {
    outcome.rows.push(row);
    current.set(row.start, asCurrent(row));
  };
  const measured = (r: IdentifiedReading, revision: number, extraFlags: number): CleanedRow => ({
    meterId: meter.id,
    start: r.t,
    end: r.t + I,
    revision,
    quantity: r.quantity,
    flags: (r.flags & INHERITED_FLAGS) | extraFlags | checks(r.quantity, current.get(r.t - I)?.quantity ?? null),
    rawIds: [r.rawId],
    rawItemHashes: [r.rawItemHash],
    signatureHash: r.signatureHash,
  });

  for (const r of sorted) {
    if (state.lastStart === null || r.t > state.lastStart) {
      if (state.lastStart !== null && state.lastQuantity !== null) {
        const estimates = await estimateGap(meter, state.lastStart, state.lastQuantity, r.t, r.quantity, store, vee);
        estimates.forEach(emit);
        if (estimates.length > 0) {
          const how = estimates.some((e) => e.flags & QualityFlag.PROFILED)
            ? 'from the daily profile'
            : 'by interpolation';
          outcome.notices.push(
            notice(
              meter,
              r.index,
              'estimated',
              estimates[0].start,
              `${estimates.length} missing interval(s) before this reading estimated ${how}`,
            ),
          );
        }
      }
      const row = measured(r, 0, 0);
      emit(row);
      outcome.raw.push({ reading: r, status: 'accepted' });
      state.lastStart = r.t;
      state.lastQuantity = r.quantity;
      noteFlags(outcome, meter, r.index, row);
      continue;
    }
    const known = current.get(r.t);
    if (!known) {
      const row = measured(r, 0, 0);
      emit(row);
      outcome.raw.push({ reading: r, status: 'accepted' });
      noteFlags(outcome, meter, r.index, row);
    } else if ((known.flags & QualityFlag.ESTIMATED) !== 0) {
      const row = { ...measured(r, known.revision + 1, QualityFlag.REVISED), replaces: known };
      emit(row);
      outcome.raw.push({ reading: r, status: 'accepted' });
      outcome.notices.push(notice(meter, r.index, 'revised', r.t, 'Replaced an estimate'));
    } else if (known.quantity === r.quantity) {
      outcome.duplicates.push(r);
      outcome.notices.push(notice(meter, r.index, 'duplicate', r.t, 'Same value already stored'));
    } else if (await received.has(r.t, r.quantity)) {
      // The same contradicting value again: it is already kept (and bound into a conflict revision).
      outcome.duplicates.push(r);
      outcome.notices.push(notice(meter, r.index, 'duplicate', r.t, 'Same conflicting value already stored'));
    } else {
      const items = await lineage.get(known.rawIds);
      await received.add(r.t, r.quantity);
      emit({
        meterId: meter.id,
        start: r.t,
        end: r.t + I,
        revision: known.revision + 1,
        quantity: known.quantity,
        flags: known.flags | QualityFlag.CONFLICT | QualityFlag.REVISED,
        rawIds: [...known.rawIds, r.rawId],
        rawItemHashes: [...items.map((item) => item.hash), r.rawItemHash],
        signatureHash: r.signatureHash,
        replaces: known,
      });
      outcome.raw.push({ reading: r, status: 'conflict' });
      outcome.notices.push(
        notice(
          meter,
          r.index,
          'conflict',
          r.t,
          'A different value is already stored; it stands and this one is kept for review',
        ),
      );
    }
  }
  return outcome;
}

/** Estimates the intervals strictly between `fromStart` and `toStart` (exclusive), if the gap is short enough. */
async function estimateGap(
  meter: Meter,
  fromStart: number,
  fromQuantity: bigint,
  toStart: number,
  toQuantity: bigint,
  store: VeeStore,
  vee: VeeConfig,
): Promise<CleanedRow[]> {
  const I = meter.intervalSeconds;
  const missing = (toStart - fromStart) / I - 1;
  if (missing <= 0 || missing * I > vee.gapFillMaxSeconds) return [];
  const slots = Array.from({ length: missing }, (_, k) => fromStart + (k + 1) * I);
  const interpolate = (k: number) =>
    fromQuantity + divideHalfEven((toQuantity - fromQuantity) * BigInt(k + 1), BigInt(missing + 1));
  const profile =
    missing * I > vee.interpolateMaxSeconds ? await store.profileMeans(meter, slots, vee.profileDays) : null;
  return slots.map((start, k) => {
    const mean = profile?.get(start);
    const flags = QualityFlag.ESTIMATED | (mean === undefined ? QualityFlag.INTERPOLATED : QualityFlag.PROFILED);
    return {
      meterId: meter.id,
      start,
      end: start + I,
      revision: 0,
      quantity: mean ?? interpolate(k),
      flags,
      rawIds: [],
      rawItemHashes: [],
      signatureHash: null,
    };
  });
}

function noteFlags(outcome: MeterOutcome, meter: Meter, index: number, row: CleanedRow): void {
  if (row.flags & QualityFlag.SPIKE)
    outcome.notices.push(notice(meter, index, 'spike', row.start, 'Above the spike limit or ratio'));
  if (row.flags & QualityFlag.NEGATIVE)
    outcome.notices.push(notice(meter, index, 'negative', row.start, 'Negative consumption'));
}
