import { parentPort } from 'node:worker_threads';
import { loadKeccak } from '../lib/keccak';
import { openAndReverify } from './openBatchExport';

export interface ReverifyJob {
  id: number;
  envelope: Uint8Array;
  recipientId: string;
  privateKey: Uint8Array;
}

/** Worker thread of the re-verification pool: one batch export at a time, the plaintext handed back without a copy. */
if (parentPort) {
  const port = parentPort;
  const ready = loadKeccak();
  port.on('message', (job: ReverifyJob) => {
    ready
      .then(() => {
        const result = openAndReverify(job.envelope, job.recipientId, job.privateKey);
        port.postMessage({ id: job.id, result }, [result.plaintext.buffer as ArrayBuffer]);
      })
      .catch((error: unknown) => {
        port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
      });
  });
}
