import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { listBenchmarks, type BenchmarkIndicator } from '../benchmarking/benchmarks';
import { NengtanError } from '../lib/errors';
import { activeMembers } from './parkMemberships';

/** A park rule watches the park as a whole (every member that consents when it is judged) or one member. */
export type ParkRuleScope = 'park' | 'member';
export type ParkRuleKind = 'total' | 'budget' | 'intensity';
export const PARK_RULE_KINDS: readonly ParkRuleKind[] = ['total', 'budget', 'intensity'];

/** The park's or a member's total per local day or month: kgce (GB/T 2589) or location-based kg CO2e. */
export interface ParkTotalParams {
  metric: 'kgce' | 'co2e';
  period: 'day' | 'month';
  above: string;
}
/** The park's budgets (POST /v1/park/budgets), judged by their forecasts as GET /v1/park/warnings shows them. */
export interface ParkBudgetParams {
  trigger: 'forecast' | 'upper';
}
/** A member's energy or CO2e per unit of a product per month above a level of the park's benchmark table. */
export interface ParkIntensityParams {
  product: string;
  unit: string;
  indicator: BenchmarkIndicator;
  /** baseline (基准): fires for lagging members; advanced (标杆): fires for every member not yet advanced. */
  level: 'baseline' | 'advanced';
}
export type ParkRuleParams = ParkTotalParams | ParkBudgetParams | ParkIntensityParams;

export interface ParkAlertRuleInput {
  name: string;
  kind: ParkRuleKind;
  scope: ParkRuleScope;
  memberId?: string;
  /** Meters of the member (total rules only), allowed only when the member granted the park its meter data. */
  meterIds?: string[];
  params?: Record<string, unknown>;
  enabled?: boolean;
}

export interface ParkAlertRule {
  id: string;
  name: string;
  kind: ParkRuleKind;
  scope: ParkRuleScope;
  member: { id: string; name: string } | null;
  meterIds: string[];
  params: ParkRuleParams;
  enabled: boolean;
  createdAt: string;
}

interface Row {
  id: string;
  name: string;
  kind: ParkRuleKind;
  scope: ParkRuleScope;
  member_org_id: string | null;
  member_name: string | null;
  meter_ids: string[];
  params: ParkRuleParams;
  enabled: boolean;
  created_at: Date;
}

const toRule = (r: Row): ParkAlertRule => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  scope: r.scope,
  member: r.member_org_id ? { id: r.member_org_id, name: r.member_name as string } : null,
  meterIds: r.meter_ids,
  params: r.params,
  enabled: r.enabled,
  createdAt: new Date(r.created_at).toISOString(),
});

const DECIMAL = /^\d{1,20}(\.\d{1,10})?$/;

function invalid(message: string, field: string, hint?: string): never {
  throw new NengtanError('NT_ERR_PARK_ALERT_RULE_INVALID', { message, ...(hint ? { hint } : {}), details: { field } });
}

function oneOf<T extends string>(value: unknown, field: string, options: readonly T[], fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !options.includes(value as T))
    invalid(`${field} must be one of ${options.join(', ')}`, field);
  return value as T;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200)
    invalid(`${field} must be a non-empty text of at most 200 characters`, field);
  return value;
}

const KNOWN: Record<ParkRuleKind, string[]> = {
  total: ['metric', 'period', 'above'],
  budget: ['trigger'],
  intensity: ['product', 'unit', 'indicator', 'level'],
};

