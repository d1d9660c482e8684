import type { Queryable } from '../db/db';
import { DEFAULT_FACTOR_SET_ID, DEFAULT_FACTOR_SET_V2_ID } from '../factors/factorSets';
import { listActivityData } from './activityData';

/**
 * The public default set for a request that names none: version 2 when the period has non-metered activity data (its
 * refrigerant, vehicle, process and biomass factors are only there), else version 1, so that inventories computed
 * before version 2 existed are recomputed with the same set and keep their hash.
 */
export async function defaultFactorSetFor(
  db: Queryable,
  orgId: string,
  request: { start: string; end: string; siteIds?: string[] },
): Promise<string> {
  const records = await listActivityData(db, orgId, request);
  return records.length > 0 ? DEFAULT_FACTOR_SET_V2_ID : DEFAULT_FACTOR_SET_ID;
}
