import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerLog } from '../anchoring/ledgerWorker';
import type { VeeConfig } from '../runtime/config';
import type { DeferredIngestWorker } from './deferredIngestWorker';
import type { ThreadMessage, ThreadOptions } from './deferredIngestThreadMain';

/**
 * The deferred-ingest worker (services/ingest/deferredIngestWorker.ts) on its own thread with its own PostgreSQL
 * pool, so ingesting stored requests (parsing, cleaning, inserting) never holds up the event loop that acknowledges
 * new ones. Same interface and same work as the in-process worker; PGlite, whose database lives on the calling
 * thread, keeps the in-process one. Errors inside the thread are logged here; if the thread dies, stored requests
 * wait for the next start (or another instance), nothing is lost.
 */
export function startDeferredIngestThread(
  databaseUrl: string,
  options: { vee: VeeConfig; maxReadings: number; intervalMs: number },
  log: WorkerLog,
): DeferredIngestWorker {
  const entry = path.join(__dirname, `deferredIngestThreadMain${path.extname(__filename)}`);
  const workerData: ThreadOptions = { databaseUrl, ...options };
  const thread = entry.endsWith('.ts')
    ? new Worker(`require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(entry)});`, {
        eval: true,
        workerData,
      })
    : new Worker(entry, { workerData });
  let nextTick = 0;
  const ticks = new Map<number, () => void>();
  let exited = false;
  const stopped = new Promise<void>((resolve) =>
    thread.once('exit', () => {
      exited = true;
      for (const resolveTick of ticks.values()) resolveTick();
      ticks.clear();
      resolve();
    }),
  );
  thread.on('message', (message: ThreadMessage) => {
    if ('log' in message) log[message.log](message.obj, message.msg);
    else ticks.get(message.ticked)?.();
    if ('ticked' in message) ticks.delete(message.ticked);
  });
  thread.on('error', (error) => log.error({ err: error }, 'deferred ingest thread failed'));
  return {
    wake() {
      if (!exited) thread.postMessage({ wake: true });
    },
    tick() {
      if (exited) return Promise.resolve();
      const id = nextTick++;
      return new Promise<void>((resolve) => {
        ticks.set(id, resolve);
        thread.postMessage({ tick: id });
      });
    },
    async stop() {
      if (!exited) thread.postMessage({ stop: true });
      await stopped;
    },
  };
}
