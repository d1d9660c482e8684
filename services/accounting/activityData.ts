import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { compare, parseDecimal } from '../lib/decimal';
import { NengtanError } from '../lib/errors';
import { getSite } from '../registry/sites';
import { checkPeriod } from './loadInventoryInput';
import { checkProcessMeasured, type ProcessMeasured } from './processMeasurements';

/** Sources whose activity no meter measures, entered with the evidence they rest on. */
export const ACTIVITY_SOURCE_KINDS = ['fugitive', 'mobile_combustion', 'process', 'biomass_combustion'] as const;
export type ActivitySourceKind = (typeof ACTIVITY_SOURCE_KINDS)[number];

/**
 * What each kind accepts: fugitive gases by the name of their GWP factor, vehicle fuels by their GB/T 32151 name,
 * process materials (clinker and lime per tonne produced; calcite, magnesite, dolomite per tonne calcined, with the
 * fraction calcined; clinker optionally with its measured composition; crude steel produced with its carbon balance),
 * biomass by its IPCC name. Units: kg or t of gas, fuel or material.
 */
export const ACTIVITY_SUBJECTS: Record<ActivitySourceKind, readonly string[]> = {
  fugitive: ['R-134a', 'R-410A', 'R-32', 'R-125', 'SF6'],
  mobile_combustion: ['gasoline', 'diesel'],
  process: ['clinker', 'lime', 'calcite', 'magnesite', 'dolomite', 'crude_steel'],
  biomass_combustion: ['wood'],
};
export const CARBONATES: ReadonlySet<string> = new Set(['calcite', 'magnesite', 'dolomite']);

export interface ActivityRecord {
  id: string;
  orgId: string;
  siteId: string | null;
  periodStart: string;
  periodEnd: string;
  sourceKind: ActivitySourceKind;
  subject: string;
  quantity: string;
  unit: 'kg' | 't';
  calcinationFraction: string | null;
  activityUncertaintyPct: string | null;
  factorUncertaintyPct: string | null;
  evidence: string;
  createdAt: string;
  /** Measured process inputs; only on records that have them. */
  measured?: ProcessMeasured;
}

export interface ActivityRecordInput {
  siteId?: string | null;
  periodStart: string;
  periodEnd: string;
  sourceKind: ActivitySourceKind;
  subject: string;
  quantity: string;
  unit: 'kg' | 't';
  calcinationFraction?: string | null;
  activityUncertaintyPct?: string | null;
  factorUncertaintyPct?: string | null;
  evidence: string;
  measured?: ProcessMeasured | null;
}

interface Row {
  id: string;
  org_id: string;
  site_id: string | null;
  period_start: string;
  period_end: string;
  source_kind: ActivitySourceKind;
  subject: string;
  quantity: string;
  unit: 'kg' | 't';
  calcination_fraction: string | null;
  activity_uncertainty_pct: string | null;
  factor_uncertainty_pct: string | null;
  evidence: string;
  created_at: Date | string;
  measured: ProcessMeasured | null;
}

const COLUMNS = `id, org_id, site_id, to_char(period_start, 'YYYY-MM-DD') as period_start,
  to_char(period_end, 'YYYY-MM-DD') as period_end, source_kind, subject, quantity::text as quantity, unit,
  calcination_fraction::text as calcination_fraction, activity_uncertainty_pct::text as activity_uncertainty_pct,
  factor_uncertainty_pct::text as factor_uncertainty_pct, evidence, created_at, measured`;

const toRecord = (r: Row): ActivityRecord => ({
  id: r.id,
  orgId: r.org_id,
  siteId: r.site_id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  sourceKind: r.source_kind,
  subject: r.subject,
  quantity: r.quantity,
  unit: r.unit,
  calcinationFraction: r.calcination_fraction,
  activityUncertaintyPct: r.activity_uncertainty_pct,
  factorUncertaintyPct: r.factor_uncertainty_pct,
  evidence: r.evidence,
  createdAt: new Date(r.created_at).toISOString(),
  ...(r.measured === null ? {} : { measured: r.measured }),
});

