import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { hashJobSize, ownedHashJob, runHashJob, type HashJob } from './hashJobs';
import type { HashWorkerMessage } from './hashWorker';

/**
 * Ingest's hashing off the request thread. One worker thread per process, started on first use and never keeping
 * the process alive; until it is ready, or when it fails, or for jobs too small to be worth the hop, or when the
 * caller asks (PGlite, whose queries run on this thread anyway), jobs run on the calling thread. The answer is the
 * same either way: both run {@link runHashJob}.
 */
const MIN_OFF_THREAD = 256;

interface Pending {
  resolve: (digests: Uint8Array) => void;
  reject: (error: Error) => void;
}

let worker: Worker | undefined;
let ready = false;
let onReady: (() => void)[] = [];
let broken = false;
let nextId = 0;
const pending = new Map<number, Pending>();

function startWorker(): void {
  const entry = path.join(__dirname, `hashWorker${path.extname(__filename)}`);
  const w = entry.endsWith('.ts')
    ? new Worker(`require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(entry)});`, {
        eval: true,
      })
    : new Worker(entry);
  w.on('message', (message: HashWorkerMessage) => {
    if ('ready' in message) {
      ready = true;
      for (const resolve of onReady) resolve();
      onReady = [];
      return;
    }
    const job = pending.get(message.id);
    pending.delete(message.id);
    if ('digests' in message) job?.resolve(message.digests);
    else if (job) job.reject(new Error(message.error));
    else fail(new Error(message.error));
  });
  w.on('error', fail);
  w.on('exit', () => fail(new Error('hash thread exited')));
  // After the listeners: attaching a 'message' listener refs the worker's port again.
  w.unref();
  worker = w;
}

/** The thread is gone: its waiting jobs fail, and later jobs run on the calling thread. */
function fail(error: Error): void {
  broken = true;
  ready = false;
  worker = undefined;
  for (const job of pending.values()) job.reject(error);
  pending.clear();
  for (const resolve of onReady) resolve();
  onReady = [];
}

/** Runs `job` on the hash thread when `offThread` and worthwhile, else here; resolves to the job's digests. */
export async function hashOffThread(job: HashJob, options: { offThread: boolean }): Promise<Uint8Array> {
  if (!options.offThread || broken || hashJobSize(job) < MIN_OFF_THREAD) return runHashJob(job);
  if (!worker) startWorker();
  if (!ready) return runHashJob(job);
  // The job's buffers move to the worker (the caller does not read them afterwards). A job the thread refuses
  // rejects with the error the same job throws in-thread; if the thread dies, its jobs reject and later jobs run here.
  const { job: owned, transfer } = ownedHashJob(job);
  const id = nextId++;
  return new Promise<Uint8Array>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    (worker as Worker).postMessage({ id, job: owned }, transfer);
  });
}

/** Starts the hash thread if needed and resolves once jobs go to it (start-up warm-up, tests); false if it failed. */
export async function hashThreadReady(): Promise<boolean> {
  if (broken) return false;
  if (!worker) startWorker();
  if (ready) return true;
  await new Promise<void>((resolve) => onReady.push(resolve));
  return ready;
}

/** Stops the hash thread (tests and shutdown); the next job starts it again. */
export async function stopHashThread(): Promise<void> {
  const w = worker;
  worker = undefined;
  ready = false;
  broken = false;
  if (w) {
    w.removeAllListeners();
    await w.terminate();
  }
}
