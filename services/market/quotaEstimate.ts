import type { ChainConnection } from '../chain/connectChain';
import type { Queryable } from '../db/db';
import { complianceForecast } from '../budgets/complianceForecast';
import { isCalendarDay } from '../budgets/budgetStatus';
import { add, formatDecimal, multiply, parseDecimal, subtract, type Decimal } from '../lib/decimal';
import { NengtanError } from '../lib/errors';
import { toHex } from '../lib/hex';
import { lastAllowancePrice } from './allowanceObligation';
import { marketContracts } from './marketContracts';
import { isQuotaProductLine, QUOTA_PRODUCT_LINES } from './quotaProductLines';
import { forecastOutput, type OutputForecast, type OutputMethod } from './quotaOutput';
import { listQuotaRules, type QuotaRule } from './quotaRules';

export const QUOTA_FORMULA =
  'allocation (t CO2) = Σ over product lines of benchmark (t CO2/unit) × output (unit) × Π correction factors';

export interface QuotaEstimateOptions {
  /** The day the estimate is made (local date): the emissions forecast uses the data before it. */
  asOf: string;
  method: OutputMethod;
  /** Outputs typed in by the user (`clinker=850000,power_supply=1200`), overriding the forecast from the series. */
  outputs?: string;
}

const OUTPUT = /^\d{1,15}(\.\d{1,3})?$/;
const ZERO: Decimal = { units: 0n, scale: 0 };
const text = (d: Decimal) => formatDecimal(d);

/** `clinker=850000,power_supply=1200.5` → { clinker: '850000', power_supply: '1200.5' }, every line checked. */
export function parseOutputOverrides(query: string | undefined, rules: QuotaRule[]): Record<string, string> {
  const outputs: Record<string, string> = {};
  if (query === undefined || query.trim() === '') return outputs;
  for (const pair of query.split(',')) {
    const [product = '', value = ''] = pair.split('=').map((s) => s.trim());
    if (!isQuotaProductLine(product)) {
      throw new NengtanError('NT_ERR_QUOTA_PRODUCT_UNKNOWN', {
        message: `Unknown product line "${product}" in outputs`,
        details: { products: Object.keys(QUOTA_PRODUCT_LINES) },
      });
    }
    if (!rules.some((r) => r.product === product)) {
      throw new NengtanError('NT_ERR_QUOTA_OUTPUT_INVALID', {
        message: `No allocation rule for ${product} is in force, so its output cannot be used`,
      });
    }
    if (!OUTPUT.test(value) || !/[1-9]/.test(value) || product in outputs) {
      throw new NengtanError('NT_ERR_QUOTA_OUTPUT_INVALID', {
        message:
          product in outputs
            ? `outputs names ${product} twice`
            : `output of ${product} must be a positive decimal with at most three decimals, got "${value}"`,
      });
    }
    outputs[product] = value;
  }
  return outputs;
}

/**
 * The obligation the allowance contract counts for a year once the year's inventory is verified (null before, or
 * without a chain): verified emissions outrank any forecast.
 */
async function verifiedObligationT(
  chain: ChainConnection,
  db: Queryable,
  orgId: string,
  year: number,
): Promise<string | null> {
  const { rows } = await db.query<{ chain_id: Uint8Array | null }>(
    'select chain_id from organisations where id = $1::uuid',
    [orgId],
  );
  const chainId = rows[0]?.chain_id;
  if (!chainId) return null;
  try {
    const c = await marketContracts(chain).allowances.compliance(toHex(chainId), year);
    return c.verified ? c.obligationT.toString() : null;
  } catch {
    return null; // the year was not opened on chain
  }
}

