import type { Queryable } from '../db/db';
import type { DaySpan } from './evaluateForecasts';

/**
 * Notes local days touched for an organisation's budget and compliance forecasts: the span waiting for the next
 * judgement grows to cover them (a span already waiting is widened, never narrowed).
 */
export async function markForecastsDue(db: Queryable, orgId: string, span: DaySpan): Promise<void> {
  await db.query(
    `insert into forecast_evaluations (org_id, due_from, due_to) values ($1::uuid, $2::date, $3::date)
     on conflict (org_id) do update set
       due_from = least(forecast_evaluations.due_from, excluded.due_from),
       due_to = greatest(forecast_evaluations.due_to, excluded.due_to)`,
    [orgId, span.from, span.to],
  );
}

/**
 * Takes the organisations whose forecasts are due at `now`: days waiting, and not judged within `intervalMs`. Taking
 * clears the waiting span and stamps the judgement time in one statement, with skip locked, so that two workers never
 * take the same organisation and a restarted worker keeps to the interval its predecessor started.
 */
export async function takeDueForecasts(
  db: Queryable,
  now: Date,
  intervalMs: number,
): Promise<{ orgId: string; span: DaySpan }[]> {
  const { rows } = await db.query<{ org_id: string; from: string; to: string }>(
    `with due as (
       select org_id, due_from, due_to from forecast_evaluations
       where due_from is not null
         and (judged_at is null or judged_at <= $1::timestamptz - $2::double precision * interval '1 millisecond')
       order by org_id
       for update skip locked
     )
     update forecast_evaluations f set due_from = null, due_to = null, judged_at = $1::timestamptz
     from due where f.org_id = due.org_id
     returning f.org_id, to_char(due.due_from, 'YYYY-MM-DD') as "from", to_char(due.due_to, 'YYYY-MM-DD') as "to"`,
    [now.toISOString(), intervalMs],
  );
  return rows
    .map((r) => ({ orgId: r.org_id, span: { from: r.from, to: r.to } }))
    .sort((a, b) => (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0));
}
