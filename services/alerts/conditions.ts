import {
  add,
  compare,
  div,
  format,
  mul,
  parseRational,
  rational,
  sub,
  sum,
  type Rational,
} from '../accounting/rational';
import { ESTIMATE_FLAGS } from '../lib/qualityFlags';
import { zoneOffsetMs } from '../lib/time';
import type { CalendarOverrides } from '../calendar/calendarTypes';
import { isWorkingDay } from '../calendar/workingDay';
import { abs, MAD_TO_SIGMA, median } from './robustStats';
import type { AnomalyParams, CompletenessParams, Finding, RunParams, ScheduleParams } from './ruleTypes';

const WEEK_S = 7 * 86_400;
const SCALE = 6;

/** One current (highest-revision) interval of a meter: start in unix seconds, quantity in the normalised unit. */
export interface IntervalValue {
  start: number;
  quantity: Rational;
  flags: number;
}

/** A meter's local day with its intervals in time order. */
export interface MeterDay {
  day: string;
  /** The local day's bounds, epoch milliseconds (23 or 25 hours on a daylight-saving change). */
  startMs: number;
  endMs: number;
  intervalSeconds: number;
  timeZone: string;
  unit: string;
  readings: IntervalValue[];
}

const show = (x: Rational) => format(x, SCALE);
const iso = (start: number) => new Date(start * 1000).toISOString();

/**
 * Completeness below the minimum: the share of the day's intervals that carry a measured value (estimates filled in
 * by VEE do not count). Key energy-using units report with completeness ≥ 90 % per day (MANAGEMENT §1).
 */
export function completeness(p: CompletenessParams, d: MeterDay): Finding | null {
  const expected = Math.round((d.endMs - d.startMs) / 1000 / d.intervalSeconds);
  const measured = d.readings.filter((r) => (r.flags & ESTIMATE_FLAGS) === 0).length;
  if (measured * 100 >= p.minPercent * expected) return null;
  const percent = rational(BigInt(measured * 100), BigInt(expected));
  return {
    message: `${d.day}: ${measured} of ${expected} intervals measured (${format(percent, 1)} %), below ${p.minPercent} %`,
    observed: format(percent, 2),
    expected: String(p.minPercent),
    deviation: format(sub(percent, rational(BigInt(p.minPercent))), 2),
    details: { measured, expected, minPercent: p.minPercent },
  };
}

/** The longest run of consecutive intervals whose quantities satisfy `same` pairwise (and `member` each). */
function longestRun(
  d: MeterDay,
  member: (r: IntervalValue) => boolean,
  same: (a: IntervalValue, b: IntervalValue) => boolean,
): { length: number; from: number; to: number; value: Rational } | null {
  let best: { length: number; from: number; to: number; value: Rational } | null = null;
  let runStart = 0;
  for (let i = 0; i < d.readings.length; i++) {
    const r = d.readings[i];
    const prev = d.readings[i - 1];
    const continues = i > 0 && member(prev) && prev.start + d.intervalSeconds === r.start && same(prev, r) && member(r);
    if (!continues) runStart = i;
    if (!member(r)) continue;
    const length = i - runStart + 1;
    if (!best || length > best.length)
      best = { length, from: d.readings[runStart].start, to: r.start, value: r.quantity };
  }
  return best;
}

/** Zero run (outage, DOMAIN §7): at least `minIntervals` consecutive intervals of exactly zero. */
export function zeroRun(p: RunParams, d: MeterDay): Finding | null {
  const run = longestRun(
    d,
    (r) => r.quantity.n === 0n,
    () => true,
  );
  if (!run || run.length < p.minIntervals) return null;
  return {
    message: `${d.day}: ${run.length} consecutive zero intervals from ${iso(run.from)}`,
    observed: String(run.length),
    expected: `< ${p.minIntervals}`,
    details: { from: iso(run.from), lastStart: iso(run.to), intervals: run.length },
  };
}

