import type { Db } from '../../services/db/db';
import { indexToHead } from '../../services/indexer/chainIndexer';
import { indexedContracts } from '../../services/indexer/indexedContracts';
import type { TestChain } from './testChain';

/** Mirrors the test chain into the test database up to its head, as the indexer Nengtan starts would. */
export function indexChain(db: Db, chain: TestChain) {
  return indexToHead(db, chain.provider, indexedContracts(chain.deployment), {
    name: 'test',
    confirmations: 0,
    maxBlocks: 1000,
    startBlock: chain.deployment.deployedAtBlock,
  });
}
