import type { FastifyReply, FastifyRequest } from 'fastify';

/** The console's cookie names: the session (HttpOnly) and its CSRF token (readable by the page, double submit). */
export const SESSION_COOKIE = 'nt_session';
export const CSRF_COOKIE = 'nt_csrf';

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * Sets the console's cookies. SameSite=Strict keeps them off every cross-site request; Secure is added when the
 * request came over HTTPS (a plain-HTTP localhost console must still work); maxAgeSeconds 0 deletes.
 */
export function setConsoleCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  values: { sessionId: string; csrfToken: string },
  maxAgeSeconds: number,
): void {
  const common = `Path=/; SameSite=Strict; Max-Age=${maxAgeSeconds}${request.protocol === 'https' ? '; Secure' : ''}`;
  void reply.header('set-cookie', [
    `${SESSION_COOKIE}=${encodeURIComponent(values.sessionId)}; ${common}; HttpOnly`,
    `${CSRF_COOKIE}=${encodeURIComponent(values.csrfToken)}; ${common}`,
  ]);
}
