import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NengtanError } from '../lib/errors';

/** The refusal of a body larger than the route's limit. */
export function bodyTooLarge(limitBytes: number): NengtanError {
  return new NengtanError('NT_ERR_REQUEST_TOO_LARGE', {
    message: `The body is larger than the ${limitBytes} bytes this route accepts; nothing was read or stored`,
    details: { limitBytes },
  });
}

export function bodyLimitOf(request: FastifyRequest): number {
  return request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit ?? 1024 * 1024;
}

/**
 * Refuses a body by its declared size before a byte of it is parsed. Fastify's own parsers check Content-Length and
 * count the bytes of a chunked body against the route's `bodyLimit`; the multipart parser reads the raw request
 * itself, so this hook gives it the same Content-Length check (the file size limit bounds chunked uploads).
 */
export function registerBodyLimits(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const declared = Number(request.headers['content-length']);
    const limit = bodyLimitOf(request);
    if (Number.isFinite(declared) && declared > limit) throw bodyTooLarge(limit);
    return payload;
  });
}
