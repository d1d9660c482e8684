import type { ChainConnection } from '../chain/connectChain';
import type { Queryable } from '../db/db';
import type { Rational } from '../accounting/rational';
import { holdings, marketStatistics } from './marketQueries';

export const OBLIGATION_RULE =
  'obligation = ceil(location-based total kg / 1000), as CarbonAllowance.surrender counts it';

/** Whole tonnes owed for `totalKg` (the allowance contract's rule: ceil(kg / 1000); nothing for zero or less). */
export function obligationT(totalKg: Rational): bigint {
  if (totalKg.n <= 0n) return 0n;
  const grams = totalKg.n * 1000n;
  const perTonne = totalKg.d * 1_000_000n;
  return (grams + perTonne - 1n) / perTonne;
}

/** Allowances of a year's vintage the organisation holds on chain (all its accounts), from the indexed transfers. */
export async function allowancesHeldT(db: Queryable, orgId: string, year: number): Promise<bigint> {
  const rows = await holdings(db, { asset: 'allowance', tokenId: String(year), orgId });
  return rows.reduce((n, h) => n + BigInt(h.quantity), 0n);
}

/** The last local day's volume-weighted price of a year's allowances, if any were traded. */
export async function lastAllowancePrice(chain: ChainConnection, db: Queryable, year: number) {
  const last = (await marketStatistics(chain, db, 'allowance', 'day')).filter((s) => s.tokenId === String(year)).at(-1);
  return last ? { day: last.period, currency: last.currency, minorUnitsPerT: last.vwapMinorUnits } : null;
}