/** The year whose emissions stand for `year`'s: the year itself once it has begun, else the year of the last day. */
function emissionsYearFor(year: number, asOf: string): { year: number; asOf: string } {
  if (asOf > `${year}-01-01`) return { year, asOf: asOf < `${year + 1}-01-01` ? asOf : `${year + 1}-01-01` };
  const last = new Date(Date.parse(`${asOf}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const y = Number(last.slice(0, 4));
  return { year: y, asOf: asOf };
}

/**
 * The next-period quota estimate (下一履约期配额预估, MIIT guide function 12): each product line's allocation by the
 * intensity-based method of the national ETS (benchmark × output × Π corrections, exact decimals), the output taken
 * from the production series (last year, or a trend with its interval) or typed in, set against the emissions
 * obligation of the year from the compliance forecast: the expected surplus or shortfall in whole tonnes and its
 * value at the market's last price. Every line names the rule version and the output series it used.
 */
export async function quotaEstimate(
  deps: { db: Queryable; chain?: ChainConnection },
  orgId: string,
  year: number,
  options: QuotaEstimateOptions,
) {
  if (!isCalendarDay(options.asOf)) {
    throw new NengtanError('NT_ERR_QUOTA_AS_OF', { message: `asOf ${options.asOf} is not a calendar day` });
  }
  const rules = await listQuotaRules(deps.db, orgId, true);
  if (rules.length === 0) {
    throw new NengtanError('NT_ERR_QUOTA_NO_RULES', {
      message: 'No allocation rule is in force for this organisation',
    });
  }
  const overrides = parseOutputOverrides(options.outputs, rules);
  const lines = [];
  let total = ZERO;
  for (const rule of rules) {
    const output: OutputForecast =
      overrides[rule.product] !== undefined
        ? {
            value: overrides[rule.product],
            source: 'entered',
            explanation: 'output entered by the user',
            series: [],
            interval: null,
          }
        : await forecastOutput(deps.db, orgId, rule, year, options.method);
    const benchmark = parseDecimal(rule.benchmark);
    const factors = rule.corrections.map((c) => parseDecimal(c.factor));
    const correction = factors.reduce(multiply, { units: 1n, scale: 0 });
    const allocation = multiply(multiply(benchmark, parseDecimal(output.value)), correction);
    total = add(total, allocation);
    const unit = rule.unit;
    lines.push({
      product: rule.product,
      unit,
      rule: { id: rule.id, version: rule.version, source: rule.source, createdAt: rule.createdAt },
      output,
      benchmarkTPerUnit: rule.benchmark,
      corrections: rule.corrections,
      correctionProduct: text(correction),
      allocationT: text(allocation),
      formula: [
        `${rule.benchmark} t CO2/${unit}`,
        `${output.value} ${unit}`,
        ...rule.corrections.map((c) => `${c.factor} (${c.name})`),
      ]
        .join(' × ')
        .concat(` = ${text(allocation)} t CO2`),
      interval:
        output.interval === null
          ? null
          : {
              lowerT: text(multiply(multiply(benchmark, parseDecimal(output.interval.lower)), correction)),
              upperT: text(multiply(multiply(benchmark, parseDecimal(output.interval.upper)), correction)),
            },
    });
  }

  const basis = emissionsYearFor(year, options.asOf);
  let emissions: Awaited<ReturnType<typeof complianceForecast>> | null = null;
  let emissionsUnavailable: { code: string; message: string; hint: string } | null = null;
  try {
    emissions = await complianceForecast(deps, orgId, basis.year, basis.asOf);
  } catch (error) {
    if (!(error instanceof NengtanError)) throw error;
    emissionsUnavailable = { code: error.code, message: error.message, hint: error.hint };
  }
  const verified = deps.chain ? await verifiedObligationT(deps.chain, deps.db, orgId, basis.year) : null;
  const obligation =
    verified !== null
      ? { forecast: verified, upper: verified }
      : emissions
        ? { forecast: emissions.obligationT.forecast, upper: emissions.obligationT.upper }
        : null;
  const balance = (owed: string | null) => (owed === null ? null : subtract(total, parseDecimal(owed)));
  const forecastBalance = obligation ? balance(obligation.forecast) : null;
  const upperBalance = obligation ? balance(obligation.upper) : null;

  const price = deps.chain
    ? ((await lastAllowancePrice(deps.chain, deps.db, year)) ??
      (basis.year !== year ? await lastAllowancePrice(deps.chain, deps.db, basis.year) : null))
    : null;
  const value = (b: Decimal | null) =>
    b === null || price === null ? null : formatDecimal(multiply(b, parseDecimal(price.minorUnitsPerT)));
  const position = (b: Decimal | null) =>
    b === null ? null : b.units > 0n ? 'surplus' : b.units < 0n ? 'shortfall' : 'balanced';

  return {
    orgId,
    year,
    asOf: options.asOf,
    method: options.method,
    formula: QUOTA_FORMULA,
    lines,
    allocationT: text(total),
    emissions: {
      year: basis.year,
      asOf: emissions?.asOf ?? basis.asOf,
      note:
        (basis.year === year ? '' : `${year} has not begun: the emissions of ${basis.year} stand in for its own; `) +
        (verified !== null
          ? `the verified obligation of ${basis.year} on chain`
          : `the compliance forecast of ${basis.year} as of ${emissions?.asOf ?? basis.asOf}`),
      /** `verified`: the contract's obligation from the verified inventory; `forecast`: the compliance forecast. */
      basis: verified !== null ? 'verified' : emissions ? 'forecast' : null,
      verifiedObligationT: verified,
      obligationT: obligation,
      emissionsKg: emissions?.emissionsKg ?? null,
      rule: emissions?.rule ?? null,
      unavailable: emissionsUnavailable,
    },
    /** Allocation − obligation: positive is a surplus to sell or bank, negative a shortfall to buy. */
    balanceT: {
      forecast: forecastBalance === null ? null : text(forecastBalance),
      upper: upperBalance === null ? null : text(upperBalance),
    },
    position: position(forecastBalance),
    lastPrice: price,
    balanceValueMinorUnits: { forecast: value(forecastBalance), upper: value(upperBalance) },
  };
}
