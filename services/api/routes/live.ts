import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../buildApp';
import { authenticate, orgOf } from '../auth';
import { errorResponses } from '../schemas';
import { NengtanError } from '../../lib/errors';
import { movedMarks, readLiveMarks, type LiveMarks } from '../../live/liveMarks';

/** A comment line keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** A revoked key or an ended console session closes the stream within this many polls (30 s at the default 2 s). */
const REAUTHENTICATE_EVERY_POLLS = 15;

/**
 * GET /v1/live: server-sent events telling a console that its organisation's data moved (`readings` after an ingest
 * request, `anchored` after a batch was anchored), so it reloads what it shows. Events carry marks, never data: what
 * is shown is always read through the API with the caller's rights.
 */
export async function liveRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const openStreams = new Map<string, number>();
  const closers = new Set<() => void>();
  // Before the server stops taking connections: an open stream would otherwise hold its close forever.
  app.addHook('preClose', async () => {
    for (const close of [...closers]) close();
  });

  app.get(
    '/v1/live',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['console'],
        summary: 'Server-sent events when the organisation’s readings or anchors move',
        description:
          'text/event-stream. First a `marks` event with the current marks, then `readings` and `anchored` events ' +
          '(data: the new marks) as they move; a comment every 15 s. The stream ends when the key or session ends.',
        response: { ...errorResponses() },
      },
    },
    async (request, reply) => {
      const orgId = orgOf(request);
      const open = openStreams.get(orgId) ?? 0;
      if (open >= deps.config.live.maxStreamsPerOrganisation)
        throw new NengtanError('NT_ERR_LIVE_STREAMS', {
          details: { limit: deps.config.live.maxStreamsPerOrganisation },
        });
      let marks = await readLiveMarks(deps.db, orgId);
      openStreams.set(orgId, open + 1);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        'x-request-id': String(request.id),
      });
      const send = (event: string, data: LiveMarks) => out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      send('marks', marks);

      let lastHeartbeat = Date.now();
      let polls = 0;
      let busy = false;
      const tick = async () => {
        if (busy) return;
        busy = true;
        try {
          if (++polls % REAUTHENTICATE_EVERY_POLLS === 0 && !(await stillAuthenticated(deps, request))) return close();
          const now = await readLiveMarks(deps.db, orgId);
          for (const event of movedMarks(marks, now)) send(event, now);
          marks = now;
          if (Date.now() - lastHeartbeat >= HEARTBEAT_MS) {
            out.write(': still here\n\n');
            lastHeartbeat = Date.now();
          }
        } catch (error) {
          request.log.warn({ err: error }, 'live stream could not read the marks; it tries again');
        } finally {
          busy = false;
        }
      };
      const timer = setInterval(() => void tick(), deps.config.live.pollMs);
      let closed = false;
      function close() {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        closers.delete(close);
        openStreams.set(orgId, (openStreams.get(orgId) ?? 1) - 1);
        if (!out.writableEnded) out.end();
      }
      closers.add(close);
      out.on('close', close);
    },
  );
}

async function stillAuthenticated(deps: AppDeps, request: FastifyRequest): Promise<boolean> {
  try {
    await authenticate(deps.db, request);
    return true;
  } catch {
    return false;
  }
}
