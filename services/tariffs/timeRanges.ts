import { NengtanError } from '../lib/errors';
import type { PeriodRange, TouPeriod } from './tariffTypes';

const DAY_MINUTES = 1440;
const ALL_MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** A range as local minutes [start, end) within one day, after splitting a range that wraps past midnight. */
export interface DaySegment {
  period: TouPeriod;
  start: number;
  end: number;
}

/** "HH:MM" → minutes; "24:00" is the end of the day. */
export function parseClock(text: string, field: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!(minutes <= DAY_MINUTES)) {
    throw new NengtanError('NT_ERR_TARIFF_PERIODS', {
      message: `${field} "${text}" is not a time HH:MM (00:00–24:00)`,
    });
  }
  return minutes;
}

export const formatClock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A stored range (minutes) as the one or two day segments it covers. */
export function segmentsOf(period: TouPeriod, start: number, end: number): DaySegment[] {
  if (start < end) return [{ period, start, end }];
  return [{ period, start, end: DAY_MINUTES }, ...(end > 0 ? [{ period, start: 0, end }] : [])].filter(
    (s) => s.start < s.end,
  );
}

/**
 * The segments of each month (1–12), sorted, after checking that in every month the ranges that apply cover
 * 00:00–24:00 exactly once. Refuses with NT_ERR_TARIFF_PERIODS naming the month and the gap or overlap.
 */
export function daySegmentsByMonth(
  ranges: { period: TouPeriod; start: number; end: number; months: number[] | null }[],
) {
  const byMonth = new Map<number, DaySegment[]>();
  for (const month of ALL_MONTHS) {
    const segments = ranges
      .filter((r) => r.months === null || r.months.includes(month))
      .flatMap((r) => segmentsOf(r.period, r.start, r.end))
      .sort((a, b) => a.start - b.start);
    let covered = 0;
    for (const s of segments) {
      if (s.start > covered) throw uncovered(month, covered, s.start, 'nothing covers');
      if (s.start < covered) throw uncovered(month, s.start, Math.min(covered, s.end), 'two ranges cover');
      covered = s.end;
    }
    if (covered < DAY_MINUTES) throw uncovered(month, covered, DAY_MINUTES, 'nothing covers');
    byMonth.set(month, segments);
  }
  return byMonth;
}

function uncovered(month: number, from: number, to: number, what: string) {
  return new NengtanError('NT_ERR_TARIFF_PERIODS', {
    message: `In month ${month}, ${what} ${formatClock(from)}–${formatClock(to)}`,
  });
}

/** Input ranges as minutes, checked field by field. */
export function rangesFromInput(periods: PeriodRange[]) {
  return periods.map((p, i) => {
    const start = parseClock(p.from, `periods[${i}].from`);
    const end = parseClock(p.to, `periods[${i}].to`);
    if (start === end || start === DAY_MINUTES) {
      throw new NengtanError('NT_ERR_TARIFF_PERIODS', {
        message: `periods[${i}] ${p.from}–${p.to} is empty or starts at 24:00`,
      });
    }
    const months = p.months && p.months.length > 0 ? [...new Set(p.months)].sort((a, b) => a - b) : null;
    return { period: p.period, start, end: end === 0 ? DAY_MINUTES : end, months };
  });
}
