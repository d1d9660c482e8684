import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, isoTime, uuid } from '../schemas';
import { NengtanError } from '../../lib/errors';

const batchReadingSchema = {
  $id: 'BatchReading',
  type: 'object',
  properties: {
    id: { type: 'integer', description: 'Reading id: GET /v1/readings/{id}/receipt gives its receipt' },
    meter: { type: 'object', properties: { id: uuid, externalId: { type: 'string' } } },
    intervalStart: isoTime,
    intervalEnd: isoTime,
    revision: { type: 'integer' },
    quantity: { type: 'string' },
    unit: { type: 'string' },
    flags: { type: 'integer' },
  },
} as const;

interface Row {
  id: string;
  meter_id: string;
  external_id: string;
  interval_start: Date;
  interval_end: Date;
  revision: number;
  quantity: string;
  unit: string;
  flags: number;
}

const NOT_FOUND = () =>
  new NengtanError('NT_ERR_NOT_FOUND', {
    message: 'Batch not found',
    hint: "Name one of your organisation's batches by its bytes32 id or sequence number (GET /v1/batches lists them).",
  });

/** GET /v1/batches/:id/readings: the readings sealed into a batch, in leaf order, paged by a reading-id cursor. */
export async function batchReadingRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addSchema(batchReadingSchema);
  app.get<{ Params: { id: string }; Querystring: { after?: number; limit?: number } }>(
    '/v1/batches/:id/readings',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['batches'],
        summary: 'The readings of a batch (by bytes32 id or sequence number), paged with the `next` cursor',
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 66 } }, required: ['id'] },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            after: { type: 'integer', minimum: 0, description: 'Cursor: readings with an id above this' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              batch: { type: 'string' },
              readings: { type: 'array', items: { $ref: 'BatchReading#' } },
              next: { type: ['integer', 'null'], description: 'Pass as `after` for the next page; null at the end' },
            },
          },
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => {
      const orgId = orgOf(request);
      const { id } = request.params;
      const byHex = /^0x[0-9a-fA-F]{64}$/.test(id);
      if (!byHex && !/^\d{1,15}$/.test(id)) throw NOT_FOUND();
      const { rows: batches } = await deps.db.query<{ seq: string; batch_id: Uint8Array }>(
        byHex
          ? 'select seq, batch_id from batches where org_id = $1::uuid and batch_id = $2'
          : 'select seq, batch_id from batches where org_id = $1::uuid and seq = $2::bigint',
        [orgId, byHex ? Buffer.from(id.slice(2), 'hex') : id],
      );
      const batch = batches[0];
      if (!batch) throw NOT_FOUND();
      const limit = request.query.limit ?? 100;
      // Readings carry their organisation too; both conditions keep another organisation's rows out even if a batch
      // sequence were ever shared.
      const { rows } = await deps.db.query<Row>(
        `select r.id, r.meter_id, m.external_id, r.interval_start, r.interval_end, r.revision, r.quantity::text as quantity,
           r.unit, r.flags
         from readings r join meters m on m.id = r.meter_id
         where r.batch_seq = $1::bigint and r.org_id = $2::uuid and r.id > $3::bigint
         order by r.id limit $4::integer`,
        [batch.seq, orgId, request.query.after ?? 0, limit + 1],
      );
      const page = rows.slice(0, limit);
      return {
        batch: '0x' + Buffer.from(batch.batch_id).toString('hex'),
        readings: page.map((r) => ({
          id: Number(r.id),
          meter: { id: r.meter_id, externalId: r.external_id },
          intervalStart: new Date(r.interval_start).toISOString(),
          intervalEnd: new Date(r.interval_end).toISOString(),
          revision: r.revision,
          quantity: r.quantity,
          unit: r.unit,
          flags: r.flags,
        })),
        next: rows.length > limit ? Number(page[page.length - 1].id) : null,
      };
    },
  );
}
