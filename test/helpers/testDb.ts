import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../services/db/db';
import { migrate } from '../../services/db/migrate';
import { pgliteDb } from '../../services/db/pgliteDb';
import { postgresDb } from '../../services/db/postgresDb';
import { loadKeccak } from '../../services/lib/keccak';

/** Which database the service tests run on: TEST_DB=pglite for embedded PGlite, else the real PostgreSQL. */
export const TEST_DB_KIND: 'postgres' | 'pglite' = process.env.TEST_DB === 'pglite' ? 'pglite' : 'postgres';
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDb {
  db: Db;
  /** Connection string of the fresh database (PostgreSQL only), for child processes. */
  url?: string;
  drop(): Promise<void>;
}

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, migrated database for one test file: its own PostgreSQL database, or a new in-memory PGlite. */
export async function createTestDb(options: { kind?: 'postgres' | 'pglite' } = {}): Promise<TestDb> {
  await loadKeccak();
  const kind = options.kind ?? TEST_DB_KIND;
  if (kind === 'pglite') {
    const db = await pgliteDb();
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const name = `nengtan_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = databaseUrl(name);
  const db = postgresDb(url, { max: 8 });
  await migrate(db);
  return {
    db,
    url,
    async drop() {
      await db.close();
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
