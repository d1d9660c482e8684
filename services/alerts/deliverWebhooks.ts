import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Queryable } from '../db/db';
import { guardedLookup, isPrivateAddress } from './webhookTarget';

export const SIGNATURE_HEADER = 'x-nengtan-signature';

/** The signature header's value: HMAC-SHA256 of the exact body bytes under the webhook's secret, hex. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface PostOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/** One POST of a signed body; redirects are not followed (a redirect could point anywhere). */
export function postSigned(
  target: { url: string; secret: string },
  event: string,
  deliveryId: string,
  body: string,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<PostOutcome> {
  return new Promise((resolve) => {
    const url = new URL(target.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // Literal addresses skip DNS, so the lookup guard would not see them.
    if (!options.allowPrivate && isIP(host) && isPrivateAddress(host)) {
      resolve({ ok: false, status: null, error: `refused: ${host} is a private address` });
      return;
    }
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(options.allowPrivate),
        timeout: options.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'nengtan-webhooks/1',
          'x-nengtan-event': event,
          'x-nengtan-delivery': deliveryId,
          [SIGNATURE_HEADER]: signBody(target.secret, body),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve({ ok: status >= 200 && status < 300, status, error: status >= 300 ? `HTTP ${status}` : null });
        });
        response.on('error', (error) => resolve({ ok: false, status: null, error: error.message }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error) => resolve({ ok: false, status: null, error: error.message.slice(0, 300) }));
    request.end(body);
  });
}

export interface DeliveryOptions {
  allowPrivate: boolean;
  timeoutMs?: number;
  /** Attempts before a delivery is given up as failed. */
  maxAttempts?: number;
  /** Wait after the first failure; doubled after each further one, at most an hour. */
  baseDelayMs?: number;
  limit?: number;
}

/** The wait before attempt `attempts + 1`: base × 2^(attempts − 1), at most an hour. */
export function backoffMs(attempts: number, baseDelayMs: number): number {
  return Math.min(baseDelayMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Sends the deliveries that are due. Each is claimed by pushing its next attempt a lease ahead (so a second worker
 * skips it), then recorded as delivered, rescheduled with exponential backoff, or failed after the last attempt.
 */
export async function deliverDueWebhooks(
  db: Queryable,
  options: DeliveryOptions,
): Promise<{ delivered: number; failed: number }> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 5_000;
  const { rows } = await db.query<{
    id: string;
    event: string;
    body: string;
    attempts: number;
    url: string;
    secret: string;
  }>(
    `with due as (
       select id from webhook_deliveries where status = 'pending' and next_attempt_at <= now()
       order by next_attempt_at limit $1 for update skip locked)
     update webhook_deliveries d set next_attempt_at = now() + make_interval(secs => $2::double precision)
     from due, webhooks w where d.id = due.id and w.id = d.webhook_id
     returning d.id::text, d.event, d.body, d.attempts, w.url, w.secret`,
    [options.limit ?? 20, Math.ceil(timeoutMs / 1000) + 30],
  );
  let delivered = 0;
  let failed = 0;
  for (const row of rows) {
    const outcome = await postSigned(row, row.event, row.id, row.body, {
      allowPrivate: options.allowPrivate,
      timeoutMs,
    });
    const attempts = row.attempts + 1;
    if (outcome.ok) {
      delivered += 1;
      await db.query(
        `update webhook_deliveries set status = 'delivered', attempts = $2, last_status = $3, last_error = null,
           delivered_at = now() where id = $1::bigint`,
        [row.id, attempts, outcome.status],
      );
      continue;
    }
    const giveUp = attempts >= maxAttempts;
    if (giveUp) failed += 1;
    await db.query(
      `update webhook_deliveries set status = $2, attempts = $3, last_status = $4, last_error = $5,
         next_attempt_at = now() + make_interval(secs => $6::double precision) where id = $1::bigint`,
      [
        row.id,
        giveUp ? 'failed' : 'pending',
        attempts,
        outcome.status,
        outcome.error,
        backoffMs(attempts, baseDelayMs) / 1000,
      ],
    );
  }
  return { delivered, failed };
}
