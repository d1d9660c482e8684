import { divideHalfEven } from '../lib/decimal';

/** One bucket of a series: its start (unix seconds) and quantity in scaled units (see QUANTITY_SCALE). */
export interface SeriesBucket {
  time: number;
  units: bigint;
  /** Quality flags of the cleaned readings in the bucket, OR-ed (services/lib/qualityFlags.ts); 0 when none. */
  flags?: number;
}

/** A chart point: start, mean of the buckets it covers, their minimum and maximum (scaled units). */
export interface SeriesPoint {
  time: number;
  value: bigint;
  min: bigint;
  max: bigint;
  /** The quality flags of every bucket it covers, OR-ed. */
  flags: number;
}

/**
 * At most `width` points from `buckets` (sorted by time): consecutive buckets are grouped evenly, each group answers
 * its first time, its mean (half-even), its minimum and maximum and its quality flags, so peaks survive any width.
 */
export function downsampleMinMax(buckets: readonly SeriesBucket[], width: number): SeriesPoint[] {
  const groups = Math.min(buckets.length, Math.max(1, Math.floor(width)));
  const points: SeriesPoint[] = [];
  for (let g = 0; g < groups; g++) {
    const from = Math.floor((g * buckets.length) / groups);
    const to = Math.floor(((g + 1) * buckets.length) / groups);
    let sum = 0n;
    let min = buckets[from].units;
    let max = min;
    let flags = 0;
    for (let i = from; i < to; i++) {
      const u = buckets[i].units;
      sum += u;
      flags |= buckets[i].flags ?? 0;
      if (u < min) min = u;
      if (u > max) max = u;
    }
    points.push({ time: buckets[from].time, value: divideHalfEven(sum, BigInt(to - from)), min, max, flags });
  }
  return points;
}
