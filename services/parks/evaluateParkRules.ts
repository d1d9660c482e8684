import type { FactorSource } from '../accounting/factorSource';
import { add, compare, format, parseRational, sub, ZERO, type Rational } from '../accounting/rational';
import type { Forecast } from '../budgets/forecast';
import { withTransaction, type Db, type Queryable } from '../db/db';
import { clearAlert, raiseAlert, type AlertSubject } from '../alerts/alertStore';
import type { DaySpan } from '../alerts/evaluateForecasts';
import type { EvaluationContext, EvaluationOutcome } from '../alerts/evaluateMeterDay';
import { addDays, type TouchedDays } from '../alerts/evaluateSubjects';
import type { Finding } from '../alerts/ruleTypes';
import { scopeTotal } from '../alerts/scopeTotals';
import { budgetCrossed } from '../alerts/subjectConditions';
import { listMeters, type Meter } from '../registry/meters';
import {
  listParkAlertRules,
  parksWatching,
  type ParkAlertRule,
  type ParkBudgetParams,
  type ParkIntensityParams,
  type ParkTotalParams,
} from './parkAlertRules';
import { parkBenchmarking } from './parkBenchmarking';
import { listParkBudgets, parkBudgetStatus, type ParkBudget } from './parkBudgets';
import { activeMembers, type GrantLevel } from './parkMemberships';

const SCALE = 6;
const show = (x: Rational) => format(x, SCALE);

type Member = { id: string; name: string; grantLevel: GrantLevel };
type Verdict = { rule: ParkAlertRule; subject: AlertSubject; day: string; finding: Finding | null; running: boolean };

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

async function parkName(db: Queryable, parkId: string): Promise<string> {
  const { rows } = await db.query<{ name: string }>('select name from organisations where id = $1::uuid', [parkId]);
  return rows[0]?.name ?? parkId;
}

/**
 * The members a rule covers now (every consenting member, or the one it names while it consents) with the meters
 * it adds up: a member's boundary meters that import energy (its aggregate, as its own organisation totals count
 * it), or the meters the rule names, only while the member's grant covers meter data.
 */
async function covered(db: Queryable, rule: ParkAlertRule, members: readonly Member[]) {
  const out: { member: Member; meters: Meter[] }[] = [];
  for (const member of members) {
    if (rule.scope === 'member' && rule.member?.id !== member.id) continue;
    const all = await listMeters(db, member.id);
    if (rule.meterIds.length > 0) {
      if (member.grantLevel !== 'meters') continue;
      const named = new Set(rule.meterIds);
      out.push({ member, meters: all.filter((m) => named.has(m.id)) });
    } else out.push({ member, meters: all.filter((m) => m.accountingRole === 'boundary' && m.flow === 'import') });
  }
  return out;
}

function subjectOf(rule: ParkAlertRule, park: string, parkId: string, meters: readonly Meter[]): AlertSubject {
  if (rule.scope === 'park') return { kind: 'organisation', id: parkId, label: `park ${park}` };
  const member = rule.member as { id: string; name: string };
  if (rule.meterIds.length === 0) return { kind: 'organisation', id: member.id, label: `member ${member.name}` };
  return {
    kind: 'group',
    id: rule.id,
    label: `meters of member ${member.name} (${meters.map((m) => m.externalId).join(', ')})`,
  };
}

/**
 * A park or member total above its limit. Only the total and how many members (or granted meters) had data are
 * recorded: a park alert carries no member's meter list unless the rule is on meters the member granted.
 */
export function parkTotalAbove(
  p: ParkTotalParams,
  period: string,
  subject: string,
  total: { total: Rational; unit: string; members: number; meters?: number },
): Finding | null {
  const limit = parseRational(p.above);
  if (compare(total.total, limit) <= 0) return null;
  const counted = total.meters === undefined ? `${total.members} member(s)` : `${total.meters} meter(s)`;
  return {
    message: `${period}: ${subject} used ${show(total.total)} ${total.unit} in all (${counted}), above the limit ${p.above}`,
    observed: show(total.total),
    expected: p.above,
    deviation: show(sub(total.total, limit)),
    details: {
      unit: total.unit,
      period: p.period,
      members: total.members,
      ...(total.meters === undefined ? {} : { meters: total.meters }),
    },
  };
}

