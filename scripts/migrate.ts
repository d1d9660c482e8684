/** npm run db:migrate: applies pending migrations to DATABASE_URL (or the embedded PGlite data directory). */
import { loadConfig } from '../services/runtime/config';
import { lockDataDir } from '../services/runtime/dataDirLock';
import { migrate } from '../services/db/migrate';
import { openDb } from '../services/db/openDb';

async function main(): Promise<void> {
  const config = loadConfig();
  const unlock = config.dataDir && !config.databaseUrl ? lockDataDir(config.dataDir) : () => undefined;
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrate(db);
    process.stdout.write(
      applied.length > 0 ? `applied migrations ${applied.join(', ')}\n` : 'database is up to date\n',
    );
  } finally {
    await db.close();
    unlock();
  }
}

main().catch((error) => {
  process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
