import type { MessageKey } from '../../i18n';

/** What the benchmarking page reads from the API (levels and figures are decimal strings). */
export type Indicator = 'kgce_per_unit' | 'kgco2e_per_unit';

export const INDICATORS: Record<Indicator, MessageKey> = {
  kgce_per_unit: 'bmKgce',
  kgco2e_per_unit: 'bmCo2e',
};

export interface Benchmark {
  id: string;
  product: string;
  unit: string;
  indicator: Indicator;
  advanced: string | null;
  baseline: string | null;
  source: string | null;
}

export type Level = 'advanced' | 'within_baseline' | 'above_baseline' | 'above_advanced';

export const LEVELS: Record<Level, MessageKey> = {
  advanced: 'lvlAdvanced',
  within_baseline: 'lvlWithinBaseline',
  above_baseline: 'lvlAboveBaseline',
  above_advanced: 'lvlAboveAdvanced',
};

export interface IndicatorResult {
  indicator: Indicator;
  value: string;
  previous: string | null;
  changePercent: string | null;
  benchmark: {
    advanced: string | null;
    baseline: string | null;
    source: string | null;
    level: Level;
    gapToAdvanced: string | null;
    savingPotentialToAdvanced: string;
  } | null;
}

export interface BenchmarkingResult {
  period: { start: string; end: string };
  previousPeriod: { start: string; end: string };
  basis: string;
  products: { product: string; unit: string; quantity: string; indicators: IndicatorResult[] }[];
}
