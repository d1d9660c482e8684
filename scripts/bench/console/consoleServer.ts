/**
 * The Nengtan API and console for bench:console, alone in its own process as in production: a fresh scratch
 * PostgreSQL database loaded with a year of readings (loadYear), the embedded defaults otherwise (no chain: the pages
 * measured read no anchors), listening on a free port. Tells its parent `{ base, key, readings, ... }` over IPC when
 * ready, and drops the database when told to stop.
 */
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { buildApp } from '../../../services/api/buildApp';
import { migrate } from '../../../services/db/migrate';
import { postgresDb } from '../../../services/db/postgresDb';
import { loadKeccak } from '../../../services/lib/keccak';
import { loadConfig } from '../../../services/runtime/config';
import { loadYear } from './loadYear';

async function main(): Promise<void> {
  await loadKeccak();
  const [adminUrl, dbName, meters, days] = process.argv.slice(2);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const db = postgresDb(url.toString());
  const stop = async () => {
    await db.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  };
  try {
    await migrate(db);
    const loaded = await loadYear(db, Number(meters), Number(days));
    // Rate limit off: the bench replays the cockpit's calls back to back, far more often than a person reloads it.
    const app = await buildApp({ config: loadConfig({ NENGTAN_DATA_DIR: ':memory:', RATE_LIMIT_MAX: '0' }), db });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    process.send?.({
      base,
      key: loaded.key,
      readings: loaded.readings,
      from: loaded.from.toISOString(),
      to: loaded.to.toISOString(),
      seconds: loaded.seconds,
    });
    process.once('message', async () => {
      await app.close();
      await stop();
      process.exit(0);
    });
  } catch (error) {
    await stop();
    throw error;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
