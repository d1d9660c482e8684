import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { errorResponses, uuid } from '../schemas';
import { listDirectory } from '../../registry/directory';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../registry/organisations';

const entrySchema = {
  type: 'object',
  properties: {
    id: uuid,
    name: { type: 'string' },
    kinds: { type: 'array', items: { type: 'string' } },
    chainId: { type: 'string' },
    accounts: { type: 'array', items: { type: 'string' } },
    encryptionPublicKey: { type: ['string', 'null'] },
  },
} as const;

export async function directoryRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Querystring: { q?: string; kind?: OrganisationKind; limit?: number } }>(
    '/v1/directory',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['access'],
        summary: 'Find registered participants (counterparties, verifiers) by name and kind',
        description:
          'Organisations with an account registered on chain: id, name, kinds, chain id, accounts and encryption key. ' +
          'Nothing else of another organisation is shown.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            q: { type: 'string', minLength: 1, maxLength: 200, description: 'Part of the name, any case' },
            kind: { type: 'string', enum: ORGANISATION_KINDS },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
        response: {
          200: { type: 'object', properties: { participants: { type: 'array', items: entrySchema } } },
          ...errorResponses(400),
        },
      },
    },
    async (request) => ({
      participants: await listDirectory(deps.db, {
        q: request.query.q,
        kind: request.query.kind,
        limit: request.query.limit ?? 50,
      }),
    }),
  );
}
