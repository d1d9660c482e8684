import type { Queryable } from '../db/db';
import { getBaseline } from '../analysis/baselines';
import { NengtanError } from '../lib/errors';
import type { MeasureInput } from './measureTypes';

const invalid = (message: string, hint?: string) => new NengtanError('NT_ERR_MEASURE_INVALID', { message, hint });

const sameSet = (a: readonly string[], b: readonly string[]) =>
  new Set(a).size === new Set(b).size && a.every((x) => b.includes(x));

/**
 * Checks where a measure acts and what it is measured against, inside the organisation: its meters and site are its
 * own; IPMVP option B names the measure's meters and its baseline covers exactly those (retrofit isolation), option C
 * names a site and its baseline's meters all lie in that site (whole facility).
 */
export async function checkMeasure(db: Queryable, orgId: string, input: MeasureInput): Promise<void> {
  const meterIds = input.meterIds ?? [];
  const siteId = input.siteId ?? null;
  if (input.plannedStart && input.plannedEnd && input.plannedEnd < input.plannedStart) {
    throw invalid(`plannedEnd ${input.plannedEnd} lies before plannedStart ${input.plannedStart}`);
  }
  if (meterIds.length > 0) {
    const { rows } = await db.query<{ id: string }>(
      'select id from meters where org_id = $1::uuid and id = any($2::uuid[])',
      [orgId, meterIds],
    );
    const unknown = meterIds.filter((id) => !rows.some((r) => r.id === id));
    if (unknown.length > 0) {
      throw invalid(
        `Unknown meter(s): ${unknown.join(', ')}`,
        'Name meters of your own organisation (GET /v1/meters).',
      );
    }
  }
  if (siteId !== null) {
    const { rows } = await db.query('select id from sites where org_id = $1::uuid and id = $2::uuid', [orgId, siteId]);
    if (rows.length === 0) throw invalid('Unknown site', 'Name a site of your own organisation (GET /v1/sites).');
  }
  if (input.ipmvpOption === 'B' && meterIds.length === 0) {
    throw invalid('IPMVP option B measures the meters of the measure: send meterIds');
  }
  if (input.ipmvpOption === 'C' && siteId === null) {
    throw invalid('IPMVP option C measures the whole facility: send siteId');
  }
  if (!input.baselineId) return;
  const baseline = await getBaseline(db, orgId, input.baselineId);
  if (!baseline) {
    throw invalid('The baseline was not found', 'Fit one with POST /v1/baselines; GET /v1/baselines/{id} shows it.');
  }
  if (input.ipmvpOption === 'B' && !sameSet(baseline.meterIds, meterIds)) {
    throw invalid('Under option B the baseline must cover exactly the meters of the measure');
  }
  if (input.ipmvpOption === 'C') {
    const { rows } = await db.query<{ n: string }>(
      'select count(*)::text as n from meters where org_id = $1::uuid and site_id = $2::uuid and id = any($3::uuid[])',
      [orgId, siteId, baseline.meterIds],
    );
    if (Number(rows[0].n) !== baseline.meterIds.length) {
      throw invalid("Under option C the baseline's meters must all belong to the measure's site");
    }
  }
}
