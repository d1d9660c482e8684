import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { NengtanError } from '../lib/errors';

/** Where `npm run build:console` puts the bundle (scripts/console/buildConsole.ts). */
export const CONSOLE_BUNDLE_DIR = path.resolve(__dirname, '../../dist/console');

/**
 * The console's pages may load only what Nengtan itself serves: no CDN, no inline script. uPlot and the page set
 * element styles, hence 'unsafe-inline' for styles only. The one other place a page may talk to is the chain's public
 * JSON-RPC endpoint (RPC_PUBLIC_URL), so that receipts are checked against the chain without trusting this server.
 */
function contentSecurityPolicy(rpcOrigin: string | undefined): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${rpcOrigin ? ` ${rpcOrigin}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * Serves the built console at `/` (the API stays under /v1, docs at /docs). Only files present at start are routes
 * (no wildcard), so unknown paths keep the API's coded 404. Without a bundle, `/` says how to build one.
 */
export async function consoleStatic(
  app: FastifyInstance,
  bundleDir = CONSOLE_BUNDLE_DIR,
  rpcOrigin?: string,
): Promise<void> {
  const policy = contentSecurityPolicy(rpcOrigin);
  if (!existsSync(path.join(bundleDir, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async () => {
      throw new NengtanError('NT_ERR_CONSOLE_NOT_BUILT');
    });
    return;
  }
  await app.register(fastifyStatic, {
    root: bundleDir,
    prefix: '/',
    wildcard: false,
    decorateReply: false,
    serveDotFiles: false,
    cacheControl: false,
    schemaHide: true,
    setHeaders(res, filePath) {
      // Vite names assets by content hash: they never change. The page itself must be fetched fresh.
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (filePath.endsWith('.html')) {
        res.setHeader('content-security-policy', policy);
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('referrer-policy', 'no-referrer');
      }
    },
  });
}
