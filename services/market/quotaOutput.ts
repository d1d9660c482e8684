import type { Queryable } from '../db/db';
import { add, div, format, mul, parseRational, rational, sub, sum, type Rational } from '../accounting/rational';
import { daysBetween } from '../analysis/periodDays';
import { tTwoSidedQuantile } from '../analysis/studentT';
import { NengtanError } from '../lib/errors';

/** Output figures are rounded once, half to even, at this many decimals of the line's unit; all else is exact. */
export const OUTPUT_SCALE = 3;
export const TREND_CONFIDENCE = 0.9;
export const TREND_MIN_YEARS = 3;

export type OutputMethod = 'last_year' | 'trend';

/** A calendar year's output of a product from the production volumes (periods across a year end split by days). */
export interface AnnualOutput {
  year: number;
  /** Σ quantity × (days of the period inside the year) / (days of the period), rounded at three decimals. */
  output: string;
  /** Days of the year that some production volume covers, and the days of the year. */
  coveredDays: number;
  daysInYear: number;
  volumes: number;
}

export interface OutputForecast {
  /** The output used, rounded at three decimals. */
  value: string;
  source: 'entered' | 'last_year' | 'last_year_annualised' | 'trend';
  explanation: string;
  /** The annual outputs the forecast came from (empty when entered). */
  series: AnnualOutput[];
  /** The trend's 90 % prediction interval (t(n − 2)·s·sqrt(1 + 1/n + (Y − ȳear)²/Sxx)); null otherwise. */
  interval: { confidence: number; lower: string; upper: string } | null;
}

interface VolumeRow {
  start: string;
  end: string;
  quantity: string;
  unit: string;
}

const yearStart = (y: number) => `${y}-01-01`;
const maxDay = (a: string, b: string) => (a > b ? a : b);
const minDay = (a: string, b: string) => (a < b ? a : b);

/** Days of [start, end) intervals covered at least once. */
function coveredDays(intervals: [string, string][]): number {
  const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let days = 0;
  let reach = '';
  for (const [s, e] of sorted) {
    const from = maxDay(s, reach);
    if (e > from) days += daysBetween(from, e);
    reach = maxDay(reach, e);
  }
  return days;
}

/**
 * The annual outputs of a product (the production volumes' product name) before `beforeYear`, in `unit`. Volumes of
 * every site add up; a volume in another unit is refused rather than converted.
 */
export async function annualOutputs(
  db: Queryable,
  orgId: string,
  productionProduct: string,
  unit: string,
  beforeYear: number,
): Promise<{ outputs: AnnualOutput[]; exact: Map<number, Rational> }> {
  const { rows } = await db.query<VolumeRow>(
    `select to_char(period_start, 'YYYY-MM-DD') as start, to_char(period_end, 'YYYY-MM-DD') as end,
       quantity::text as quantity, unit
     from production_volumes where org_id = $1::uuid and product = $2 and period_start < $3::date
     order by period_start`,
    [orgId, productionProduct, yearStart(beforeYear)],
  );
  const other = rows.find((r) => r.unit !== unit);
  if (other) {
    throw new NengtanError('NT_ERR_QUOTA_OUTPUT_UNIT', {
      message: `Production volumes of "${productionProduct}" are recorded in ${other.unit}; the rule's benchmark is per ${unit}`,
    });
  }
  const byYear = new Map<number, { parts: Rational[]; intervals: [string, string][]; volumes: number }>();
  for (const r of rows) {
    const total = daysBetween(r.start, r.end);
    for (let y = Number(r.start.slice(0, 4)); yearStart(y) < r.end && y < beforeYear; y++) {
      const s = maxDay(r.start, yearStart(y));
      const e = minDay(r.end, yearStart(y + 1));
      const entry = byYear.get(y) ?? { parts: [], intervals: [], volumes: 0 };
      entry.parts.push(mul(parseRational(r.quantity), rational(BigInt(daysBetween(s, e)), BigInt(total))));
      entry.intervals.push([s, e]);
      entry.volumes += 1;
      byYear.set(y, entry);
    }
  }
  const exact = new Map<number, Rational>();
  const outputs = [...byYear.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([year, e]) => {
      const value = sum(e.parts);
      exact.set(year, value);
      return {
        year,
        output: format(value, OUTPUT_SCALE),
        coveredDays: coveredDays(e.intervals),
        daysInYear: daysBetween(yearStart(year), yearStart(year + 1)),
        volumes: e.volumes,
      };
    });
  return { outputs, exact };
}

