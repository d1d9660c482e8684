import { parentPort, workerData } from 'node:worker_threads';
import { postgresDb } from '../db/postgresDb';
import { loadKeccak } from '../lib/keccak';
import type { VeeConfig } from '../runtime/config';
import { startDeferredIngestWorker } from './deferredIngestWorker';

/** The deferred-ingest thread's side (started by services/ingest/deferredIngestThread.ts). */
export interface ThreadOptions {
  databaseUrl: string;
  vee: VeeConfig;
  maxReadings: number;
  intervalMs: number;
}

export type ThreadMessage = { log: 'info' | 'warn' | 'error'; obj: object; msg?: string } | { ticked: number };

type Command = { wake: true } | { tick: number } | { stop: true };

const port = parentPort;
if (!port) throw new Error('deferredIngestThreadMain runs as a worker thread');
const options = workerData as ThreadOptions;
const send = (message: ThreadMessage) => port.postMessage(message);
const logAt =
  (level: 'info' | 'warn' | 'error') =>
  (obj: object, msg?: string): void => {
    // Errors do not cross threads whole: send what a log line needs.
    const plain = Object.fromEntries(
      Object.entries(obj).map(([k, v]) => [k, v instanceof Error ? { message: v.message, stack: v.stack } : v]),
    );
    send({ log: level, obj: plain, msg });
  };

// Commands that arrive while keccak loads wait for the worker.
const started = loadKeccak().then(() => {
  const db = postgresDb(options.databaseUrl, { max: 3 });
  const worker = startDeferredIngestWorker(
    db,
    { vee: options.vee, maxReadings: options.maxReadings, intervalMs: options.intervalMs },
    { info: logAt('info'), warn: logAt('warn'), error: logAt('error') },
  );
  return { db, worker };
});
port.on('message', (command: Command) => {
  void started.then(async ({ db, worker }) => {
    if ('wake' in command) worker.wake();
    else if ('tick' in command) {
      await worker.tick();
      send({ ticked: command.tick });
    } else {
      await worker.stop();
      await db.close();
      process.exit(0); // in a worker thread: ends this thread only
    }
  });
});
