import { localDay } from '../ingest/dailyRollups';
import type { MeterActivity } from '../accounting/inventoryTypes';
import { add, rational, ZERO, type Rational } from '../accounting/rational';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { ESTIMATE_FLAGS } from '../lib/qualityFlags';
import type { BatchExport } from '../evidence/evidenceFormat';

export interface CurrentReading {
  meterId: string;
  start: number;
  end: number;
  revision: number;
  /** Units of 10^-6. */
  quantity: bigint;
  flags: number;
  timeZone: string;
}

/** The anchored readings of the wanted meters, for every interval the highest revision found in the exports. */
export function currentReadings(exports: readonly BatchExport[], wanted: ReadonlySet<string>): CurrentReading[] {
  const current = new Map<string, CurrentReading>();
  for (const exp of exports) {
    for (const row of exp.rows) {
      const meter = exp.meters[row[0]];
      if (!wanted.has(meter.id)) continue;
      const key = `${meter.id}@${row[1]}`;
      const known = current.get(key);
      if (!known || row[5] > known.revision) {
        current.set(key, {
          meterId: meter.id,
          start: row[1],
          end: row[2],
          revision: row[5],
          quantity: BigInt(row[3]),
          flags: row[4],
          timeZone: meter.timeZone,
        });
      }
    }
  }
  return [...current.values()];
}

/**
 * Activity per boundary meter and calendar year recomputed from anchored readings (batch exports): for every interval
 * the highest revision found, counted on the meter's local day, as the daily rollups count it.
 */
export function activityFromExports(
  exports: readonly BatchExport[],
  boundary: readonly MeterActivity['meter'][],
  period: { start: string; end: string },
): MeterActivity[] {
  const current = currentReadings(exports, new Set(boundary.map((m) => m.id)));
  const scale = 10n ** BigInt(QUANTITY_SCALE);
  const sums = new Map<string, { quantity: Rational; estimated: Rational; intervals: number }>();
  for (const r of current) {
    const day = localDay(r.start, r.timeZone);
    if (day < period.start || day >= period.end) continue;
    const key = `${r.meterId}@${day.slice(0, 4)}`;
    const sum = sums.get(key) ?? { quantity: ZERO, estimated: ZERO, intervals: 0 };
    const q = rational(r.quantity, scale);
    sum.quantity = add(sum.quantity, q);
    if (r.flags & ESTIMATE_FLAGS) sum.estimated = add(sum.estimated, q);
    sum.intervals += 1;
    sums.set(key, sum);
  }
  return boundary.map((meter) => ({
    meter,
    years: new Map(
      [...sums.entries()]
        .filter(([key]) => key.startsWith(`${meter.id}@`))
        .map(([key, sum]) => [Number(key.split('@')[1]), sum]),
    ),
  }));
}
