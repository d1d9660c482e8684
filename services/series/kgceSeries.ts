import type { Queryable } from '../db/db';
import { factorSourceFromSet } from '../accounting/factorSourceFromSet';
import { standardCoalKg } from '../accounting/formulas';
import { rational, roundToUnits } from '../accounting/rational';
import { DEFAULT_FACTOR_SET_ID } from '../factors/factorSets';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { listMeters } from '../registry/meters';
import type { SeriesBucket } from './downsample';
import { meterSeries, type Resolution } from './meterSeries';

const HEAT_KINDS = new Set(['heat', 'steam']);
const SCALE = 10n ** BigInt(QUANTITY_SCALE);

/**
 * The energy of a site's (or, without `siteId`, the organisation's) boundary meters in kgce per bucket, with the
 * standard coal coefficients of the default factor set (as an inventory preview): imports add, exports deduct;
 * sub-meters and excluded meters are left out, as in an inventory. A carrier without a coefficient (fuels whose
 * kgce needs a calorific value) is refused with NT_ERR_FACTOR_MISSING.
 */
export async function kgceSeries(
  db: Queryable,
  orgId: string,
  siteId: string | undefined,
  from: number,
  to: number,
  resolution: Resolution,
): Promise<SeriesBucket[]> {
  const meters = (await listMeters(db, orgId, { siteId })).filter((m) => m.accountingRole === 'boundary');
  if (meters.length === 0) return [];
  const factors = await factorSourceFromSet(db, orgId, DEFAULT_FACTOR_SET_ID);
  const totals = new Map<number, bigint>();
  for (const meter of meters) {
    const coefficient = factors.standardCoal(HEAT_KINDS.has(meter.energyKind) ? 'heat' : meter.energyKind);
    const sign = meter.flow === 'export' ? -1n : 1n;
    for (const bucket of await meterSeries(db, meter, from, to, resolution)) {
      const kgce = roundToUnits(standardCoalKg(rational(bucket.units, SCALE), meter.unit, coefficient), QUANTITY_SCALE);
      totals.set(bucket.time, (totals.get(bucket.time) ?? 0n) + sign * kgce);
    }
  }
  return [...totals.entries()].sort((a, b) => a[0] - b[0]).map(([time, units]) => ({ time, units }));
}
