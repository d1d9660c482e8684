import { rational } from '../../../services/accounting/rational';
import type { IntervalValue } from '../../../services/alerts/conditions';
import { seededRandom } from '../syntheticLoads';

export type InjectedKind = 'spike' | 'gap' | 'outage' | 'stuck';
export const INJECTED_KINDS: readonly InjectedKind[] = ['spike', 'gap', 'outage', 'stuck'];

export interface Injection {
  kind: InjectedKind;
  /** Day index in the year. */
  day: number;
  /** First interval of the day it touches, and how many. */
  from: number;
  length: number;
}

export interface MeterYear {
  /** Per day: the day's local date and its intervals (kWh, 3 decimals), in time order; gaps left out. */
  days: { day: string; startMs: number; readings: IntervalValue[] }[];
  injections: Injection[];
}

export const INTERVALS_PER_DAY = 96;
const INTERVAL_S = 900;
const DAY_MS = 86_400_000;
/** Injections start after this many days, so the anomaly rule has its weeks of history. */
const WARM_UP_DAYS = 63;

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * One electricity meter's year of quarter hours (Asia/Shanghai, from 2025-01-01) with known truth: a base load of
 * 20–200 kW, doubled in working hours on weekdays (08:00–18:00), a cooling load that follows a seasonal, noisy daily
 * temperature above 22 °C in working hours, and 3 % noise per interval. Then, on distinct days after the warm-up,
 * three of each injected kind: a spike (one interval × 1.6–2.5, a machine left running), a gap (16–40 intervals
 * missing), an outage (10–24 intervals of exactly zero) and a stuck meter (14–30 intervals repeating one value).
 */
export function meterYear(seed: number, startDay = '2025-01-01', days = 365): MeterYear {
  const random = seededRandom(seed);
  const baseKw = 20 + 180 * random();
  const coolingKwPerDegree = baseKw * (0.02 + 0.04 * random());
  const t0 = Date.parse(`${startDay}T00:00:00+08:00`);
  const values: number[][] = [];
  for (let d = 0; d < days; d++) {
    const weekday = new Date(t0 + d * DAY_MS + 8 * 3_600_000).getUTCDay();
    const working = weekday >= 1 && weekday <= 5;
    const temperature = 16 + 13 * Math.sin((2 * Math.PI * (d - 110)) / 365) + 3 * gaussian(random);
    const row: number[] = [];
    for (let i = 0; i < INTERVALS_PER_DAY; i++) {
      const hours = i / 4;
      const inHours = working && hours >= 8 && hours < 18;
      const kw = baseKw * (inHours ? 2 : 1) + (inHours ? coolingKwPerDegree * Math.max(0, temperature - 22) : 0);
      row.push(Math.max(0.001, kw * 0.25 * (1 + 0.03 * gaussian(random))));
    }
    values.push(row);
  }
  const injections: Injection[] = [];
  const used = new Set<number>();
  const freeDay = () => {
    for (;;) {
      const d = WARM_UP_DAYS + Math.floor(random() * (days - WARM_UP_DAYS));
      if (!used.has(d)) {
        used.add(d);
        return d;
      }
    }
  };
  const span = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const missing = new Set<string>();
  for (const kind of INJECTED_KINDS) {
    for (let n = 0; n < 3; n++) {
      const day = freeDay();
      const length = { spike: 1, gap: span(16, 40), outage: span(10, 24), stuck: span(14, 30) }[kind];
      const from = Math.floor(random() * (INTERVALS_PER_DAY - length));
      injections.push({ kind, day, from, length });
      for (let i = from; i < from + length; i++) {
        if (kind === 'spike') values[day][i] *= 1.6 + 0.9 * random();
        if (kind === 'outage') values[day][i] = 0;
        if (kind === 'stuck') values[day][i] = values[day][from];
        if (kind === 'gap') missing.add(`${day}/${i}`);
      }
    }
  }
  return {
    injections,
    days: values.map((row, d) => {
      const startMs = t0 + d * DAY_MS;
      const readings: IntervalValue[] = [];
      row.forEach((v, i) => {
        if (missing.has(`${d}/${i}`)) return;
        readings.push({
          start: startMs / 1000 + i * INTERVAL_S,
          quantity: rational(BigInt(Math.round(v * 1000)), 1000n),
          flags: 0,
        });
      });
      return { day: new Date(startMs + 8 * 3_600_000).toISOString().slice(0, 10), startMs, readings };
    }),
  };
}
