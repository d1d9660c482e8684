import type { Queryable } from '../db/db';
import { add, parseRational, rational, ZERO, type Rational } from '../accounting/rational';
import { parseDecimal, rescale } from '../lib/decimal';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { wallTimeToEpoch } from '../lib/time';
import type { Meter } from '../registry/meters';
import { splitInterval } from './intervalSplit';
import type { PreparedTariff } from './tariffSchedule';
import type { TouPeriod } from './tariffTypes';

const SCALE = 10n ** BigInt(QUANTITY_SCALE);

/** A meter's energy (its unit) that fell in one tariff version, one period, one on/off-hours class and day type. */
export interface MeterBucket {
  tariff: PreparedTariff | undefined;
  period: TouPeriod | null;
  offHours: boolean;
  workingDay: boolean;
  quantity: Rational;
}

const localMidnight = (day: string, timeZone: string) =>
  Math.floor(wallTimeToEpoch(Date.parse(`${day}T00:00:00Z`), timeZone) / 1000);

/**
 * A meter's current cleaned readings over its local days [from, to), each split at local midnight, period and night
 * boundaries with the quantity shared in proportion to time; the shares are kept exact (quantity × seconds / length)
 * and summed per tariff version, period and class.
 */
export async function meterBuckets(
  db: Queryable,
  meter: Meter,
  from: string,
  to: string,
  tariffOn: (day: string) => PreparedTariff | undefined,
  workingDay?: (day: string) => boolean,
): Promise<MeterBucket[]> {
  const { rows } = await db.query<{ s: string; e: string; quantity: string }>(
    `select extract(epoch from interval_start)::bigint::text as s, extract(epoch from interval_end)::bigint::text as e,
       quantity::text as quantity
     from (select distinct on (interval_start) interval_start, interval_end, quantity from readings
           where org_id = $1::uuid and meter_id = $2::uuid
             and interval_start >= to_timestamp($3::bigint) and interval_start < to_timestamp($4::bigint)
           order by interval_start, revision desc) current`,
    [meter.orgId, meter.id, localMidnight(from, meter.timeZone), localMidnight(to, meter.timeZone)],
  );
  // Per bucket, numerators over each reading length: the exact sum is Σ units × seconds / length, in 10^-6 units.
  const sums = new Map<string, { bucket: Omit<MeterBucket, 'quantity'>; byLength: Map<number, bigint> }>();
  for (const row of rows) {
    const start = Number(row.s);
    const length = Number(row.e) - start;
    const units = rescale(parseDecimal(row.quantity), QUANTITY_SCALE).units;
    for (const piece of splitInterval(start, Number(row.e), meter.timeZone, tariffOn, workingDay)) {
      const key = `${piece.tariff?.tariff.id ?? ''}|${piece.period ?? ''}|${piece.offHours}|${piece.workingDay}`;
      let sum = sums.get(key);
      if (!sum) {
        const { tariff, period, offHours, workingDay: working } = piece;
        sum = { bucket: { tariff, period, offHours, workingDay: working }, byLength: new Map() };
        sums.set(key, sum);
      }
      sum.byLength.set(length, (sum.byLength.get(length) ?? 0n) + units * BigInt(piece.seconds));
    }
  }
  return [...sums.values()].map(({ bucket, byLength }) => {
    let quantity = ZERO;
    for (const [length, numerator] of byLength) quantity = add(quantity, rational(numerator, BigInt(length) * SCALE));
    return { ...bucket, quantity };
  });
}

/** The price of a bucket's energy: its version's single price or its period's; undefined when nothing prices it. */
export function priceOf(bucket: MeterBucket): Rational | undefined {
  const tariff = bucket.tariff?.tariff;
  if (!tariff) return undefined;
  const text = tariff.price ?? (bucket.period ? tariff.prices[bucket.period] : undefined);
  return text === undefined ? undefined : parseRational(text);
}
