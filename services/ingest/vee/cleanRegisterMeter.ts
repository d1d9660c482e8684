import { QualityFlag } from '../../lib/qualityFlags';
import type { Meter } from '../../registry/meters';
import { rolloverQuantity } from '../normalise';
import { INHERITED_FLAGS, intervalChecks } from './checks';
import { asCurrent, knownCurrent, lineageOf, notice, receivedValues } from './rowFactory';
import type { CleanedRow, IdentifiedReading, MeterOutcome, MeterState, RegisterRead, VeeStore } from './types';

/**
 * VEE for a cumulative register: consecutive accepted reads give interval deltas. A delta over several intervals is
 * spread evenly (PRORATED: the total is exact, the split estimated); a register that goes backwards has wrapped
 * (ROLLOVER, when the meter has a modulus and the wrap is plausible) or was reset (METER_RESET: the new value counts
 * as consumption since zero). A late read between two known reads splits their span, and the intervals it touches
 * get new revisions with the better values.
 */
export async function cleanRegisterMeter(
  meter: Meter,
  readings: readonly IdentifiedReading[],
  initial: MeterState,
  store: VeeStore,
): Promise<MeterOutcome> {
  const I = meter.intervalSeconds;
  const checks = intervalChecks(meter);
  const modulus = rolloverQuantity(meter);
  const state: MeterState = { ...initial };
  const outcome: MeterOutcome = { rows: [], raw: [], duplicates: [], state, notices: [] };
  const sorted = [...readings].sort((a, b) => a.t - b.t || a.index - b.index);

  // Known accepted reads (sorted by t) and current interval revisions around the late reads, if any.
  let reads: RegisterRead[] = state.lastRegister ? [state.lastRegister] : [];
  const last = state.lastRegister;
  const lateFrom = last === null ? undefined : sorted.find((r) => r.t <= last.t)?.t;
  let range: { fromS: number; toS: number } | undefined;
  if (lateFrom !== undefined && last !== null) {
    reads = await store.registerReads(meter, lateFrom, last.t);
    range = { fromS: (reads.length > 0 ? Math.min(reads[0].t, lateFrom) : lateFrom) - I, toS: last.t };
  }
  const current = await knownCurrent(meter, state, store, range);
  const lineage = lineageOf(meter, readings, store);
  for (const read of reads) lineage.add(read.rawId, { hash: read.rawItemHash, quantity: read.quantity });
  const received = receivedValues(meter, store);

  const spread = (a: RegisterRead, b: RegisterRead, index: number) => {
    const n = (b.t - a.t) / I;
    let delta = b.quantity - a.quantity;
    let wrapFlags = 0;
    if (delta < 0n) {
      if (modulus !== null && delta + modulus >= 0n && delta + modulus < modulus / 2n) {
        delta += modulus;
        wrapFlags = QualityFlag.ROLLOVER;
        outcome.notices.push(notice(meter, index, 'rollover', a.t, 'The register wrapped past its maximum'));
      } else {
        delta = b.quantity;
        wrapFlags = QualityFlag.METER_RESET | QualityFlag.ESTIMATED;
        outcome.notices.push(
          notice(meter, index, 'meter_reset', a.t, 'The register went backwards: counted as a reset to zero'),
        );
      }
    }
    // Truncating division; the remainder goes to the last interval so the intervals sum exactly to the delta.
    const each = delta / BigInt(n);
    const remainder = delta - each * BigInt(n);
    for (let k = 0; k < n; k++) {
      const start = a.t + k * I;
      const quantity = k === n - 1 ? each + remainder : each;
      const known = current.get(start);
      const revision = known ? known.revision + 1 : 0;
      const row: CleanedRow = {
        meterId: meter.id,
        start,
        end: start + I,
        revision,
        quantity,
        flags:
          ((a.flags | b.flags) & INHERITED_FLAGS) |
          wrapFlags |
          (n > 1 ? QualityFlag.PRORATED : 0) |
          (revision > 0 ? QualityFlag.REVISED : 0) |
          checks(quantity, current.get(start - I)?.quantity ?? null),
        rawIds: [a.rawId, b.rawId],
        rawItemHashes: [a.rawItemHash, b.rawItemHash],
        signatureHash: b.signatureHash,
        replaces: known,
      };
      outcome.rows.push(row);
      current.set(start, asCurrent(row));
      if (state.lastStart === null || start >= state.lastStart) {
        state.lastStart = start;
        state.lastQuantity = quantity;
      }
    }
  };

  for (const r of sorted) {
    const read: RegisterRead = {
      t: r.t,
      quantity: r.quantity,
      flags: r.flags,
      rawId: r.rawId,
      rawItemHash: r.rawItemHash,
      signatureHash: r.signatureHash,
    };
    const tail = reads[reads.length - 1];
    if (tail === undefined || r.t > tail.t) {
      // The common case, in-order data: extend the series.
      outcome.raw.push({ reading: r, status: 'accepted' });
      if (tail) spread(tail, read, r.index);
      reads.push(read);
      state.lastRegister = read;
      continue;
    }
    const at = firstAtOrAfter(reads, r.t);
    const same = reads[at]?.t === r.t ? reads[at] : undefined;
    if (same && same.quantity === r.quantity) {
      outcome.duplicates.push(r);
      outcome.notices.push(notice(meter, r.index, 'duplicate', r.t, 'Same register value already stored'));
    } else if (same && (await received.has(r.t, r.quantity))) {
      // The same contradicting value again: it is already kept (and bound into a conflict revision).
      outcome.duplicates.push(r);
      outcome.notices.push(notice(meter, r.index, 'duplicate', r.t, 'Same conflicting register value already stored'));
    } else if (same) {
      await received.add(r.t, r.quantity);
      outcome.raw.push({ reading: r, status: 'conflict' });
      outcome.notices.push(
        notice(
          meter,
          r.index,
          'conflict',
          r.t,
          'A different register value is already stored; it stands and this one is kept for review',
        ),
      );
      for (const start of [r.t - I, r.t]) {
        const known = current.get(start);
        if (!known || known.rawIds.length === 0) continue;
        const items = await lineage.get(known.rawIds);
        const row: CleanedRow = {
          meterId: meter.id,
          start,
          end: start + I,
          revision: known.revision + 1,
          quantity: known.quantity,
          flags: known.flags | QualityFlag.CONFLICT | QualityFlag.REVISED,
          rawIds: [...known.rawIds, r.rawId],
          rawItemHashes: [...items.map((item) => item.hash), r.rawItemHash],
          signatureHash: r.signatureHash,
          replaces: known,
        };
        outcome.rows.push(row);
        current.set(start, asCurrent(row));
      }
    } else {
      // A late read between known reads (or before the first): split the span it falls in.
      outcome.raw.push({ reading: r, status: 'accepted' });
      const prev = reads[at - 1];
      const next = reads[at];
      if (prev) spread(prev, read, r.index);
      if (next) spread(read, next, r.index);
      reads.splice(at, 0, read);
    }
  }
  return outcome;
}

/** Index of the first read with t >= `t` in `reads` sorted by t (reads.length when none). */
function firstAtOrAfter(reads: readonly RegisterRead[], t: number): number {
  let lo = 0;
  let hi = reads.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reads[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
