import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import type { Meter } from '../registry/meters';
import type { SeriesBucket } from './downsample';
import { meterSeries, type Resolution } from './meterSeries';

/**
 * The sum of several meters' series, bucket by bucket, with the quality flags of every summed bucket OR-ed: a group
 * (a production line, a building) read as one meter. Only meters of one unit add up; others are refused with
 * NT_ERR_SERIES_UNITS naming each meter's unit.
 */
export async function groupSeries(
  db: Queryable,
  meters: readonly Meter[],
  from: number,
  to: number,
  resolution: Resolution,
): Promise<SeriesBucket[]> {
  const units = new Set(meters.map((m) => m.unit));
  if (units.size > 1)
    throw new NengtanError('NT_ERR_SERIES_UNITS', {
      message: `The meters of a group measure in different units and cannot be summed: ${meters
        .map((m) => `${m.externalId} ${m.unit}`)
        .join(', ')}`,
    });
  if (meters.length === 1) return meterSeries(db, meters[0], from, to, resolution);
  const sums = new Map<number, { units: bigint; flags: number }>();
  for (const meter of meters) {
    for (const bucket of await meterSeries(db, meter, from, to, resolution)) {
      const sum = sums.get(bucket.time) ?? { units: 0n, flags: 0 };
      sum.units += bucket.units;
      sum.flags |= bucket.flags ?? 0;
      sums.set(bucket.time, sum);
    }
  }
  return [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([time, s]) => ({ time, ...s }));
}
