import { balancePointGrid, coolingDegreeDays, heatingDegreeDays } from './degreeDays';
import { cvRmse, lag1Autocorrelation, nmbe } from './fitStatistics';
import { fitLeastSquares, solveNormalEquations, type NormalEquations } from './leastSquares';
import type { BaselineModel, ModelDay, ModelSpec, ValueRange } from './baselineTypes';

/** The regressors of one day under a model: [1, HDD?, CDD?, drivers...]. */
export function designRow(spec: ModelSpec, day: ModelDay): number[] {
  const row = [1];
  if (spec.heatingBalancePoint !== null)
    row.push(heatingDegreeDays(day.temperature as number, spec.heatingBalancePoint));
  if (spec.coolingBalancePoint !== null)
    row.push(coolingDegreeDays(day.temperature as number, spec.coolingBalancePoint));
  for (const name of spec.drivers) row.push(day.drivers[name]);
  return row;
}

export function termNames(spec: ModelSpec): string[] {
  return [
    'intercept',
    ...(spec.heatingBalancePoint !== null ? ['hdd'] : []),
    ...(spec.coolingBalancePoint !== null ? ['cdd'] : []),
    ...spec.drivers.map((name) => `driver:${name}`),
  ];
}

/** The model's prediction for a day: the adjusted baseline of that day. */
export function predict(model: Pick<BaselineModel, 'spec' | 'terms'>, day: ModelDay): number {
  return designRow(model.spec, day).reduce((sum, x, j) => sum + x * model.terms[j].coefficient, 0);
}

function candidateSpecs(withWeather: boolean, drivers: string[], grid: number[]): ModelSpec[] {
  const specs: ModelSpec[] = [{ heatingBalancePoint: null, coolingBalancePoint: null, drivers }];
  if (!withWeather) return specs;
  for (const h of grid) specs.push({ heatingBalancePoint: h, coolingBalancePoint: null, drivers });
  for (const c of grid) specs.push({ heatingBalancePoint: null, coolingBalancePoint: c, drivers });
  for (const h of grid)
    for (const c of grid) if (h <= c) specs.push({ heatingBalancePoint: h, coolingBalancePoint: c, drivers });
  return specs;
}

interface SearchColumns {
  ones: Float64Array;
  hdd: Map<number, Float64Array>;
  cdd: Map<number, Float64Array>;
  drivers: Float64Array[];
}

/** Every column the search can use, computed once: degree days per balance point, drivers. */
function searchColumns(days: readonly ModelDay[], drivers: string[], grid: number[]): SearchColumns {
  // A plain loop: Float64Array.from with a mapping function goes through the iterator protocol, several times slower.
  const column = (f: (d: ModelDay) => number) => {
    const out = new Float64Array(days.length);
    for (let i = 0; i < days.length; i++) out[i] = f(days[i]);
    return out;
  };
  return {
    ones: column(() => 1),
    hdd: new Map(grid.map((b) => [b, column((d) => heatingDegreeDays(d.temperature as number, b))])),
    cdd: new Map(grid.map((b) => [b, column((d) => coolingDegreeDays(d.temperature as number, b))])),
    drivers: drivers.map((name) => column((d) => d.drivers[name])),
  };
}

