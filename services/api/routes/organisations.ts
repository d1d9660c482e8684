import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, uuid } from '../schemas';
import { NengtanError } from '../../lib/errors';
import { issueApiKey, listApiKeys, revokeApiKey, SCOPES, type Scope } from '../../registry/apiKeys';
import { createOrganisation, getOrganisation, listOrganisations } from '../../registry/organisations';

const issuedKeySchema = {
  type: 'object',
  properties: {
    id: uuid,
    name: { type: 'string' },
    prefix: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    key: { type: 'string', description: 'The whole key. Shown once; only its hash is stored.' },
  },
} as const;

const orgScopes = SCOPES.filter((s) => s !== 'platform');

export async function organisationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: { name: string; adminKeyName?: string } }>(
    '/v1/organisations',
    {
      config: { scope: 'platform' },
      schema: {
        tags: ['access'],
        summary: 'Register an organisation and issue its first admin key (platform operators)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            adminKeyName: { type: 'string', maxLength: 100 },
          },
        },
        response: {
          201: { type: 'object', properties: { organisation: { $ref: 'Organisation#' }, adminKey: issuedKeySchema } },
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) => {
      const { organisation, adminKey } = await deps.db.transaction(async (tx) => {
        const organisation = await createOrganisation(tx, { name: request.body.name });
        const adminKey = await issueApiKey(tx, {
          orgId: organisation.id,
          name: request.body.adminKeyName ?? 'admin',
          scopes: ['admin'],
        });
        return { organisation, adminKey };
      });
      void reply.status(201);
      return { organisation, adminKey };
    },
  );

  app.get(
    '/v1/organisations',
    {
      config: { scope: 'platform' },
      schema: {
        tags: ['access'],
        summary: 'All organisations (platform operators)',
        response: { 200: { type: 'array', items: { $ref: 'Organisation#' } }, ...errorResponses() },
      },
    },
    async () => listOrganisations(deps.db),
  );

  app.get(
    '/v1/organisation',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['access'],
        summary: 'The organisation of the calling key',
        response: { 200: { $ref: 'Organisation#' }, ...errorResponses(404) },
      },
    },
    async (request) => {
      const org = await getOrganisation(deps.db, orgOf(request));
      if (!org) throw new NengtanError('NT_ERR_NOT_FOUND');
      return org;
    },
  );

  app.post<{ Body: { name: string; scopes: Scope[] } }>(
    '/v1/api-keys',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['access'],
        summary: "Issue an API key for the caller's organisation",
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'scopes'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            scopes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: orgScopes } },
          },
        },
        response: { 201: issuedKeySchema, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const key = await issueApiKey(deps.db, {
        orgId: orgOf(request),
        name: request.body.name,
        scopes: request.body.scopes,
      });
      void reply.status(201);
      return key;
    },
  );

  app.get(
    '/v1/api-keys',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['access'],
        summary: "Keys of the caller's organisation (never the secrets)",
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: uuid,
                name: { type: 'string' },
                prefix: { type: 'string' },
                scopes: { type: 'array', items: { type: 'string' } },
                createdAt: { type: 'string', format: 'date-time' },
                revokedAt: { type: ['string', 'null'], format: 'date-time' },
              },
            },
          },
          ...errorResponses(),
        },
      },
    },
    async (request) => listApiKeys(deps.db, orgOf(request)),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/api-keys/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['access'],
        summary: 'Revoke a key',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        response: { 204: { type: 'null' }, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      if (!(await revokeApiKey(deps.db, orgOf(request), request.params.id))) throw new NengtanError('NT_ERR_NOT_FOUND');
      void reply.status(204);
    },
  );
}
