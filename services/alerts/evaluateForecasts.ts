import type { ChainConnection } from '../chain/connectChain';
import type { Db, Queryable } from '../db/db';
import { withTransaction } from '../db/db';
import { budgetStatus, type BudgetStatus } from '../budgets/budgetStatus';
import { listBudgets, type Budget } from '../budgets/budgets';
import { complianceForecast } from '../budgets/complianceForecast';
import { NengtanError } from '../lib/errors';
import { clearAlert, raiseAlert, type AlertSubject } from './alertStore';
import { subjectRules } from './alertRules';
import type { EvaluationOutcome } from './evaluateMeterDay';
import { addDays } from './evaluateSubjects';
import type { AlertRule, Finding, ForecastParams } from './ruleTypes';
import { budgetCrossed, complianceShortfall, type ComplianceView } from './subjectConditions';

/** The first and last local day of readings an evaluation pass touched for an organisation. */
export interface DaySpan {
  from: string;
  to: string;
}

/** The organisation's latest local day with readings before `end`, or null. */
async function latestDay(db: Queryable, orgId: string, siteId: string | null, end: string): Promise<string | null> {
  const { rows } = await db.query<{ day: string | null }>(
    `select to_char(max(r.day), 'YYYY-MM-DD') as day from reading_rollups_daily r join meters m on m.id = r.meter_id
     where m.org_id = $1::uuid and ($2::uuid is null or m.site_id = $2::uuid) and r.day < $3::date`,
    [orgId, siteId, end],
  );
  return rows[0]?.day ?? null;
}

/** A forecast that cannot be made (no data in its window) is no verdict, not an error. */
async function unlessNoData<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof NengtanError && error.code === 'NT_ERR_ACCOUNTING_NO_DATA') return undefined;
    throw error;
  }
}

async function budgetSubject(db: Queryable, b: Budget): Promise<AlertSubject> {
  let site = '';
  if (b.siteId) {
    const { rows } = await db.query<{ name: string }>('select name from sites where id = $1::uuid', [b.siteId]);
    site = ` of site ${rows[0]?.name ?? b.siteId}`;
  }
  const name = b.name ? `budget "${b.name}"` : 'budget';
  return { kind: 'budget', id: b.id, label: `${name}${site}, ${b.periodStart} – ${b.periodEnd}` };
}

type Verdict = { rule: AlertRule; subject: AlertSubject; day: string; finding: Finding | null };

/**
 * Judges the organisation's budget and compliance rules with the forecasts of issue 11 §2, for the budgets whose
 * period the touched days fall in and the years they belong to. Each forecast is made as of the day after the latest
 * day with readings in the period (not as of the touched day: a late reading for an old day must not judge today's
 * position from an old forecast). A forecast is one running verdict per subject: a crossing opens or updates the
 * alert, a forecast back under resolves it whatever day it was raised on.
 */
export async function evaluateForecasts(
  deps: { db: Db; chain?: ChainConnection },
  orgId: string,
  span: DaySpan,
): Promise<EvaluationOutcome> {
  const outcome: EvaluationOutcome = { opened: 0, updated: 0, cleared: 0 };
  const rules = await subjectRules(deps.db, orgId, ['budget', 'compliance']);
  if (rules.length === 0) return outcome;
  const verdicts: Verdict[] = [];
  const budgetRules = rules.filter((r) => r.kind === 'budget');
  if (budgetRules.length > 0) {
    for (const budget of await listBudgets(deps.db, orgId)) {
      if (budget.periodStart > span.to || budget.periodEnd <= span.from) continue;
      const latest = await latestDay(deps.db, orgId, budget.siteId, budget.periodEnd);
      if (latest === null || latest < budget.periodStart) continue;
      const asOf = addDays(latest, 1);
      const status: BudgetStatus | undefined = await unlessNoData(() => budgetStatus(deps.db, orgId, budget.id, asOf));
      if (!status) continue;
      const subject = await budgetSubject(deps.db, budget);
      for (const rule of budgetRules) {
        const finding = budgetCrossed(rule.params as ForecastParams, subject.label, asOf, status);
        verdicts.push({ rule, subject, day: latest, finding });
      }
    }
  }
  const complianceRules = rules.filter((r) => r.kind === 'compliance');
  const years = new Set([Number(span.from.slice(0, 4)), Number(span.to.slice(0, 4))]);
  for (const year of complianceRules.length > 0 ? years : []) {
    const latest = await latestDay(deps.db, orgId, null, `${year + 1}-01-01`);
    if (latest === null || latest < `${year}-01-01`) continue;
    const asOf = addDays(latest, 1);
    const view: ComplianceView | undefined = await unlessNoData(() =>
      complianceForecast({ db: deps.db, chain: deps.chain }, orgId, year, asOf),
    );
    if (!view) continue;
    const subject: AlertSubject = { kind: 'compliance', id: String(year), label: `compliance year ${year}` };
    for (const rule of complianceRules) {
      verdicts.push({
        rule,
        subject,
        day: latest,
        finding: complianceShortfall(rule.params as ForecastParams, subject.label, view),
      });
    }
  }
  await withTransaction(deps.db, async (tx) => {
    for (const { rule, subject, day, finding } of verdicts) {
      const key = { orgId, ruleId: rule.id, kind: rule.kind, subject };
      if (finding) outcome[await raiseAlert(tx, key, day, finding)] += 1;
      else if (await clearAlert(tx, key, null)) outcome.cleared += 1;
    }
  });
  return outcome;
}
