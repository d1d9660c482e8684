import type { Queryable } from '../db/db';
import { parseDecimal, rescale } from '../lib/decimal';
import { NengtanError } from '../lib/errors';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { getMeter } from '../registry/meters';
import type { ReportingDay } from './avoidedEnergy';
import { readDriverValues } from './driverSeries';

const DAY_MS = 86_400_000;

export interface PeriodRequest {
  meterIds: string[];
  /** First day and the day after the last (exclusive). */
  periodStart: string;
  periodEnd: string;
  temperatureDriver?: string | null;
  drivers: string[];
}

export interface PeriodDays {
  unit: string;
  /** Calendar days in the period. */
  periodDays: number;
  /** Days with complete energy on every meter and a value for every driver. */
  days: ReportingDay[];
}

export function daysBetween(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS);
}

/**
 * The daily energy of a meter or a group of meters (summed) from the daily rollups, joined with the drivers. A day
 * counts only when every meter has all of its intervals (estimates included, as VEE filled them) and every driver a
 * value; other days are missing, and coverage is measured against the period's calendar days.
 */
export async function loadPeriodDays(db: Queryable, orgId: string, request: PeriodRequest): Promise<PeriodDays> {
  const meters = await Promise.all(request.meterIds.map((id) => getMeter(db, orgId, id)));
  const missing = request.meterIds.filter((_, i) => !meters[i]);
  if (missing.length > 0) {
    throw new NengtanError('NT_ERR_ANALYSIS_METERS', { message: `Unknown meter(s): ${missing.join(', ')}` });
  }
  const known = meters.map((m) => m as NonNullable<typeof m>);
  const units = new Set(known.map((m) => `${m.energyKind}/${m.unit}/${m.flow}`));
  if (units.size > 1) {
    throw new NengtanError('NT_ERR_ANALYSIS_METERS', { message: `The meters mix ${[...units].join(', ')}` });
  }
  const { rows } = await db.query<{ day: string; quantity: string; meters: string }>(
    `select to_char(r.day, 'YYYY-MM-DD') as day, sum(r.quantity)::text as quantity, count(*)::text as meters
     from reading_rollups_daily r join meters m on m.id = r.meter_id
     where r.meter_id = any ($1::uuid[]) and r.day >= $2::date and r.day < $3::date
       and r.intervals::bigint * m.interval_seconds >= 86400
     group by r.day order by r.day`,
    [request.meterIds, request.periodStart, request.periodEnd],
  );
  const driverNames = [...(request.temperatureDriver ? [request.temperatureDriver] : []), ...request.drivers];
  const driverValues = new Map<string, readonly { day: string; value: string }[]>();
  for (const name of driverNames) {
    const series = await readDriverValues(db, orgId, name, request.periodStart, request.periodEnd);
    if (!series) {
      throw new NengtanError('NT_ERR_ANALYSIS_NO_DATA', {
        message: `No driver named ${name}`,
        hint: 'Upload it first with POST /v1/drivers/{name}/values.',
      });
    }
    driverValues.set(name, series.values);
  }
  const days = joinPeriodDays(rows, request, driverValues);
  return { unit: known[0].unit, periodDays: daysBetween(request.periodStart, request.periodEnd), days };
}

/** One day of energy of the meters, summed: its quantity as a decimal string and how many meters were complete. */
export interface MeterDayTotal {
  day: string;
  quantity: string;
  /** Meters with all of the day's intervals (text as the database counts them, or a number). */
  meters: number | string;
}

/**
 * The days that count (every meter complete, every driver valued) with their drivers, from the meters' daily totals
 * and the drivers' stored values (decimal strings, as stored): the one join both the analysis service (from the
 * rollups) and a verifier (from anchored readings in an evidence package) make, so both feed the savings formula the
 * same days.
 */
export function joinPeriodDays(
  totals: readonly MeterDayTotal[],
  request: Pick<PeriodRequest, 'meterIds' | 'temperatureDriver' | 'drivers'>,
  driverValues: ReadonlyMap<string, readonly { day: string; value: string }[]>,
): ReportingDay[] {
  const byDay = new Map(
    [...driverValues].map(([name, values]) => [name, new Map(values.map((v) => [v.day, Number(v.value)]))]),
  );
  const driverNames = [...(request.temperatureDriver ? [request.temperatureDriver] : []), ...request.drivers];
  const days: ReportingDay[] = [];
  for (const row of totals) {
    if (Number(row.meters) !== request.meterIds.length) continue;
    const values = driverNames.map((name) => byDay.get(name)?.get(row.day));
    if (values.some((v) => v === undefined)) continue;
    const energyUnits = rescale(parseDecimal(row.quantity), QUANTITY_SCALE).units;
    const temperature = request.temperatureDriver ? byDay.get(request.temperatureDriver)?.get(row.day) : undefined;
    days.push({
      day: row.day,
      energy: Number(row.quantity),
      energyUnits,
      ...(temperature === undefined ? {} : { temperature }),
      drivers: Object.fromEntries(request.drivers.map((name) => [name, byDay.get(name)?.get(row.day) as number])),
    });
  }
  return days;
}
