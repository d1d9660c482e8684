import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { ChainConnection } from '../chain/connectChain';
import type { Config } from '../runtime/config';
import type { Db } from '../db/db';
import { NengtanError } from '../lib/errors';
import { registerAuth } from './auth';
import { lingerOnClose } from './lingeringClose';
import { registerBodyLimits } from './bodyLimits';
import { registerRateLimits } from './rateLimits';
import { badUrl, errorHandler } from './errorHandler';
import { trackRoutes } from './routeTable';
import { serializeError } from './logSerializers';
import { boundNumbers } from './boundNumbers';
import { assertWellFormedText } from './wellFormedText';
import { consoleStatic } from './consoleStatic';
import { publicRpcUrl, rpcOrigin } from '../chain/publicRpcUrl';
import type { DocumentStore } from '../documents/documentStore';
import { accountingRoutes } from './routes/accounting';
import { analysisRoutes } from './routes/analysis';
import { notarizationRoutes } from './routes/notarization';
import { marketRoutes } from './routes/market';
import { marketReadRoutes } from './routes/marketReads';
import { otcDealRoutes } from './routes/otcDeals';
import { batchRoutes } from './routes/batches';
import { batchReadingRoutes } from './routes/batchReadings';
import { chainRoutes } from './routes/chain';
import { healthRoutes } from './routes/health';
import { meterRoutes } from './routes/meters';
import { meterChangeRoutes } from './routes/meterChanges';
import { organisationRoutes } from './routes/organisations';
import { readingRoutes } from './routes/readings';
import { receiptRoutes } from './routes/receipts';
import { scenarioRoutes } from './routes/scenarios';
import { benchmarkRoutes } from './routes/benchmarks';
import { budgetRoutes } from './routes/budgets';
import { sessionRoutes } from './routes/session';
import { seriesRoutes } from './routes/series';
import { directoryRoutes } from './routes/directory';
import { liveRoutes } from './routes/live';
import { energyFlowRoutes } from './routes/energyFlow';
import { measureRoutes } from './routes/measures';
import { alertRoutes } from './routes/alerts';
import { webhookRoutes } from './routes/webhooks';
import { parkRoutes } from './routes/parks';
import { tariffRoutes } from './routes/tariffs';
import { sharedSchemas } from './schemas';
import { activityDataRoutes } from './routes/activityData';
import { energyContractRoutes } from './routes/energyContracts';
import { supplyChainRoutes } from './routes/supplyChain';
import { calendarRoutes } from './routes/calendar';
import { baseYearRoutes } from './routes/baseYear';
import { scope3Routes } from './routes/scope3';
import { parkAnalysisRoutes } from './routes/parkAnalysis';
import { parkAlertRoutes } from './routes/parkAlerts';
import { pairedRegisterRoutes } from './routes/pairedRegister';
import { quotaRoutes } from './routes/quota';
import { energyBalanceRoutes } from './routes/energyBalance';
import { productFootprintRoutes } from './routes/productFootprint';

/** What routes need: configuration, the database and (when anchoring) the chain. */
export interface AppDeps {
  config: Config;
  db: Db;
  chain?: ChainConnection;
  /** Secret custodial chain keys are encrypted under; custodial accounts are off without it. */
  keystoreSecret?: Buffer;
  /** Where evidence documents live (embedded blockstore or Kubo). */
  documents?: DocumentStore;
  /** Woken when a deferred ingest request is stored (Prefer: respond-async); without it, requests wait for a pass. */
  deferredIngest?: { wake(): void };
}

/**
 * The HTTP API as a Fastify instance that never listens (server.ts does), so tests drive it with `inject()`.
 * Plugins load in order: parsers and docs, then authentication, then routes.
 */