/** Kind, scope and parameters, with defaults filled in; refusals name the field. */
export function validateParkRule(input: ParkAlertRuleInput): ParkRuleParams {
  const kind = oneOf(input.kind, 'kind', PARK_RULE_KINDS);
  const scope = oneOf(input.scope, 'scope', ['park', 'member'] as const);
  if (scope === 'park' && (input.memberId !== undefined || (input.meterIds ?? []).length > 0))
    invalid('A park rule covers every consenting member: leave memberId and meterIds out', 'memberId');
  if (scope === 'member' && input.memberId === undefined)
    invalid('A member rule names the member in memberId', 'memberId', 'GET /v1/park/members lists the members.');
  if (kind === 'budget' && scope !== 'park')
    invalid(
      'A budget rule judges every park budget (the whole park and each member): use scope park',
      'scope',
      'A budget for one member is a park budget with memberId (POST /v1/park/budgets).',
    );
  if (kind !== 'total' && (input.meterIds ?? []).length > 0) invalid('Only total rules name meters', 'meterIds');
  const p = input.params ?? {};
  for (const key of Object.keys(p))
    if (!KNOWN[kind].includes(key))
      invalid(`park ${kind} rules take no parameter "${key}" (they take ${KNOWN[kind].join(', ')})`, `params.${key}`);
  switch (kind) {
    case 'total': {
      const above = p.above;
      if (typeof above !== 'string' || !DECIMAL.test(above))
        invalid('params.above must be a non-negative decimal string', 'params.above');
      return {
        metric: oneOf(p.metric, 'params.metric', ['kgce', 'co2e'] as const, 'kgce'),
        period: oneOf(p.period, 'params.period', ['day', 'month'] as const),
        above,
      };
    }
    case 'budget':
      return { trigger: oneOf(p.trigger, 'params.trigger', ['forecast', 'upper'] as const, 'forecast') };
    case 'intensity':
      return {
        product: text(p.product, 'params.product'),
        unit: text(p.unit, 'params.unit'),
        indicator: oneOf(
          p.indicator,
          'params.indicator',
          ['kgce_per_unit', 'kgco2e_per_unit'] as const,
          'kgce_per_unit',
        ),
        level: oneOf(p.level, 'params.level', ['baseline', 'advanced'] as const, 'baseline'),
      };
  }
}

/**
 * What the park may watch of the member: the member must consent now; meters only under its meters grant, and only
 * its own. The refusals are the park views' own (NT_ERR_PARK_NOT_MEMBER, NT_ERR_PARK_METERS_NOT_GRANTED).
 */
async function checkMember(db: Queryable, parkId: string, input: ParkAlertRuleInput): Promise<string[]> {
  if (input.scope !== 'member') return [];
  const member = (await activeMembers(db, parkId)).find((m) => m.id === input.memberId);
  if (!member) throw new NengtanError('NT_ERR_PARK_NOT_MEMBER', { details: { field: 'memberId' } });
  const meterIds = [...new Set(input.meterIds ?? [])];
  if (meterIds.length === 0) return [];
  if (member.grantLevel !== 'meters')
    throw new NengtanError('NT_ERR_PARK_METERS_NOT_GRANTED', {
      hint: 'Leave meterIds out to watch the member\'s total (its aggregated figures), or ask the member to accept an invitation with grant "meters".',
      details: { field: 'meterIds' },
    });
  const { rows } = await db.query<{ id: string }>(
    'select id from meters where org_id = $1::uuid and id = any ($2::uuid[])',
    [member.id, meterIds],
  );
  const known = new Set(rows.map((r) => r.id));
  const missing = meterIds.filter((id) => !known.has(id));
  if (missing.length > 0)
    invalid(
      `Not meters of the member: ${missing.join(', ')}`,
      'meterIds',
      'Name meters of that member (its meter ids, as GET /v1/park/members/{orgId}/series takes them).',
    );
  return meterIds;
}

/** An intensity rule needs the level it compares with in the park's own benchmark table. */
async function checkBenchmark(db: Queryable, parkId: string, kind: ParkRuleKind, params: ParkRuleParams) {
  if (kind !== 'intensity') return;
  const p = params as ParkIntensityParams;
  const row = (await listBenchmarks(db, parkId)).find(
    (b) => b.product === p.product && b.unit === p.unit && b.indicator === p.indicator,
  );
  if (!row || row[p.level] === null)
    throw new NengtanError('NT_ERR_PARK_ALERT_RULE_NO_BENCHMARK', {
      message: `The park's benchmark table has no ${p.level} level for ${p.product} (${p.unit}, ${p.indicator})`,
      details: { field: 'params', product: p.product, unit: p.unit, indicator: p.indicator, level: p.level },
    });
}

