import path from 'node:path';
import type { Db } from './db';
import { postgresDb } from './postgresDb';
import { pgliteDb } from './pgliteDb';

/** PostgreSQL when `databaseUrl` is set, else PGlite under `<dataDir>/pglite` (in memory when dataDir is null). */
export async function openDb(config: { databaseUrl?: string; dataDir: string | null; poolSize?: number }): Promise<Db> {
  if (config.databaseUrl) return postgresDb(config.databaseUrl, { max: config.poolSize });
  return pgliteDb(config.dataDir === null ? undefined : path.join(config.dataDir, 'pglite'));
}
