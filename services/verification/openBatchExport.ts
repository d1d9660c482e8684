import { gunzipSync } from 'node:zlib';
import { decryptEnvelope } from '../documents/decryptEnvelope';
import type { BatchExport } from '../evidence/evidenceFormat';
import { reverifyBatchExport } from './reverifyBatch';

export interface ReverifiedExport {
  root: string;
  matches: boolean;
  readings: number;
  /** The export's JSON (decrypted, gunzipped), for recomputing the inventory from the same readings. */
  plaintext: Uint8Array;
}

/** Decrypts an encrypted, gzipped batch export for `recipientId` and rebuilds its root. */
export function openAndReverify(envelope: Uint8Array, recipientId: string, privateKey: Uint8Array): ReverifiedExport {
  const plaintext = gunzipSync(decryptEnvelope(envelope, recipientId, privateKey));
  const exp = JSON.parse(plaintext.toString('utf8')) as BatchExport;
  if (exp?.format !== 'nengtan-batch-export/v1' || !Array.isArray(exp.rows) || !Array.isArray(exp.meters)) {
    throw new Error('the document is not a nengtan-batch-export/v1');
  }
  return {
    ...reverifyBatchExport(exp),
    plaintext: new Uint8Array(plaintext.buffer, plaintext.byteOffset, plaintext.length),
  };
}
