import type { Rational } from './rational';

/**
 * Uncertainty by IPCC Approach 1 (2006 Guidelines Vol.1 Ch.3, error propagation): a source's emission is activity ×
 * factor, so its relative uncertainty is √(Ua² + Uf²); the uncertainty of a sum is √Σ(Ui · xi)² / |Σ xi|. Percentages
 * are floats, kept apart from the emission figures (which stay exact) and rounded to 2 decimals.
 */
export interface UncertaintyItem {
  source: string;
  co2e: Rational;
  activityPct: number;
  factorPct: number;
  /** 'default' when Nengtan's default for the source kind stands in for a user-given value. */
  basis: 'user' | 'default';
}

/**
 * Defaults (percent, 95 % confidence) where the user gave none. They are Nengtan's assumptions, not values from a cited
 * table: give your own per activity record where you know better.
 */
export const DEFAULT_UNCERTAINTY_PCT: Record<string, { activity: number; factor: number }> = {
  stationary_combustion: { activity: 2, factor: 5 },
  purchased_electricity: { activity: 2, factor: 10 },
  exported_electricity: { activity: 2, factor: 10 },
  purchased_heat: { activity: 5, factor: 10 },
  exported_heat: { activity: 5, factor: 10 },
  fugitive: { activity: 20, factor: 10 },
  mobile_combustion: { activity: 5, factor: 5 },
  process: { activity: 5, factor: 5 },
};
export const DEFAULT_UNCERTAINTY_SOURCE =
  'Nengtan defaults (assumed, not from a cited table; metered activity 2 %, heat 5 %, refrigerant leaks 20 %; ' +
  'fuel factors 5 %, grid and heat factors 10 %, GWPs 10 %): override them per activity record';

const toNumber = (x: Rational): number => Number(x.n) / Number(x.d);
const pct = (x: number): string => (Math.round(x * 100) / 100).toFixed(2);

/** √(Ua² + Uf²) for one source, and √Σ(Ui·xi)² / |Σxi| for the total. */
export function combineUncertainty(items: readonly UncertaintyItem[]) {
  let sumSquares = 0;
  let total = 0;
  const sources = items.map((item) => {
    const combined = Math.sqrt(item.activityPct ** 2 + item.factorPct ** 2);
    const x = toNumber(item.co2e);
    sumSquares += (combined * x) ** 2;
    total += x;
    return {
      source: item.source,
      activityPct: pct(item.activityPct),
      factorPct: pct(item.factorPct),
      combinedPct: pct(combined),
      basis: item.basis,
    };
  });
  return {
    method:
      'IPCC 2006 Vol.1 Ch.3 Approach 1: U(source) = √(Ua² + Uf²); U(total) = √Σ(Ui·xi)² / |Σxi| (net location-based total)',
    note: 'Percentages at 95 % confidence, computed in floating point and rounded to 2 decimals; emission figures stay exact.',
    defaults: DEFAULT_UNCERTAINTY_SOURCE,
    sources,
    totalPct: total === 0 ? '0.00' : pct(Math.sqrt(sumSquares) / Math.abs(total)),
  };
}
