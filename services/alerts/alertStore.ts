import { randomUUID } from 'node:crypto';
import { withTransaction, type Db, type Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import type { Finding } from './ruleTypes';
import { enqueueWebhookEvent } from './webhookOutbox';

export type AlertState = 'open' | 'acknowledged' | 'resolved';
export type SubjectKind = 'meter' | 'budget' | 'compliance' | 'group' | 'organisation';

/**
 * What an alert is about: a meter (id = meter id), a budget (budget id), the year's compliance position (the year),
 * a group of meters (the rule's id: the group is the rule's meter list) or the organisation (its id); the label is
 * the subject in words, as the console shows it.
 */
export interface AlertSubject {
  kind: SubjectKind;
  id: string;
  label: string;
}

export interface Alert {
  id: string;
  ruleId: string;
  /** The meter when the subject is one, else null. */
  meterId: string | null;
  subjectKind: SubjectKind;
  subjectId: string;
  subjectLabel: string;
  kind: string;
  state: AlertState;
  day: string;
  message: string;
  observed: string | null;
  expected: string | null;
  deviation: string | null;
  details: Record<string, unknown>;
  openedAt: string;
  lastSeenAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

interface Row {
  id: string;
  org_id: string;
  rule_id: string;
  meter_id: string | null;
  subject_kind: SubjectKind;
  subject_id: string;
  subject_label: string;
  kind: string;
  state: AlertState;
  day: string;
  message: string;
  observed: string | null;
  expected: string | null;
  deviation: string | null;
  details: Record<string, unknown>;
  opened_at: Date;
  last_seen_at: Date;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  resolved_by: string | null;
  resolved_at: Date | null;
}

const COLUMNS = `id, org_id, rule_id, meter_id, subject_kind, subject_id, subject_label, kind, state, to_char(day, 'YYYY-MM-DD') as day, message, observed,
  expected, deviation, details, opened_at, last_seen_at, acknowledged_by, acknowledged_at, resolved_by, resolved_at`;
/**
 * A park's alerts about a member are the park's only while the member consents: one that left (or was removed) is
 * gone from the park's views from then on, its alerts included. Alerts of enterprises' own rules are always visible.
 */
const VISIBLE_TO_ORG = `not exists (
    select 1 from alert_rules r where r.id = alerts.rule_id and r.scope in ('park', 'member') and (
      (r.member_org_id is not null and not exists (select 1 from park_memberships pm
         where pm.park_org_id = r.org_id and pm.member_org_id = r.member_org_id and pm.status = 'active'))
      or (alerts.subject_kind = 'organisation' and alerts.subject_id <> r.org_id::text and not exists (
         select 1 from park_memberships pm
         where pm.park_org_id = r.org_id and pm.member_org_id::text = alerts.subject_id and pm.status = 'active'))
      or (alerts.subject_kind = 'budget' and exists (select 1 from park_budgets b
         where b.id::text = alerts.subject_id and b.member_org_id is not null and not exists (
           select 1 from park_memberships pm
           where pm.park_org_id = b.park_org_id and pm.member_org_id = b.member_org_id and pm.status = 'active')))))`;
const time = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const toAlert = (r: Row): Alert => ({
  id: r.id,
  ruleId: r.rule_id,
  meterId: r.meter_id,
  subjectKind: r.subject_kind,
  subjectId: r.subject_id,
  subjectLabel: r.subject_label,
  kind: r.kind,
  state: r.state,
  day: r.day,
  message: r.message,
  observed: r.observed,
  expected: r.expected,
  deviation: r.deviation,
  details: r.details,
  openedAt: new Date(r.opened_at).toISOString(),
  lastSeenAt: new Date(r.last_seen_at).toISOString(),
  acknowledgedBy: r.acknowledged_by,
  acknowledgedAt: time(r.acknowledged_at),
  resolvedBy: r.resolved_by,
  resolvedAt: time(r.resolved_at),
});

/**
 * Records an alert event for delivery, in the caller's transaction: one row for MQTT and one delivery per enabled
 * webhook of the organisation. The body is fixed here, so every receiver gets the same bytes the signature covers.
 */
async function recordEvent(tx: Queryable, orgId: string, event: string, alert: Alert): Promise<void> {
  const body = JSON.stringify({ event, orgId, alert });
  await tx.query(
    'insert into alert_events (org_id, alert_id, event, body) values ($1::uuid, $2::uuid, $3, $4::jsonb)',
    [orgId, alert.id, event, body],
  );
  await enqueueWebhookEvent(tx, orgId, event, body);
}

export interface AlertKey {
  orgId: string;
  ruleId: string;
  subject: AlertSubject;
  kind: string;
}

/** The key of a rule's alerts about one meter. */
export function meterKey(orgId: string, ruleId: string, kind: string, meter: { id: string; label: string }): AlertKey {
  return { orgId, ruleId, kind, subject: { kind: 'meter', id: meter.id, label: meter.label } };
}

/**
 * Opens an alert for the condition, or updates the one already open or acknowledged for the same rule, subject and
 * kind (deduplication: never two unresolved alerts for one key). The latest day wins the description.
 */
export async function raiseAlert(
  tx: Queryable,
  key: AlertKey,
  day: string,
  finding: Finding,
): Promise<'opened' | 'updated'> {
  const { rows: updated } = await tx.query(
    `update alerts set last_seen_at = now(),
       day = greatest(day, $4::date),
       message = case when $4::date >= day then $5 else message end,
       observed = case when $4::date >= day then $6 else observed end,
       expected = case when $4::date >= day then $7 else expected end,
       deviation = case when $4::date >= day then $8 else deviation end,
       details = case when $4::date >= day then $9::jsonb else details end
       , subject_label = $11
     where rule_id = $1::uuid and subject_kind = $10 and subject_id = $2 and kind = $3 and state <> 'resolved'
     returning id`,
    [
      key.ruleId,
      key.subject.id,
      key.kind,
      day,
      finding.message,
      finding.observed,
      finding.expected ?? null,
      finding.deviation ?? null,
      JSON.stringify(finding.details),
      key.subject.kind,
      key.subject.label,
    ],
  );
  if (updated.length > 0) return 'updated';
  const { rows } = await tx.query<Row>(
    `insert into alerts (id, org_id, rule_id, meter_id, subject_kind, subject_id, subject_label, kind, state, day,
       message, observed, expected, deviation, details)
     values ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $12, $13, $14, $5, 'open', $6::date, $7, $8, $9, $10, $11::jsonb)
     on conflict (rule_id, subject_kind, subject_id, kind) where state <> 'resolved' do nothing
     returning ${COLUMNS}`,
    [
      randomUUID(),
      key.orgId,
      key.ruleId,
      key.subject.kind === 'meter' ? key.subject.id : null,
      key.kind,
      day,
      finding.message,
      finding.observed,
      finding.expected ?? null,
      finding.deviation ?? null,
      JSON.stringify(finding.details),
      key.subject.kind,
      key.subject.id,
      key.subject.label,
    ],
  );
  if (rows.length === 0) return 'updated';
  await recordEvent(tx, key.orgId, 'alert.opened', toAlert(rows[0]));
  return 'opened';
}

/**
 * The condition no longer holds on `day`: the unresolved alert about that day is resolved by the system (a late
 * reading or a revision fixed it). An alert about another day stays: a fine day says nothing about a different one,
 * and the outcome must not depend on the order in which days are evaluated. With `day` null the unresolved alert is
 * resolved whatever its day: a forecast (budget, compliance) is one running verdict, not one per day.
 */
export async function clearAlert(tx: Queryable, key: AlertKey, day: string | null): Promise<boolean> {
  const { rows } = await tx.query<Row>(
    `update alerts set state = 'resolved', resolved_by = 'system', resolved_at = now()
     where rule_id = $1::uuid and subject_kind = $5 and subject_id = $2 and kind = $3 and state <> 'resolved'
       and ($4::date is null or day = $4::date)
     returning ${COLUMNS}`,
    [key.ruleId, key.subject.id, key.kind, day, key.subject.kind],
  );
  for (const row of rows) await recordEvent(tx, key.orgId, 'alert.resolved', toAlert(row));
  return rows.length > 0;
}

export interface AlertFilter {
  state?: AlertState;
  meterId?: string;
  subjectKind?: SubjectKind;
  kind?: string;
  ruleId?: string;
  /** Alerts opened or seen at or after this time. */
  since?: string;
  limit?: number;
}

export async function listAlerts(db: Queryable, orgId: string, filter: AlertFilter = {}): Promise<Alert[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from alerts
     where org_id = $1::uuid and ($2::text is null or state = $2) and ($3::uuid is null or meter_id = $3::uuid)
       and ($4::text is null or kind = $4) and ($5::timestamptz is null or last_seen_at >= $5::timestamptz)
       and ($6::uuid is null or rule_id = $6::uuid) and ($8::text is null or subject_kind = $8) and ${VISIBLE_TO_ORG}
     order by opened_at desc, id limit $7`,
    [
      orgId,
      filter.state ?? null,
      filter.meterId ?? null,
      filter.kind ?? null,
      filter.since ?? null,
      filter.ruleId ?? null,
      filter.limit ?? 200,
      filter.subjectKind ?? null,
    ],
  );
  return rows.map(toAlert);
}

const ALLOWED_FROM: Record<'acknowledged' | 'resolved', AlertState[]> = {
  acknowledged: ['open'],
  resolved: ['open', 'acknowledged'],
};

/** A person acknowledges or resolves an alert: open → acknowledged → resolved (or open → resolved directly). */
export function moveAlert(
  db: Db,
  orgId: string,
  id: string,
  to: 'acknowledged' | 'resolved',
  by: string,
): Promise<Alert> {
  return withTransaction(db, (tx) => moveAlertIn(tx, orgId, id, to, by));
}

async function moveAlertIn(
  db: Queryable,
  orgId: string,
  id: string,
  to: 'acknowledged' | 'resolved',
  by: string,
): Promise<Alert> {
  const set =
    to === 'acknowledged'
      ? "state = 'acknowledged', acknowledged_by = $3, acknowledged_at = now()"
      : "state = 'resolved', resolved_by = $3, resolved_at = now()";
  const { rows } = await db.query<Row>(
    `update alerts set ${set} where id = $1::uuid and org_id = $2::uuid and state = any ($4::text[])
       and ${VISIBLE_TO_ORG}
     returning ${COLUMNS}`,
    [id, orgId, by, ALLOWED_FROM[to]],
  );
  if (rows.length > 0) {
    const alert = toAlert(rows[0]);
    await recordEvent(db, orgId, `alert.${to}`, alert);
    return alert;
  }
  const { rows: current } = await db.query<{ state: AlertState }>(
    `select state from alerts where id = $1::uuid and org_id = $2::uuid and ${VISIBLE_TO_ORG}`,
    [id, orgId],
  );
  if (current.length === 0) {
    throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'No such alert', hint: 'List alerts with GET /v1/alerts.' });
  }
  throw new NengtanError('NT_ERR_ALERT_STATE', {
    message: `An alert in state ${current[0].state} cannot become ${to}`,
    details: { state: current[0].state, requested: to },
  });
}
