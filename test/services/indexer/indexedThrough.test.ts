import { expect } from 'chai';
import { awaitIndexed, indexedThrough } from '../../../services/indexer/indexedThrough';
import { NengtanError } from '../../../services/lib/errors';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const CHAIN = 31337;

describe('indexer: how far the index is, and waiting for a block', function () {
  let db: TestDb;
  const moveCursor = (nextBlock: number) =>
    db.db.query(
      `insert into chain_index_cursors (name, chain_id, next_block) values ('t', $1, $2)
       on conflict (name) do update set next_block = excluded.next_block`,
      [CHAIN, nextBlock],
    );

  beforeEach(async function () {
    db = await createTestDb();
  });

  afterEach(async function () {
    await db?.drop();
  });

  it('is -1 before the first range, then the block below the cursor', async function () {
    const empty = await indexedThrough(db.db, CHAIN);
    await moveCursor(42);
    expect([empty, await indexedThrough(db.db, CHAIN), await indexedThrough(db.db, CHAIN + 1)]).to.deep.equal([
      -1, 41, -1,
    ]);
  });

  it('answers as soon as the index reaches the block', async function () {
    await moveCursor(10);
    const waiting = awaitIndexed(db.db, CHAIN, 20, 5_000);
    setTimeout(() => void moveCursor(25), 200);
    expect(await waiting).to.equal(24);
  });

  it('refuses with NT_ERR_INDEX_BEHIND, saying how far the index is, when the block does not come in time', async function () {
    await moveCursor(10);
    const error = await awaitIndexed(db.db, CHAIN, 20, 150).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(NengtanError);
    expect((error as NengtanError).toJSON()).to.include({
      statusCode: 503,
      code: 'NT_ERR_INDEX_BEHIND',
      indexedBlock: 9,
    });
  });
});
