import { zoneOffsetMs } from '../lib/time';
import type { PreparedTariff } from './tariffSchedule';
import type { TouPeriod } from './tariffTypes';

const DAY = 86_400;
/**
 * Off hours for the base-load figure: nights 22:00–06:00 local, and all of every non-working day (Saturday and Sunday
 * unless the organisation's calendar makes them adjusted working days, and its holidays).
 */
export const NIGHT_START = 22 * 3600;
export const NIGHT_END = 6 * 3600;

const mondayToFriday = (day: string) => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
};

/** A share of one reading: the seconds of it that fall in one tariff version, period and on/off-hours class. */
export interface IntervalPiece {
  seconds: number;
  day: string;
  tariff: PreparedTariff | undefined;
  period: TouPeriod | null;
  offHours: boolean;
  /** Whether the piece's local day is a working day (weekday rule and calendar). */
  workingDay: boolean;
}

const dayTexts = new Map<number, string>();
function dayText(dayNumber: number): string {
  let text = dayTexts.get(dayNumber);
  if (text === undefined) {
    text = new Date(dayNumber * DAY * 1000).toISOString().slice(0, 10);
    dayTexts.set(dayNumber, text);
  }
  return text;
}

/**
 * Cuts the interval [start, end) (unix seconds) at local midnight, at the tariff's period boundaries and at the
 * night boundaries, in the meter's time zone, so that each piece has one version, one period and one class.
 */
export function splitInterval(
  start: number,
  end: number,
  timeZone: string,
  tariffOn: (day: string) => PreparedTariff | undefined,
  workingDay: (day: string) => boolean = mondayToFriday,
): IntervalPiece[] {
  const pieces: IntervalPiece[] = [];
  let cursor = start;
  while (cursor < end) {
    const local = cursor + Math.round(zoneOffsetMs(cursor * 1000, timeZone) / 1000);
    const dayNumber = Math.floor(local / DAY);
    const secondOfDay = local - dayNumber * DAY;
    const day = dayText(dayNumber);
    const tariff = tariffOn(day);
    let next = DAY;
    let period: TouPeriod | null = null;
    const segments = tariff?.segmentsByMonth.get(Number(day.slice(5, 7)));
    if (segments && segments.length > 0) {
      const segment = segments.find((s) => s.start * 60 <= secondOfDay && secondOfDay < s.end * 60);
      if (segment) {
        period = segment.period;
        next = segment.end * 60;
      }
    }
    const working = workingDay(day);
    const night = secondOfDay < NIGHT_END || secondOfDay >= NIGHT_START;
    next = Math.min(next, secondOfDay < NIGHT_END ? NIGHT_END : secondOfDay < NIGHT_START ? NIGHT_START : DAY);
    const pieceEnd = Math.min(end, cursor + (next - secondOfDay));
    pieces.push({
      seconds: pieceEnd - cursor,
      day,
      tariff,
      period,
      offHours: night || !working,
      workingDay: working,
    });
    cursor = pieceEnd;
  }
  return pieces;
}
