import { hashThreadReady } from '../../lib/hashThread';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, isoTime } from '../schemas';
import { readMultipartCsv, readTextCsv } from '../csvUpload';
import { ingestReadings, sha256, type IngestResult } from '../../ingest/ingestReadings';
import { parseJsonBatch, parseNdjsonBatch } from '../../ingest/received';
import { deferIngest, deferredState } from '../../ingest/deferredIngest';
import { NengtanError } from '../../lib/errors';
import { flagNames } from '../../lib/qualityFlags';
import { getMeterByReference } from '../../registry/meters';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body bytes as received, kept for idempotency hashing on ingest routes. */
    rawBody?: Buffer;
  }
}

const readingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['meter', 'value'],
  properties: {
    meter: { type: 'string', description: 'Meter external id (or UUID).' },
    start: {
      type: 'string',
      description: 'Interval start (interval meters), ISO 8601; without offset the meter time zone applies.',
    },
    end: { type: 'string', description: 'Interval end (interval meters), instead of start.' },
    at: { type: 'string', description: 'Read instant (cumulative registers).' },
    value: { type: ['string', 'number'], description: 'Decimal; send a string to keep every digit.' },
    unit: { type: 'string', description: "Defaults to the meter's reading unit." },
  },
} as const;

const ingestResultSchema = {
  type: 'object',
  properties: {
    requestKey: { type: 'string' },
    received: { type: 'integer' },
    accepted: { type: 'integer' },
    duplicates: { type: 'integer' },
    conflicts: { type: 'integer' },
    written: { type: 'integer' },
    estimated: { type: 'integer' },
    revised: { type: 'integer' },
    batch: { type: 'object', properties: { id: { type: 'string' }, seq: { type: 'integer' } } },
    notices: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer' },
          kind: { type: 'string' },
          meter: { type: 'string' },
          start: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
    noticeCount: { type: 'integer' },
  },
} as const;

const deferredStateSchema = {
  type: 'object',
  properties: {
    requestKey: { type: 'string' },
    state: { type: 'string', enum: ['pending', 'done', 'failed'] },
    receivedAt: { type: 'string' },
    attempts: { type: 'integer' },
    finishedAt: { type: ['string', 'null'] },
    result: ingestResultSchema,
    error: { type: 'object', additionalProperties: true },
  },
} as const;

/** RFC 7240: `Prefer: respond-async` asks for 202 once the body is durable, before it is ingested. */
function prefersAsync(request: FastifyRequest): boolean {
  const prefer = request.headers.prefer;
  const values = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  return values
    .split(/[,;]/)
    .map((v) => v.trim().toLowerCase())
    .includes('respond-async');
}

const idempotencyHeader = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description:
        'Makes a retry safe: the same key and body get the same answer, and nothing is stored twice. Without it the body hash is the key.',
    },
  },
} as const;

const readingsHeaders = {
  ...idempotencyHeader,
  properties: {
    ...idempotencyHeader.properties,
    prefer: {
      type: 'string',
      description:
        'respond-async: answer 202 as soon as the checked body is stored (durable), then ingest it in the background; ' +
        'GET /v1/readings/requests/{key} tells when it is done.',
    },
  },
} as const;

function idempotencyKey(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length === 0) return undefined;
  if (key.length > 200) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: 'Idempotency-Key is longer than 200 characters',
      hint: 'Use a shorter key, e.g. a UUID.',
    });
  }
  return key;
}