const SELECT = `select r.id, r.name, r.kind, r.scope, r.member_org_id, e.name as member_name, r.meter_ids, r.params,
    r.enabled, r.created_at
  from alert_rules r left join organisations e on e.id = r.member_org_id`;
// A member rule is listed only while the member consents: one that left is gone from the park's views.
const CONSENTING = `(r.member_org_id is null or exists (select 1 from park_memberships m
    where m.park_org_id = r.org_id and m.member_org_id = r.member_org_id and m.status = 'active'))`;

export async function createParkAlertRule(
  db: Queryable,
  parkId: string,
  input: ParkAlertRuleInput,
): Promise<ParkAlertRule> {
  const params = validateParkRule(input);
  const meterIds = await checkMember(db, parkId, input);
  await checkBenchmark(db, parkId, input.kind, params);
  const id = randomUUID();
  await db.query(
    `insert into alert_rules (id, org_id, name, kind, scope, member_org_id, meter_ids, params, enabled)
     values ($1::uuid, $2::uuid, $3, $4, $5, $6::uuid, $7::uuid[], $8::jsonb, $9)`,
    [
      id,
      parkId,
      input.name,
      input.kind,
      input.scope,
      input.scope === 'member' ? input.memberId : null,
      meterIds,
      JSON.stringify(params),
      input.enabled ?? true,
    ],
  );
  await queueRecentDays(db, parkId, id);
  return (await listParkAlertRules(db, parkId)).find((r) => r.id === id) as ParkAlertRule;
}

/** How far back a new park rule judges its members' existing days. */
export const NEW_RULE_LOOKBACK_DAYS = 35;

/**
 * A park usually makes its rules after its members have data: the covered members' days with readings in the last
 * five weeks are queued, so the alert worker judges the new rule on them at once instead of waiting for new readings.
 * Re-evaluating a member's own rules on those days is idempotent.
 */
async function queueRecentDays(db: Queryable, parkId: string, ruleId: string): Promise<void> {
  await db.query(
    `insert into alert_queue (meter_id, day, org_id)
     select distinct d.meter_id, d.day, m.org_id
     from alert_rules r
     join park_memberships pm on pm.park_org_id = r.org_id and pm.status = 'active'
       and (r.scope = 'park' or pm.member_org_id = r.member_org_id)
     join meters m on m.org_id = pm.member_org_id
       and (case when cardinality(r.meter_ids) > 0 then m.id = any (r.meter_ids)
                 else m.accounting_role = 'boundary' and m.flow = 'import' end)
     join reading_rollups_daily d on d.meter_id = m.id and d.day >= current_date - $3::int
     where r.id = $1::uuid and r.org_id = $2::uuid and r.enabled
     on conflict (meter_id, day) do nothing`,
    [ruleId, parkId, NEW_RULE_LOOKBACK_DAYS],
  );
}

/** The park's rules (not its own enterprise rules, should it also be an enterprise), oldest first. */
export async function listParkAlertRules(db: Queryable, parkId: string, enabledOnly = false): Promise<ParkAlertRule[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} where r.org_id = $1::uuid and r.scope in ('park', 'member') and ${CONSENTING}
       and (not $2::boolean or r.enabled)
     order by r.created_at, r.id`,
    [parkId, enabledOnly],
  );
  return rows.map(toRule);
}

/** The parks that `memberId` consents to now and that have enabled rules covering it. */
export async function parksWatching(db: Queryable, memberId: string): Promise<string[]> {
  const { rows } = await db.query<{ park_org_id: string }>(
    `select distinct m.park_org_id from park_memberships m join alert_rules r on r.org_id = m.park_org_id
     where m.member_org_id = $1::uuid and m.status = 'active' and r.enabled
       and (r.scope = 'park' or (r.scope = 'member' and r.member_org_id = m.member_org_id))
     order by m.park_org_id`,
    [memberId],
  );
  return rows.map((r) => r.park_org_id);
}
