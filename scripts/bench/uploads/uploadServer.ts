/**
 * The Nengtan API for bench:uploads, alone in its own process as in production: a fresh scratch database, one
 * organisation with a meter, listening on a free port. Tells its parent `{ base, key }` over IPC when ready, and
 * drops the database when told to stop.
 */
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { buildApp } from '../../../services/api/buildApp';
import { migrate } from '../../../services/db/migrate';
import { postgresDb } from '../../../services/db/postgresDb';
import { loadKeccak } from '../../../services/lib/keccak';
import { issueApiKey } from '../../../services/registry/apiKeys';
import { createMeter } from '../../../services/registry/meters';
import { createOrganisation } from '../../../services/registry/organisations';
import { createSite } from '../../../services/registry/sites';
import { loadConfig } from '../../../services/runtime/config';

async function main(): Promise<void> {
  await loadKeccak();
  const [adminUrl, dbName] = process.argv.slice(2);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const db = postgresDb(url.toString());
  await migrate(db);
  const org = await createOrganisation(db, { name: 'Upload Bench Steel' });
  const site = await createSite(db, org.id, { name: 'Plant' });
  await createMeter(db, org.id, { siteId: site.id, externalId: 'A-E1', energyKind: 'electricity', timeZone: 'UTC' });
  const key = (await issueApiKey(db, { orgId: org.id, name: 'bench', scopes: ['ingest'] })).key;
  // The embedded defaults, as `npm start` runs them (rate limits on), with the data directory in memory.
  const app = await buildApp({ config: loadConfig({ NENGTAN_DATA_DIR: ':memory:' }), db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  process.send?.({ base, key });
  process.once('message', async () => {
    await app.close();
    await db.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
