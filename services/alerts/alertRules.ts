import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import {
  SUBJECT_RULE_KINDS,
  type AlertRule,
  type AlertRuleInput,
  type IntensityParams,
  type RuleKind,
  type RuleParams,
  type RuleScope,
} from './ruleTypes';
import { validateRule } from './validateRule';

interface Row {
  id: string;
  name: string;
  kind: RuleKind;
  scope: RuleScope;
  meter_ids: string[];
  params: RuleParams;
  enabled: boolean;
  created_at: Date;
}

const toRule = (r: Row): AlertRule => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  scope: r.scope,
  meterIds: r.meter_ids,
  params: r.params,
  enabled: r.enabled,
  createdAt: new Date(r.created_at).toISOString(),
});

const notFound = () =>
  new NengtanError('NT_ERR_NOT_FOUND', {
    message: 'No such alert rule',
    hint: 'List your rules with GET /v1/alert-rules.',
  });

async function checkMeters(db: Queryable, orgId: string, meterIds: string[]): Promise<void> {
  if (meterIds.length === 0) return;
  const { rows } = await db.query<{ id: string }>(
    'select id from meters where org_id = $1::uuid and id = any ($2::uuid[])',
    [orgId, meterIds],
  );
  const known = new Set(rows.map((r) => r.id));
  const missing = meterIds.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new NengtanError('NT_ERR_ALERT_RULE_INVALID', {
      message: `Unknown meter(s) in meterIds: ${missing.join(', ')}`,
      hint: 'Name meters of your own organisation (GET /v1/meters).',
      details: { field: 'meterIds', missing },
    });
  }
}

async function checkDriver(db: Queryable, orgId: string, kind: RuleKind, params: RuleParams): Promise<void> {
  if (kind !== 'intensity') return;
  const { driver } = params as IntensityParams;
  const { rows } = await db.query('select 1 from driver_series where org_id = $1::uuid and name = $2', [orgId, driver]);
  if (rows.length === 0) {
    throw new NengtanError('NT_ERR_ALERT_RULE_INVALID', {
      message: `No driver series "${driver}"`,
      hint: 'Upload the series first (POST /v1/drivers/{name}/values) or name one of GET /v1/drivers.',
      details: { field: 'params.driver' },
    });
  }
}

export async function createAlertRule(db: Queryable, orgId: string, input: AlertRuleInput): Promise<AlertRule> {
  const { meterIds, params } = validateRule(input);
  await checkMeters(db, orgId, meterIds);
  await checkDriver(db, orgId, input.kind, params);
  const { rows } = await db.query<Row>(
    `insert into alert_rules (id, org_id, name, kind, scope, meter_ids, params, enabled)
     values ($1::uuid, $2::uuid, $3, $4, $5, $6::uuid[], $7::jsonb, $8) returning *`,
    [randomUUID(), orgId, input.name, input.kind, input.scope, meterIds, JSON.stringify(params), input.enabled ?? true],
  );
  return toRule(rows[0]);
}

export async function replaceAlertRule(
  db: Queryable,
  orgId: string,
  id: string,
  input: AlertRuleInput,
): Promise<AlertRule> {
  const { meterIds, params } = validateRule(input);
  await checkMeters(db, orgId, meterIds);
  await checkDriver(db, orgId, input.kind, params);
  // A park's rules (scope park or member) are not replaced here: their validation is the park's (POST
  // /v1/park/alert-rules); delete and add again.
  const { rows } = await db.query<Row>(
    `update alert_rules set name = $3, kind = $4, scope = $5, meter_ids = $6::uuid[], params = $7::jsonb, enabled = $8
     where id = $1::uuid and org_id = $2::uuid and scope in ('meter', 'group', 'organisation') returning *`,
    [id, orgId, input.name, input.kind, input.scope, meterIds, JSON.stringify(params), input.enabled ?? true],
  );
  if (rows.length === 0) throw notFound();
  return toRule(rows[0]);
}

export async function listAlertRules(db: Queryable, orgId: string): Promise<AlertRule[]> {
  const { rows } = await db.query<Row>('select * from alert_rules where org_id = $1::uuid order by created_at, id', [
    orgId,
  ]);
  return rows.map(toRule);
}

export async function getAlertRule(db: Queryable, orgId: string, id: string): Promise<AlertRule> {
  const { rows } = await db.query<Row>('select * from alert_rules where id = $1::uuid and org_id = $2::uuid', [
    id,
    orgId,
  ]);
  if (rows.length === 0) throw notFound();
  return toRule(rows[0]);
}

/** Removes a rule and its alerts (history included): disable it instead (enabled: false) to keep them. */
export async function deleteAlertRule(db: Queryable, orgId: string, id: string): Promise<void> {
  const { rowCount } = await db.query('delete from alert_rules where id = $1::uuid and org_id = $2::uuid', [id, orgId]);
  if (rowCount === 0) throw notFound();
}

/** The enabled rules that judge `meterId`'s days one by one (its own, its groups' and the organisation's). */
export async function rulesForMeter(db: Queryable, orgId: string, meterId: string): Promise<AlertRule[]> {
  const { rows } = await db.query<Row>(
    `select * from alert_rules
     where org_id = $1::uuid and enabled and (scope = 'organisation' or $2::uuid = any (meter_ids))
       and kind <> all ($3::text[]) and scope in ('meter', 'group', 'organisation')
     order by created_at, id`,
    [orgId, meterId, SUBJECT_RULE_KINDS],
  );
  return rows.map(toRule);
}

/** The organisation's enabled rules of the given subject kinds (budgets, compliance, totals, intensities). */
export async function subjectRules(db: Queryable, orgId: string, kinds: readonly RuleKind[]): Promise<AlertRule[]> {
  const { rows } = await db.query<Row>(
    // A park's rules (scope park or member) are judged on its members' data (services/parks/evaluateParkRules.ts).
    `select * from alert_rules where org_id = $1::uuid and enabled and kind = any ($2::text[])
       and scope in ('meter', 'group', 'organisation') order by created_at, id`,
    [orgId, kinds],
  );
  return rows.map(toRule);
}
