import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import {
  getBaseYear,
  THRESHOLD_SCOPES,
  type RecalculationTrigger,
  type ScopeThresholds,
  type ThresholdScope,
} from './baseYear';
import type { InventoryDocument } from './computeInventory';
import { previewInventory, type ComputeRequest } from './inventories';
import { inventoryOptions, type InventoryOptions } from './inventoryTypes';
import { compare, div, format, mul, parseRational, rational, sub, sum, ZERO, type Rational } from './rational';

/** The boundary and methods an inventory is computed with: sites, factor set and the method options. */
export interface AccountingChoices {
  siteIds: string[];
  factorSetId: string;
  options: InventoryOptions;
}

/** Choices the caller states as current; each one left out is taken from the organisation's latest inventory. */
export interface CurrentChoices {
  siteIds?: string[];
  factorSetId?: string;
  gwp?: InventoryOptions['gwp'];
  electricityRegion?: InventoryOptions['electricityRegion'];
  regionalFactorMissing?: NonNullable<InventoryOptions['regionalFactorMissing']>;
  fuelMethod?: NonNullable<InventoryOptions['fuelMethod']>;
  electricitySeries?: NonNullable<InventoryOptions['electricitySeries']>;
  extendedResults?: boolean;
}

export interface TriggerEffect {
  trigger: RecalculationTrigger;
  /** Whether the policy counts this trigger towards the threshold. */
  counted: boolean;
  changed: boolean;
  /** The base-year total (location-based, net, kg CO2e) after this step, and the step's effect on it: exact decimals. */
  totalAfterKgCO2e: string;
  effectKgCO2e: string;
  sitesRemoved?: { id: string; name: string }[];
  sitesAdded?: { id: string; name: string }[];
  methodChanges?: { option: string; from: string; to: string }[];
  factorSets?: { from: FactorSetRef; to: FactorSetRef };
  /** The step's effect on each scope (kg CO2e, exact): only when the policy has thresholds per scope. */
  effectsByScope?: Record<ThresholdScope, string>;
}

/** One scope checked against its own threshold, or the policy's single one when it has none. */
export interface ScopeCheck {
  scope: ThresholdScope;
  statedKgCO2e: string;
  cumulativeChangeKgCO2e: string;
  cumulativeChangePct: string | null;
  thresholdPct: string;
  thresholdFrom: 'scope' | 'policy';
  exceedsThreshold: boolean;
}

export type ScopeTotals = Record<ThresholdScope, Rational>;

interface FactorSetRef {
  id: string;
  name: string;
  version: number;
}

export interface Recalculation {
  year: number;
  baseInventoryId: string;
  restated: boolean;
  /** The base-year total as stated (location-based, net of exports, kg CO2e, as the inventory document states it). */
  statedKgCO2e: string;
  current: AccountingChoices & { fromInventoryId: string | null };
  order: string;
  triggers: TriggerEffect[];
  recalculatedKgCO2e: string;
  /** Sum of the effects of the triggers the policy counts, and that sum in percent of the stated total (4 decimals). */
  cumulativeChangeKgCO2e: string;
  cumulativeChangePct: string | null;
  thresholdPct: string;
  /** The total's check, or with thresholds per scope any of the checks (the total's or a scope's). */
  exceedsThreshold: boolean;
  restatementRequired: boolean;
  /** Only when the policy has thresholds per scope: each scope's check, and which checks were crossed. */
  scopes?: ScopeCheck[];
  thresholdCrossedBy?: ('total' | ThresholdScope)[];
}

interface StoredInventory extends AccountingChoices {
  id: string;
  start: string;
  end: string;
  document: InventoryDocument;
}

