/** One day of a baseline or reporting period: its energy and the values of its drivers. */
export interface ModelDay {
  day: string;
  energy: number;
  /** Mean outdoor temperature (°C) of the day, when the model uses weather. */
  temperature?: number;
  drivers: Record<string, number>;
}

/** Which terms a baseline model has: μ always, degree days at their balance points, and named drivers. */
export interface ModelSpec {
  heatingBalancePoint: number | null;
  coolingBalancePoint: number | null;
  drivers: string[];
}

export interface ModelTerm {
  /** `intercept`, `hdd`, `cdd` or `driver:<name>`. */
  term: string;
  coefficient: number;
  standardError: number;
  tStat: number;
  pValue: number;
}

export interface ValueRange {
  min: number;
  max: number;
}

/** A fitted baseline model with the statistics Guideline 14 and the savings uncertainty need. */
export interface BaselineModel {
  spec: ModelSpec;
  terms: ModelTerm[];
  n: number;
  p: number;
  meanEnergy: number;
  rSquared: number;
  adjustedRSquared: number;
  cvRmse: number;
  nmbe: number;
  modelP: number | null;
  /** Lag-1 autocorrelation of the residuals (for n′ in the savings uncertainty). */
  autocorrelation: number;
  /** The drivers' ranges over the baseline days: a reporting period outside them is extrapolation. */
  ranges: { temperature?: ValueRange; drivers: Record<string, ValueRange> };
  candidatesTried: number;
}

/** What a stored baseline covers: its meters, unit, period and drivers (the list and the full view both start so). */
export interface BaselineCoverage {
  id: string;
  name: string | null;
  meterIds: string[];
  unit: string;
  periodStart: string;
  periodEnd: string;
  temperatureDriver: string | null;
  drivers: string[];
}
