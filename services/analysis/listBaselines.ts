import type { Queryable } from '../db/db';
import type { BaselineCoverage } from './baselineTypes';

/** A stored baseline as listed: what it covers, its verdict and its headline statistics (GET /v1/baselines/{id} has all). */
export interface BaselineSummary extends BaselineCoverage {
  accepted: boolean;
  rSquared: number;
  cvRmse: number;
  nmbe: number;
  createdAt: Date;
}

interface Row {
  id: string;
  name: string | null;
  meter_ids: string[];
  unit: string;
  period_start: string;
  period_end: string;
  temperature_driver: string | null;
  drivers: string[];
  accepted: boolean;
  r_squared: string;
  cv_rmse: string;
  nmbe: string;
  created_at: Date;
}

/** The organisation's baselines, newest first. */
export async function listBaselines(db: Queryable, orgId: string): Promise<BaselineSummary[]> {
  const { rows } = await db.query<Row>(
    `select id, name, meter_ids, unit, to_char(period_start, 'YYYY-MM-DD') as period_start,
       to_char(period_end, 'YYYY-MM-DD') as period_end, temperature_driver, drivers, accepted,
       model->>'rSquared' as r_squared, model->>'cvRmse' as cv_rmse, model->>'nmbe' as nmbe, created_at
     from baselines where org_id = $1::uuid order by created_at desc, id`,
    [orgId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    meterIds: r.meter_ids,
    unit: r.unit,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    temperatureDriver: r.temperature_driver,
    drivers: r.drivers,
    accepted: r.accepted,
    rSquared: Number(r.r_squared),
    cvRmse: Number(r.cv_rmse),
    nmbe: Number(r.nmbe),
    createdAt: r.created_at,
  }));
}