export async function storedInventory(db: Queryable, orgId: string, id: string): Promise<StoredInventory> {
  const { rows } = await db.query<{
    site_ids: string[];
    factor_set_id: string;
    options: InventoryOptions;
    canonical: string;
    period_start: string;
    period_end: string;
  }>(
    `select site_ids, factor_set_id, options, canonical, to_char(period_start, 'YYYY-MM-DD') as period_start,
       to_char(period_end, 'YYYY-MM-DD') as period_end
     from inventories where org_id = $1::uuid and id = $2::uuid`,
    [orgId, id],
  );
  const row = rows[0];
  if (!row) throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Inventory ${id} not found` });
  return {
    id,
    start: row.period_start,
    end: row.period_end,
    siteIds: [...row.site_ids].sort(),
    factorSetId: row.factor_set_id,
    options: row.options,
    document: JSON.parse(row.canonical) as InventoryDocument,
  };
}

/**
 * The boundary and methods of now: those of the organisation's latest live inventory of a period after the base year
 * (what it reports today), else all its sites with the base year's methods and factors; each overridden when given.
 */
async function currentChoices(
  db: Queryable,
  orgId: string,
  base: StoredInventory,
  given: CurrentChoices,
): Promise<AccountingChoices & { fromInventoryId: string | null }> {
  const { rows } = await db.query<{ id: string; site_ids: string[]; factor_set_id: string; options: InventoryOptions }>(
    `select id, site_ids, factor_set_id, options from inventories
     where org_id = $1::uuid and period_start >= $2::date and status <> 'superseded'
     order by period_end desc, period_start desc, version desc limit 1`,
    [orgId, base.end],
  );
  const latest = rows[0];
  const { rows: sites } = await db.query<{ id: string }>('select id from sites where org_id = $1::uuid order by id', [
    orgId,
  ]);
  const options = latest?.options ?? base.options;
  return {
    fromInventoryId: latest?.id ?? null,
    siteIds: [...(given.siteIds ?? latest?.site_ids ?? sites.map((s) => s.id))].sort(),
    factorSetId: given.factorSetId ?? latest?.factor_set_id ?? base.factorSetId,
    options: inventoryOptions({
      gwp: given.gwp ?? options.gwp,
      electricityRegion: given.electricityRegion ?? options.electricityRegion,
      regionalFactorMissing: given.regionalFactorMissing ?? options.regionalFactorMissing,
      fuelMethod: given.fuelMethod ?? options.fuelMethod,
      electricitySeries: given.electricitySeries ?? options.electricitySeries,
      extendedResults: given.extendedResults ?? options.extendedResults,
    }),
  };
}

/** The compute request of the base year under `choices`. */
export function requestFor(base: { start: string; end: string }, choices: AccountingChoices): ComputeRequest {
  return {
    start: base.start,
    end: base.end,
    siteIds: choices.siteIds,
    factorSetId: choices.factorSetId,
    ...choices.options,
  };
}

/** Method options with their defaults stated, so that an absent option and its default compare equal. */
const METHOD_DEFAULTS: Record<string, string> = {
  gwp: 'AR5',
  electricityRegion: 'grid_region',
  regionalFactorMissing: 'warn',
  fuelMethod: 'gbt32151',
  electricitySeries: 'statistical',
  extendedResults: 'false',
};

function methodChanges(from: InventoryOptions, to: InventoryOptions): { option: string; from: string; to: string }[] {
  const text = (o: InventoryOptions, key: string) =>
    String((o as unknown as Record<string, unknown>)[key] ?? METHOD_DEFAULTS[key]);
  return Object.keys(METHOD_DEFAULTS)
    .filter((key) => text(from, key) !== text(to, key))
    .map((key) => ({ option: key, from: text(from, key), to: text(to, key) }));
}

async function factorSetRefs(db: Queryable, ids: string[]): Promise<Map<string, FactorSetRef>> {
  const { rows } = await db.query<FactorSetRef>(
    'select id, name, version from factor_sets where id = any($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

const kg = (x: Rational) => format(x, 3);
const abs = (x: Rational) => (x.n < 0n ? rational(-x.n, x.d) : x);

/** |change| × 100 > threshold × |stated|, compared exactly; with a stated total of zero any change exceeds. */
function exceedsPct(change: Rational, thresholdPct: string, stated: Rational): boolean {
  return stated.n === 0n
    ? change.n !== 0n
    : compare(mul(abs(change), rational(100n)), mul(parseRational(thresholdPct), abs(stated))) > 0;
}

const pctOf = (change: Rational, stated: Rational) =>
  stated.n === 0n ? null : format(div(mul(change, rational(100n)), stated), 4);

/** Each scope's total as the inventory document states it (Scope 3 from its section, zero without one). */
export function scopeTotalsOf(document: { results: Record<string, string>; scope3?: { kgCO2e: string } }): ScopeTotals {
  return {
    scope1: parseRational(document.results.scope1),
    scope2Location: parseRational(document.results.scope2LocationBased),
    scope2Market: parseRational(document.results.scope2MarketBased),
    scope3: parseRational(document.scope3?.kgCO2e ?? '0'),
  };
}

/**
 * Each scope's counted cumulative change against its own threshold, or the single threshold when the scope has none
 * (GHG Protocol ch. 5 leaves the significance threshold to the company; a threshold per scope keeps a large change in
 * a small scope, e.g. market-based Scope 2, from hiding inside the total).
 */
export function scopeThresholdChecks(
  stated: ScopeTotals,
  cumulative: ScopeTotals,
  policy: { thresholdPct: string; scopeThresholdPct?: ScopeThresholds },
): ScopeCheck[] {
  return THRESHOLD_SCOPES.map((scope) => {
    const own = policy.scopeThresholdPct?.[scope];
    const thresholdPct = own ?? policy.thresholdPct;
    return {
      scope,
      statedKgCO2e: kg(stated[scope]),
      cumulativeChangeKgCO2e: kg(cumulative[scope]),
      cumulativeChangePct: pctOf(cumulative[scope], stated[scope]),
      thresholdPct,
      thresholdFrom: own === undefined ? 'policy' : 'scope',
      exceedsThreshold: exceedsPct(cumulative[scope], thresholdPct, stated[scope]),
    };
  });
}

/**
 * Recomputes the base year under the current boundary and methods and tells what each trigger changes (GHG Protocol
 * Corporate Standard ch. 5; ISO 14064-1:2018 §6.4.1). The base year is always recomputed from its own year's activity,
 * so organic growth or decline plays no part. The effects are attributed one trigger at a time, in a fixed order, each
 * step changing one thing from the one before:
 *   error      the base year's own boundary, methods and factor set on today's data (corrections, late records);
 *   structural then the current sites (acquired sites in, divested sites out);
 *   method     then the current method options (fuel method, electricity series and region, GWP set);
 *   factor     then the current factor set.
 * Totals are the net location-based totals the inventory documents state (3 decimals), so every effect is an exact
 * difference of two stated figures. The cumulative change is the sum of the effects the policy counts; a
 * recalculation is required when its size exceeds the threshold percentage of the stated base-year total. With
 * thresholds per scope in the policy, each scope's counted change is also checked against its own threshold (or the
 * single one), and the answer names every check crossed ('total', 'scope1', ...).
 */
export async function checkBaseYearRecalculation(
  db: Queryable,
  orgId: string,
  given: CurrentChoices = {},
): Promise<Recalculation> {
  const baseYear = await getBaseYear(db, orgId);
  const base = await storedInventory(db, orgId, baseYear.currentInventoryId);
  const current = await currentChoices(db, orgId, base, given);
  const stated = parseRational(base.document.results.totalLocationBased);
  const perScope = baseYear.policy.scopeThresholdPct !== undefined;
  const statedScopes = scopeTotalsOf(base.document);

  const structural = { ...base, siteIds: current.siteIds };
  const method = { ...structural, options: current.options };
  const steps: { trigger: RecalculationTrigger; choices: AccountingChoices; changed: boolean }[] = [
    { trigger: 'error', choices: base, changed: true },
    { trigger: 'structural', choices: structural, changed: current.siteIds.join() !== base.siteIds.join() },
    { trigger: 'method', choices: method, changed: methodChanges(base.options, current.options).length > 0 },
    { trigger: 'factor', choices: current, changed: current.factorSetId !== base.factorSetId },
  ];
  const siteNames = await siteNamesOf(db, orgId, base);
  const sets = await factorSetRefs(db, [base.factorSetId, current.factorSetId]);
  const triggers: TriggerEffect[] = [];
  let before = stated;
  let beforeScopes = statedScopes;
  const scopeEffects: { counted: boolean; effects: ScopeTotals }[] = [];
  for (const step of steps) {
    const preview = step.changed ? (await previewInventory(db, orgId, requestFor(base, step.choices))).document : null;
    const after = preview ? parseRational(preview.results.totalLocationBased) : before;
    const afterScopes = preview ? scopeTotalsOf(preview) : beforeScopes;
    const effect = sub(after, before);
    const effects = Object.fromEntries(
      THRESHOLD_SCOPES.map((scope) => [scope, sub(afterScopes[scope], beforeScopes[scope])]),
    ) as ScopeTotals;
    const counted = baseYear.policy.triggers.includes(step.trigger);
    scopeEffects.push({ counted, effects });
    triggers.push({
      trigger: step.trigger,
      counted,
      // A recomputation on the same choices changed something only if the figure moved (a corrected reading).
      changed: step.trigger === 'error' ? compare(effect, ZERO) !== 0 : step.changed,
      totalAfterKgCO2e: kg(after),
      effectKgCO2e: kg(effect),
      ...details(step.trigger),
      ...(perScope
        ? {
            effectsByScope: Object.fromEntries(THRESHOLD_SCOPES.map((scope) => [scope, kg(effects[scope])])) as Record<
              ThresholdScope,
              string
            >,
          }
        : {}),
    });
    before = after;
    beforeScopes = afterScopes;
  }

  const cumulative = sum(triggers.filter((t) => t.counted).map((t) => parseRational(t.effectKgCO2e)));
  const totalExceeds = exceedsPct(cumulative, baseYear.policy.thresholdPct, stated);
  const scopes = perScope
    ? scopeThresholdChecks(
        statedScopes,
        Object.fromEntries(
          THRESHOLD_SCOPES.map((scope) => [
            scope,
            sum(scopeEffects.filter((e) => e.counted).map((e) => e.effects[scope])),
          ]),
        ) as ScopeTotals,
        baseYear.policy,
      )
    : null;
  const crossedBy = [
    ...(totalExceeds ? (['total'] as const) : []),
    ...(scopes ?? []).filter((c) => c.exceedsThreshold).map((c) => c.scope),
  ];
  const exceeds = crossedBy.length > 0;
  return {
    year: baseYear.year,
    baseInventoryId: base.id,
    restated: baseYear.restated,
    statedKgCO2e: kg(stated),
    current,
    order: 'error, structural, method, factor: each step recomputes the base year with one more current choice',
    triggers,
    recalculatedKgCO2e: kg(before),
    cumulativeChangeKgCO2e: kg(cumulative),
    cumulativeChangePct: pctOf(cumulative, stated),
    thresholdPct: baseYear.policy.thresholdPct,
    exceedsThreshold: exceeds,
    restatementRequired: exceeds,
    ...(scopes ? { scopes, thresholdCrossedBy: crossedBy } : {}),
  };

  function details(trigger: RecalculationTrigger): Partial<TriggerEffect> {
    if (trigger === 'structural') {
      return {
        sitesRemoved: base.siteIds
          .filter((id) => !current.siteIds.includes(id))
          .map((id) => ({ id, name: siteNames.get(id) ?? id })),
        sitesAdded: current.siteIds
          .filter((id) => !base.siteIds.includes(id))
          .map((id) => ({ id, name: siteNames.get(id) ?? id })),
      };
    }
    if (trigger === 'method') return { methodChanges: methodChanges(base.options, current.options) };
    if (trigger === 'factor') {
      const ref = (id: string) => sets.get(id) ?? { id, name: id, version: 0 };
      return { factorSets: { from: ref(base.factorSetId), to: ref(current.factorSetId) } };
    }
    return {};
  }
}

/** Names of the base year's sites as it states them, and of the organisation's sites now. */
async function siteNamesOf(db: Queryable, orgId: string, base: StoredInventory): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; name: string }>('select id, name from sites where org_id = $1::uuid', [
    orgId,
  ]);
  return new Map([
    ...base.document.boundary.sites.map((s) => [s.id, s.name] as const),
    ...rows.map((r) => [r.id, r.name] as const),
  ]);
}
