import { randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { checkWebhookUrl } from './webhookTarget';

export interface Webhook {
  id: string;
  url: string;
  description: string | null;
  enabled: boolean;
  createdAt: string;
}

interface Row {
  id: string;
  url: string;
  secret: string;
  description: string | null;
  enabled: boolean;
  created_at: Date;
}

const toWebhook = (r: Row): Webhook => ({
  id: r.id,
  url: r.url,
  description: r.description,
  enabled: r.enabled,
  createdAt: new Date(r.created_at).toISOString(),
});

const notFound = () =>
  new NengtanError('NT_ERR_NOT_FOUND', {
    message: 'No such webhook',
    hint: 'List your webhooks with GET /v1/webhooks.',
  });

export interface WebhookInput {
  url: string;
  description?: string | null;
  enabled?: boolean;
}

/** Registers an endpoint; the HMAC secret is generated here and shown only in this answer. */
export async function createWebhook(
  db: Queryable,
  orgId: string,
  input: WebhookInput,
  allowPrivate: boolean,
): Promise<Webhook & { secret: string }> {
  const url = checkWebhookUrl(input.url, allowPrivate);
  const secret = randomBytes(32).toString('hex');
  const { rows } = await db.query<Row>(
    `insert into webhooks (id, org_id, url, secret, description, enabled) values ($1::uuid, $2::uuid, $3, $4, $5, $6)
     returning *`,
    [randomUUID(), orgId, url.toString(), secret, input.description ?? null, input.enabled ?? true],
  );
  return { ...toWebhook(rows[0]), secret };
}

export async function updateWebhook(
  db: Queryable,
  orgId: string,
  id: string,
  input: WebhookInput,
  allowPrivate: boolean,
): Promise<Webhook> {
  const url = checkWebhookUrl(input.url, allowPrivate);
  const { rows } = await db.query<Row>(
    `update webhooks set url = $3, description = $4, enabled = $5 where id = $1::uuid and org_id = $2::uuid returning *`,
    [id, orgId, url.toString(), input.description ?? null, input.enabled ?? true],
  );
  if (rows.length === 0) throw notFound();
  return toWebhook(rows[0]);
}

export async function listWebhooks(db: Queryable, orgId: string): Promise<Webhook[]> {
  const { rows } = await db.query<Row>('select * from webhooks where org_id = $1::uuid order by created_at, id', [
    orgId,
  ]);
  return rows.map(toWebhook);
}

/** The webhook with its secret, for delivery. */
export async function webhookWithSecret(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<Webhook & { secret: string }> {
  const { rows } = await db.query<Row>('select * from webhooks where id = $1::uuid and org_id = $2::uuid', [id, orgId]);
  if (rows.length === 0) throw notFound();
  return { ...toWebhook(rows[0]), secret: rows[0].secret };
}

export async function deleteWebhook(db: Queryable, orgId: string, id: string): Promise<void> {
  const { rowCount } = await db.query('delete from webhooks where id = $1::uuid and org_id = $2::uuid', [id, orgId]);
  if (rowCount === 0) throw notFound();
}

export interface WebhookDelivery {
  id: number;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

export async function listDeliveries(db: Queryable, orgId: string, webhookId: string): Promise<WebhookDelivery[]> {
  await webhookWithSecret(db, orgId, webhookId);
  const { rows } = await db.query<{
    id: string;
    event: string;
    status: WebhookDelivery['status'];
    attempts: number;
    next_attempt_at: Date;
    last_status: number | null;
    last_error: string | null;
    delivered_at: Date | null;
  }>(
    `select id::text, event, status, attempts, next_attempt_at, last_status, last_error, delivered_at
     from webhook_deliveries where webhook_id = $1::uuid and org_id = $2::uuid order by id desc limit 100`,
    [webhookId, orgId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    event: r.event,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: new Date(r.next_attempt_at).toISOString(),
    lastStatus: r.last_status,
    lastError: r.last_error,
    deliveredAt: r.delivered_at ? new Date(r.delivered_at).toISOString() : null,
  }));
}
