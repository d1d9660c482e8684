import { isoUtc } from '../../lib/time';
import type { Meter } from '../../registry/meters';
import type {
  CleanedRow,
  CurrentReading,
  IdentifiedReading,
  LineageItem,
  MeterState,
  Notice,
  NoticeKind,
  VeeStore,
} from './types';

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

/**
 * The raw lineage VEE can see: this request's readings, and stored raw readings looked up on demand (conflicts and
 * revisions need the hashes, and the values, of the raw readings behind a stored value).
 */
export function lineageOf(meter: Meter, readings: readonly IdentifiedReading[], store: VeeStore) {
  const known = new Map<number, LineageItem>(
    readings.map((r) => [r.rawId, { hash: r.rawItemHash, quantity: r.quantity }]),
  );
  return {
    add(rawId: number, item: LineageItem): void {
      known.set(rawId, item);
    },
    async get(rawIds: readonly number[]): Promise<LineageItem[]> {
      const missing = rawIds.filter((id) => !known.has(id));
      if (missing.length > 0) for (const [id, item] of await store.rawLineage(meter, missing)) known.set(id, item);
      return rawIds.map((id) => {
        const item = known.get(id);
        if (!item) throw new Error(`raw reading ${id} of meter ${meter.id} is missing from the lineage`);
        return item;
      });
    },
  };
}

/**
 * Values already received for an interval (or register instant): stored raw readings, looked up once per instant,
 * plus those accepted earlier in this request. Telling a repeated contradicting value from a new one keeps "the same
 * reading sent twice is stored once" true for conflicts too.
 */
export function receivedValues(meter: Meter, store: VeeStore) {
  const byTime = new Map<number, bigint[]>();
  const load = async (t: number) => {
    let values = byTime.get(t);
    if (!values) {
      values = await store.rawQuantitiesAt(meter, t);
      byTime.set(t, values);
    }
    return values;
  };
  return {
    async has(t: number, quantity: bigint): Promise<boolean> {
      return (await load(t)).includes(quantity);
    },
    async add(t: number, quantity: bigint): Promise<void> {
      (await load(t)).push(quantity);
    },
  };
}
