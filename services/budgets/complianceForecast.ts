import type { ChainConnection } from '../chain/connectChain';
import type { Queryable } from '../db/db';
import { factorSourceFromSet } from '../accounting/factorSourceFromSet';
import { format, mul, parseRational, rational } from '../accounting/rational';
import { DEFAULT_FACTOR_SET_ID } from '../factors/factorSets';
import { NengtanError } from '../lib/errors';
import { toHex } from '../lib/hex';
import { allowancesHeldT, lastAllowancePrice, obligationT, OBLIGATION_RULE } from '../market/allowanceObligation';
import { marketContracts } from '../market/marketContracts';
import { forecastBasis, isCalendarDay } from './budgetStatus';
import { FORECAST_CONFIDENCE, forecastToEnd } from './forecast';

export type ComplianceWarning = 'actual_over_cover' | 'forecast_over_cover' | 'upper_bound_over_cover' | null;

/** Allowances and offsets already surrendered for the year, from the contract (zero before the year is opened). */
async function surrenderedT(chain: ChainConnection, db: Queryable, orgId: string, year: number): Promise<bigint> {
  const { rows } = await db.query<{ chain_id: Uint8Array | null }>(
    'select chain_id from organisations where id = $1::uuid',
    [orgId],
  );
  const chainId = rows[0]?.chain_id;
  if (!chainId) return 0n;
  try {
    const c = await marketContracts(chain).allowances.compliance(toHex(chainId), year);
    return BigInt(c.allowancesSurrendered) + BigInt(c.offsetsSurrendered);
  } catch {
    return 0n;
  }
}

/**
 * The compliance shortfall forecast (issue 11 §2): the year's location-based emissions so far and forecast to the end
 * of the year (as a budget's forecast: daily inventories of the last 28 days, 90 % interval), turned into the
 * allowance obligation the contract will count, against the allowances of the year's vintage held plus what was
 * already surrendered; the shortfall in tonnes and its cost at the last traded price of that vintage.
 */
export async function complianceForecast(
  deps: { db: Queryable; chain?: ChainConnection },
  orgId: string,
  year: number,
  asOf: string,
) {
  const start = `${year}-01-01`;
  const end = `${year + 1}-01-01`;
  if (!isCalendarDay(asOf) || asOf <= start || asOf > end) {
    throw new NengtanError('NT_ERR_COMPLIANCE_FORECAST_AS_OF', {
      message: `asOf ${asOf} must be a date after ${start} and at most ${end}`,
    });
  }
  const factors = await factorSourceFromSet(deps.db, orgId, DEFAULT_FACTOR_SET_ID);
  const basis = await forecastBasis(deps.db, orgId, undefined, factors, { start, asOf, end });
  const emissions = forecastToEnd(
    basis.actual.totalLocation,
    basis.daily.map((d) => d.totalLocation),
    basis.remainingDays,
    null,
  );
  const owed = {
    actual: obligationT(basis.actual.totalLocation),
    forecast: obligationT(parseRational(emissions.forecast)),
    upper: emissions.upper === null ? null : obligationT(parseRational(emissions.upper)),
  };
  const held = deps.chain ? await allowancesHeldT(deps.db, orgId, year) : 0n;
  const surrendered = deps.chain ? await surrenderedT(deps.chain, deps.db, orgId, year) : 0n;
  const cover = held + surrendered;
  const short = (t: bigint | null) => (t === null ? null : t > cover ? t - cover : 0n);
  const shortfall = { forecast: short(owed.forecast), upper: short(owed.upper) };
  const price = deps.chain ? await lastAllowancePrice(deps.chain, deps.db, year) : null;
  const cost = (t: bigint | null) =>
    t === null || price === null ? null : format(mul(rational(t), parseRational(price.minorUnitsPerT)), 2);
  let warning: ComplianceWarning = null;
  if (owed.actual > cover) warning = 'actual_over_cover';
  else if (owed.forecast > cover) warning = 'forecast_over_cover';
  else if (owed.upper !== null && owed.upper > cover) warning = 'upper_bound_over_cover';
  const text = (t: bigint | null) => (t === null ? null : t.toString());
  return {
    year,
    asOf,
    period: { start, end },
    basis:
      'location-based total of the inventory engine with the default factor set, as notarized inventories state it',
    confidence: FORECAST_CONFIDENCE,
    elapsedDays: basis.elapsedDays,
    remainingDays: basis.remainingDays,
    historyDays: basis.historyDays,
    daysWithoutData: basis.daysWithoutData,
    emissionsKg: emissions,
    obligationT: { actual: owed.actual.toString(), forecast: owed.forecast.toString(), upper: text(owed.upper) },
    coverT: { held: held.toString(), surrendered: surrendered.toString(), chain: deps.chain !== undefined },
    shortfallT: { forecast: text(shortfall.forecast), upper: text(shortfall.upper) },
    lastPrice: price,
    shortfallCostMinorUnits: { forecast: cost(shortfall.forecast), upper: cost(shortfall.upper) },
    warning,
    rule: OBLIGATION_RULE,
  };
}
