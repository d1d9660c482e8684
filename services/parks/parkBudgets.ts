import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import type { ExactTotals } from '../accounting/computeInventory';
import { defaultFactorSetFor } from '../accounting/defaultFactorSet';
import { factorSourceFromSet } from '../accounting/factorSourceFromSet';
import { checkPeriod } from '../accounting/loadInventoryInput';
import { add, ZERO, type Rational } from '../accounting/rational';
import { daysBetween } from '../analysis/periodDays';
import { FORECAST_CONFIDENCE, FORECAST_WINDOW_DAYS, forecastToEnd, type Forecast } from '../budgets/forecast';
import { forecastBasis, isCalendarDay } from '../budgets/budgetStatus';
import { NengtanError } from '../lib/errors';
import { activeMembers } from './parkMemberships';

export interface ParkBudgetInput {
  name?: string | null;
  /** The member the budget covers; the park as a whole when omitted. */
  memberId?: string | null;
  periodStart: string;
  periodEnd: string;
  energyKgce?: string | null;
  co2eKg?: string | null;
}

export interface ParkBudget {
  id: string;
  name: string | null;
  member: { id: string; name: string } | null;
  periodStart: string;
  periodEnd: string;
  energyKgce: string | null;
  co2eKg: string | null;
  createdAt: string;
}

interface Row {
  id: string;
  name: string | null;
  member_org_id: string | null;
  member_name: string | null;
  period_start: string;
  period_end: string;
  energy_kgce: string | null;
  co2e_kg: string | null;
  created_at: Date;
}

// A member's budget is listed only while the member consents: one that left is gone from the park's views.
const SELECT = `select b.id, b.name, b.member_org_id, e.name as member_name,
    to_char(b.period_start, 'YYYY-MM-DD') as period_start, to_char(b.period_end, 'YYYY-MM-DD') as period_end,
    b.energy_kgce::text as energy_kgce, b.co2e_kg::text as co2e_kg, b.created_at
  from park_budgets b left join organisations e on e.id = b.member_org_id
  where b.park_org_id = $1::uuid and (b.member_org_id is null or exists (
    select 1 from park_memberships m
    where m.park_org_id = b.park_org_id and m.member_org_id = b.member_org_id and m.status = 'active'))`;

const toBudget = (r: Row): ParkBudget => ({
  id: r.id,
  name: r.name,
  member: r.member_org_id ? { id: r.member_org_id, name: r.member_name as string } : null,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  energyKgce: r.energy_kgce,
  co2eKg: r.co2e_kg,
  createdAt: new Date(r.created_at).toISOString(),
});

export async function createParkBudget(db: Queryable, parkId: string, input: ParkBudgetInput): Promise<ParkBudget> {
  if ((input.energyKgce ?? null) === null && (input.co2eKg ?? null) === null)
    throw new NengtanError('NT_ERR_BUDGET_INVALID', { message: 'A budget needs energyKgce, co2eKg or both' });
  checkPeriod(input.periodStart, input.periodEnd);
  const memberId = input.memberId ?? null;
  if (memberId !== null && !(await activeMembers(db, parkId)).some((m) => m.id === memberId))
    throw new NengtanError('NT_ERR_PARK_NOT_MEMBER');
  const id = randomUUID();
  await db.query(
    `insert into park_budgets (id, park_org_id, member_org_id, name, period_start, period_end, energy_kgce, co2e_kg)
     values ($1::uuid, $2::uuid, $3::uuid, $4, $5::date, $6::date, $7::numeric, $8::numeric)`,
    [
      id,
      parkId,
      memberId,
      input.name ?? null,
      input.periodStart,
      input.periodEnd,
      input.energyKgce ?? null,
      input.co2eKg ?? null,
    ],
  );
  return (await listParkBudgets(db, parkId)).find((b) => b.id === id) as ParkBudget;
}