function columnsOf(spec: ModelSpec, c: SearchColumns): Float64Array[] {
  return [
    c.ones,
    ...(spec.heatingBalancePoint !== null ? [c.hdd.get(spec.heatingBalancePoint) as Float64Array] : []),
    ...(spec.coolingBalancePoint !== null ? [c.cdd.get(spec.coolingBalancePoint) as Float64Array] : []),
    ...c.drivers,
  ];
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * Dot products of the search's columns, each computed once: the candidates share their columns (the intercept and
 * drivers always, a balance point's degree days in 31 or more candidates), so the search assembles each candidate's
 * normal equations from cached products instead of passing over the days again. A product is always taken in the
 * same argument order as the uncached assembly took it, so every sum, and with it every fit, is bit for bit the same.
 */
function dotCache(): (a: Float64Array, b: Float64Array) => number {
  const ids = new Map<Float64Array, number>();
  const products = new Map<number, number>();
  const id = (c: Float64Array) => {
    let known = ids.get(c);
    if (known === undefined) {
      known = ids.size;
      ids.set(c, known);
    }
    return known;
  };
  return (a, b) => {
    const key = id(a) * 65_536 + id(b);
    let value = products.get(key);
    if (value === undefined) {
      value = dot(a, b);
      products.set(key, value);
    }
    return value;
  };
}

function normalEquationsOfColumns(
  columns: Float64Array[],
  y: Float64Array,
  product: (a: Float64Array, b: Float64Array) => number = dot,
): NormalEquations {
  const xtx = columns.map((a) => columns.map((b) => product(a, b)));
  return { xtx, xty: columns.map((a) => product(a, y)), yty: product(y, y) };
}

function range(values: number[]): ValueRange {
  return { min: Math.min(...values), max: Math.max(...values) };
}

/**
 * Fits the baseline model of CalTRACK's daily method, adapted (MANAGEMENT.md §2): E = μ + β_H·HDD(T_h) + β_C·CDD(T_c)
 * + Σ β_k·driver_k. Every balance point of the grid (and pair T_h ≤ T_c) is tried, together with the models without
 * heating or cooling terms; degree-day coefficients must be positive (heating and cooling only add energy), and the
 * candidate with the highest adjusted R² wins. The search solves the small normal equations only; the winner is then
 * refitted with its full statistics. Each product of two columns is computed once per fit (dotCache), not once per
 * candidate. Undefined when no candidate can be fitted (too few days, collinear drivers).
 */
export function fitBaselineModel(
  days: readonly ModelDay[],
  options: { weather: boolean; drivers: string[]; grid?: number[] },
): BaselineModel | undefined {
  const n = days.length;
  const energy = days.map((d) => d.energy);
  const energyColumn = Float64Array.from(energy);
  const meanEnergy = energy.reduce((s, v) => s + v, 0) / n;
  const sst = energy.reduce((s, v) => s + (v - meanEnergy) ** 2, 0);
  const specs = candidateSpecs(options.weather, options.drivers, options.grid ?? balancePointGrid());
  const columns = searchColumns(days, options.drivers, options.weather ? (options.grid ?? balancePointGrid()) : []);
  const product = dotCache();
  let best: { spec: ModelSpec; adjusted: number } | undefined;
  for (const spec of specs) {
    const eq = normalEquationsOfColumns(columnsOf(spec, columns), energyColumn, product);
    const p = eq.xty.length;
    if (n <= p) continue;
    const solved = solveNormalEquations(eq);
    if (!solved) continue;
    const degreeDayTerms = (spec.heatingBalancePoint !== null ? 1 : 0) + (spec.coolingBalancePoint !== null ? 1 : 0);
    if (solved.coefficients.slice(1, 1 + degreeDayTerms).some((b) => !(b > 0))) continue;
    const adjusted = sst > 0 ? 1 - solved.sse / (n - p) / (sst / (n - 1)) : 0;
    if (!best || adjusted > best.adjusted) best = { spec, adjusted };
  }
  if (!best) return undefined;
  const rows = days.map((d) => designRow(best.spec, d));
  const fit = fitLeastSquares(rows, energy);
  if (!fit) return undefined;
  const names = termNames(best.spec);
  const temperatures = days.map((d) => d.temperature).filter((t): t is number => t !== undefined);
  return {
    spec: best.spec,
    terms: names.map((term, j) => ({
      term,
      coefficient: fit.coefficients[j],
      standardError: fit.standardErrors[j],
      tStat: fit.tStats[j],
      pValue: fit.pValues[j],
    })),
    n,
    p: fit.p,
    meanEnergy,
    rSquared: fit.rSquared,
    adjustedRSquared: fit.adjustedRSquared,
    cvRmse: cvRmse(energy, fit.fitted, fit.p),
    nmbe: nmbe(energy, fit.fitted, fit.p),
    modelP: fit.modelP,
    autocorrelation: lag1Autocorrelation(fit.residuals),
    ranges: {
      ...(options.weather && temperatures.length > 0 ? { temperature: range(temperatures) } : {}),
      drivers: Object.fromEntries(options.drivers.map((name) => [name, range(days.map((d) => d.drivers[name]))])),
    },
    candidatesTried: specs.length,
  };
}
