/**
 * npm run bench:detection: how well the alert rules find what is wrong in meter data (issue 11: precision and recall
 * each ≥ 0.9 per injected kind). 100 generated electricity meters × 1 year of quarter hours (3.5 M intervals) with
 * known truth (scripts/bench/detection/meterYear.ts): spikes, gaps, outages and stuck meters injected on known days.
 * Every meter-day is judged by the rules' own detectors (services/alerts/conditions.ts, the functions the alert worker
 * calls, on the same interval values it reads from the database): anomaly (12 weeks of time-of-week history,
 * k = 8; ANOMALY_WEEKS and ANOMALY_K try others), completeness (< 90 %), zero run (≥ 8 intervals), flat line
 * (≥ 12 intervals). A finding is a true positive when the day carries an injection the rule is meant to find
 * (anomaly: spikes and outages, both values far from the meter's own history), a false positive on a day without any
 * injected fault; a finding on a day with a fault of another kind (e.g. the anomaly rule on a stuck meter's day) is a
 * real fault found by another rule's means and counted apart. An injected day without the finding is a miss.
 * Prints precision and recall per kind with goal met / NOT met, and the judging time per meter-day. DETECTION_METERS
 * sets the number of meters (100).
 */
import os from 'node:os';
import type { Rational } from '../../services/accounting/rational';
import { anomaly, completeness, flatLine, zeroRun, type MeterDay } from '../../services/alerts/conditions';
import type { Finding } from '../../services/alerts/ruleTypes';
import { INJECTED_KINDS, meterYear, type InjectedKind } from './detection/meterYear';

const METERS = Number(process.env.DETECTION_METERS ?? 100);
const GOAL = 0.9;
const WEEK_S = 7 * 86_400;
/** The anomaly rule's parameters (ANOMALY_WEEKS, ANOMALY_K to try others). */
const WEEKS = Number(process.env.ANOMALY_WEEKS ?? 12);
const K = process.env.ANOMALY_K ?? '8';

type Rule = 'anomaly' | 'completeness' | 'zero_run' | 'flat_line';
/** Which injected kinds each rule is there to find. */
const FINDS: Record<Rule, InjectedKind[]> = {
  anomaly: ['spike', 'outage'],
  completeness: ['gap'],
  zero_run: ['outage'],
  flat_line: ['stuck'],
};
const RULES = Object.keys(FINDS) as Rule[];

function main() {
  const counts = Object.fromEntries(
    RULES.map((r) => [r, { tp: 0, fp: 0, fn: 0, other: 0, otherKinds: new Map<InjectedKind, number>() }]),
  ) as Record<Rule, { tp: number; fp: number; fn: number; other: number; otherKinds: Map<InjectedKind, number> }>;
  let meterDays = 0;
  let intervals = 0;
  let judgingMs = 0;
  for (let m = 0; m < METERS; m++) {
    const year = meterYear(1000 + m);
    const injected = new Map<number, Set<InjectedKind>>();
    for (const inj of year.injections) {
      if (!injected.has(inj.day)) injected.set(inj.day, new Set());
      injected.get(inj.day)?.add(inj.kind);
    }
    const history = new Map<number, Rational>();
    for (const d of year.days) for (const r of d.readings) history.set(r.start, r.quantity);
    const started = performance.now();
    year.days.forEach((d, index) => {
      const day: MeterDay = {
        day: d.day,
        startMs: d.startMs,
        endMs: d.startMs + 86_400_000,
        intervalSeconds: 900,
        timeZone: 'Asia/Shanghai',
        unit: 'kWh',
        readings: d.readings,
      };
      const earlier = new Map<number, Rational>();
      for (const r of d.readings) {
        for (let w = 1; w <= WEEKS; w++) {
          const v = history.get(r.start - w * WEEK_S);
          if (v) earlier.set(r.start - w * WEEK_S, v);
        }
      }
      const findings: Record<Rule, Finding | null> = {
        anomaly: anomaly({ weeks: WEEKS, k: K, minDeviation: '0' }, day, earlier),
        completeness: completeness({ minPercent: 90 }, day),
        zero_run: zeroRun({ minIntervals: 8 }, day),
        flat_line: flatLine({ minIntervals: 12 }, day),
      };
      const truth = injected.get(index);
      for (const rule of RULES) {
        const meant = FINDS[rule].some((k) => truth?.has(k));
        if (findings[rule] && meant) counts[rule].tp += 1;
        else if (findings[rule] && truth) {
          counts[rule].other += 1;
          for (const k of truth) counts[rule].otherKinds.set(k, (counts[rule].otherKinds.get(k) ?? 0) + 1);
        } else if (findings[rule]) counts[rule].fp += 1;
        else if (meant) counts[rule].fn += 1;
      }
      meterDays += 1;
      intervals += d.readings.length;
    });
    judgingMs += performance.now() - started;
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  let allMet = true;
  const lines = RULES.map((rule) => {
    const { tp, fp, fn, other, otherKinds } = counts[rule];
    const kinds = [...otherKinds].map(([k, n]) => `${k} ${n}`).join(', ');
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    const met = precision >= GOAL && recall >= GOAL;
    allMet &&= met;
    return (
      `${rule.padEnd(12)} finds ${FINDS[rule].join(' + ').padEnd(14)} precision ${precision.toFixed(3)} ` +
      `recall ${recall.toFixed(3)} (tp ${tp}, fp ${fp}, missed ${fn}; on other faults' days ${other}${kinds ? `: ${kinds}` : ''}) — goal ≥ ${GOAL}: ` +
      (met ? 'met' : 'NOT met')
    );
  });
  process.stdout.write(
    `bench:detection ${new Date().toISOString()} load average ${os.loadavg()[0].toFixed(1)}\n` +
      `${METERS} meters × 365 days: ${meterDays} meter-days, ${intervals} intervals; injected per meter: 3 of each of ${INJECTED_KINDS.join(', ')}\n` +
      lines.join('\n') +
      `\njudging: ${(judgingMs / meterDays).toFixed(2)} ms per meter-day for 4 rules (${(judgingMs / 1000).toFixed(1)} s)\n` +
      `all kinds: ${allMet ? 'goal met' : 'goal NOT met'}\n`,
  );
  if (!allMet) process.exitCode = 1;
}

main();