export async function buildApp(
  deps: AppDeps,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      typeof options.logger === 'object'
        ? { ...options.logger, serializers: { ...options.logger.serializers, err: serializeError } }
        : (options.logger ?? false),
    // Per route: the ingest routes take config.ingestBodyLimitBytes; every other body is small.
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    requestIdHeader: 'x-request-id',
    // A path that is not valid percent-encoded UTF-8 (/v1/meters/%ED%A0%80) never reaches routing or the error handler.
    frameworkErrors: (error, request, reply) => badUrl(error, request, reply as FastifyReply),
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        allErrors: true,
        useDefaults: true,
        // With strict numbers, Ajv skips minimum/maximum for a value it coerced to an infinite number ("-1e400" in
        // a query string) and lets it through; without them, the bounds every number gets (boundNumbers) refuse it.
        strictNumbers: false,
      },
    },
  });
  trackRoutes(app);
  app.addHook('onRoute', (route) => {
    for (const part of ['body', 'querystring', 'params', 'headers'] as const) boundNumbers(route.schema?.[part]);
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    // An answer given before the body was read (a refusal by size, rate or key) closes the connection: the unread
    // rest would otherwise hold a paused socket until the keep-alive timeout. It closes lingering, so that the
    // client reads the answer rather than a reset.
    if (!request.raw.complete) {
      void reply.header('connection', 'close');
      lingerOnClose(request.raw.socket);
    }
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(
      new NengtanError('NT_ERR_NOT_FOUND', {
        message: `No route ${request.method} ${request.url.split('?')[0]}`,
      }).toJSON(),
    );
  });

  // JSON keeps its raw bytes (ingest hashes them for idempotency); NDJSON and CSV arrive as text.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    let parsed: unknown;
    try {
      // A UTF-8 byte-order mark is not JSON, but some Windows tools write one; ignore it.
      const text = body.toString('utf8');
      parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      assertWellFormedText(text, parsed);
    } catch (error) {
      if (error instanceof NengtanError) return done(error, undefined);
      return done(
        new NengtanError('NT_ERR_REQUEST_INVALID', {
          message: 'The body is not valid JSON',
          hint: 'Check the JSON syntax.',
        }),
        undefined,
      );
    }
    done(null, parsed);
  });
  for (const type of ['application/x-ndjson', 'text/csv']) {
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (request, body: Buffer, done) => {
      request.rawBody = body;
      done(null, body.toString('utf8'));
    });
  }
  registerBodyLimits(app);
  await app.register(multipart, {
    limits: { fileSize: deps.config.ingestBodyLimitBytes, files: 1, fields: 5, parts: 6 },
  });
  for (const schema of sharedSchemas) app.addSchema(schema);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Nengtan 能碳 API',
        version: '1',
        description:
          'Energy-carbon ledger: meter data in, anchored Merkle roots and proof receipts out. Authenticate with `Authorization: Bearer nt_...`.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerAuth(app, deps.db);
  await registerRateLimits(app, deps.config);
  await healthRoutes(app, deps);
  await organisationRoutes(app, deps);
  await meterRoutes(app, deps);
  await meterChangeRoutes(app, deps);
  await readingRoutes(app, deps);
  await receiptRoutes(app, deps);
  await batchRoutes(app, deps);
  await batchReadingRoutes(app, deps);
  await chainRoutes(app, deps);
  await accountingRoutes(app, deps);
  await scenarioRoutes(app, deps);
  await benchmarkRoutes(app, deps);
  await budgetRoutes(app, deps);
  await notarizationRoutes(app, deps);
  await marketRoutes(app, deps);
  await marketReadRoutes(app, deps);
  await otcDealRoutes(app, deps);
  await analysisRoutes(app, deps);
  await sessionRoutes(app, deps);
  await seriesRoutes(app, deps);
  await alertRoutes(app, deps);
  await webhookRoutes(app, deps);
  await directoryRoutes(app, deps);
  await liveRoutes(app, deps);
  await energyFlowRoutes(app, deps);
  await measureRoutes(app, deps);
  await parkRoutes(app, deps);
  await tariffRoutes(app, deps);
  await activityDataRoutes(app, deps);
  await supplyChainRoutes(app, deps);
  await calendarRoutes(app, deps);
  await energyContractRoutes(app, deps);
  await baseYearRoutes(app, deps);
  await scope3Routes(app, deps);
  await parkAnalysisRoutes(app, deps);
  await pairedRegisterRoutes(app, deps);
  await quotaRoutes(app, deps);
  await parkAlertRoutes(app, deps);
  await energyBalanceRoutes(app, deps);
  await productFootprintRoutes(app, deps);
  await consoleStatic(app, undefined, rpcOrigin(publicRpcUrl(deps.config, deps.chain)));
  return app;
}
