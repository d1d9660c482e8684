import type { VeeConfig } from '../runtime/config';
import type { Db, Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import {
  checkIngestRequest,
  ingestReadings,
  ingestRequestKey,
  type IngestRequest,
  type IngestResult,
} from './ingestReadings';
import { parseJsonBatch, parseNdjsonBatch } from './received';

/**
 * Deferred ingest: `POST /v1/readings` with `Prefer: respond-async`. The request is checked whole as an ordinary one
 * is (every problem refuses it, 422), then its body is stored in one short transaction and acknowledged 202: the
 * acknowledgement means the body is durable and will be ingested. A worker then runs the ordinary ingest on it, as of
 * the time it was received, in arrival order; the answer is stored under the same key as a synchronous request's, so a
 * retry, synchronous or deferred, gets it and nothing is stored twice.
 */
export type DeferredBodyType = 'json' | 'ndjson';

export interface DeferredState {
  requestKey: string;
  state: 'pending' | 'done' | 'failed';
  receivedAt: string;
  attempts: number;
  finishedAt: string | null;
  /** The ingest answer, once done. */
  result?: IngestResult;
  /** Why ingesting it failed (code, message, hint), once failed; the stored body is kept. */
  error?: Record<string, unknown>;
}

/** A request whose ingest failed this many times is marked failed (its body stays stored). */
const MAX_ATTEMPTS = 5;
/**
 * A claim older than this is taken over by another worker (the first one died, or a restart found its own). Taking
 * over a request still being ingested is harmless: both runs claim the same idempotency key, so the later one waits
 * and replays the first one's answer. Short, so a restart after a crash resumes within seconds.
 */
const CLAIM_SECONDS = 10;

/** Parses a stored (or received) body the way the synchronous route does. */
export function parseDeferredBody(
  type: DeferredBodyType,
  body: Buffer,
  maxReadings: number,
): ReturnType<typeof parseJsonBatch> {
  const text = body.toString('utf8');
  return type === 'ndjson' ? parseNdjsonBatch(text, maxReadings) : parseJsonBatch(JSON.parse(text), maxReadings);
}

/**
 * Checks `request` and stores its body for the worker. Answers the stored answer when the key was already ingested
 * (200, as a retry of a synchronous request gets), else the deferred request's state (new or already queued). A new
 * request costs one lookup, the check and one insert.
 */
export async function deferIngest(
  db: Db,
  vee: VeeConfig,
  request: IngestRequest,
  body: { type: DeferredBodyType; bytes: Buffer },
  nowMs = Date.now(),
): Promise<{ answered: IngestResult } | { deferred: DeferredState }> {
  const { orgId, bodyHash } = request;
  const requestKey = ingestRequestKey(request);
  const earlier = await lookUp(db, orgId, requestKey);
  if (earlier.answer) return { answered: sameBody(earlier.answer, requestKey, bodyHash).response };
  if (earlier.queued) return { deferred: sameBody(earlier.queued, requestKey, bodyHash).state };
  await checkIngestRequest(db, vee, request, nowMs);
  const { rows } = await db.query<{ received_at: Date }>(
    `insert into deferred_ingests (org_id, idempotency_key, body_hash, content_type, body, received_at)
     values ($1::uuid, $2, $3, $4, $5, timestamptz 'epoch' + $6::bigint * interval '1 millisecond')
     on conflict (org_id, idempotency_key) do nothing
     returning received_at`,
    [orgId, requestKey, Buffer.from(bodyHash), body.type, body.bytes, nowMs],
  );
  if (rows[0]) {
    const receivedAt = new Date(rows[0].received_at).toISOString();
    return { deferred: { requestKey, state: 'pending', receivedAt, attempts: 0, finishedAt: null } };
  }
  // The same key arrived meanwhile: answer as for a retry.
  const raced = await lookUp(db, orgId, requestKey);
  return { deferred: sameBody(raced.queued as Queued, requestKey, bodyHash).state };
}

/** The state of an organisation's deferred request, with its answer once done; undefined when there is none. */
export async function deferredState(db: Queryable, orgId: string, key: string): Promise<DeferredState | undefined> {
  return (await lookUp(db, orgId, key)).queued?.state;
}

interface Queued {
  bodyHash: Uint8Array;
  state: DeferredState;
}

/** What the key already has, in one round trip: a stored ingest answer and a deferred request, either or both. */
async function lookUp(
  db: Queryable,
  orgId: string,
  key: string,
): Promise<{ answer?: { bodyHash: Uint8Array; response: IngestResult }; queued?: Queued }> {
  const { rows } = await db.query<{
    answered_hash: Uint8Array | null;
    response: IngestResult | null;
    queued_hash: Uint8Array | null;
    state: DeferredState['state'] | null;
    received_at: Date;
    attempts: number;
    finished_at: Date | null;
    error: Record<string, unknown> | null;
  }>(
    `select r.body_hash as answered_hash, r.response, d.body_hash as queued_hash, d.state, d.received_at, d.attempts,
       d.finished_at, d.error
     from (select $1::uuid as org_id, $2::text as idempotency_key) k
     left join ingest_requests r on r.org_id = k.org_id and r.idempotency_key = k.idempotency_key
     left join deferred_ingests d on d.org_id = k.org_id and d.idempotency_key = k.idempotency_key`,
    [orgId, key],
  );
  const row = rows[0];
  return {
    ...(row.response && row.answered_hash ? { answer: { bodyHash: row.answered_hash, response: row.response } } : {}),
    ...(row.state && row.queued_hash
      ? {
          queued: {
            bodyHash: row.queued_hash,
            state: {
              requestKey: key,
              state: row.state,
              receivedAt: new Date(row.received_at).toISOString(),
              attempts: row.attempts,
              finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
              ...(row.state === 'done' && row.response ? { result: row.response } : {}),
              ...(row.error ? { error: row.error } : {}),
            },
          },
        }
      : {}),
  };
}

/** `earlier` when it was stored for the same body; a different body under the same key is refused. */
function sameBody<T extends { bodyHash: Uint8Array }>(earlier: T, key: string, bodyHash: Uint8Array): T {
  if (Buffer.compare(Buffer.from(earlier.bodyHash), Buffer.from(bodyHash)) !== 0) {
    throw new NengtanError('NT_ERR_INGEST_IDEMPOTENCY_MISMATCH', { details: { idempotencyKey: key } });
  }
  return earlier;
}

interface Claimed {
  seq: number;
  org_id: string;
  idempotency_key: string;
  body_hash: Uint8Array;
  content_type: DeferredBodyType;
  body: Uint8Array;
  received_ms: string;
  attempts: number;
}

/**
 * Claims the oldest pending request (skipping ones another worker holds), or undefined when none waits. Requests
 * of an organisation are taken in arrival order: one whose organisation has an older request still claimed waits.
 */
async function claimNext(db: Db): Promise<Claimed | undefined> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<Claimed>(
      `update deferred_ingests set taken_at = now(), attempts = attempts + 1
       where seq = (
         select d.seq from deferred_ingests d
         where d.state = 'pending'
           and (d.taken_at is null or d.taken_at < now() - make_interval(secs => $1::integer))
           and not exists (
             select 1 from deferred_ingests o
             where o.org_id = d.org_id and o.state = 'pending' and o.seq < d.seq)
         order by d.seq limit 1
         for update skip locked)
       returning seq, org_id, idempotency_key, body_hash, content_type, body, attempts,
         (extract(epoch from received_at) * 1000)::bigint::text as received_ms`,
      [CLAIM_SECONDS],
    );
    return rows[0];
  });
}

