/** A day that overrides the weekday rule: a public holiday (节假日) or an adjusted working day (调休). */
export type DayKind = 'holiday' | 'workday';
export const DAY_KINDS: readonly DayKind[] = ['holiday', 'workday'];

export interface CalendarDay {
  day: string;
  kind: DayKind;
  name: string | null;
  changedAt: string;
  /** The API key that set the day (a console session acts with its key). */
  changedBy: string;
}

export interface CalendarDayInput {
  day: string;
  kind: DayKind;
  name?: string | null;
}

/** One entry of the calendar's audit trail: before null when the day was added, after null when removed. */
export interface CalendarChange {
  id: number;
  day: string;
  before: { kind: DayKind; name: string | null } | null;
  after: { kind: DayKind; name: string | null } | null;
  changedAt: string;
  changedBy: string;
}

/** The overrides of a period, by local date (YYYY-MM-DD). */
export type CalendarOverrides = ReadonlyMap<string, DayKind>;
