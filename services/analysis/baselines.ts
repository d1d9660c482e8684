import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { evaluateAcceptance, type Acceptance } from './acceptance';
import { avoidedEnergy, type AvoidedEnergy } from './avoidedEnergy';
import { fitBaselineModel } from './baselineModel';
import type { BaselineCoverage, BaselineModel } from './baselineTypes';
import { loadPeriodDays, type PeriodRequest } from './periodDays';

export interface BaselineInput extends PeriodRequest {
  name?: string | null;
}

export interface Baseline extends BaselineCoverage {
  model: BaselineModel;
  acceptance: Acceptance;
  accepted: boolean;
  createdAt: Date;
}

/** Fits a baseline over the period's complete days and stores it with its acceptance verdict (stored even if it fails). */
export async function createBaseline(db: Db, orgId: string, input: BaselineInput): Promise<Baseline> {
  const period = await loadPeriodDays(db, orgId, input);
  if (period.days.length < 2 + input.drivers.length + (input.temperatureDriver ? 2 : 0)) {
    throw new NengtanError('NT_ERR_ANALYSIS_NO_DATA', {
      details: { completeDays: period.days.length, periodDays: period.periodDays },
    });
  }
  const model = fitBaselineModel(period.days, { weather: Boolean(input.temperatureDriver), drivers: input.drivers });
  if (!model) throw new NengtanError('NT_ERR_ANALYSIS_FIT_FAILED');
  const acceptance = evaluateAcceptance(model, period.periodDays, period.days.length / period.periodDays);
  const id = randomUUID();
  await db.query(
    `insert into baselines (id, org_id, name, meter_ids, unit, period_start, period_end, temperature_driver, drivers,
       model, acceptance, accepted)
     values ($1::uuid, $2::uuid, $3, $4::uuid[], $5, $6::date, $7::date, $8, $9::text[], $10::jsonb, $11::jsonb, $12)`,
    [
      id,
      orgId,
      input.name ?? null,
      input.meterIds,
      period.unit,
      input.periodStart,
      input.periodEnd,
      input.temperatureDriver ?? null,
      input.drivers,
      JSON.stringify(model),
      JSON.stringify(acceptance),
      acceptance.accepted,
    ],
  );
  return (await getBaseline(db, orgId, id)) as Baseline;
}

interface BaselineRow {
  id: string;
  name: string | null;
  meter_ids: string[];
  unit: string;
  period_start: string;
  period_end: string;
  temperature_driver: string | null;
  drivers: string[];
  model: BaselineModel | string;
  acceptance: Acceptance | string;
  accepted: boolean;
  created_at: Date;
}

const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

export async function getBaseline(db: Queryable, orgId: string, id: string): Promise<Baseline | undefined> {
  const { rows } = await db.query<BaselineRow>(
    `select id, name, meter_ids, unit, to_char(period_start, 'YYYY-MM-DD') as period_start,
       to_char(period_end, 'YYYY-MM-DD') as period_end, temperature_driver, drivers, model, acceptance, accepted, created_at
     from baselines where org_id = $1::uuid and id = $2::uuid`,
    [orgId, id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    meterIds: row.meter_ids,
    unit: row.unit,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    temperatureDriver: row.temperature_driver,
    drivers: row.drivers,
    model: parsed(row.model),
    acceptance: parsed(row.acceptance),
    accepted: row.accepted,
    createdAt: row.created_at,
  };
}

export interface SavingsReport extends AvoidedEnergy {
  baselineId: string;
  unit: string;
  periodStart: string;
  periodEnd: string;
  periodDays: number;
}

/** Avoided energy over a reporting period from a stored baseline (refused when the baseline failed acceptance). */
export async function reportSavings(
  db: Queryable,
  orgId: string,
  id: string,
  period: { periodStart: string; periodEnd: string; confidence: number },
): Promise<SavingsReport | undefined> {
  const baseline = await getBaseline(db, orgId, id);
  if (!baseline) return undefined;
  const reporting = await loadPeriodDays(db, orgId, {
    meterIds: baseline.meterIds,
    periodStart: period.periodStart,
    periodEnd: period.periodEnd,
    temperatureDriver: baseline.temperatureDriver,
    drivers: baseline.drivers,
  });
  const result = avoidedEnergy(baseline.model, baseline.acceptance, reporting.days, period.confidence);
  return {
    baselineId: id,
    unit: baseline.unit,
    periodStart: period.periodStart,
    periodEnd: period.periodEnd,
    periodDays: reporting.periodDays,
    ...result,
  };
}