async function judgeTotal(
  db: Queryable,
  rule: ParkAlertRule,
  cover: { member: Member; meters: Meter[] }[],
  subject: AlertSubject,
  first: string,
  context: EvaluationContext,
): Promise<Verdict | undefined> {
  const p = rule.params as ParkTotalParams;
  const monthly = p.period === 'month';
  const days = daysOf(first, monthly ? nextMonth(first) : addDays(first, 1));
  let total: Rational = ZERO;
  let members = 0;
  let meters = 0;
  for (const { member, meters: list } of cover) {
    const cache: { factors?: FactorSource } = { factors: context.factors.get(member.id) };
    const part = await scopeTotal(db, list, p.metric, days, cache);
    if (cache.factors) context.factors.set(member.id, cache.factors);
    if (!part || part.meters === 0) continue;
    total = add(total, part.total);
    members += 1;
    meters += part.meters;
  }
  // No covered member had a reading in the period: nothing to judge (not a zero total).
  if (members === 0) return undefined;
  const unit = p.metric === 'kgce' ? 'kgce' : 'kg CO2e';
  const label = monthly ? first.slice(0, 7) : first;
  const finding = parkTotalAbove(p, label, subject.label, {
    total,
    unit,
    members,
    ...(rule.meterIds.length > 0 ? { meters } : {}),
  });
  return { rule, subject, day: first, finding, running: false };
}

async function record(db: Db, parkId: string, verdicts: readonly Verdict[]): Promise<EvaluationOutcome> {
  const outcome: EvaluationOutcome = { opened: 0, updated: 0, cleared: 0 };
  await withTransaction(db, async (tx) => {
    for (const { rule, subject, day, finding, running } of verdicts) {
      const key = { orgId: parkId, ruleId: rule.id, kind: rule.kind, subject };
      if (finding) outcome[await raiseAlert(tx, key, day, finding)] += 1;
      else if (await clearAlert(tx, key, running ? null : day)) outcome.cleared += 1;
    }
  });
  return outcome;
}

/**
 * Judges a park's total rules on the days (or months) its consenting members' readings touched, after the members'
 * own rules. A member that left is not a member any more: it is not read and its days touch nothing here.
 */
export async function evaluateParkTotals(
  db: Db,
  parkId: string,
  touched: ReadonlyMap<string, TouchedDays>,
  context: EvaluationContext = { factors: new Map() },
): Promise<EvaluationOutcome> {
  const rules = (await listParkAlertRules(db, parkId, true)).filter((r) => r.kind === 'total');
  if (rules.length === 0) return { opened: 0, updated: 0, cleared: 0 };
  const members = await activeMembers(db, parkId);
  const park = await parkName(db, parkId);
  const verdicts: Verdict[] = [];
  for (const rule of rules) {
    const cover = await covered(db, rule, members);
    const monthly = (rule.params as ParkTotalParams).period === 'month';
    const periods = new Set<string>();
    for (const { member, meters } of cover) {
      const ids = new Set(meters.map((m) => m.id));
      for (const [day, touchedMeters] of touched.get(member.id) ?? new Map<string, ReadonlySet<string>>())
        if ([...touchedMeters].some((id) => ids.has(id))) periods.add(monthly ? `${day.slice(0, 7)}-01` : day);
    }
    if (periods.size === 0) continue;
    const subject = subjectOf(rule, park, parkId, cover[0]?.meters ?? []);
    for (const first of [...periods].sort()) {
      const verdict = await judgeTotal(db, rule, cover, subject, first, context);
      if (verdict) verdicts.push(verdict);
    }
  }
  return record(db, parkId, verdicts);
}

/** The latest local day with readings of the members' meters before `end`, or null. */
async function latestDay(db: Queryable, memberIds: readonly string[], end: string): Promise<string | null> {
  const { rows } = await db.query<{ day: string | null }>(
    `select to_char(max(r.day), 'YYYY-MM-DD') as day from reading_rollups_daily r join meters m on m.id = r.meter_id
     where m.org_id = any ($1::uuid[]) and r.day < $2::date`,
    [memberIds, end],
  );
  return rows[0]?.day ?? null;
}

const NO_FORECAST: Forecast = {
  actual: '0',
  forecast: '0',
  dailyMean: '0',
  lower: null,
  upper: null,
  budget: null,
  headroom: null,
  warning: null,
};

function budgetLabel(b: ParkBudget): string {
  const name = b.name ? `park budget "${b.name}"` : 'park budget';
  return `${name} (${b.member ? `member ${b.member.name}` : 'whole park'}), ${b.periodStart} – ${b.periodEnd}`;
}

async function budgetVerdicts(db: Queryable, parkId: string, rules: ParkAlertRule[], span: DaySpan) {
  const verdicts: Verdict[] = [];
  const members = await activeMembers(db, parkId);
  for (const budget of await listParkBudgets(db, parkId)) {
    if (budget.periodStart > span.to || budget.periodEnd <= span.from) continue;
    const ids = members.filter((m) => budget.member === null || m.id === budget.member.id).map((m) => m.id);
    const latest = ids.length === 0 ? null : await latestDay(db, ids, budget.periodEnd);
    if (latest === null || latest < budget.periodStart) continue;
    // As of the day after the latest reading (as the organisation's budget rules): a late reading for an old day
    // must not judge today's position from an old forecast.
    const asOf = addDays(latest, 1);
    const status = await parkBudgetStatus(db, parkId, budget, asOf);
    if (!status.energyKgce && !status.co2eKg) continue;
    const subject: AlertSubject = { kind: 'budget', id: budget.id, label: budgetLabel(budget) };
    for (const rule of rules) {
      const finding = budgetCrossed(rule.params as ParkBudgetParams, subject.label, asOf, {
        energyKgce: status.energyKgce ?? NO_FORECAST,
        co2eKg: status.co2eKg ?? NO_FORECAST,
      });
      verdicts.push({ rule, subject, day: latest, finding, running: true });
    }
  }
  return verdicts;
}

