import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Config } from '../runtime/config';
import { NengtanError } from '../lib/errors';

/**
 * Who a request counts against: its organisation, so that issuing more keys buys no more requests; a key without one
 * (the platform operator's) counts alone; only public routes fall back to the client address.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal?.orgId) return `org:${principal.orgId}`;
  if (principal) return `key:${principal.keyId}`;
  return `ip:${request.ip}`;
}

/**
 * Per-organisation request limits (README: Configuration). Registered before the routes, whose onRequest hooks it
 * extends: it runs after authentication (an app-wide hook, which runs first), so the key is known, and before the
 * body is read, so a refused caller costs no parsing. Routes opt out with `config: { rateLimit: false }` (/health).
 */
export async function registerRateLimits(app: FastifyInstance, config: Config): Promise<void> {
  if (config.rateLimitMax === 0) return;
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindowSeconds * 1000,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new NengtanError('NT_ERR_RATE_LIMITED', {
        message: `Your organisation sent more than ${context.max} requests in ${config.rateLimitWindowSeconds} seconds`,
        details: { limit: context.max, windowSeconds: config.rateLimitWindowSeconds, retryAfterSeconds },
      });
    },
  });
}
