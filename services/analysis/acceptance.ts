import type { BaselineModel } from './baselineTypes';

/** One acceptance criterion as checked: the value found, the limit and where the rule comes from. */
export interface CriterionResult {
  criterion: string;
  value: number | null;
  limit: string;
  passed: boolean;
  source: string;
}

export interface Acceptance {
  accepted: boolean;
  criteria: CriterionResult[];
}

/**
 * The acceptance limits, from MANAGEMENT.md §2. Guideline 14 states calibration limits for monthly data (CV(RMSE) ≤ 15 %,
 * NMBE ±5 %) and for hourly data (CV(RMSE) ≤ 30 %, NMBE ±10 %), none for daily. Daily data is finer than monthly, so a
 * daily model is held to the limits for data finer than monthly (the hourly pair).
 */
export const ACCEPTANCE_LIMITS = {
  baselineDays: 365,
  coverage: 0.9,
  cvRmse: 0.3,
  nmbe: 0.1,
  rSquared: 0.5,
  modelP: 0.1,
  variableP: 0.2,
  strongestVariableP: 0.1,
} as const;

const G14 = 'ASHRAE Guideline 14 (limits for data finer than monthly)';
const SEP = 'DOE SEP / VERIFI regression practice';
const CALTRACK = 'CalTRACK daily baseline';

/**
 * Whether a baseline model may be used to report savings. `periodDays` is the baseline period's length in days and
 * `coverage` the share of its days with complete energy and driver data. The regression criteria (R², model and
 * variable p-values) apply to models with drivers; a model of the mean alone has none to test.
 */
export function evaluateAcceptance(model: BaselineModel, periodDays: number, coverage: number): Acceptance {
  const limits = ACCEPTANCE_LIMITS;
  const criteria: CriterionResult[] = [
    {
      criterion: 'baselineDays',
      value: periodDays,
      limit: `>= ${limits.baselineDays}`,
      passed: periodDays >= limits.baselineDays,
      source: CALTRACK,
    },
    {
      criterion: 'coverage',
      value: coverage,
      limit: `>= ${limits.coverage}`,
      passed: coverage >= limits.coverage,
      source: CALTRACK,
    },
    {
      criterion: 'cvRmse',
      value: model.cvRmse,
      limit: `<= ${limits.cvRmse}`,
      passed: model.cvRmse <= limits.cvRmse,
      source: G14,
    },
    {
      criterion: 'nmbe',
      value: model.nmbe,
      limit: `within ±${limits.nmbe}`,
      passed: Math.abs(model.nmbe) <= limits.nmbe,
      source: G14,
    },
  ];
  const variables = model.terms.slice(1);
  if (variables.length > 0) {
    const pValues = variables.map((t) => t.pValue);
    const worst = Math.max(...pValues);
    const strongest = Math.min(...pValues);
    criteria.push(
      {
        criterion: 'rSquared',
        value: model.rSquared,
        limit: `>= ${limits.rSquared}`,
        passed: model.rSquared >= limits.rSquared,
        source: SEP,
      },
      {
        criterion: 'modelP',
        value: model.modelP,
        limit: `< ${limits.modelP}`,
        passed: model.modelP !== null && model.modelP < limits.modelP,
        source: SEP,
      },
      {
        criterion: 'variableP',
        value: worst,
        limit: `every variable < ${limits.variableP}`,
        passed: worst < limits.variableP,
        source: SEP,
      },
      {
        criterion: 'strongestVariableP',
        value: strongest,
        limit: `one variable < ${limits.strongestVariableP}`,
        passed: strongest < limits.strongestVariableP,
        source: SEP,
      },
    );
  }
  return { accepted: criteria.every((c) => c.passed), criteria };
}
