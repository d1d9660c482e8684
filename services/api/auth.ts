import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/db';
import { NengtanError } from '../lib/errors';
import { authenticateApiKey, type Principal, type Scope } from '../registry/apiKeys';
import { csrfTokenMatches, findSession } from '../registry/consoleSessions';
import { readCookie, SESSION_COOKIE } from './cookies';

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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The principal of the console session cookie: the same key, scopes and organisation the session was opened with.
 * SameSite=Strict already keeps the cookie off cross-site requests; a write must also present the session's CSRF
 * token, which a page on another origin cannot read.
 */
export async function sessionPrincipal(db: Db, request: FastifyRequest): Promise<Principal> {
  const sessionId = readCookie(request, SESSION_COOKIE);
  if (!sessionId) throw new NengtanError('NT_ERR_AUTH_MISSING');
  const session = await findSession(db, sessionId);
  if (!session) throw new NengtanError('NT_ERR_SESSION_INVALID');
  if (!SAFE_METHODS.has(request.method)) {
    const token = request.headers['x-csrf-token'];
    if (!csrfTokenMatches(session, typeof token === 'string' ? token : undefined))
      throw new NengtanError('NT_ERR_SESSION_CSRF');
  }
  return session.principal;
}

/** The principal of the request's key or console session; refused when neither is (still) valid. */
export async function authenticate(db: Db, request: FastifyRequest): Promise<Principal> {
  const key = presentedKey(request);
  const principal = key ? await authenticateApiKey(db, key) : await sessionPrincipal(db, request);
  if (!principal) throw new NengtanError('NT_ERR_AUTH_INVALID');
  return principal;
}

/**
 * Authentication and scope checks for every route that declares `config.scope`. Runs before the body is parsed, so
 * an unauthenticated caller never gets as far as having a large body read.
 */
export function registerAuth(app: FastifyInstance, db: Db): void {
  app.addHook('onRequest', async (request) => {
    const scope = request.routeOptions.config?.scope;
    if (!scope) return;
    const principal = await authenticate(db, request);
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