/**
 * The output of `year` forecast from the production series. `last_year`: the output of the year before, scaled to a
 * whole year when the volumes cover only part of it (× days in year / days covered). `trend`: the least-squares line
 * through the annual outputs of the fully covered years before (at least three), extrapolated to the year, exact;
 * its 90 % prediction interval is a float estimate rounded at three decimals.
 */
export async function forecastOutput(
  db: Queryable,
  orgId: string,
  line: { product: string; productionProduct: string; unit: string },
  year: number,
  method: OutputMethod,
): Promise<OutputForecast> {
  const { outputs, exact } = await annualOutputs(db, orgId, line.productionProduct, line.unit, year);
  const noData = (what: string) =>
    new NengtanError('NT_ERR_QUOTA_OUTPUT_NO_DATA', {
      message: `No production volumes of "${line.productionProduct}" (${line.unit}) ${what} to forecast ${line.product} in ${year} from`,
      details: { product: line.product, productionProduct: line.productionProduct, year },
    });
  if (method === 'last_year') {
    const last = outputs.find((o) => o.year === year - 1);
    if (!last) throw noData(`in ${year - 1}`);
    const whole = last.coveredDays === last.daysInYear;
    const value = whole
      ? exact.get(year - 1)!
      : div(mul(exact.get(year - 1)!, rational(BigInt(last.daysInYear))), rational(BigInt(last.coveredDays)));
    return {
      value: format(value, OUTPUT_SCALE),
      source: whole ? 'last_year' : 'last_year_annualised',
      explanation: whole
        ? `output of ${year - 1} (${last.volumes} production volumes)`
        : `output of ${year - 1} over ${last.coveredDays} covered days × ${last.daysInYear} / ${last.coveredDays}`,
      series: [last],
      interval: null,
    };
  }
  const full = outputs.filter((o) => o.coveredDays === o.daysInYear);
  if (full.length < TREND_MIN_YEARS) {
    throw new NengtanError('NT_ERR_QUOTA_TREND_HISTORY', {
      message: `A trend of ${line.product} needs ${TREND_MIN_YEARS} fully covered years before ${year}; there are ${full.length}`,
      details: { product: line.product, fullYears: full.map((o) => o.year) },
    });
  }
  const n = rational(BigInt(full.length));
  const xs = full.map((o) => rational(BigInt(o.year)));
  const ys = full.map((o) => exact.get(o.year)!);
  const xMean = div(sum(xs), n);
  const yMean = div(sum(ys), n);
  const sxx = sum(xs.map((x) => mul(sub(x, xMean), sub(x, xMean))));
  const sxy = sum(xs.map((x, i) => mul(sub(x, xMean), sub(ys[i], yMean))));
  const slope = div(sxy, sxx);
  const at = (x: Rational) => add(yMean, mul(slope, sub(x, xMean)));
  const forecast = at(rational(BigInt(year)));
  if (forecast.n <= 0n) {
    throw new NengtanError('NT_ERR_QUOTA_TREND_HISTORY', {
      message: `The trend of ${line.product} falls to ${format(forecast, OUTPUT_SCALE)} ${line.unit} in ${year}`,
      details: { product: line.product, fullYears: full.map((o) => o.year) },
    });
  }
  const float = (r: Rational) => Number(r.n) / Number(r.d);
  const sse = ys.reduce((acc, y, i) => acc + float(sub(y, at(xs[i]))) ** 2, 0);
  const df = full.length - 2;
  const dx = float(sub(rational(BigInt(year)), xMean));
  const half =
    df > 0
      ? tTwoSidedQuantile(TREND_CONFIDENCE, df) *
        Math.sqrt(sse / df) *
        Math.sqrt(1 + 1 / full.length + (dx * dx) / float(sxx))
      : 0;
  const halfExact = parseRational(half.toFixed(OUTPUT_SCALE));
  return {
    value: format(forecast, OUTPUT_SCALE),
    source: 'trend',
    explanation: `least-squares line through the outputs of ${full.map((o) => o.year).join(', ')}, extrapolated to ${year} (slope ${format(slope, OUTPUT_SCALE)} ${line.unit}/year)`,
    series: full,
    interval: {
      confidence: TREND_CONFIDENCE,
      lower: format(sub(forecast, halfExact), OUTPUT_SCALE),
      upper: format(add(forecast, halfExact), OUTPUT_SCALE),
    },
  };
}
