import { compare, div, format, mul, parseRational, rational, sub, sum, type Rational } from '../accounting/rational';
import type { Queryable } from '../db/db';
import { currentIntervals } from './meterDayData';
import type { MeterDay } from './conditions';
import type { Finding, RegisterCheckParams } from './ruleTypes';

const HUNDRED = rational(100n);
const ZERO = rational(0n);

/**
 * The register meter's total over the interval channel's local day: the sum of its intervals derived by VEE from the
 * register reads (after CT/PT ratios and rollover), the same quantity its daily rollup holds. Null when the register
 * has no interval in the day yet (nothing to compare: its data arriving re-queues the day).
 */
export async function registerDayTotal(db: Queryable, registerMeterId: string, d: MeterDay): Promise<Rational | null> {
  const intervals = await currentIntervals(db, registerMeterId, d.startMs, d.endMs);
  return intervals.length === 0 ? null : sum(intervals.map((r) => r.quantity));
}

const abs = (x: Rational): Rational => (compare(x, ZERO) < 0 ? sub(ZERO, x) : x);

/**
 * The interval channel's day against its paired register's day (DOMAIN §7: a wrong CT/PT multiplier on one side shows
 * as a steady percentage). The difference (register minus intervals) as a percentage of the register beyond the
 * tolerance either way is a finding, unless it is smaller than minDifference. Exact arithmetic; percentages to 2 places.
 */
export function registerCheck(p: RegisterCheckParams, d: MeterDay, register: Rational): Finding | null {
  if (compare(register, ZERO) <= 0) return null;
  const intervals = sum(d.readings.map((r) => r.quantity));
  const difference = sub(register, intervals);
  if (compare(abs(difference), parseRational(p.minDifference)) < 0) return null;
  const percent = mul(div(difference, register), HUNDRED);
  const limit = parseRational(p.maxPercent);
  if (compare(abs(percent), limit) <= 0) return null;
  const below = compare(difference, ZERO) > 0;
  const shown = format(percent, 2);
  return {
    message: below
      ? `${d.day}: the intervals sum to ${format(difference, 6)} ${d.unit} less than the register (${shown} %), beyond ${p.maxPercent} %: check CT/PT ratios`
      : `${d.day}: the intervals sum to ${format(sub(ZERO, difference), 6)} ${d.unit} more than the register (${shown} %), beyond ${p.maxPercent} %: check CT/PT ratios`,
    observed: shown,
    expected: p.maxPercent,
    deviation: format(below ? sub(percent, limit) : sub(percent, sub(ZERO, limit)), 2),
    details: {
      register: format(register, 6),
      intervals: format(intervals, 6),
      difference: format(difference, 6),
      unit: d.unit,
      direction: below ? 'intervals_below_register' : 'intervals_above_register',
    },
  };
}

/** A register meter's day changed: the interval channels paired with it judge that day again on the next pass. */
export async function queuePairedIntervals(db: Queryable, orgId: string, meterId: string, day: string): Promise<void> {
  await db.query(
    `insert into alert_queue (meter_id, day, org_id)
     select m.id, $3::date, m.org_id from meters m
     where m.org_id = $1::uuid and m.paired_register_meter_id = $2::uuid
       and exists (select 1 from alert_rules r where r.org_id = m.org_id and r.enabled and r.kind = 'register_check'
                     and (r.scope = 'organisation' or m.id = any (r.meter_ids)))
     on conflict (meter_id, day) do nothing`,
    [orgId, meterId, day],
  );
}
