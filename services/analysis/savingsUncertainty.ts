import { tTwoSidedQuantile } from './studentT';

export interface SavingsUncertaintyInput {
  /** Baseline points (days) and model parameters. */
  n: number;
  p: number;
  /** CV(RMSE) of the baseline model, as a fraction. */
  cvRmse: number;
  /** Lag-1 autocorrelation of the baseline residuals. */
  autocorrelation: number;
  /** Reporting points (days). */
  m: number;
  /** Adjusted baseline energy and avoided energy over the reporting period. */
  adjustedBaseline: number;
  savings: number;
  /** Two-sided confidence level, e.g. 0.9. */
  confidence: number;
}

export interface SavingsUncertainty {
  /** n′ = n(1 − ρ)/(1 + ρ): the baseline points that count as independent. */
  effectiveN: number;
  t: number;
  /** F = savings / adjusted baseline. */
  fractionalSavings: number;
  /** ΔE_save / E_save; null when there are no savings to be relative to. */
  relative: number | null;
  /** ± in energy units. */
  absolute: number;
}

/**
 * ASHRAE Guideline 14's fractional savings uncertainty (MANAGEMENT.md §2):
 *   ΔE_save / E_save = 1.26 · t · CV · sqrt((n / n′) · (1 + 2 / n′) / m) / F,   n′ = n (1 − ρ) / (1 + ρ),
 * with t at the confidence level and n′ − p degrees of freedom (n′ rather than n: autocorrelated days carry less
 * information, so the conservative choice). The absolute uncertainty is that fraction of the savings, which does not
 * need F: 1.26 · t · CV · sqrt(...) · E_adjusted baseline.
 */
export function savingsUncertainty(input: SavingsUncertaintyInput): SavingsUncertainty {
  const rho = Math.max(0, input.autocorrelation);
  const effectiveN = (input.n * (1 - rho)) / (1 + rho);
  const df = Math.max(1, effectiveN - input.p);
  const t = tTwoSidedQuantile(input.confidence, df);
  const spread = Math.sqrt(((input.n / effectiveN) * (1 + 2 / effectiveN)) / input.m);
  const absolute = 1.26 * t * input.cvRmse * spread * input.adjustedBaseline;
  const fractionalSavings = input.savings / input.adjustedBaseline;
  return {
    effectiveN,
    t,
    fractionalSavings,
    relative: input.savings > 0 ? absolute / input.savings : null,
    absolute,
  };
}
