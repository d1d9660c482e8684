import type { Queryable } from '../db/db';
import { findBaseYear } from './baseYear';
import type { InventoryDocument } from './computeInventory';
import { div, format, mul, parseRational, rational, sub } from './rational';

/** A later period's total against the base year (net location-based totals, kg CO2e, as the documents state them). */
export interface BaseYearComparison {
  year: number;
  restated: boolean;
  inventoryId: string;
  baseKgCO2e: string;
  reportedKgCO2e: string;
  changeKgCO2e: string;
  /** Change in percent of the base-year total, 2 decimals half to even; null when the base year is zero. */
  changePct: string | null;
}

/**
 * The comparison of an inventory with the organisation's base year as it stands now (the latest restatement, or the
 * original): only for an inventory of a period after the base year; nothing without a base year, so that reports of
 * organisations without one stay as they were.
 */
export async function baseYearComparisonFor(
  db: Queryable,
  orgId: string,
  doc: InventoryDocument,
): Promise<BaseYearComparison | undefined> {
  const baseYear = await findBaseYear(db, orgId);
  if (!baseYear || doc.period.start < `${baseYear.year + 1}-01-01`) return undefined;
  const { rows } = await db.query<{ canonical: string }>(
    'select canonical from inventories where org_id = $1::uuid and id = $2::uuid',
    [orgId, baseYear.currentInventoryId],
  );
  const base = JSON.parse(rows[0].canonical) as InventoryDocument;
  const baseKg = parseRational(base.results.totalLocationBased);
  const reported = parseRational(doc.results.totalLocationBased);
  const change = sub(reported, baseKg);
  return {
    year: baseYear.year,
    restated: baseYear.restated,
    inventoryId: baseYear.currentInventoryId,
    baseKgCO2e: format(baseKg, 3),
    reportedKgCO2e: format(reported, 3),
    changeKgCO2e: format(change, 3),
    changePct: baseKg.n === 0n ? null : format(div(mul(change, rational(100n)), baseKg), 2),
  };
}