/** Records the outcome of an attempt: done, failed for good, or pending again (the error kept) for a later pass. */
async function finish(
  db: Db,
  seq: number,
  outcome: { state: 'done' } | { state: 'failed' | 'pending'; error: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `update deferred_ingests set state = $2, finished_at = case when $2 = 'pending' then null else now() end,
       taken_at = null, error = $3::jsonb
     where seq = $1::bigint`,
    [seq, outcome.state, 'error' in outcome ? JSON.stringify(outcome.error) : null],
  );
}

/**
 * Ingests pending deferred requests one after the other until none waits (or `limit` were done); returns how many
 * were finished. A request refused by the ingest (a meter retired since, say) is marked failed with the error at once;
 * any other failure leaves it pending for a later pass, up to {@link MAX_ATTEMPTS} tries.
 */
export async function ingestDeferred(db: Db, vee: VeeConfig, maxReadings: number, limit = 100): Promise<number> {
  let done = 0;
  while (done < limit) {
    const next = await claimNext(db);
    if (!next) break;
    const seq = Number(next.seq);
    try {
      const { batch, problems } = parseDeferredBody(next.content_type, Buffer.from(next.body), maxReadings);
      await ingestReadings(
        db,
        vee,
        {
          orgId: next.org_id,
          source: 'http',
          batch,
          problems,
          idempotencyKey: next.idempotency_key,
          bodyHash: next.body_hash,
        },
        Number(next.received_ms),
      );
      await finish(db, seq, { state: 'done' });
    } catch (error) {
      const refused = error instanceof NengtanError;
      const detail = refused
        ? error.toJSON()
        : { code: 'NT_ERR_INTERNAL', message: error instanceof Error ? error.message : String(error) };
      const final = refused || next.attempts >= MAX_ATTEMPTS;
      await finish(db, seq, { state: final ? 'failed' : 'pending', error: detail });
      if (!refused) break; // the database or the process is in trouble: leave the rest for the next pass
    }
    done++;
  }
  return done;
}
