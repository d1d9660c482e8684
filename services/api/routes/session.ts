import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../buildApp';
import { readCookie, SESSION_COOKIE, setConsoleCookies } from '../cookies';
import { errorRef, isoTime, uuid } from '../schemas';
import { NengtanError } from '../../lib/errors';
import { authenticateApiKey, type Principal } from '../../registry/apiKeys';
import { findSession, openSession, revokeSession } from '../../registry/consoleSessions';
import { getOrganisation } from '../../registry/organisations';
import { sessionPrincipal } from '../auth';

const sessionSchema = {
  type: 'object',
  properties: {
    organisation: {
      type: ['object', 'null'],
      properties: { id: uuid, name: { type: 'string' }, kinds: { type: 'array', items: { type: 'string' } } },
    },
    scopes: { type: 'array', items: { type: 'string' } },
    keyPrefix: { type: 'string' },
    expiresAt: isoTime,
    csrfToken: { type: 'string', description: 'Only in the sign-in answer: send it as x-csrf-token on writes.' },
  },
} as const;

/**
 * Console sign-in: an API key is exchanged once for an HttpOnly session cookie, so the browser never keeps the key.
 * The session carries exactly the key's scopes and organisation and dies with the key.
 */
export async function sessionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;

  async function describe(principal: Principal, keyPrefix: string, expiresAt: Date) {
    const organisation = principal.orgId ? await getOrganisation(db, principal.orgId) : undefined;
    return {
      organisation: organisation ? { id: organisation.id, name: organisation.name, kinds: organisation.kinds } : null,
      scopes: principal.scopes,
      keyPrefix,
      expiresAt: expiresAt.toISOString(),
    };
  }

  app.post<{ Body: { apiKey: string } }>(
    '/v1/session',
    {
      schema: {
        tags: ['console'],
        summary: 'Sign in to the console: exchange an API key for a session cookie',
        security: [],
        body: {
          type: 'object',
          required: ['apiKey'],
          additionalProperties: false,
          properties: { apiKey: { type: 'string', maxLength: 200 } },
        },
        response: { 201: sessionSchema, 400: errorRef, 401: errorRef },
      },
    },
    async (request, reply) => {
      const principal = await authenticateApiKey(db, request.body.apiKey.trim());
      if (!principal) throw new NengtanError('NT_ERR_AUTH_INVALID');
      const opened = await openSession(db, principal.keyId, config.sessionTtlSeconds);
      setConsoleCookies(request, reply, opened, config.sessionTtlSeconds);
      const keyPrefix = request.body.apiKey.trim().split('_')[1];
      return reply.status(201).send({
        ...(await describe(principal, keyPrefix, opened.expiresAt)),
        csrfToken: opened.csrfToken,
      });
    },
  );

  app.get(
    '/v1/session',
    {
      schema: {
        tags: ['console'],
        summary: 'Who the console session cookie signs in (401 when there is none)',
        security: [],
        response: { 200: sessionSchema, 401: errorRef },
      },
    },
    async (request: FastifyRequest) => {
      const sessionId = readCookie(request, SESSION_COOKIE);
      if (!sessionId) throw new NengtanError('NT_ERR_AUTH_MISSING');
      const session = await findSession(db, sessionId);
      if (!session) throw new NengtanError('NT_ERR_SESSION_INVALID');
      return describe(session.principal, session.keyPrefix, session.expiresAt);
    },
  );

  app.delete(
    '/v1/session',
    {
      schema: {
        tags: ['console'],
        summary: 'Sign out: revoke the console session and clear its cookies',
        security: [],
        response: { 204: { type: 'null' }, 401: errorRef, 403: errorRef },
      },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      await sessionPrincipal(db, request);
      await revokeSession(db, readCookie(request, SESSION_COOKIE) as string);
      setConsoleCookies(request, reply, { sessionId: '', csrfToken: '' }, 0);
      return reply.status(204).send();
    },
  );
}
