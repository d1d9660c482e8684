import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { openAndReverify, type ReverifiedExport } from './openBatchExport';
import type { ReverifyJob } from './reverifyWorker';

export interface ReverifyPool {
  reverify(envelope: Uint8Array, recipientId: string, privateKey: Uint8Array): Promise<ReverifiedExport>;
  close(): Promise<void>;
}

/** Starts a worker on the re-verification entry point, through ts-node when running from sources. */
function startWorker(): Worker {
  const entry = path.join(__dirname, `reverifyWorker${path.extname(__filename)}`);
  if (entry.endsWith('.ts')) {
    return new Worker(`require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(entry)});`, {
      eval: true,
    });
  }
  return new Worker(entry);
}

/**
 * Batch exports re-verified on `size` worker threads (one per core by default): leaf hashing and decryption are
 * CPU-bound and batches independent, so a verifier uses every core. `size` 0 verifies on the calling thread.
 */
export function reverifyPool(size = availableParallelism()): ReverifyPool {
  if (size <= 0) {
    return {
      reverify: async (envelope, recipientId, privateKey) => openAndReverify(envelope, recipientId, privateKey),
      close: async () => undefined,
    };
  }
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const queue: { job: Omit<ReverifyJob, 'id'>; resolve: (r: ReverifiedExport) => void; reject: (e: Error) => void }[] =
    [];
  const running = new Map<Worker, { resolve: (r: ReverifiedExport) => void; reject: (e: Error) => void }>();
  let nextId = 0;

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker;
      const { job, resolve, reject } = queue.shift() as (typeof queue)[number];
      running.set(worker, { resolve, reject });
      worker.postMessage({ ...job, id: nextId++ } satisfies ReverifyJob);
    }
  };

  for (let i = 0; i < size; i++) {
    const worker = startWorker();
    worker.on('message', (message: { result?: ReverifiedExport; error?: string }) => {
      const pending = running.get(worker);
      running.delete(worker);
      idle.push(worker);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.result as ReverifiedExport);
      dispatch();
    });
    worker.on('error', (error) => {
      running.get(worker)?.reject(error);
      running.delete(worker);
    });
    // A worker that dies takes no more jobs; with none left, what is queued can never run.
    worker.on('exit', () => {
      all.splice(all.indexOf(worker), 1);
      if (idle.includes(worker)) idle.splice(idle.indexOf(worker), 1);
      if (all.length === 0) {
        for (const { reject } of queue.splice(0)) reject(new Error('every re-verification worker has stopped'));
      }
    });
    all.push(worker);
    idle.push(worker);
  }

  return {
    reverify: (envelope, recipientId, privateKey) =>
      new Promise((resolve, reject) => {
        queue.push({ job: { envelope, recipientId, privateKey }, resolve, reject });
        dispatch();
      }),
    close: async () => {
      await Promise.all([...all].map((w) => w.terminate()));
    },
  };
}
