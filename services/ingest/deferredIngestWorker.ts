import type { Db } from '../db/db';
import type { WorkerLog } from '../anchoring/ledgerWorker';
import type { VeeConfig } from '../runtime/config';
import { ingestDeferred } from './deferredIngest';

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
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let busy = false;

  const pass = async () => {
    try {
      do {
        again = false;
        const done = await ingestDeferred(db, options.vee, options.maxReadings);
        if (done > 0) log.info({ requests: done }, 'deferred ingest requests ingested');
      } while (again && !stopped);
    } catch (error) {
      log.error({ err: error }, 'deferred ingest pass failed; will retry');
    }
  };
  const tick = () => {
    busy = true;
    running = running.then(pass).finally(() => (busy = false));
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void tick().then(schedule), options.intervalMs);
  };
  schedule();
  return {
    wake() {
      if (stopped) return;
      if (busy) again = true;
      else void tick();
    },
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
