import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { ENERGY_KINDS } from '../../lib/energyKinds';
import { chainAlerts } from '../../anchoring/chainAlerts';
import { redactUrl } from '../../lib/redactUrl';

export async function healthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/health',
    {
      // Liveness must answer while a tenant is being refused for its request rate.
      config: { rateLimit: false },
      schema: {
        tags: ['system'],
        summary: 'Liveness and what Nengtan is connected to',
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string', enum: ['ok', 'degraded'] },
              alerts: { type: 'array', items: { type: 'string' }, description: 'Why the status is degraded.' },
              database: { type: 'string' },
              chain: {
                type: ['object', 'null'],
                properties: {
                  chainId: { type: 'integer' },
                  rpcUrl: { type: 'string' },
                  anchorRegistry: { type: 'string' },
                  participantRegistry: { type: 'string' },
                  inventoryRegistry: { type: 'string' },
                  check: {
                    type: 'object',
                    description:
                      'The last check that the chain still holds the anchors (README: when the chain is reset).',
                    properties: {
                      checkedAt: { type: ['string', 'null'], format: 'date-time' },
                      anchorsLost: { type: 'integer' },
                      lastResetAt: { type: ['string', 'null'], format: 'date-time' },
                      lastResetReason: { type: ['string', 'null'] },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    async () => {
      const { alerts, ...check } = await chainAlerts(deps.db);
      return {
        status: alerts.length > 0 ? 'degraded' : 'ok',
        alerts,
        database: deps.db.kind,
        chain: deps.chain
          ? {
              chainId: deps.chain.chainId,
              // Redacted: an RPC_URL may carry credentials or an API key; callers with them set RPC_URL themselves.
              rpcUrl: redactUrl(deps.chain.rpcUrl),
              anchorRegistry: deps.chain.deployment.anchorRegistry,
              participantRegistry: deps.chain.deployment.participantRegistry,
              inventoryRegistry: deps.chain.deployment.inventoryRegistry,
              check,
            }
          : null,
      };
    },
  );

  app.get(
    '/v1/energy-kinds',
    {
      schema: {
        tags: ['meters'],
        summary: 'Energy kinds, their normalised units and the units accepted on input',
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                kind: { type: 'string' },
                label: { type: 'string' },
                unit: { type: 'string' },
                units: { type: 'object', additionalProperties: { type: 'string' } },
                transformerMultipliers: { type: 'boolean' },
              },
            },
          },
        },
      },
    },
    async () => Object.entries(ENERGY_KINDS).map(([kind, spec]) => ({ kind, ...spec })),
  );
}