function invalid(message: string, hint: string): NengtanError {
  return new NengtanError('NT_ERR_ACTIVITY_DATA_INVALID', { message, hint });
}

function positive(text: string): boolean {
  try {
    return compare(parseDecimal(text), { units: 0n, scale: 0 }) > 0;
  } catch {
    return false;
  }
}

/** Checks a record's meaning beyond its JSON shape: subject for the kind, positive quantity, fraction in (0, 1]. */
function checkRecord(input: ActivityRecordInput): void {
  checkPeriod(input.periodStart, input.periodEnd);
  const subjects = ACTIVITY_SUBJECTS[input.sourceKind];
  if (!subjects.includes(input.subject)) {
    throw invalid(
      `"${input.subject}" is not a ${input.sourceKind} subject`,
      `Use one of ${subjects.join(', ')} (GET /v1/activity-data lists what was recorded).`,
    );
  }
  if (!positive(input.quantity)) {
    throw invalid(`quantity must be a positive decimal, got "${input.quantity}"`, 'Send e.g. "12.5".');
  }
  const fraction = input.calcinationFraction ?? null;
  if (CARBONATES.has(input.subject)) {
    if (fraction === null || !positive(fraction) || compare(parseDecimal(fraction), { units: 1n, scale: 0 }) > 0) {
      throw invalid(
        `${input.subject} needs calcinationFraction in (0, 1], got ${fraction === null ? 'none' : `"${fraction}"`}`,
        'Send the fraction of the carbonate calcined, e.g. "1" or "0.98".',
      );
    }
  } else if (fraction !== null) {
    throw invalid('calcinationFraction applies to carbonates only', 'Leave it out for this subject.');
  }
  checkProcessMeasured(input.subject, input.measured);
}

/** Records non-metered activity data (refrigerant leaks, vehicle fuel, process materials, biomass) with its evidence. */
export async function recordActivityData(
  db: Queryable,
  orgId: string,
  input: ActivityRecordInput,
): Promise<ActivityRecord> {
  checkRecord(input);
  if (input.siteId && !(await getSite(db, orgId, input.siteId))) {
    throw new NengtanError('NT_ERR_NOT_FOUND', {
      message: `Site ${input.siteId} not found`,
      hint: 'Name a site of your own organisation (GET /v1/sites).',
    });
  }
  const { rows } = await db.query<Row>(
    `insert into activity_data (id, org_id, site_id, period_start, period_end, source_kind, subject, quantity, unit,
       calcination_fraction, activity_uncertainty_pct, factor_uncertainty_pct, evidence, measured)
     values ($1::uuid, $2::uuid, $3::uuid, $4::date, $5::date, $6, $7, $8::numeric, $9, $10::numeric, $11::numeric,
       $12::numeric, $13, $14::jsonb)
     returning ${COLUMNS}`,
    [
      randomUUID(),
      orgId,
      input.siteId ?? null,
      input.periodStart,
      input.periodEnd,
      input.sourceKind,
      input.subject,
      input.quantity,
      input.unit,
      input.calcinationFraction ?? null,
      input.activityUncertaintyPct ?? null,
      input.factorUncertaintyPct ?? null,
      input.evidence,
      input.measured ? JSON.stringify(input.measured) : null,
    ],
  );
  return toRecord(rows[0]);
}

/**
 * The organisation's records, optionally those whose period lies inside [start, end) and those of the given sites
 * (records of the whole organisation, site null, always count).
 */
export async function listActivityData(
  db: Queryable,
  orgId: string,
  filter: { start?: string; end?: string; siteIds?: string[] } = {},
): Promise<ActivityRecord[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from activity_data
     where org_id = $1::uuid and ($2::date is null or period_start >= $2::date)
       and ($3::date is null or period_end <= $3::date)
       and ($4::uuid[] is null or site_id is null or site_id = any($4::uuid[]))
     order by period_start, source_kind, subject, id`,
    [orgId, filter.start ?? null, filter.end ?? null, filter.siteIds ?? null],
  );
  return rows.map(toRecord);
}
