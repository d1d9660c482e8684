import type { CalendarOverrides, DayKind } from './calendarTypes';

/** The ISO weekday (1 Monday … 7 Sunday) of a local date YYYY-MM-DD. */
export function isoWeekday(day: string): number {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** Monday to Friday: the weekday rule the energy analysis applies before the calendar's overrides. */
export const MONDAY_TO_FRIDAY: readonly number[] = [1, 2, 3, 4, 5];

/**
 * Whether a local date is a working day: the calendar's override when it has one (a holiday never is, an adjusted
 * working day always is, whatever its weekday), else the weekday rule.
 */
export function isWorkingDay(day: string, weekdays: readonly number[], overrides: CalendarOverrides): boolean {
  const override: DayKind | undefined = overrides.get(day);
  if (override === 'holiday') return false;
  if (override === 'workday') return true;
  return weekdays.includes(isoWeekday(day));
}
