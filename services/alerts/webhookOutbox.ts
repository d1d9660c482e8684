import type { Queryable } from '../db/db';

/**
 * Queues one event for every enabled webhook of the organisation, in the caller's transaction; the alert worker's
 * `deliverDueWebhooks` sends it signed, with retries. The body is fixed here, so every receiver gets the bytes the
 * signature covers. Any event name may ride on it (alert.*, measure.task.*).
 */
export async function enqueueWebhookEvent(tx: Queryable, orgId: string, event: string, body: string): Promise<void> {
  await tx.query(
    `insert into webhook_deliveries (webhook_id, org_id, event, body)
     select id, org_id, $2, $3 from webhooks where org_id = $1::uuid and enabled`,
    [orgId, event, body],
  );
}
