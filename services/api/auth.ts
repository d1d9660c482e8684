import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/db';
import { NengtanError } from '../lib/errors';
import { authenticateApiKey, type Principal, type Scope } from '../registry/apiKeys';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** The scope a route needs; routes without one are public. */
    scope?: Scope;
  }
}

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

/** An organisation key's admin scope includes read and ingest; the platform scope stands alone. */
function grants(principal: Principal, scope: Scope): boolean {
  if (principal.scopes.includes(scope)) return true;
  return scope !== 'platform' && principal.orgId !== null && principal.scopes.includes('admin');
}

/**
 * Authentication and scope checks for every route that declares `config.scope`. Runs before the body is parsed, so
 * an unauthenticated caller never gets as far as having a large body read.
 */
export function registerAuth(app: FastifyInstance, db: Db): void {
  app.addHook('onRequest', async (request) => {
    const scope = request.routeOptions.config?.scope;
    if (!scope) return;
    const key = presentedKey(request);
    if (!key) throw new NengtanError('NT_ERR_AUTH_MISSING');
    const principal = await authenticateApiKey(db, key);
    if (!principal) throw new NengtanError('NT_ERR_AUTH_INVALID');
    if (!grants(principal, scope)) throw new NengtanError('NT_ERR_AUTH_SCOPE', { details: { requiredScope: scope } });
    request.principal = principal;
  });
}

/** The organisation of an authenticated organisation key (platform keys have none and are refused). */
export function orgOf(request: FastifyRequest): string {
  const orgId = request.principal?.orgId;
  if (!orgId)
    throw new NengtanError('NT_ERR_AUTH_SCOPE', {
      message: 'This call needs an organisation key',
      details: { requiredScope: 'organisation' },
    });
  return orgId;
}
