import { fUpperP, tTwoSidedP } from './studentT';

/** X'X, X'y and y'y of a design: enough to solve ordinary least squares and to know its residual sum of squares. */
export interface NormalEquations {
  xtx: number[][];
  xty: number[];
  yty: number;
}

export function normalEquations(rows: readonly (readonly number[])[], y: readonly number[]): NormalEquations {
  const p = rows[0]?.length ?? 0;
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  let yty = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    for (let j = 0; j < p; j++) {
      xty[j] += row[j] * y[i];
      for (let k = 0; k <= j; k++) xtx[j][k] += row[j] * row[k];
    }
    yty += y[i] * y[i];
  }
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) xtx[j][k] = xtx[k][j];
  return { xtx, xty, yty };
}

/** Lower-triangular L with L·L' = A, or undefined when A is not positive definite (collinear columns). */
function cholesky(a: readonly (readonly number[])[]): number[][] | undefined {
  const p = a.length;
  const l = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    let diagonal = a[j][j];
    for (let k = 0; k < j; k++) diagonal -= l[j][k] * l[j][k];
    // Relative to the column's own size: a column that is (nearly) a combination of the others leaves nothing.
    if (!(diagonal > 1e-10 * Math.max(a[j][j], 1e-300))) return undefined;
    l[j][j] = Math.sqrt(diagonal);
    for (let i = j + 1; i < p; i++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      l[i][j] = sum / l[j][j];
    }
  }
  return l;
}

function solveWithCholesky(l: number[][], b: readonly number[]): number[] {
  const p = l.length;
  const z = new Array<number>(p).fill(0);
  for (let i = 0; i < p; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i][k] * z[k];
    z[i] = sum / l[i][i];
  }
  const x = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let sum = z[i];
    for (let k = i + 1; k < p; k++) sum -= l[k][i] * x[k];
    x[i] = sum / l[i][i];
  }
  return x;
}

/** Coefficients and residual sum of squares straight from the normal equations (the grid search's inner loop). */
export function solveNormalEquations(eq: NormalEquations): { coefficients: number[]; sse: number } | undefined {
  const l = cholesky(eq.xtx);
  if (!l) return undefined;
  const coefficients = solveWithCholesky(l, eq.xty);
  const explained = coefficients.reduce((sum, b, j) => sum + b * eq.xty[j], 0);
  return { coefficients, sse: Math.max(eq.yty - explained, 0) };
}

export interface LeastSquaresFit {
  n: number;
  /** Parameters, the intercept included. */
  p: number;
  coefficients: number[];
  standardErrors: number[];
  tStats: number[];
  pValues: number[];
  fitted: number[];
  residuals: number[];
  sse: number;
  rSquared: number;
  adjustedRSquared: number;
  /** F test of the model against the mean alone; null for a model that is only the mean. */
  fStatistic: number | null;
  modelP: number | null;
}

/**
 * Ordinary least squares of y on the rows of X (the first column is the intercept's 1), with the classical
 * statistics: standard errors from σ²(X'X)⁻¹, two-sided t tests, R², adjusted R² and the model's F test.
 * Undefined when the columns are collinear or there are no residual degrees of freedom.
 */
export function fitLeastSquares(
  rows: readonly (readonly number[])[],
  y: readonly number[],
): LeastSquaresFit | undefined {
  const n = y.length;
  const p = rows[0]?.length ?? 0;
  if (p === 0 || n <= p) return undefined;
  const eq = normalEquations(rows, y);
  const l = cholesky(eq.xtx);
  if (!l) return undefined;
  const coefficients = solveWithCholesky(l, eq.xty);
  const fitted = rows.map((row) => row.reduce((sum, x, j) => sum + x * coefficients[j], 0));
  const residuals = y.map((v, i) => v - fitted[i]);
  const sse = residuals.reduce((sum, r) => sum + r * r, 0);
  const mean = y.reduce((sum, v) => sum + v, 0) / n;
  const sst = y.reduce((sum, v) => sum + (v - mean) * (v - mean), 0);
  const df = n - p;
  const sigma2 = sse / df;
  const standardErrors = coefficients.map((_, j) => {
    const unit = new Array<number>(p).fill(0);
    unit[j] = 1;
    return Math.sqrt(sigma2 * solveWithCholesky(l, unit)[j]);
  });
  const tStats = coefficients.map((b, j) => (standardErrors[j] > 0 ? b / standardErrors[j] : Infinity));
  const rSquared = sst > 0 ? 1 - sse / sst : 0;
  const fStatistic = p > 1 && sst > 0 ? (sse > 0 ? (sst - sse) / (p - 1) / sigma2 : Infinity) : null;
  return {
    n,
    p,
    coefficients,
    standardErrors,
    tStats,
    pValues: tStats.map((t) => tTwoSidedP(t, df)),
    fitted,
    residuals,
    sse,
    rSquared,
    adjustedRSquared: 1 - ((1 - rSquared) * (n - 1)) / df,
    fStatistic,
    modelP: fStatistic === null ? null : fUpperP(fStatistic, p - 1, df),
  };
}
