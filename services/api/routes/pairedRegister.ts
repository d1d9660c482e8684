import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses } from '../schemas';
import { getRegisterPairing, pairRegister, unpairRegister } from '../../flow/pairedRegister';

const meterRef = { type: 'string', minLength: 1, maxLength: 200 } as const;
const params = { type: 'object', properties: { id: meterRef }, required: ['id'] } as const;
const pairing = {
  type: 'object',
  properties: { meterId: { type: 'string' }, registerMeterId: { type: ['string', 'null'] } },
} as const;

/** Pairing of an interval channel with the cumulative register of the same flow (register_check alert rules). */
export async function pairedRegisterRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.put<{ Params: { id: string }; Body: { registerMeterId: string } }>(
    '/v1/meters/:id/paired-register',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['meters'],
        summary: 'Pair an interval meter with the cumulative register of the same flow (register vs. sum of intervals)',
        params,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['registerMeterId'],
          properties: {
            registerMeterId: {
              ...meterRef,
              description: 'External id or UUID of a cumulative meter of the same energy kind and unit.',
            },
          },
        },
        response: { 200: pairing, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) =>
      deps.db.transaction((tx) => pairRegister(tx, orgOf(request), request.params.id, request.body.registerMeterId)),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/meters/:id/paired-register',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['meters'],
        summary: "An interval meter's paired register (registerMeterId null when it has none)",
        params,
        response: { 200: pairing, ...errorResponses(400, 404) },
      },
    },
    async (request) => getRegisterPairing(deps.db, orgOf(request), request.params.id),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/meters/:id/paired-register',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['meters'],
        summary: "Remove an interval meter's paired register",
        params,
        response: { 200: pairing, ...errorResponses(400, 404) },
      },
    },
    async (request) => unpairRegister(deps.db, orgOf(request), request.params.id),
  );
}