export async function readingRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const maxReadings = deps.config.ingestMaxReadings;
  const limits = { maxReadings, maxRows: deps.config.csvMaxRows };
  // Ingest hashes on its own thread on PostgreSQL (services/lib/hashThread.ts): start it now, not on the first request.
  if (deps.db.kind === 'postgres') void hashThreadReady();

  app.post(
    '/v1/readings',
    {
      config: { scope: 'ingest' },
      bodyLimit: deps.config.ingestBodyLimitBytes,
      // The body is checked by the ingest pipeline itself, which refuses a request whole and reports every problem with
      // the reading's index, field, code and hint; the schema below documents it.
      validatorCompiler: () => () => true,
      schema: {
        tags: ['readings'],
        summary: 'Ingest readings (JSON batch, or NDJSON with Content-Type application/x-ndjson)',
        description: `The acknowledgement means committed. At most ${maxReadings} readings per request. A request with any invalid reading is refused whole (422) with every problem listed; nothing is stored.`,
        headers: readingsHeaders,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['readings'],
          properties: {
            readings: { type: 'array', items: readingSchema, maxItems: maxReadings },
            signatures: {
              type: 'array',
              items: {
                type: 'object',
                required: ['meter', 'signature'],
                properties: { meter: { type: 'string' }, signature: { type: 'string' } },
              },
              description:
                "EIP-191 signatures of registered gateways over the canonical batch of each meter's readings.",
            },
          },
        },
        response: { 200: ingestResultSchema, 202: deferredStateSchema, ...errorResponses(400, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const isNdjson = String(request.headers['content-type'] ?? '').startsWith('application/x-ndjson');
      const { batch, problems } = isNdjson
        ? parseNdjsonBatch(request.body as string, maxReadings)
        : parseJsonBatch(request.body, maxReadings);
      const ingest = {
        orgId: orgOf(request),
        source: 'http' as const,
        batch,
        problems,
        idempotencyKey: idempotencyKey(request),
        bodyHash: sha256(request.rawBody ?? Buffer.alloc(0)),
      };
      if (!prefersAsync(request)) return ingestReadings(deps.db, deps.config.vee, ingest);
      const outcome = await deferIngest(deps.db, deps.config.vee, ingest, {
        type: isNdjson ? 'ndjson' : 'json',
        bytes: request.rawBody ?? Buffer.alloc(0),
      });
      if ('answered' in outcome) return outcome.answered;
      deps.deferredIngest?.wake();
      void reply
        .code(202)
        .header('preference-applied', 'respond-async')
        .header('location', `/v1/readings/requests/${encodeURIComponent(outcome.deferred.requestKey)}`);
      return outcome.deferred;
    },
  );

  app.get<{ Params: { key: string } }>(
    '/v1/readings/requests/:key',
    {
      config: { scope: 'ingest' },
      schema: {
        tags: ['readings'],
        summary: 'The state of a deferred ingest request, with its answer once ingested',
        description:
          'A request sent with `Prefer: respond-async` is answered 202 once its body is checked and stored; this route ' +
          'tells whether it is still pending, done (with the same answer a synchronous request gets) or failed (with ' +
          'the error; the stored body is kept).',
        params: {
          type: 'object',
          required: ['key'],
          properties: { key: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: { 200: deferredStateSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const state = await deferredState(deps.db, orgOf(request), request.params.key);
      if (!state) throw new NengtanError('NT_ERR_INGEST_REQUEST_NOT_FOUND');
      return state;
    },
  );

  app.post<{ Querystring: { mapping?: string } }>(
    '/v1/readings/csv',
    {
      config: { scope: 'ingest' },
      bodyLimit: deps.config.ingestBodyLimitBytes,
      schema: {
        tags: ['readings'],
        summary: 'Ingest a CSV file with a column mapping',
        description:
          'multipart/form-data with a `mapping` field (JSON, README: CSV import) and a `file` field; or a text/csv body with the mapping as the `mapping` query parameter (URL-encoded JSON).',
        headers: idempotencyHeader,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { mapping: { type: 'string', maxLength: 10_000 } },
        },
        response: { 200: ingestResultSchema, ...errorResponses(400, 413, 415, 422) },
      },
    },
    async (request) => {
      const key = idempotencyKey(request);
      const upload = request.isMultipart()
        ? await readMultipartCsv(request, limits)
        : await readTextCsv(request, limits);
      return ingestReadings(deps.db, deps.config.vee, {
        orgId: orgOf(request),
        source: 'csv',
        batch: upload.batch,
        problems: upload.problems,
        idempotencyKey: key,
        bodyHash: upload.bodyHash,
      });
    },
  );

  app.get<{
    Querystring: {
      meter: string;
      from: string;
      to: string;
      revisions?: 'current' | 'all';
      limit?: number;
      after?: string;
    };
  }>(
    '/v1/readings',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['readings'],
        summary: 'Cleaned readings of a meter over a period, a page at a time',
        description:
          'At most `limit` readings in interval order. When there are more, the answer carries the header ' +
          '`x-nengtan-next-cursor` (and a `link` header with rel="next"): ask again with `after=<cursor>` for the next page.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['meter', 'from', 'to'],
          properties: {
            meter: { type: 'string', minLength: 1, maxLength: 200, description: 'External id or UUID of the meter' },
            from: isoTime,
            to: isoTime,
            revisions: { type: 'string', enum: ['current', 'all'], default: 'current' },
            limit: { type: 'integer', minimum: 1, maximum: 100_000, default: 10_000 },
            after: { type: 'string', maxLength: 200, description: 'The cursor of the previous page' },
          },
        },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'integer' },
                intervalStart: isoTime,
                intervalEnd: isoTime,
                revision: { type: 'integer' },
                quantity: { type: 'string' },
                unit: { type: 'string' },
                flags: { type: 'integer' },
                flagNames: { type: 'array', items: { type: 'string' } },
                batchId: { type: 'string' },
                batchStatus: { type: 'string' },
              },
            },
          },
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const orgId = orgOf(request);
      const meter = await getMeterByReference(deps.db, orgId, request.query.meter);
      if (!meter) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Meter not found' });
      const current = (request.query.revisions ?? 'current') === 'current';
      const limit = request.query.limit ?? 10_000;
      const after = request.query.after === undefined ? undefined : readCursor(request.query.after);
      const { rows } = await deps.db.query<{
        id: number;
        interval_start: Date;
        interval_end: Date;
        revision: number;
        quantity: string;
        unit: string;
        flags: number;
        batch_id: Uint8Array;
        status: string;
      }>(
        `select ${current ? 'distinct on (r.interval_start)' : ''} r.id, r.interval_start, r.interval_end, r.revision, r.quantity::text as quantity,
         r.unit, r.flags, b.batch_id, b.status
       from readings r join batches b on b.seq = r.batch_seq
       where r.org_id = $1::uuid and r.meter_id = $2::uuid and r.interval_start >= $3::timestamptz and r.interval_start < $4::timestamptz
         and ($6::timestamptz is null or r.interval_start > $6::timestamptz
              or (r.interval_start = $6::timestamptz and r.revision < $7::integer))
       order by r.interval_start, r.revision desc
       limit $5::integer`,
        [
          orgId,
          meter.id,
          request.query.from,
          request.query.to,
          limit + 1,
          after ? new Date(after.start).toISOString() : null,
          // Current readings: one per interval, so the next page starts after the interval (no revision is < 0).
          current ? 0 : (after?.revision ?? 0),
        ],
      );
      if (rows.length > limit) {
        rows.length = limit;
        const last = rows[limit - 1];
        const cursor = writeCursor({ start: last.interval_start.getTime(), revision: last.revision });
        const next = new URLSearchParams({ ...request.query, limit: String(limit), after: cursor } as Record<
          string,
          string
        >);
        void reply.header('x-nengtan-next-cursor', cursor);
        void reply.header('link', `</v1/readings?${next.toString()}>; rel="next"`);
      }
      return rows.map((r) => ({
        id: Number(r.id),
        intervalStart: r.interval_start.toISOString(),
        intervalEnd: r.interval_end.toISOString(),
        revision: r.revision,
        quantity: r.quantity,
        unit: r.unit,
        flags: r.flags,
        flagNames: flagNames(r.flags),
        batchId: '0x' + Buffer.from(r.batch_id).toString('hex'),
        batchStatus: r.status,
      }));
    },
  );
}

export type { IngestResult };

interface ReadingsCursor {
  start: number;
  revision: number;
}

/** A page's cursor: the interval start (ms) and revision of its last reading, opaque to clients. */
function writeCursor(cursor: ReadingsCursor): string {
  return Buffer.from(`${cursor.start}.${cursor.revision}`).toString('base64url');
}

function readCursor(text: string): ReadingsCursor {
  const match = /^(\d{1,15})\.(\d{1,9})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match)
    throw new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: `Not a cursor of GET /v1/readings: ${text.slice(0, 40)}`,
      hint: 'Send back the x-nengtan-next-cursor header of the previous page as `after`, unchanged.',
    });
  return { start: Number(match[1]), revision: Number(match[2]) };
}
