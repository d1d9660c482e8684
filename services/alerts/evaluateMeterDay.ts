import type { FactorSource } from '../accounting/factorSource';
import { sum } from '../accounting/rational';
import { calendarOverrides } from '../calendar/calendarDays';
import { withTransaction, type Db } from '../db/db';
import { getMeter, type Meter } from '../registry/meters';
import { clearAlert, meterKey, raiseAlert } from './alertStore';
import { rulesForMeter } from './alertRules';
import { branchLoss, childMeters, childrenTotal } from './branchLoss';
import { pairedRegisterOf } from '../flow/pairedRegister';
import { queuePairedIntervals, registerCheck, registerDayTotal } from './registerCheck';
import { aboveThreshold, anomaly, completeness, flatLine, outsideSchedule, zeroRun, type MeterDay } from './conditions';
import { loadHistory, loadMeterDay, monthTotal } from './meterDayData';
import { metricConverter } from './metricConverter';
import type {
  AlertRule,
  AnomalyParams,
  CompletenessParams,
  Finding,
  LossParams,
  RegisterCheckParams,
  RunParams,
  ScheduleParams,
  ThresholdParams,
} from './ruleTypes';

/** What one worker pass shares between evaluations: the default factor set of each organisation, resolved once. */
export interface EvaluationContext {
  factors: Map<string, FactorSource>;
}

export interface EvaluationOutcome {
  opened: number;
  updated: number;
  cleared: number;
}

/** A rule's verdict on one meter and day: a finding, none (clears), or 'skip' (cannot judge yet or does not apply). */
type Verdict = { day: string; finding: Finding | null } | 'skip';

