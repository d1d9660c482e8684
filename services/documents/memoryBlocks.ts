import type { CID } from 'multiformats/cid';
import { NengtanError } from '../lib/errors';
import type { Block } from './dbBlockstore';
import { cidKey, verifyBlock } from './cids';

/**
 * Blocks held in memory, in the order they were put: the importer writes a file's blocks here first, so that they
 * reach the database in one transaction and a few statements; CAR files are read into one to be checked and walked.
 */
export class MemoryBlocks {
  private readonly byKey = new Map<string, Block>();

  get blocks(): Block[] {
    return [...this.byKey.values()];
  }

  put(cid: CID, bytes: Uint8Array): CID {
    const key = cidKey(cid);
    if (!this.byKey.has(key)) this.byKey.set(key, { cid, bytes });
    return cid;
  }

  /** Adds a block from an untrusted source (a Kubo node, a CAR file): it must hash to its CID. */
  putVerified(cid: CID, bytes: Uint8Array): CID {
    verifyBlock(cid, bytes);
    return this.put(cid, bytes);
  }

  has(cid: CID): boolean {
    return this.byKey.has(cidKey(cid));
  }

  getBlock(cid: CID): Uint8Array {
    const block = this.byKey.get(cidKey(cid));
    if (!block) throw new NengtanError('NT_ERR_DOCUMENT_CONTENT_MISSING', { details: { cid: cid.toString() } });
    return block.bytes;
  }

  *get(cid: CID): Generator<Uint8Array> {
    yield this.getBlock(cid);
  }
}

/** A block sink that keeps nothing: for computing a CID without storing the content. */
export const DISCARD_BLOCKS = { put: (cid: CID): CID => cid };
