import { parentPort } from 'node:worker_threads';
import { runHashJob, type HashJob } from './hashJobs';
import { loadKeccak } from './keccak';

export type HashWorkerMessage = { ready: true } | { id: number; digests: Uint8Array } | { id: number; error: string };

/** The hash thread (services/lib/hashThread.ts): one job at a time, digests handed back without a copy. */
if (parentPort) {
  const port = parentPort;
  loadKeccak().then(
    () => {
      port.postMessage({ ready: true } satisfies HashWorkerMessage);
      port.on('message', ({ id, job }: { id: number; job: HashJob }) => {
        try {
          const digests = runHashJob(job);
          port.postMessage({ id, digests } satisfies HashWorkerMessage, [digests.buffer as ArrayBuffer]);
        } catch (error) {
          port.postMessage({
            id,
            error: error instanceof Error ? error.message : String(error),
          } satisfies HashWorkerMessage);
        }
      });
    },
    (error: unknown) => port.postMessage({ id: -1, error: String(error) } satisfies HashWorkerMessage),
  );
}
