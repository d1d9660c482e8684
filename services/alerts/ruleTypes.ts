/** What an alert rule watches (issue 11 §1). Quantities are decimal strings, compared exactly. */
export type RuleKind =
  | 'threshold'
  | 'completeness'
  | 'zero_run'
  | 'flat_line'
  | 'schedule'
  | 'anomaly'
  | 'loss'
  | 'register_check'
  | SubjectRuleKind;
/** Rules whose subject is not one meter's day: judged by the alert worker per organisation (evaluateSubjects.ts). */
export type SubjectRuleKind = 'budget' | 'compliance' | 'total' | 'intensity';
export const SUBJECT_RULE_KINDS: readonly SubjectRuleKind[] = ['budget', 'compliance', 'total', 'intensity'];
export const RULE_KINDS: readonly RuleKind[] = [
  'threshold',
  'completeness',
  'zero_run',
  'flat_line',
  'schedule',
  'anomaly',
  'loss',
  'register_check',
  ...SUBJECT_RULE_KINDS,
];
export type RuleScope = 'meter' | 'group' | 'organisation';

export interface ThresholdParams {
  /**
   * energy: the meter's normalised unit; kgce: GB/T 2589 coefficient; co2e: kg, location-based (electricity);
   * power: average kW over each interval (electricity in kWh, interval period only).
   */
  metric: 'energy' | 'kgce' | 'co2e' | 'power';
  period: 'interval' | 'day' | 'month';
  above: string;
}
export interface CompletenessParams {
  /** Whole percent of a day's intervals that must be measured (not estimated); 90 by the key-energy-user rule. */
  minPercent: number;
}
export interface RunParams {
  minIntervals: number;
}
export interface ScheduleParams {
  /** Local working hours "HH:MM", start inclusive, end exclusive. */
  start: string;
  end: string;
  /** ISO weekdays (1 Monday … 7 Sunday) that are working days. */
  weekdays: number[];
  /** Local dates that are holidays (no working hours). */
  holidays: string[];
  /** Consumption allowed outside working hours per day before the rule fires. */
  allowance: string;
}
export interface AnomalyParams {
  /** How many previous weeks of the same time-of-week slot give the expected value. */
  weeks: number;
  /** Band half-width in scaled relative MADs, pooled per hour of the day (see conditions.ts anomaly). */
  k: string;
  /** A deviation smaller than this never counts (quiet meters with MAD 0). */
  minDeviation: string;
}

export interface LossParams {
  /** Largest share of the parent meter's day, in percent, that its sub-meters may leave unexplained (either way). */
  maxPercent: string;
}

/** An interval channel's day against its paired cumulative register's day (PUT /v1/meters/{id}/paired-register). */
export interface RegisterCheckParams {
  /** Largest difference, in percent of the register's day, either way. */
  maxPercent: string;
  /** A difference smaller than this (in the meters' unit) never counts: quiet days with a few units of rounding. */
  minDifference: string;
}

/**
 * Budget and compliance rules: 'forecast' fires when the actual or the forecast to the end of the period crosses the
 * budget (or the allowances held); 'upper' also when only the upper bound of the 90 % interval does.
 */
export interface ForecastParams {
  trigger: 'forecast' | 'upper';
}

/** The total of a group of meters or of the organisation per local day or month, in one metric. */
export interface TotalParams {
  /** energy: the meters' common unit (all meters must share it); kgce and co2e as for thresholds. */
  metric: 'energy' | 'kgce' | 'co2e';
  period: 'day' | 'month';
  above: string;
}

/** Energy (kgce) or CO2e (kg) of the rule's meters per unit of a driver series (e.g. production) per day or month. */
export interface IntensityParams {
  metric: 'kgce' | 'co2e';
  /** The driver series' name (POST /v1/drivers), e.g. production in tonnes per day. */
  driver: string;
  period: 'day' | 'month';
  above: string;
}

export type RuleParams =
  | ThresholdParams
  | CompletenessParams
  | RunParams
  | ScheduleParams
  | AnomalyParams
  | LossParams
  | RegisterCheckParams
  | ForecastParams
  | TotalParams
  | IntensityParams;

export interface AlertRule {
  id: string;
  name: string;
  kind: RuleKind;
  scope: RuleScope;
  meterIds: string[];
  params: RuleParams;
  enabled: boolean;
  createdAt: string;
}

export interface AlertRuleInput {
  name: string;
  kind: RuleKind;
  scope: RuleScope;
  meterIds?: string[];
  params?: Record<string, unknown>;
  enabled?: boolean;
}

/** What a condition found on one meter and day. */
export interface Finding {
  message: string;
  observed: string;
  expected?: string;
  deviation?: string;
  details: Record<string, unknown>;
}
