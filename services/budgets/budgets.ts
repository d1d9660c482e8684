import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { checkPeriod } from '../accounting/loadInventoryInput';
import { NengtanError } from '../lib/errors';

export interface BudgetInput {
  name?: string | null;
  /** The site the budget covers; the whole organisation when omitted. */
  siteId?: string | null;
  /** Local dates, end exclusive. */
  periodStart: string;
  periodEnd: string;
  /** Energy budget in kgce (exact decimal). */
  energyKgce?: string | null;
  /** CO2e budget in kg, location-based (exact decimal). */
  co2eKg?: string | null;
  /** How the forecast extends to the end of the period; calendar days when omitted. */
  forecastBy?: BudgetForecastBy;
}

/**
 * `calendar_days`: the remaining days × the daily mean of recent history. `day_type`: the remaining working days × the
 * working days' mean + the remaining non-working days × the non-working days' mean, by the working-day calendar.
 */
export type BudgetForecastBy = 'calendar_days' | 'day_type';
export const BUDGET_FORECAST_BY: readonly BudgetForecastBy[] = ['calendar_days', 'day_type'];

export interface Budget {
  id: string;
  name: string | null;
  siteId: string | null;
  periodStart: string;
  periodEnd: string;
  energyKgce: string | null;
  co2eKg: string | null;
  forecastBy: BudgetForecastBy;
  createdAt: string;
}

interface Row {
  id: string;
  name: string | null;
  site_id: string | null;
  period_start: string;
  period_end: string;
  energy_kgce: string | null;
  co2e_kg: string | null;
  forecast_by: BudgetForecastBy;
  created_at: Date;
}

const COLUMNS = `id, name, site_id, to_char(period_start, 'YYYY-MM-DD') as period_start,
  to_char(period_end, 'YYYY-MM-DD') as period_end, energy_kgce::text, co2e_kg::text, forecast_by, created_at`;

const toBudget = (r: Row): Budget => ({
  id: r.id,
  name: r.name,
  siteId: r.site_id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  energyKgce: r.energy_kgce,
  co2eKg: r.co2e_kg,
  forecastBy: r.forecast_by,
  createdAt: new Date(r.created_at).toISOString(),
});

export async function createBudget(db: Queryable, orgId: string, input: BudgetInput): Promise<Budget> {
  const energy = input.energyKgce ?? null;
  const co2e = input.co2eKg ?? null;
  if (energy === null && co2e === null) {
    throw new NengtanError('NT_ERR_BUDGET_INVALID', { message: 'A budget needs energyKgce, co2eKg or both' });
  }
  checkPeriod(input.periodStart, input.periodEnd);
  const forecastBy = input.forecastBy ?? 'calendar_days';
  if (!BUDGET_FORECAST_BY.includes(forecastBy)) {
    throw new NengtanError('NT_ERR_BUDGET_INVALID', {
      message: `forecastBy must be one of ${BUDGET_FORECAST_BY.join(', ')}, got ${String(forecastBy)}`,
      details: { field: 'forecastBy' },
    });
  }
  const siteId = input.siteId ?? null;
  if (siteId !== null) {
    const { rows } = await db.query('select id from sites where id = $1::uuid and org_id = $2::uuid', [siteId, orgId]);
    if (rows.length === 0) {
      throw new NengtanError('NT_ERR_NOT_FOUND', {
        message: 'The site of the budget was not found',
        hint: 'Name a site of your own organisation (GET /v1/sites).',
      });
    }
  }
  const { rows } = await db.query<Row>(
    `insert into budgets (id, org_id, site_id, name, period_start, period_end, energy_kgce, co2e_kg, forecast_by)
     values ($1::uuid, $2::uuid, $3::uuid, $4, $5::date, $6::date, $7::numeric, $8::numeric, $9)
     returning ${COLUMNS}`,
    [randomUUID(), orgId, siteId, input.name ?? null, input.periodStart, input.periodEnd, energy, co2e, forecastBy],
  );
  return toBudget(rows[0]);
}

export async function listBudgets(db: Queryable, orgId: string): Promise<Budget[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from budgets where org_id = $1::uuid order by period_start, created_at, id`,
    [orgId],
  );
  return rows.map(toBudget);
}

export async function getBudget(db: Queryable, orgId: string, id: string): Promise<Budget> {
  const { rows } = await db.query<Row>(`select ${COLUMNS} from budgets where id = $1::uuid and org_id = $2::uuid`, [
    id,
    orgId,
  ]);
  if (!rows[0]) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Budget not found' });
  return toBudget(rows[0]);
}

export async function deleteBudget(db: Queryable, orgId: string, id: string): Promise<void> {
  const { rows } = await db.query('delete from budgets where id = $1::uuid and org_id = $2::uuid returning id', [
    id,
    orgId,
  ]);
  if (rows.length === 0) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Budget not found' });
}
