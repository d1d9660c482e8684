import type { FactorSource } from '../accounting/factorSource';
import { compare, rational } from '../accounting/rational';
import type { Db } from '../db/db';
import { withTransaction } from '../db/db';
import type { Meter } from '../registry/meters';
import { clearAlert, raiseAlert, type AlertSubject } from './alertStore';
import { subjectRules } from './alertRules';
import type { EvaluationContext, EvaluationOutcome } from './evaluateMeterDay';
import type { AlertRule, Finding, IntensityParams, TotalParams } from './ruleTypes';
import { driverDays, scopeMeters, scopeTotal } from './scopeTotals';
import { intensityAbove, totalAbove } from './subjectConditions';

/** Local days an evaluation pass touched, with the meters touched on each. */
export type TouchedDays = ReadonlyMap<string, ReadonlySet<string>>;

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function nextMonth(first: string): string {
  const d = new Date(`${first}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d < to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The subject of a total or intensity rule in words: the meter, the group (the rule's meters) or the organisation. */
export async function ruleSubject(
  db: Db,
  orgId: string,
  rule: AlertRule,
  meters: readonly Meter[],
): Promise<AlertSubject> {
  if (rule.scope === 'meter') {
    const m = meters[0];
    return { kind: 'meter', id: rule.meterIds[0], label: m ? (m.name ?? m.externalId) : rule.meterIds[0] };
  }
  if (rule.scope === 'group') {
    return {
      kind: 'group',
      id: rule.id,
      label: `group "${rule.name}" (${meters.map((m) => m.externalId).join(', ')})`,
    };
  }
  const { rows } = await db.query<{ name: string }>('select name from organisations where id = $1::uuid', [orgId]);
  return { kind: 'organisation', id: orgId, label: `organisation ${rows[0]?.name ?? orgId}` };
}

type Verdict = { day: string; finding: Finding | null } | 'skip';

async function judgePeriod(
  db: Db,
  orgId: string,
  rule: AlertRule,
  meters: readonly Meter[],
  subject: AlertSubject,
  first: string,
  cache: { factors?: FactorSource },
): Promise<Verdict> {
  const monthly = (rule.params as TotalParams).period === 'month';
  const end = monthly ? nextMonth(first) : addDays(first, 1);
  const label = monthly ? first.slice(0, 7) : first;
  if (rule.kind === 'total') {
    const p = rule.params as TotalParams;
    const total = await scopeTotal(db, meters, p.metric, daysOf(first, end), cache);
    if (!total) return 'skip';
    return { day: first, finding: totalAbove(p, label, subject.label, total) };
  }
  const p = rule.params as IntensityParams;
  const driver = await driverDays(db, orgId, p.driver, first, end);
  // No driver value yet, or none but zeros (a day without production): no intensity to judge.
  if (driver.days.length === 0 || compare(driver.total, rational(0n)) <= 0) return 'skip';
  const numerator = await scopeTotal(db, meters, p.metric, driver.days, cache);
  if (!numerator) return 'skip';
  return {
    day: first,
    finding: intensityAbove(p, label, subject.label, numerator, { ...driver, days: driver.days.length }),
  };
}

/**
 * Judges the organisation's total and intensity rules on the days (or months) an evaluation pass touched, after the
 * meter-days themselves: a group rule only when one of its meters was touched. Each day or month is its own verdict,
 * resolved like a meter's day when a revision brings it back under the limit.
 */
export async function evaluateSubjectDays(
  db: Db,
  orgId: string,
  touched: TouchedDays,
  context: EvaluationContext = { factors: new Map() },
): Promise<EvaluationOutcome> {
  const outcome: EvaluationOutcome = { opened: 0, updated: 0, cleared: 0 };
  const rules = await subjectRules(db, orgId, ['total', 'intensity']);
  if (rules.length === 0) return outcome;
  const cache: { factors?: FactorSource } = { factors: context.factors.get(orgId) };
  const verdicts: { rule: AlertRule; subject: AlertSubject; verdict: Verdict }[] = [];
  for (const rule of rules) {
    const meters = await scopeMeters(db, orgId, rule);
    const ids = new Set(meters.map((m) => m.id));
    const monthly = (rule.params as TotalParams).period === 'month';
    const periods = new Set<string>();
    for (const [day, touchedMeters] of touched) {
      if ([...touchedMeters].some((id) => ids.has(id))) periods.add(monthly ? `${day.slice(0, 7)}-01` : day);
    }
    if (periods.size === 0) continue;
    const subject = await ruleSubject(db, orgId, rule, meters);
    for (const first of [...periods].sort()) {
      verdicts.push({ rule, subject, verdict: await judgePeriod(db, orgId, rule, meters, subject, first, cache) });
    }
  }
  if (cache.factors) context.factors.set(orgId, cache.factors);
  await withTransaction(db, async (tx) => {
    for (const { rule, subject, verdict } of verdicts) {
      if (verdict === 'skip') continue;
      const key = { orgId, ruleId: rule.id, kind: rule.kind, subject };
      if (verdict.finding) outcome[await raiseAlert(tx, key, verdict.day, verdict.finding)] += 1;
      else if (await clearAlert(tx, key, verdict.day)) outcome.cleared += 1;
    }
  });
  return outcome;
}