/** Most months of member data one intensity pass judges (each month previews every member's inventory). */
const MAX_INTENSITY_MONTHS = 3;

async function intensityVerdicts(db: Queryable, parkId: string, rules: ParkAlertRule[], span: DaySpan) {
  const verdicts: Verdict[] = [];
  const months: string[] = [];
  for (let m = `${span.from.slice(0, 7)}-01`; m <= span.to; m = nextMonth(m)) months.push(m);
  for (const first of months.slice(-MAX_INTENSITY_MONTHS)) {
    const table = await parkBenchmarking(db, parkId, { from: first, to: nextMonth(first) });
    for (const rule of rules) {
      const p = rule.params as ParkIntensityParams;
      const product = table.products.find((x) => x.product === p.product && x.unit === p.unit);
      if (!product) continue;
      const levels =
        p.indicator === 'kgce_per_unit' ? product.benchmarks.kgcePerUnit : product.benchmarks.kgCO2ePerUnit;
      const limit = levels?.[p.level] ?? null;
      // The benchmark was removed since the rule was made: no verdict rather than a guess.
      if (limit === null) continue;
      const unit = `${p.indicator === 'kgce_per_unit' ? 'kgce' : 'kg CO2e'}/${p.unit}`;
      for (const line of product.members) {
        if (rule.scope === 'member' && rule.member?.id !== line.memberId) continue;
        const value = p.indicator === 'kgce_per_unit' ? line.kgcePerUnit : line.kgCO2ePerUnit;
        const subject: AlertSubject = { kind: 'organisation', id: line.memberId, label: `member ${line.name}` };
        const over = compare(parseRational(value), parseRational(limit)) > 0;
        const word = p.level === 'baseline' ? 'baseline (基准)' : 'advanced (标杆)';
        verdicts.push({
          rule,
          subject,
          day: first,
          running: false,
          finding: over
            ? {
                message: `${first.slice(0, 7)}: ${subject.label} ${value} ${unit} of ${p.product}, above the park's ${word} level ${limit} ${unit}`,
                observed: value,
                expected: limit,
                deviation: format(sub(parseRational(value), parseRational(limit)), 3),
                details: {
                  unit,
                  product: p.product,
                  indicator: p.indicator,
                  level: p.level,
                  quantity: line.quantity,
                  energyKgce: line.energyKgce,
                  co2eKg: line.co2eKg,
                },
              }
            : null,
        });
      }
    }
  }
  return verdicts;
}

/**
 * The park's budget rules (its budgets' forecasts on the consenting members' aggregated daily series, as
 * GET /v1/park/warnings computes them) and intensity rules (each member's energy or CO2e per unit of the product
 * per month against the park's benchmark table, as GET /v1/park/benchmarking ranks them) for the days a pass
 * touched. Both preview inventories, so the alert worker runs them throttled, like the organisations' forecasts.
 */
export async function evaluateParkForecasts(db: Db, parkId: string, span: DaySpan): Promise<EvaluationOutcome> {
  const rules = await listParkAlertRules(db, parkId, true);
  const budgets = rules.filter((r) => r.kind === 'budget');
  const intensities = rules.filter((r) => r.kind === 'intensity');
  const verdicts = [
    ...(budgets.length > 0 ? await budgetVerdicts(db, parkId, budgets, span) : []),
    ...(intensities.length > 0 ? await intensityVerdicts(db, parkId, intensities, span) : []),
  ];
  return record(db, parkId, verdicts);
}

/**
 * The parks whose rules the touched member days concern, with each park's members' touched days: a member counts for
 * the parks it consents to now, and only those with enabled rules covering it.
 */
export async function parksTouched(
  db: Queryable,
  touched: ReadonlyMap<string, TouchedDays>,
): Promise<Map<string, Map<string, TouchedDays>>> {
  const parks = new Map<string, Map<string, TouchedDays>>();
  for (const [memberId, days] of touched) {
    for (const parkId of await parksWatching(db, memberId)) {
      const members = parks.get(parkId) ?? new Map<string, TouchedDays>();
      members.set(memberId, days);
      parks.set(parkId, members);
    }
  }
  return parks;
}
