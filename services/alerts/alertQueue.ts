import type { Queryable } from '../db/db';
import type { Statement } from '../db/oneStatement';
import { localDay } from '../ingest/dailyRollups';
import type { Meter } from '../registry/meters';
import { localDayBounds } from './meterDayData';

/**
 * A park the organisation $1 consents to now has an enabled rule covering it: its days are queued for the park's
 * rules (services/parks/evaluateParkRules.ts) even when it has no rules of its own.
 */
export const PARK_WATCHES_MEMBER = `select 1 from park_memberships pm join alert_rules pr on pr.org_id = pm.park_org_id
       where pm.member_org_id = $1::uuid and pm.status = 'active' and pr.enabled
         and (pr.scope = 'park' or (pr.scope = 'member' and pr.member_org_id = pm.member_org_id))`;

/**
 * The statement that notes the (meter, local day) pairs an ingest touched, sent in the ingest transaction with its
 * other writes, for the alert worker to evaluate after commit; undefined when nothing was written. A no-op for
 * organisations without enabled rules; a pair already waiting is kept. Revisions touch the days they revise, so a late
 * correction re-evaluates them.
 */
export function queueAlertEvaluationStatement(
  orgId: string,
  rows: readonly { meterId: string; start: number }[],
  meters: ReadonlyMap<string, { meter: Meter }>,
): Statement | undefined {
  if (rows.length === 0) return undefined;
  const pairs = new Map<string, { meterId: string; day: string }>();
  // The local day is worked out once per meter and day, not per reading (time-zone lookups are the cost here).
  const known = new Map<string, { fromS: number; toS: number; day: string }>();
  for (const row of rows) {
    let span = known.get(row.meterId);
    if (!span || row.start < span.fromS || row.start >= span.toS) {
      const meter = meters.get(row.meterId)?.meter;
      if (!meter) continue;
      const day = localDay(row.start, meter.timeZone);
      const { startMs, endMs } = localDayBounds(day, meter.timeZone);
      span = { fromS: startMs / 1000, toS: endMs / 1000, day };
      known.set(row.meterId, span);
    }
    pairs.set(`${row.meterId}/${span.day}`, { meterId: row.meterId, day: span.day });
  }
  const list = [...pairs.values()];
  return {
    sql: `insert into alert_queue (meter_id, day, org_id)
     select u.meter_id, u.day, $1::uuid from unnest($2::uuid[], $3::date[]) as u(meter_id, day)
     where exists (select 1 from alert_rules where org_id = $1::uuid and enabled) or exists (${PARK_WATCHES_MEMBER})
     on conflict (meter_id, day) do nothing`,
    params: [orgId, list.map((p) => p.meterId), list.map((p) => p.day)],
  };
}

/** {@link queueAlertEvaluationStatement} sent on its own. */
export async function queueAlertEvaluation(
  tx: Queryable,
  orgId: string,
  rows: readonly { meterId: string; start: number }[],
  meters: ReadonlyMap<string, { meter: Meter }>,
): Promise<void> {
  const statement = queueAlertEvaluationStatement(orgId, rows, meters);
  if (statement) await tx.query(statement.sql, statement.params);
}

export interface QueuedPair {
  orgId: string;
  meterId: string;
  day: string;
}

/**
 * Takes up to `limit` waiting pairs off the queue. The delete and the evaluation are not one transaction: a pair
 * queued again while it is being evaluated is a new row and is evaluated again; a crash loses the pair until the next
 * write or sweep touches it.
 */
export async function takeQueued(db: Queryable, limit: number): Promise<QueuedPair[]> {
  const { rows } = await db.query<{ org_id: string; meter_id: string; day: string }>(
    `delete from alert_queue where (meter_id, day) in (
       select meter_id, day from alert_queue order by queued_at limit $1 for update skip locked)
     returning org_id, meter_id, to_char(day, 'YYYY-MM-DD') as day`,
    [limit],
  );
  return rows.map((r) => ({ orgId: r.org_id, meterId: r.meter_id, day: r.day }));
}
