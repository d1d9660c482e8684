import type { Db } from '../db/db';
import { addFile } from './addFile';
import { catFile } from './catFile';
import { parseCid } from './cids';
import { DbBlockstore } from './dbBlockstore';
import type { DocumentStore } from './documentStore';
import { MemoryBlocks } from './memoryBlocks';
import { walkDag } from './walkDag';
import { writeCar } from './writeCar';

/** The document store over the database's `ipfs_blocks` table: real CIDs, no IPFS daemon. */
export function embeddedDocumentStore(db: Db): DocumentStore {
  const blockstore = new DbBlockstore(db, db.kind);
  return {
    kind: 'embedded',

    async add(bytes) {
      // The importer writes into memory first; the blocks then go to the database in one transaction, so a file is
      // stored whole or not at all, in a few statements instead of one round trip per 256 KiB chunk.
      const staged = new MemoryBlocks();
      const cid = await addFile(staged, bytes);
      await db.transaction((tx) => new DbBlockstore(tx, db.kind).putMany(staged.blocks));
      return cid.toString();
    },

    async cat(cid) {
      return catFile(blockstore, await parseCid(cid));
    },

    async exportCar(cids) {
      const roots = await Promise.all(cids.map(parseCid));
      return writeCar(roots, walkDag(blockstore, roots));
    },
  };
}