export async function listParkBudgets(db: Queryable, parkId: string): Promise<ParkBudget[]> {
  const { rows } = await db.query<Row>(`${SELECT} order by b.period_start, b.created_at, b.id`, [parkId]);
  return rows.map(toBudget);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A member's actual over [start, asOf) and its daily totals by day; nothing when it has no readings there. */
async function memberSeries(db: Queryable, orgId: string, period: { start: string; asOf: string; end: string }) {
  const factors = await factorSourceFromSet(
    db,
    orgId,
    await defaultFactorSetFor(db, orgId, { start: period.start, end: period.end }),
  );
  try {
    const basis = await forecastBasis(db, orgId, undefined, factors, period);
    const gaps = new Set(basis.daysWithoutData);
    const days: string[] = [];
    for (let i = basis.historyDays; i >= 1; i--)
      if (!gaps.has(addDays(period.asOf, -i))) days.push(addDays(period.asOf, -i));
    return { actual: basis.actual, daily: new Map(days.map((d, i) => [d, basis.daily[i]])) };
  } catch (e) {
    if (e instanceof NengtanError && e.code === 'NT_ERR_ACCOUNTING_NO_DATA') return null;
    throw e;
  }
}

export interface ParkBudgetStatus {
  budget: ParkBudget;
  asOf: string;
  elapsedDays: number;
  remainingDays: number;
  historyDays: number;
  /** Days of the history on which no member covered had any reading: gaps, left out of the mean. */
  daysWithoutData: string[];
  members: number;
  confidence: number;
  energyKgce: Forecast | null;
  co2eKg: Forecast | null;
}

/**
 * A park budget's status on a day, by the budgets' forecast (services/budgets) on the members' aggregated daily
 * series: the actual is the exact sum of the covered members' actuals (each its own inventory engine and default
 * factor set), each day of the last 28 (or the period so far) is the sum of the members that had readings that day,
 * and a day no member had readings is a gap. Null forecasts when no member has any reading yet.
 */
export async function parkBudgetStatus(
  db: Queryable,
  parkId: string,
  budget: ParkBudget,
  asOf: string,
): Promise<ParkBudgetStatus> {
  if (!isCalendarDay(asOf) || asOf <= budget.periodStart || asOf > budget.periodEnd)
    throw new NengtanError('NT_ERR_BUDGET_AS_OF', {
      message: `asOf ${asOf} must be a date after the budget's start ${budget.periodStart} and at most its end ${budget.periodEnd}`,
    });
  const covered = (await activeMembers(db, parkId)).filter((m) => budget.member === null || m.id === budget.member.id);
  const period = { start: budget.periodStart, asOf, end: budget.periodEnd };
  const historyDays = Math.min(FORECAST_WINDOW_DAYS, daysBetween(period.start, asOf));
  const history = Array.from({ length: historyDays }, (_, i) => addDays(asOf, i - historyDays));
  let energy: Rational = ZERO;
  let co2e: Rational = ZERO;
  const daily = new Map<string, { energy: Rational; co2e: Rational }>();
  for (const member of covered) {
    const series = await memberSeries(db, member.id, period);
    if (!series) continue;
    energy = add(energy, series.actual.energyKgce);
    co2e = add(co2e, series.actual.totalLocation);
    for (const [day, totals] of series.daily as Map<string, ExactTotals>) {
      const entry = daily.get(day) ?? { energy: ZERO, co2e: ZERO };
      daily.set(day, { energy: add(entry.energy, totals.energyKgce), co2e: add(entry.co2e, totals.totalLocation) });
    }
  }
  const days = history.filter((d) => daily.has(d)).map((d) => daily.get(d) as { energy: Rational; co2e: Rational });
  const remainingDays = daysBetween(asOf, budget.periodEnd);
  const forecast = (actual: Rational, values: Rational[], limit: string | null) =>
    values.length === 0 ? null : forecastToEnd(actual, values, remainingDays, limit);
  return {
    budget,
    asOf,
    elapsedDays: daysBetween(period.start, asOf),
    remainingDays,
    historyDays,
    daysWithoutData: history.filter((d) => !daily.has(d)),
    members: covered.length,
    confidence: FORECAST_CONFIDENCE,
    energyKgce: forecast(
      energy,
      days.map((d) => d.energy),
      budget.energyKgce,
    ),
    co2eKg: forecast(
      co2e,
      days.map((d) => d.co2e),
      budget.co2eKg,
    ),
  };
}

export interface ParkWarning {
  budgetId: string;
  budgetName: string | null;
  member: { id: string; name: string } | null;
  quantity: 'energyKgce' | 'co2eKg';
  warning: NonNullable<Forecast['warning']>;
  budget: string;
  forecast: string;
  upper: string | null;
}

/**
 * Every park budget whose period contains `asOf` with its status, and the warnings: a forecast (or its upper bound,
 * or the actual) crossing a budget. Computed on request: alerts are stored per meter, and these have no meter.
 */
export async function parkBudgetWarnings(db: Queryable, parkId: string, asOf: string) {
  if (!isCalendarDay(asOf))
    throw new NengtanError('NT_ERR_BUDGET_AS_OF', { message: `asOf ${asOf} is not a calendar date YYYY-MM-DD` });
  const budgets = (await listParkBudgets(db, parkId)).filter((b) => b.periodStart < asOf && asOf <= b.periodEnd);
  const statuses: ParkBudgetStatus[] = [];
  for (const budget of budgets) statuses.push(await parkBudgetStatus(db, parkId, budget, asOf));
  const warnings: ParkWarning[] = [];
  for (const s of statuses)
    for (const quantity of ['energyKgce', 'co2eKg'] as const) {
      const f = s[quantity];
      if (f?.warning && f.budget !== null)
        warnings.push({
          budgetId: s.budget.id,
          budgetName: s.budget.name,
          member: s.budget.member,
          quantity,
          warning: f.warning,
          budget: f.budget,
          forecast: f.forecast,
          upper: f.upper,
        });
    }
  return { asOf, budgets: statuses, warnings };
}
