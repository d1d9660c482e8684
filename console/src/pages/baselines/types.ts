/** What the baselines page reads from the API. Statistics are plain numbers; energies are decimal strings. */
export interface DriverSummary {
  name: string;
  unit: string;
  days: number;
  firstDay: string | null;
  lastDay: string | null;
}

export interface BaselineSummary {
  id: string;
  name: string | null;
  meterIds: string[];
  unit: string;
  periodStart: string;
  periodEnd: string;
  temperatureDriver: string | null;
  drivers: string[];
  accepted: boolean;
  rSquared: number;
  cvRmse: number;
  nmbe: number;
}

export interface Term {
  term: string;
  coefficient: number;
  standardError: number;
  tStat: number;
  pValue: number;
}

export interface Criterion {
  criterion: string;
  value: number | null;
  limit: string;
  passed: boolean;
  source: string;
}

export interface Baseline extends BaselineSummary {
  model: {
    spec: { heatingBalancePoint: number | null; coolingBalancePoint: number | null; drivers: string[] };
    terms: Term[];
    n: number;
    meanEnergy: number;
    rSquared: number;
    adjustedRSquared: number;
    cvRmse: number;
    nmbe: number;
    modelP: number | null;
  };
  acceptance: { accepted: boolean; criteria: Criterion[] };
}

export interface Savings {
  unit: string;
  days: number;
  adjustedBaseline: string;
  actual: string;
  avoided: string;
  uncertainty: string;
  confidence: number;
  fractionalSavings: number;
  relativeUncertainty: number | null;
}

/** A statistic shown with a fixed number of significant places (statistics, not money or emissions). */
export function statistic(value: number | null, digits = 4): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (value !== 0 && Math.abs(value) < 10 ** -digits) return value.toExponential(2);
  return value.toFixed(digits);
}

/** A ratio in per cent with one decimal; a value that rounds to zero shows as 0.0, never -0.0. */
export function percent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const text = (value * 100).toFixed(1);
  return `${text === '-0.0' ? '0.0' : text} %`;
}

/** A criterion's value: whole numbers (days) as they are, others as statistics. */
export const criterionValue = (value: number | null) =>
  value !== null && Number.isInteger(value) ? String(value) : statistic(value);
