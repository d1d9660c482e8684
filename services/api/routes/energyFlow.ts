import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { date, errorResponses } from '../schemas';
import { NengtanError } from '../../lib/errors';
import { energyFlow } from '../../flow/energyFlow';
import { placeMeter } from '../../flow/meterTopology';

const meterRef = { type: 'string', minLength: 1, maxLength: 200 } as const;

export async function energyFlowRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.put<{ Params: { id: string }; Body: { parent: string | null; endUse?: string | null } }>(
    '/v1/meters/:id/place',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['meters'],
        summary: 'Place a meter in the energy flow: the meter it is a sub-meter of, and the end use it measures',
        params: { type: 'object', properties: { id: meterRef }, required: ['id'] },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['parent'],
          properties: {
            parent: {
              anyOf: [meterRef, { type: 'null' }],
              description: 'External id or UUID of the parent meter (same energy kind); null for the top.',
            },
            endUse: { anyOf: [{ type: 'string', minLength: 1, maxLength: 100 }, { type: 'null' }] },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              meterId: { type: 'string' },
              parentMeterId: { type: ['string', 'null'] },
              endUse: { type: ['string', 'null'] },
            },
          },
          ...errorResponses(400, 404, 422),
        },
      },
    },
    async (request) =>
      deps.db.transaction((tx) =>
        placeMeter(tx, orgOf(request), request.params.id, {
          parent: request.body.parent,
          endUse: request.body.endUse ?? null,
        }),
      ),
  );

  app.get<{ Querystring: { from: string; to: string } }>(
    '/v1/energy-flow',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary: 'Energy flow (能流) over local days: purchased → sites → meters → end uses, with branch balances',
        description:
          'Nodes and links in kgce (default factor set) for a Sankey diagram, and for every meter with sub-meters its ' +
          'quantity, the sum of its children and the difference (losses and unmetered use) in its own unit.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to'],
          properties: {
            from: { ...date, description: 'First local day' },
            to: { ...date, description: 'Day after the last' },
          },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 422) },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      if (from >= to) throw new NengtanError('NT_ERR_ACCOUNTING_PERIOD', { details: { from, to } });
      return energyFlow(deps.db, orgOf(request), from, to);
    },
  );
}
