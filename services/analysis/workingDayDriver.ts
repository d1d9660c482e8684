import type { Queryable } from '../db/db';
import { calendarOverrides } from '../calendar/calendarDays';
import { isWorkingDay, MONDAY_TO_FRIDAY } from '../calendar/workingDay';

/**
 * The driver a baseline names to take the day type into account: an indicator, 1 on working days and 0 on non-working
 * days by the organisation's working-day calendar (Monday to Friday, then its holidays and adjusted working days). It
 * is never uploaded: its values follow the calendar, so a holiday set later changes the days it describes.
 */
export const WORKING_DAY_DRIVER = 'working_day';
export const WORKING_DAY_UNIT = 'working day (1) / non-working day (0)';

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The indicator's values over [from, to) (local dates). */
export async function workingDayValues(
  db: Queryable,
  orgId: string,
  from: string,
  to: string,
): Promise<{ day: string; value: string }[]> {
  const overrides = await calendarOverrides(db, orgId, from, to);
  const values: { day: string; value: string }[] = [];
  for (let day = from; day < to; day = nextDay(day)) {
    values.push({ day, value: isWorkingDay(day, MONDAY_TO_FRIDAY, overrides) ? '1' : '0' });
  }
  return values;
}