async function judge(
  db: Db,
  rule: AlertRule,
  meter: Meter,
  d: MeterDay,
  now: number,
  cache: { factors?: FactorSource },
): Promise<Verdict> {
  switch (rule.kind) {
    case 'budget':
    case 'compliance':
    case 'total':
    case 'intensity':
      // Judged per organisation by evaluateSubjects (rulesForMeter leaves them out).
      return 'skip';
    case 'completeness':
      // A day is judged once it has ended: until then every day would look incomplete.
      if (d.endMs > now) return 'skip';
      return { day: d.day, finding: completeness(rule.params as CompletenessParams, d) };
    case 'zero_run':
      return { day: d.day, finding: zeroRun(rule.params as RunParams, d) };
    case 'flat_line':
      return { day: d.day, finding: flatLine(rule.params as RunParams, d) };
    case 'schedule': {
      // Every interval of a local day falls on that date: the calendar of that one day decides.
      const next = new Date(Date.parse(`${d.day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const calendar = await calendarOverrides(db, meter.orgId, d.day, next);
      return { day: d.day, finding: outsideSchedule(rule.params as ScheduleParams, d, calendar) };
    }
    case 'loss': {
      // Judged once the day has ended, and only on meters that have sub-meters.
      if (d.endMs > now) return 'skip';
      const children = await childMeters(db, meter.orgId, meter.id);
      if (children.length === 0) return 'skip';
      const total = await childrenTotal(db, d, children);
      return { day: d.day, finding: branchLoss(rule.params as LossParams, d, total, children.length) };
    }
    case 'register_check': {
      // Judged once the day has ended, on interval meters paired with a register that has data for the day.
      if (d.endMs > now) return 'skip';
      const registerId = await pairedRegisterOf(db, meter.orgId, meter.id);
      if (registerId === null || d.readings.length === 0) return 'skip';
      const register = await registerDayTotal(db, registerId, d);
      if (register === null) return 'skip';
      return { day: d.day, finding: registerCheck(rule.params as RegisterCheckParams, d, register) };
    }
    case 'anomaly': {
      const p = rule.params as AnomalyParams;
      return { day: d.day, finding: anomaly(p, d, await loadHistory(db, meter.id, d, p.weeks)) };
    }
    case 'threshold': {
      const p = rule.params as ThresholdParams;
      const converter = await metricConverter(db, meter, p.metric, Number(d.day.slice(0, 4)), cache);
      if (!converter) return 'skip';
      const withFactor = (f: Finding | null) =>
        f && converter.factor ? { ...f, details: { ...f.details, factor: converter.factor } } : f;
      if (p.period === 'interval') {
        const values = d.readings.map((r) => ({
          label: new Date(r.start * 1000).toISOString(),
          value: converter.convert(r.quantity),
        }));
        return { day: d.day, finding: withFactor(aboveThreshold(values, p.above, converter.unit, d.day)) };
      }
      if (p.period === 'day') {
        const total = converter.convert(sum(d.readings.map((r) => r.quantity)));
        return {
          day: d.day,
          finding: withFactor(aboveThreshold([{ label: d.day, value: total }], p.above, converter.unit, d.day)),
        };
      }
      const month = `${d.day.slice(0, 7)}-01`;
      const total = converter.convert(await monthTotal(db, meter.id, d.day));
      return {
        day: month,
        finding: withFactor(
          aboveThreshold([{ label: d.day.slice(0, 7), value: total }], p.above, converter.unit, d.day.slice(0, 7)),
        ),
      };
    }
  }
}

/**
 * Evaluates every enabled rule that watches the meter on one local day and records the outcome: an alert opened or
 * updated where a condition holds, resolved where it no longer does. Reads readings and rollups only; a late revision
 * of the day re-evaluates it the same way, so an alert raised on a wrong value clears when the value is corrected.
 */
export async function evaluateMeterDay(
  db: Db,
  orgId: string,
  meterId: string,
  day: string,
  now: number = Date.now(),
  context: EvaluationContext = { factors: new Map() },
): Promise<EvaluationOutcome> {
  const outcome: EvaluationOutcome = { opened: 0, updated: 0, cleared: 0 };
  await queueParentLoss(db, orgId, meterId, day);
  await queuePairedIntervals(db, orgId, meterId, day);
  const rules = await rulesForMeter(db, orgId, meterId);
  if (rules.length === 0) return outcome;
  const meter = await getMeter(db, orgId, meterId);
  if (!meter) return outcome;
  const d = await loadMeterDay(db, meter, day);
  const cache: { factors?: FactorSource } = { factors: context.factors.get(orgId) };
  const verdicts: { rule: AlertRule; verdict: Verdict }[] = [];
  for (const rule of rules) verdicts.push({ rule, verdict: await judge(db, rule, meter, d, now, cache) });
  if (cache.factors) context.factors.set(orgId, cache.factors);
  await withTransaction(db, async (tx) => {
    for (const { rule, verdict } of verdicts) {
      if (verdict === 'skip') continue;
      const key = meterKey(orgId, rule.id, rule.kind, { id: meterId, label: meter.name ?? meter.externalId });
      if (verdict.finding) {
        outcome[await raiseAlert(tx, key, verdict.day, verdict.finding)] += 1;
      } else if (await clearAlert(tx, key, verdict.day)) {
        outcome.cleared += 1;
      }
    }
  });
  return outcome;
}

/** A sub-meter's day changed: its parent's loss rules judge that day again on the next pass. */
async function queueParentLoss(db: Db, orgId: string, meterId: string, day: string): Promise<void> {
  await db.query(
    `insert into alert_queue (meter_id, day, org_id)
     select m.parent_meter_id, $3::date, m.org_id from meters m
     where m.id = $2::uuid and m.org_id = $1::uuid and m.parent_meter_id is not null
       and exists (select 1 from alert_rules r where r.org_id = m.org_id and r.enabled and r.kind = 'loss'
                     and (r.scope = 'organisation' or m.parent_meter_id = any (r.meter_ids)))
     on conflict (meter_id, day) do nothing`,
    [orgId, meterId, day],
  );
}