/** Flat line (stuck meter or frozen gateway): at least `minIntervals` consecutive equal non-zero values. */
export function flatLine(p: RunParams, d: MeterDay): Finding | null {
  const run = longestRun(
    d,
    (r) => r.quantity.n !== 0n,
    (a, b) => compare(a.quantity, b.quantity) === 0,
  );
  if (!run || run.length < p.minIntervals) return null;
  return {
    message: `${d.day}: ${run.length} consecutive intervals of exactly ${show(run.value)} ${d.unit} from ${iso(run.from)}`,
    observed: String(run.length),
    expected: `< ${p.minIntervals}`,
    details: { from: iso(run.from), lastStart: iso(run.to), intervals: run.length, value: show(run.value) },
  };
}

/** The median of a sorted list without its element i (at least two elements), in constant time. */
function medianWithout(sorted: readonly Rational[], i: number): Rational {
  const n = sorted.length - 1;
  const at = (j: number) => sorted[j < i ? j : j + 1];
  const mid = n >> 1;
  return n % 2 === 1 ? at(mid) : div(add(at(mid - 1), at(mid)), rational(2n));
}

const NO_OVERRIDES: CalendarOverrides = new Map();
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether an interval starting at `start` lies inside the schedule's working hours (local time of the meter). The
 * day is a working day by the organisation's calendar over the rule's weekdays (a public holiday is not, an adjusted
 * working Saturday is); the rule's own holidays are never working days.
 */
export function insideSchedule(
  p: ScheduleParams,
  start: number,
  timeZone: string,
  calendar: CalendarOverrides = NO_OVERRIDES,
): boolean {
  const ms = start * 1000;
  const local = new Date(ms + zoneOffsetMs(ms, timeZone));
  const date = local.toISOString().slice(0, 10);
  if (p.holidays.includes(date)) return false;
  if (!isWorkingDay(date, p.weekdays, calendar)) return false;
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return minute >= minutesOf(p.start) && minute < minutesOf(p.end);
}

/** Consumption outside the schedule (nights, weekends, holidays) above the day's allowance. */
export function outsideSchedule(
  p: ScheduleParams,
  d: MeterDay,
  calendar: CalendarOverrides = NO_OVERRIDES,
): Finding | null {
  const outside = d.readings.filter((r) => !insideSchedule(p, r.start, d.timeZone, calendar));
  const total = sum(outside.map((r) => r.quantity));
  const allowance = parseRational(p.allowance);
  if (compare(total, allowance) <= 0) return null;
  return {
    message: `${d.day}: ${show(total)} ${d.unit} used outside working hours, allowance ${p.allowance}`,
    observed: show(total),
    expected: p.allowance,
    deviation: show(sub(total, allowance)),
    details: {
      intervalsOutside: outside.filter((r) => r.quantity.n !== 0n).length,
      ...(calendar.has(d.day) ? { calendarDay: calendar.get(d.day) } : {}),
    },
  };
}

const LEVEL_MIN = rational(4n, 5n);
const LEVEL_MAX = rational(5n, 4n);

/**
 * The day's own level against its profile, for the high-load and the low-load intervals apart (split halfway between
 * the day's lowest and highest expected value): the median of value / expected in each, clamped to [0.8, 1.25]. A
 * warm day lifts every working hour together, so the expected values follow it; one interval (a spike) or a few (an
 * outage) barely move a median of dozens, and the clamp keeps a long outage from hiding itself.
 */
function dayLevels(judged: readonly { r: IntervalValue; expected: Rational }[]): {
  split: Rational;
  high: Rational;
  low: Rational;
} {
  const positive = judged.filter((j) => j.expected.n > 0n);
  if (positive.length === 0) return { split: rational(0n), high: rational(1n), low: rational(1n) };
  const sorted = positive.map((j) => j.expected).sort(compare);
  const split = div(add(sorted[0], sorted[sorted.length - 1]), rational(2n));
  const ratio = (group: typeof positive) => {
    if (group.length === 0) return rational(1n);
    const m = median(group.map((j) => div(j.r.quantity, j.expected)));
    return compare(m, LEVEL_MIN) < 0 ? LEVEL_MIN : compare(m, LEVEL_MAX) > 0 ? LEVEL_MAX : m;
  };
  return {
    split,
    high: ratio(positive.filter((j) => compare(j.expected, split) > 0)),
    low: ratio(positive.filter((j) => compare(j.expected, split) <= 0)),
  };
}

