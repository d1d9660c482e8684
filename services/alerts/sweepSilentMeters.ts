import type { Queryable } from '../db/db';
import { localDay } from '../ingest/dailyRollups';

const DAY_S = 86_400;

/**
 * The timed sweep: a meter that stops sending brings no ingest to evaluate it, so every meter watched by an enabled
 * rule (or by a rule of a park its organisation consents to) has its previous local day queued. Evaluating a day
 * again is idempotent (an alert already open is only updated), so the sweep can run every few minutes. Also prunes
 * alert events older than a week.
 */
export async function sweepSilentMeters(db: Queryable, now: number = Date.now()): Promise<number> {
  const { rows } = await db.query<{ id: string; org_id: string; time_zone: string }>(
    `select m.id, m.org_id, m.time_zone from meters m
     where exists (select 1 from alert_rules r where r.org_id = m.org_id and r.enabled
                     and (r.scope = 'organisation' or m.id = any (r.meter_ids)))
        or exists (select 1 from park_memberships pm join alert_rules pr on pr.org_id = pm.park_org_id
                   where pm.member_org_id = m.org_id and pm.status = 'active' and pr.enabled
                     and (pr.scope = 'park' or (pr.scope = 'member' and pr.member_org_id = m.org_id)))`,
  );
  if (rows.length > 0) {
    const yesterday = (tz: string) => localDay(Math.floor(now / 1000) - DAY_S, tz);
    await db.query(
      `insert into alert_queue (meter_id, day, org_id)
       select * from unnest($1::uuid[], $2::date[], $3::uuid[]) on conflict (meter_id, day) do nothing`,
      [rows.map((r) => r.id), rows.map((r) => yesterday(r.time_zone)), rows.map((r) => r.org_id)],
    );
  }
  await db.query(`delete from alert_events where created_at < $1::timestamptz`, [
    new Date(now - 7 * DAY_S * 1000).toISOString(),
  ]);
  return rows.length;
}
