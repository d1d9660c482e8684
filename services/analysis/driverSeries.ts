import type { Db, Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { WORKING_DAY_DRIVER, WORKING_DAY_UNIT, workingDayValues } from './workingDayDriver';

export interface DriverValue {
  day: string;
  value: string;
}

export interface DriverUpload {
  unit: string;
  values: DriverValue[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^-?\d{1,18}(\.\d{1,12})?$/;

function validDay(day: string): boolean {
  return DAY.test(day) && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
}

/** Each problem by index (JSON) or line (CSV); all are reported at once, nothing stored. */
export function checkDriverValues(values: readonly DriverValue[], lineOffset = 0): void {
  const problems: { index: number; field: string; message: string }[] = [];
  const seen = new Set<string>();
  values.forEach((v, i) => {
    const index = i + lineOffset;
    if (!validDay(v.day)) problems.push({ index, field: 'day', message: `not a calendar day YYYY-MM-DD: ${v.day}` });
    else if (seen.has(v.day)) problems.push({ index, field: 'day', message: `day ${v.day} appears twice` });
    seen.add(v.day);
    if (!NUMBER.test(v.value)) problems.push({ index, field: 'value', message: `not a decimal number: ${v.value}` });
  });
  if (values.length === 0) problems.push({ index: 0, field: 'values', message: 'no values' });
  if (problems.length > 0) {
    throw new NengtanError('NT_ERR_ANALYSIS_DRIVER_VALUES', {
      details: { errorCount: problems.length, errors: problems.slice(0, 100) },
    });
  }
}

/** `day,value` CSV (a header row first; `;` or tab also separate); lines are numbered from 1, the header's. */
export function parseDriverCsv(text: string): DriverValue[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const rows = lines.slice(1).filter((line) => line.trim() !== '');
  const values = rows.map((line) => {
    const [day = '', value = ''] = line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"|"$/g, ''));
    return { day, value };
  });
  checkDriverValues(values, 2);
  return values;
}

/** Stores an upload: the series (its unit fixed by the first upload) and the values, replacing those of its days. */
export async function storeDriverValues(db: Db, orgId: string, name: string, upload: DriverUpload): Promise<number> {
  if (name === WORKING_DAY_DRIVER) throw new NengtanError('NT_ERR_ANALYSIS_DRIVER_RESERVED');
  checkDriverValues(upload.values);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ unit: string }>(
      `insert into driver_series (org_id, name, unit) values ($1::uuid, $2, $3)
       on conflict (org_id, name) do update set unit = driver_series.unit
       returning unit`,
      [orgId, name, upload.unit],
    );
    if (rows[0].unit !== upload.unit) {
      throw new NengtanError('NT_ERR_ANALYSIS_DRIVER_VALUES', {
        message: `Driver ${name} is measured in ${rows[0].unit}, not ${upload.unit}`,
      });
    }
    await tx.query(
      `insert into driver_values (org_id, name, day, value)
       select $1::uuid, $2, u.day, u.value from unnest($3::date[], $4::numeric[]) as u(day, value)
       on conflict (org_id, name, day) do update set value = excluded.value`,
      [orgId, name, upload.values.map((v) => v.day), upload.values.map((v) => v.value)],
    );
    return upload.values.length;
  });
}

export interface DriverSeries {
  name: string;
  unit: string;
  values: DriverValue[];
}

/**
 * A driver's values over [from, to) (all when unbounded), or undefined when the organisation has no such driver. The
 * calendar's working_day indicator is there for every organisation, with values over a bounded period only.
 */
export async function readDriverValues(
  db: Queryable,
  orgId: string,
  name: string,
  from?: string,
  to?: string,
): Promise<DriverSeries | undefined> {
  if (name === WORKING_DAY_DRIVER) {
    const values = from !== undefined && to !== undefined ? await workingDayValues(db, orgId, from, to) : [];
    return { name, unit: WORKING_DAY_UNIT, values };
  }
  const series = await db.query<{ unit: string }>(
    'select unit from driver_series where org_id = $1::uuid and name = $2',
    [orgId, name],
  );
  if (series.rows.length === 0) return undefined;
  const { rows } = await db.query<{ day: string; value: string }>(
    `select to_char(day, 'YYYY-MM-DD') as day, value::text as value from driver_values
     where org_id = $1::uuid and name = $2 and ($3::date is null or day >= $3::date) and ($4::date is null or day < $4::date)
     order by day`,
    [orgId, name, from ?? null, to ?? null],
  );
  return { name, unit: series.rows[0].unit, values: rows };
}
