import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from '../../../services/db/migrate';
import { openDb } from '../../../services/db/openDb';
import type { Db } from '../../../services/db/db';
import { authenticateApiKey } from '../../../services/registry/apiKeys';
import { ensurePlatformKey } from '../../../services/runtime/platformKey';
import { runCli } from '../../helpers/runCli';
import { createTestDb, TEST_DB_KIND, type TestDb } from '../../helpers/testDb';

/** Administrable: the key in the data directory's key file authenticates as a platform key. */
async function administrable(db: Db, dataDir: string): Promise<boolean> {
  const key = readFileSync(path.join(dataDir, 'platform-key'), 'utf8').trim();
  const principal = await authenticateApiKey(db, key);
  return principal?.scopes.includes('platform') ?? false;
}

describe('platform key bootstrap', function () {
  let t: TestDb;
  let dataDir: string;

  beforeEach(async function () {
    t = await createTestDb();
    dataDir = mkdtempSync(path.join(tmpdir(), 'nengtan-platform-key-'));
  });
  afterEach(async function () {
    await t.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the key file into a data directory that does not exist yet (DATABASE_URL, fresh data directory)', async function () {
    const fresh = path.join(dataDir, 'not-yet');
    await ensurePlatformKey(t.db, { dataDir: fresh });
    expect(await administrable(t.db, fresh)).to.equal(true);
  });

  describe('when the first start fails writing the key file', function () {
    it('stays administrable once the cause is removed', async function () {
      // Fault: the key file's place is taken by a directory, so writing the file fails.
      mkdirSync(path.join(dataDir, 'platform-key'));
      const error = await ensurePlatformKey(t.db, { dataDir }).catch((e: Error) => e);
      expect(error).to.be.instanceOf(Error);
      rmSync(path.join(dataDir, 'platform-key'), { recursive: true });
      await ensurePlatformKey(t.db, { dataDir });
      expect(await administrable(t.db, dataDir)).to.equal(true);
    });
  });

  describe('when the first start fails storing the key', function () {
    it('installs the key of the file at the next start', async function () {
      // Fault: the database refuses the insert, after the key file was written.
      await t.db.query(`create function refuse_keys() returns trigger language plpgsql as $$
        begin raise exception 'injected fault'; end $$`);
      await t.db.query(
        'create trigger refuse_keys before insert on api_keys for each row execute function refuse_keys()',
      );
      const error = await ensurePlatformKey(t.db, { dataDir }).catch((e: Error) => e);
      expect(String(error)).to.match(/injected fault/);
      await t.db.query('drop trigger refuse_keys on api_keys');
      await ensurePlatformKey(t.db, { dataDir });
      expect(await administrable(t.db, dataDir)).to.equal(true);
    });
  });

  it('does not revive a revoked key found in the key file', async function () {
    await ensurePlatformKey(t.db, { dataDir });
    await t.db.query("update api_keys set revoked_at = now() where 'platform' = any (scopes)");
    const where = await ensurePlatformKey(t.db, { dataDir });
    expect([where.includes('rotate-platform-key'), await administrable(t.db, dataDir)]).to.deep.equal([true, false]);
  });
});

describe('npm run nengtan -- rotate-platform-key', function () {
  this.timeout(120_000);
  let t: TestDb | undefined;
  let dataDir: string;
  let env: Record<string, string>;
  let oldKey: string;
  let out: string;

  /** PostgreSQL, or the embedded PGlite in the data directory (opened while the command is not running). */
  async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    if (t) return fn(t.db);
    const db = await openDb({ dataDir });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  before(async function () {
    dataDir = mkdtempSync(path.join(tmpdir(), 'nengtan-rotate-'));
    if (TEST_DB_KIND === 'postgres') t = await createTestDb();
    oldKey = await withDb(async (db) => {
      if (!t) await migrate(db);
      await ensurePlatformKey(db, { dataDir });
      return readFileSync(path.join(dataDir, 'platform-key'), 'utf8').trim();
    });
    env = { NENGTAN_DATA_DIR: dataDir, DATABASE_URL: t?.url ?? '' };
    const run = await runCli(env, 'rotate-platform-key');
    if (run.status !== 0) throw new Error(`rotate-platform-key failed: ${run.stderr}`);
    out = run.stdout;
  });
  after(async function () {
    await t?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints where the new key is', function () {
    expect(out).to.include(path.join(dataDir, 'platform-key'));
  });
  it('writes a new key that authenticates as a platform key', async function () {
    expect(await withDb((db) => administrable(db, dataDir))).to.equal(true);
  });
  it('revokes the old key', async function () {
    expect(await withDb((db) => authenticateApiKey(db, oldKey))).to.equal(undefined);
  });
});
