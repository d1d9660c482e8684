import type { ChainConnection } from '../chain/connectChain';
import type { Queryable } from '../db/db';
import { computeInventory, type ExactTotals } from '../accounting/computeInventory';
import { factorSourceFromSet } from '../accounting/factorSourceFromSet';
import { loadInventoryInput } from '../accounting/loadInventoryInput';
import type { ComputeRequest } from '../accounting/inventories';
import { format, mul, parseRational, rational, sub, type Rational } from '../accounting/rational';
import { DEFAULT_FACTOR_SET_ID } from '../factors/factorSets';
import { allowancesHeldT, lastAllowancePrice, obligationT, OBLIGATION_RULE } from '../market/allowanceObligation';
import { applyScenario, type ScenarioChange } from './scenarioChanges';

const FIGURES = ['energyKgce', 'scope1', 'scope2Location', 'scope2Market', 'totalLocation', 'totalMarket'] as const;
const kg = (x: Rational) => format(x, 3);

/** The calendar year a period is, if it is exactly one (the compliance years are). */
function complianceYear(start: string, end: string): number | null {
  const year = Number(start.slice(0, 4));
  return start === `${year}-01-01` && end === `${year + 1}-01-01` ? year : null;
}

/**
 * A what-if scenario over a period's inventory: the base case computed as the inventory engine does, the changes
 * applied to a copy of its input, the scenario computed by the same engine, side by side with the difference; for a
 * compliance year also the allowance position (holdings − obligation) and the cost difference at the last price.
 */
export async function compareScenario(
  deps: { db: Queryable; chain?: ChainConnection },
  orgId: string,
  request: ComputeRequest & { changes: ScenarioChange[] },
) {
  const baseFactors = await factorSourceFromSet(deps.db, orgId, request.factorSetId ?? DEFAULT_FACTOR_SET_ID);
  const baseInput = await loadInventoryInput(deps.db, orgId, request, baseFactors);
  const swapSet = [...request.changes].reverse().find((c) => c.kind === 'method' && c.factorSetId);
  const scenarioFactors =
    swapSet && swapSet.kind === 'method' && swapSet.factorSetId
      ? await factorSourceFromSet(deps.db, orgId, swapSet.factorSetId)
      : baseFactors;
  const { input, applied } = applyScenario(baseInput, request.changes);
  const base = computeInventory(baseInput).totals;
  const scenario = computeInventory({ ...input, factors: scenarioFactors }).totals;

  const figures = Object.fromEntries(
    FIGURES.map((f) => [
      f,
      { base: kg(base[f]), scenario: kg(scenario[f]), difference: kg(sub(scenario[f], base[f])) },
    ]),
  );
  return {
    period: { start: request.start, end: request.end },
    unit: { energyKgce: 'kgce', emissions: 'kgCO2e' },
    changes: applied,
    figures,
    allowances: await allowancePosition(deps, orgId, request, base, scenario),
    factorSets: { base: baseFactors.setId, scenario: scenarioFactors.setId },
  };
}

async function allowancePosition(
  deps: { db: Queryable; chain?: ChainConnection },
  orgId: string,
  request: ComputeRequest,
  base: ExactTotals,
  scenario: ExactTotals,
) {
  const year = complianceYear(request.start, request.end);
  if (year === null) return { year: null, note: 'the period is not a calendar (compliance) year' };
  const held = deps.chain ? await allowancesHeldT(deps.db, orgId, year) : 0n;
  const owedBase = obligationT(base.totalLocation);
  const owedScenario = obligationT(scenario.totalLocation);
  const last = deps.chain ? await lastAllowancePrice(deps.chain, deps.db, year) : null;
  const priceDifference = last
    ? format(mul(rational(owedScenario - owedBase), parseRational(last.minorUnitsPerT)), 2)
    : null;
  return {
    year,
    heldT: held.toString(),
    obligationT: { base: owedBase.toString(), scenario: owedScenario.toString() },
    positionT: { base: (held - owedBase).toString(), scenario: (held - owedScenario).toString() },
    lastPrice: last,
    costDifferenceMinorUnits: priceDifference,
    rule: OBLIGATION_RULE,
  };
}
