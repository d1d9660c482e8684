import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import type { CalendarChange, CalendarDay, CalendarDayInput, CalendarOverrides, DayKind } from './calendarTypes';

const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

function invalid(message: string, field: string): NengtanError {
  return new NengtanError('NT_ERR_CALENDAR_INVALID', { message, details: { field } });
}

/** A real calendar date YYYY-MM-DD within the years the calendar keeps (2026-02-30 is refused). */
export function checkedDate(text: string, field: string): string {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
  if (!ok) throw invalid(`Not a calendar date: "${text}"`, field);
  const year = Number(text.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw invalid(`The calendar keeps the years ${FIRST_YEAR} to ${LAST_YEAR}, got ${text}`, field);
  }
  return text;
}

interface DayRow {
  day: string;
  kind: DayKind;
  name: string | null;
  changed_at: Date;
  changed_by: string;
}

const toDay = (r: DayRow): CalendarDay => ({
  day: r.day,
  kind: r.kind,
  name: r.name,
  changedAt: new Date(r.changed_at).toISOString(),
  changedBy: r.changed_by,
});

const DAY_COLUMNS = `to_char(day, 'YYYY-MM-DD') as day, kind, name, changed_at, changed_by`;

/** The organisation's override days in [from, to) (local dates), or all of them, in date order. */
export async function listCalendarDays(
  db: Queryable,
  orgId: string,
  period: { from?: string; to?: string } = {},
): Promise<CalendarDay[]> {
  const from = period.from === undefined ? null : checkedDate(period.from, 'from');
  const to = period.to === undefined ? null : checkedDate(period.to, 'to');
  if (from && to && from >= to) throw invalid(`from ${from} must come before to ${to}`, 'to');
  const { rows } = await db.query<DayRow>(
    `select ${DAY_COLUMNS} from calendar_days
     where org_id = $1::uuid and ($2::date is null or day >= $2::date) and ($3::date is null or day < $3::date)
     order by day`,
    [orgId, from, to],
  );
  return rows.map(toDay);
}

/** The overrides of [from, to) by date, for the rules and analyses that split working from non-working days. */
export async function calendarOverrides(
  db: Queryable,
  orgId: string,
  from: string,
  to: string,
): Promise<CalendarOverrides> {
  const { rows } = await db.query<{ day: string; kind: DayKind }>(
    `select to_char(day, 'YYYY-MM-DD') as day, kind from calendar_days
     where org_id = $1::uuid and day >= $2::date and day < $3::date`,
    [orgId, from, to],
  );
  return new Map(rows.map((r) => [r.day, r.kind]));
}

/**
 * A schedule alert judged on a day whose calendar changed may no longer hold (or may now): the days of meters that
 * an enabled schedule rule watches and that have data go back on the evaluation queue.
 */
async function queueScheduleDays(tx: Queryable, orgId: string, days: string[]): Promise<void> {
  await tx.query(
    `insert into alert_queue (meter_id, day, org_id)
     select r.meter_id, r.day, m.org_id from reading_rollups_daily r join meters m on m.id = r.meter_id
     where m.org_id = $1::uuid and r.day = any ($2::date[])
       and exists (select 1 from alert_rules a where a.org_id = m.org_id and a.enabled and a.kind = 'schedule'
                     and (a.scope = 'organisation' or m.id = any (a.meter_ids)))
     on conflict (meter_id, day) do nothing`,
    [orgId, days],
  );
}

/**
 * Sets override days (adds them or changes their kind or name), each change recorded in the audit trail with the
 * key that made it. Days already set the same way are left alone and not recorded again. Call inside a transaction.
 */
export async function setCalendarDays(
  tx: Queryable,
  orgId: string,
  keyId: string,
  input: CalendarDayInput[],
): Promise<{ days: CalendarDay[]; changed: number }> {
  const seen = new Set<string>();
  input.forEach((d, i) => {
    checkedDate(d.day, `days[${i}].day`);
    if (seen.has(d.day)) throw invalid(`${d.day} is listed twice`, `days[${i}].day`);
    seen.add(d.day);
  });
  const { rows: current } = await tx.query<DayRow>(
    `select ${DAY_COLUMNS} from calendar_days where org_id = $1::uuid and day = any ($2::date[]) for update`,
    [orgId, [...seen]],
  );
  const before = new Map(current.map((r) => [r.day, r]));
  const changedDays: string[] = [];
  for (const d of input) {
    const name = d.name?.trim() || null;
    const old = before.get(d.day);
    if (old && old.kind === d.kind && old.name === name) continue;
    await tx.query(
      `insert into calendar_days (org_id, day, kind, name, changed_by) values ($1::uuid, $2::date, $3, $4, $5::uuid)
       on conflict (org_id, day) do update set kind = excluded.kind, name = excluded.name, changed_at = now(),
         changed_by = excluded.changed_by`,
      [orgId, d.day, d.kind, name, keyId],
    );
    await tx.query(
      `insert into calendar_changes (org_id, day, kind_before, kind_after, name_before, name_after, changed_by)
       values ($1::uuid, $2::date, $3, $4, $5, $6, $7::uuid)`,
      [orgId, d.day, old?.kind ?? null, d.kind, old?.name ?? null, name, keyId],
    );
    changedDays.push(d.day);
  }
  if (changedDays.length > 0) await queueScheduleDays(tx, orgId, changedDays);
  const { rows } = await tx.query<DayRow>(
    `select ${DAY_COLUMNS} from calendar_days where org_id = $1::uuid and day = any ($2::date[]) order by day`,
    [orgId, [...seen]],
  );
  return { days: rows.map(toDay), changed: changedDays.length };
}

/** Removes an override day (the weekday rule applies again), recorded in the audit trail; false when not set. */
export async function removeCalendarDay(tx: Queryable, orgId: string, keyId: string, day: string): Promise<boolean> {
  checkedDate(day, 'day');
  const { rows } = await tx.query<{ kind: DayKind; name: string | null }>(
    `delete from calendar_days where org_id = $1::uuid and day = $2::date returning kind, name`,
    [orgId, day],
  );
  if (rows.length === 0) return false;
  await tx.query(
    `insert into calendar_changes (org_id, day, kind_before, kind_after, name_before, name_after, changed_by)
     values ($1::uuid, $2::date, $3, null, $4, null, $5::uuid)`,
    [orgId, day, rows[0].kind, rows[0].name, keyId],
  );
  await queueScheduleDays(tx, orgId, [day]);
  return true;
}

/** The calendar's audit trail, newest first. */
export async function listCalendarChanges(db: Queryable, orgId: string, limit = 200): Promise<CalendarChange[]> {
  const { rows } = await db.query<{
    id: string;
    day: string;
    kind_before: DayKind | null;
    kind_after: DayKind | null;
    name_before: string | null;
    name_after: string | null;
    changed_at: Date;
    changed_by: string;
  }>(
    `select id::text as id, to_char(day, 'YYYY-MM-DD') as day, kind_before, kind_after, name_before, name_after,
       changed_at, changed_by
     from calendar_changes where org_id = $1::uuid order by id desc limit $2::integer`,
    [orgId, limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    day: r.day,
    before: r.kind_before ? { kind: r.kind_before, name: r.name_before } : null,
    after: r.kind_after ? { kind: r.kind_after, name: r.name_after } : null,
    changedAt: new Date(r.changed_at).toISOString(),
    changedBy: r.changed_by,
  }));
}
