import { compare, div, format, mul, parseRational, rational, sub, sum, type Rational } from '../accounting/rational';
import type { Queryable } from '../db/db';
import { currentIntervals } from './meterDayData';
import type { MeterDay } from './conditions';
import type { Finding, LossParams } from './ruleTypes';

const HUNDRED = rational(100n);

/** A parent meter's sub-meters (PUT /v1/meters/{id}/place: same organisation and energy kind, so the same unit). */
export async function childMeters(db: Queryable, orgId: string, meterId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from meters where org_id = $1::uuid and parent_meter_id = $2::uuid order by id`,
    [orgId, meterId],
  );
  return rows.map((r) => r.id);
}

/** The sum of the sub-meters' current intervals over the parent's local day. */
export async function childrenTotal(db: Queryable, parent: MeterDay, children: readonly string[]): Promise<Rational> {
  const totals: Rational[] = [];
  for (const child of children) {
    const intervals = await currentIntervals(db, child, parent.startMs, parent.endMs);
    totals.push(sum(intervals.map((r) => r.quantity)));
  }
  return sum(totals);
}

/**
 * Losses and unmetered use of a branch beyond the tolerance: the parent's day minus the sum of its sub-meters' days,
 * as a percentage of the parent. Sub-meters reading more than the parent beyond the same tolerance is a finding too
 * (a metering fault: CT ratio, wrong placement, double counting). Exact arithmetic; percentages shown to 2 places.
 */
export function branchLoss(p: LossParams, d: MeterDay, children: Rational, childCount: number): Finding | null {
  const parent = sum(d.readings.map((r) => r.quantity));
  if (compare(parent, rational(0n)) <= 0) return null;
  const loss = sub(parent, children);
  const percent = mul(div(loss, parent), HUNDRED);
  const limit = parseRational(p.maxPercent);
  const negativeLimit = sub(rational(0n), limit);
  const tooHigh = compare(percent, limit) > 0;
  const tooLow = compare(percent, negativeLimit) < 0;
  if (!tooHigh && !tooLow) return null;
  const shown = format(percent, 2);
  return {
    message: tooHigh
      ? `${d.day}: losses and unmetered use ${shown} % of the parent meter (${format(loss, 6)} ${d.unit}), above ${p.maxPercent} %`
      : `${d.day}: sub-meters read ${format(sub(children, parent), 6)} ${d.unit} more than the parent meter (${shown} %): check CT ratios and placement`,
    observed: shown,
    expected: p.maxPercent,
    deviation: format(tooHigh ? sub(percent, limit) : sub(percent, negativeLimit), 2),
    details: {
      parent: format(parent, 6),
      children: format(children, 6),
      loss: format(loss, 6),
      unit: d.unit,
      childMeters: childCount,
      direction: tooHigh ? 'losses' : 'children_exceed_parent',
    },
  };
}
