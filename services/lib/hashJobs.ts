import { keccak256Each } from './keccak';
import { leavesWithRawHashes } from './leafSchema';

/**
 * The hashing of one ingest request, as a value that can cross to the hash thread: every array is plain bytes or
 * u32s, so it is transferred without a copy.
 * - `each`: keccak256 of each message (message i ends at `ends[i]`), 32 bytes per message.
 * - `leaves`: raw hashes written into the leaf encodings, then the leaves (see {@link leavesWithRawHashes}).
 */
export type HashJob =
  | { kind: 'each'; messages: Uint8Array; ends: Uint32Array }
  | { kind: 'leaves'; encodings: Uint8Array; ends: Uint32Array; rawMessages: Uint8Array; rawEnds: Uint32Array };

/** Runs a job on the calling thread (keccak loaded). */
export function runHashJob(job: HashJob): Uint8Array {
  if (job.kind === 'each') {
    const out = new Uint8Array(32 * job.ends.length);
    keccak256Each(job.messages, job.ends, out);
    return out;
  }
  return leavesWithRawHashes(job.encodings, job.ends, job.rawMessages, job.rawEnds);
}

/** Messages in the job: what its cost grows with. */
export function hashJobSize(job: HashJob): number {
  return job.ends.length;
}

/** The job's arrays, each made to own its memory (copied only when it is a view into a larger buffer). */
export function ownedHashJob(job: HashJob): { job: HashJob; transfer: ArrayBuffer[] } {
  const own = <T extends Uint8Array | Uint32Array>(a: T): T =>
    a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer
      ? a
      : (a.slice() as T);
  const owned: HashJob =
    job.kind === 'each'
      ? { kind: 'each', messages: own(job.messages), ends: own(job.ends) }
      : {
          kind: 'leaves',
          encodings: own(job.encodings),
          ends: own(job.ends),
          rawMessages: own(job.rawMessages),
          rawEnds: own(job.rawEnds),
        };
  const arrays =
    owned.kind === 'each'
      ? [owned.messages, owned.ends]
      : [owned.encodings, owned.ends, owned.rawMessages, owned.rawEnds];
  return { job: owned, transfer: [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))] };
}
