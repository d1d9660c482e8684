import type { Queryable } from '../db/db';

/** A driver series as listed: its unit and the days it covers. */
export interface DriverSummary {
  name: string;
  unit: string;
  days: number;
  firstDay: string | null;
  lastDay: string | null;
}

/** The organisation's driver series (weather, production ...) by name. */
export async function listDrivers(db: Queryable, orgId: string): Promise<DriverSummary[]> {
  const { rows } = await db.query<{
    name: string;
    unit: string;
    days: string;
    first_day: string | null;
    last_day: string | null;
  }>(
    `select s.name, s.unit, count(v.day)::text as days, to_char(min(v.day), 'YYYY-MM-DD') as first_day,
       to_char(max(v.day), 'YYYY-MM-DD') as last_day
     from driver_series s left join driver_values v on v.org_id = s.org_id and v.name = s.name
     where s.org_id = $1::uuid group by s.name, s.unit order by s.name`,
    [orgId],
  );
  return rows.map((r) => ({
    name: r.name,
    unit: r.unit,
    days: Number(r.days),
    firstDay: r.first_day,
    lastDay: r.last_day,
  }));
}
