/**
 * Goodness of fit as ASHRAE Guideline 14 defines it (MANAGEMENT.md §2), with p the number of model parameters:
 * CV(RMSE) = sqrt(SSE / (n − p)) / ȳ and NMBE = Σ(y − ŷ) / ((n − p) · ȳ), both as fractions (0.1 = 10 %).
 */
function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function cvRmse(actual: readonly number[], predicted: readonly number[], p: number): number {
  const sse = actual.reduce((sum, y, i) => sum + (y - predicted[i]) ** 2, 0);
  return Math.sqrt(sse / (actual.length - p)) / mean(actual);
}

export function nmbe(actual: readonly number[], predicted: readonly number[], p: number): number {
  const bias = actual.reduce((sum, y, i) => sum + (y - predicted[i]), 0);
  return bias / ((actual.length - p) * mean(actual));
}

/** ρ, the lag-1 autocorrelation of a residual series: Σ r_t·r_{t−1} / Σ r_t². */
export function lag1Autocorrelation(residuals: readonly number[]): number {
  let numerator = 0;
  let denominator = 0;
  for (let t = 0; t < residuals.length; t++) {
    denominator += residuals[t] * residuals[t];
    if (t > 0) numerator += residuals[t] * residuals[t - 1];
  }
  return denominator > 0 ? numerator / denominator : 0;
}