/**
 * Anomaly against the meter's own history: for each interval, the expected value is the median of the same
 * time-of-week slot in the previous `weeks` weeks, times the day's own level (see dayLevels: a warm day's working
 * hours are expected higher together, bench:detection's precision went from 0.55 to 0.95 with it). The spread is pooled per hour of the day and measured on the
 * statistic judged: s is the median, over the hour's slots and their samples, of |sample − median of the slot's other
 * samples| / slot median (leave-one-out; a plain MAD of a few samples per slot is too small and unstable, and one
 * spread for the whole day is too narrow for working hours whose load follows the weather: bench:detection measured
 * 2 % and 12 % precision with those). The band is ±max(k × 1.4826 × s × expected, minDeviation). At least three
 * earlier weeks (or all `weeks` when fewer are asked for) must have a value, else the interval is not judged. The
 * finding names the interval with the largest deviation and how many intervals left the band.
 */
export function anomaly(p: AnomalyParams, d: MeterDay, history: ReadonlyMap<number, Rational>): Finding | null {
  const k = parseRational(p.k);
  const floor = parseRational(p.minDeviation);
  const need = Math.min(3, p.weeks);
  const judged: { r: IntervalValue; expected: Rational; hour: number }[] = [];
  const relative = new Map<number, Rational[]>();
  for (const r of d.readings) {
    if ((r.flags & ESTIMATE_FLAGS) !== 0) continue;
    const samples: Rational[] = [];
    for (let w = 1; w <= p.weeks; w++) {
      const v = history.get(r.start - w * WEEK_S);
      if (v) samples.push(v);
    }
    if (samples.length < need) continue;
    const expected = median(samples);
    const hour = Math.floor((r.start * 1000 - d.startMs) / 3_600_000);
    judged.push({ r, expected, hour });
    if (expected.n === 0n) continue;
    // Leave-one-out: each sample against the median of the others, the same statistic the reading is judged by.
    const list = relative.get(hour) ?? [];
    const sorted = [...samples].sort(compare);
    sorted.forEach((v, i) => list.push(div(abs(sub(v, medianWithout(sorted, i))), abs(expected))));
    relative.set(hour, list);
  }
  const spreads = new Map<number, Rational>();
  for (const [hour, list] of relative) spreads.set(hour, median(list));
  const level = dayLevels(judged);
  let worst: { r: IntervalValue; expected: Rational; deviation: Rational; band: Rational; spread: Rational } | null =
    null;
  let outside = 0;
  for (const { r, expected: profile, hour } of judged) {
    const expected = mul(profile, compare(profile, level.split) > 0 ? level.high : level.low);
    const spread = spreads.get(hour) ?? rational(0n);
    const scaled = mul(k, MAD_TO_SIGMA, spread, abs(expected));
    const band = compare(scaled, floor) >= 0 ? scaled : floor;
    const deviation = sub(r.quantity, expected);
    if (compare(abs(deviation), band) <= 0) continue;
    outside += 1;
    if (!worst || compare(abs(deviation), abs(worst.deviation)) > 0) worst = { r, expected, deviation, band, spread };
  }
  if (!worst) return null;
  return {
    message: `${d.day}: ${outside} interval(s) outside the expected band; largest at ${iso(worst.r.start)}: ${show(worst.r.quantity)} ${d.unit}, expected ${show(worst.expected)} ± ${show(worst.band)}`,
    observed: show(worst.r.quantity),
    expected: show(worst.expected),
    deviation: show(worst.deviation),
    details: {
      at: iso(worst.r.start),
      band: show(worst.band),
      intervalsOutside: outside,
      weeks: p.weeks,
      relativeSpread: format(worst.spread, 6),
    },
  };
}

/** The largest of the labelled values above the limit, or null. */
export function aboveThreshold(
  values: readonly { label: string; value: Rational }[],
  above: string,
  unit: string,
  day: string,
): Finding | null {
  const limit = parseRational(above);
  let top: { label: string; value: Rational } | null = null;
  for (const v of values) if (!top || compare(v.value, top.value) > 0) top = v;
  if (!top || compare(top.value, limit) <= 0) return null;
  const over = values.filter((v) => compare(v.value, limit) > 0).length;
  return {
    message: `${day}: ${show(top.value)} ${unit} at ${top.label} above the limit ${above}`,
    observed: show(top.value),
    expected: above,
    deviation: show(sub(top.value, limit)),
    details: { at: top.label, over, unit },
  };
}
