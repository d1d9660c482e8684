import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { JsonRpcProvider } from 'ethers';
import { startChainIndexer } from '../../../services/indexer/chainIndexer';
import { indexChainEvents, type IndexerOptions } from '../../../services/indexer/indexChainEvents';
import { indexedContracts, type IndexedContract } from '../../../services/indexer/indexedContracts';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const hex32 = () => `0x${randomBytes(32).toString('hex')}`;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Mirroring the chain into PostgreSQL: complete, idempotent, resumable, reorg-safe, patient with a chain that is down. */
describe('chain indexer', function () {
  this.timeout(120_000);
  let db: TestDb;
  let chain: TestChain;
  let contracts: IndexedContract[];
  let options: IndexerOptions;
  let cursor = 0;

  /** Anchors `count` batches in one transaction: `count` BatchAnchored events in one block. */
  async function anchor(count: number): Promise<void> {
    const tx = await chain.anchorRegistry.anchorBatches(
      Array.from({ length: count }, () => ({
        batchId: hex32(),
        root: hex32(),
        orgId: hex32(),
        leafCount: 10,
        periodStart: 1_740_758_400,
        periodEnd: 1_740_759_300,
      })),
    );
    await tx.wait();
  }

  /** What the chain holds, straight from eth_getLogs: (block, log index) of every event of the contracts. */
  async function chainEvents(): Promise<string[]> {
    const logs = await chain.provider.getLogs({
      address: contracts.map((c) => c.address),
      fromBlock: options.startBlock,
      toBlock: 'latest',
    });
    return logs.map((l) => `${l.blockNumber}:${l.index}`);
  }

  async function indexedEvents(): Promise<string[]> {
    const { rows } = await db.db.query<{ block_number: string; log_index: number }>(
      'select block_number, log_index from chain_events where chain_id = $1 order by block_number, log_index',
      [chain.chainId],
    );
    return rows.map((r) => `${r.block_number}:${r.log_index}`);
  }

  async function catchUp(o: IndexerOptions = options) {
    for (;;) {
      const step = await indexChainEvents(db.db, chain.provider, contracts, o);
      if (step.caughtUp) return;
    }
  }

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    contracts = indexedContracts(chain.deployment);
    options = { name: 'main', confirmations: 0, maxBlocks: 1000, startBlock: chain.deployment.deployedAtBlock };
    for (let i = 0; i < 5; i++) await anchor(7);
  });

  beforeEach(function () {
    cursor++;
  });

  after(async function () {
    await Promise.all([db?.drop(), chain?.close()]);
  });

  it('mirrors every event of the contracts', async function () {
    await catchUp();
    expect(await indexedEvents()).to.deep.equal(await chainEvents());
  });

  it('stores the named, decoded arguments', async function () {
    const { rows } = await db.db.query<{ args: Record<string, string> }>(
      "select args from chain_events where event = 'BatchAnchored' limit 1",
    );
    expect(rows[0].args).to.include({ leafCount: '10', periodStart: '1740758400' });
  });

  it('adds nothing when run again', async function () {
    const before = await indexedEvents();
    await catchUp();
    expect(await indexedEvents()).to.deep.equal(before);
  });

  it('resumes after a stop mid-way without duplicates or gaps', async function () {
    const o = { ...options, name: `resume-${cursor}`, maxBlocks: 2 };
    await db.db.query('delete from chain_events');
    await indexChainEvents(db.db, chain.provider, contracts, o); // stopped after one step
    for (let i = 0; i < 3; i++) await anchor(3); // the chain moves on meanwhile
    await catchUp(o); // restarted
    expect(await indexedEvents()).to.deep.equal(await chainEvents());
  });

  it('waits for confirmations before indexing a block', async function () {
    const o = { ...options, name: `confirmations-${cursor}`, confirmations: 2 };
    await catchUp(o);
    await anchor(4);
    await catchUp(o);
    const { rows } = await db.db.query<{ next_block: string }>(
      'select next_block from chain_index_cursors where name = $1',
      [o.name],
    );
    expect(Number(rows[0].next_block)).to.equal((await chain.provider.getBlockNumber()) - 1);
  });

  describe('when the chain reorganises', function () {
    it('removes the events of abandoned blocks and indexes the new ones', async function () {
      const o = { ...options, name: `reorg-${cursor}` };
      await db.db.query('delete from chain_events');
      await catchUp(o);
      const hardhat = chain.embedded?.provider as {
        request(a: { method: string; params?: unknown[] }): Promise<unknown>;
      };
      const snapshot = await hardhat.request({ method: 'evm_snapshot' });
      await anchor(2);
      await anchor(2);
      await catchUp(o); // indexes two blocks that are about to be abandoned
      await hardhat.request({ method: 'evm_revert', params: [snapshot] });
      await anchor(5); // a different block at the same height
      await anchor(1);
      await anchor(1);
      await catchUp(o);
      expect(await indexedEvents()).to.deep.equal(await chainEvents());
    });
  });

  describe('when the chain is down', function () {
    it('fails the step and leaves the cursor where it was', async function () {
      const o = { ...options, name: `down-${cursor}` };
      await catchUp(o);
      const { rows: before } = await db.db.query('select next_block from chain_index_cursors where name = $1', [
        o.name,
      ]);
      const down = new JsonRpcProvider('http://127.0.0.1:9', chain.chainId, { staticNetwork: true });
      const failed = await indexChainEvents(db.db, down, contracts, o).then(
        () => false,
        () => true,
      );
      down.destroy();
      const { rows: after } = await db.db.query('select next_block from chain_index_cursors where name = $1', [o.name]);
      expect([failed, after]).to.deep.equal([true, before]);
    });

    it('the background indexer pauses, retries and catches up once the chain answers', async function () {
      const o = { ...options, name: `background-${cursor}`, intervalMs: 20 };
      let down = true;
      // The real provider, failing every call while `down`.
      const flaky = new Proxy(chain.provider, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (down) return Promise.reject(new Error('connect ECONNREFUSED'));
            return value.apply(target, args);
          };
        },
      });
      let paused!: () => void;
      const pausedOnce = new Promise<void>((resolve) => (paused = resolve));
      const indexer = startChainIndexer(db.db, flaky, contracts, o, { ...quiet, warn: () => paused() });
      await pausedOnce;
      down = false;
      await anchor(3);
      await indexer.catchUp();
      await indexer.stop();
      const { rows } = await db.db.query<{ next_block: string }>(
        'select next_block from chain_index_cursors where name = $1',
        [o.name],
      );
      expect(Number(rows[0].next_block)).to.equal((await chain.provider.getBlockNumber()) + 1);
    });
  });
});
