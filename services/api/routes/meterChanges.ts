import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, isoTime, uuid } from '../schemas';
import { NengtanError } from '../../lib/errors';
import type { Principal } from '../../registry/apiKeys';
import { getMeter } from '../../registry/meters';
import { listMeterChanges, retireMeter } from '../../registry/meterChanges';

const changeSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    meterId: uuid,
    action: { type: 'string', enum: ['correct', 'retire'] },
    changedAt: isoTime,
    changedBy: {
      type: 'object',
      properties: { keyId: uuid, keyName: { type: 'string' }, keyPrefix: { type: 'string' } },
    },
    before: { type: 'object', additionalProperties: true },
    after: { type: 'object', additionalProperties: true },
    reason: { type: ['string', 'null'] },
  },
} as const;

const idParams = { type: 'object', properties: { id: uuid }, required: ['id'] } as const;

/** A meter's audit trail and its retirement (corrections are PATCH /v1/meters/:id in routes/meters.ts). */
export async function meterChangeRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/v1/meters/:id/changes',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['meters'],
        summary: "A meter's audit trail: who changed what, when, before and after, and why",
        params: idParams,
        response: { 200: { type: 'array', items: changeSchema }, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const orgId = orgOf(request);
      if (!(await getMeter(deps.db, orgId, request.params.id)))
        throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Meter not found' });
      return listMeterChanges(deps.db, orgId, request.params.id);
    },
  );

  app.post<{ Params: { id: string }; Body: { reason?: string } | undefined }>(
    '/v1/meters/:id/retire',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['meters'],
        summary: 'Retire a meter: its data stays; new readings for it and changes to it are refused from now on',
        params: idParams,
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { reason: { type: 'string', maxLength: 500 } },
        },
        response: { 200: { $ref: 'Meter#' }, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const orgId = orgOf(request);
      const keyId = (request.principal as Principal).keyId;
      const retired = await deps.db.transaction((tx) =>
        retireMeter(tx, orgId, request.params.id, keyId, request.body?.reason ?? null),
      );
      if (!retired) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Meter not found' });
      return retired.meter;
    },
  );
}
