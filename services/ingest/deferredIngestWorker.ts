import type { Db } from '../db/db';
import type { WorkerLog } from '../anchoring/ledgerWorker';
import type { VeeConfig } from '../runtime/config';
import { ingestDeferred } from './deferredIngest';
import { startPassLoop } from '../lib/passLoop';

export interface DeferredIngestWorker {
  /** Starts a pass now (the route calls it after storing a request); passes never overlap. */
  wake(): void;
  /** One pass, awaited (tests). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Ingests deferred requests (services/ingest/deferredIngest.ts): woken by the route on this instance, and every
 * `intervalMs` for requests stored by another instance or left by a crash. Several instances may run against one
 * database: requests are claimed with skip locked.
 */
export function startDeferredIngestWorker(
  db: Db,
  options: { vee: VeeConfig; maxReadings: number; intervalMs: number },
  log: WorkerLog,
): DeferredIngestWorker {
  let again = false;

  const pass = async (stopped: () => boolean) => {
    try {
      do {
        again = false;
        const done = await ingestDeferred(db, options.vee, options.maxReadings);
        if (done > 0) log.info({ requests: done }, 'deferred ingest requests ingested');
      } while (again && !stopped());
    } catch (error) {
      log.error({ err: error }, 'deferred ingest pass failed; will retry');
    }
  };
  const loop = startPassLoop(pass, options.intervalMs);
  return {
    wake() {
      if (loop.isStopped()) return;
      if (loop.isBusy()) again = true;
      else void loop.tick();
    },
    tick: loop.tick,
    stop: loop.stop,
  };
}
