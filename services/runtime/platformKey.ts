import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { withTransaction, type Db } from '../db/db';
import { findKeyByPrefix, hasPlatformKey, issueApiKey, newApiKey } from '../registry/apiKeys';
import { writeFileDurably } from './writeFileDurably';

const ROTATE_HINT = 'npm run nengtan -- rotate-platform-key';

/**
 * Makes sure a platform operator key exists. NENGTAN_PLATFORM_KEY installs a chosen key; otherwise, on first start,
 * a key is created and written to <dataDir>/platform-key (readable by the owner only), since it is shown nowhere else.
 * The file is written durably before the key's hash is stored, so a start that fails between the two leaves a key
 * file the database has never seen: the next start installs it. Returns where the key can be found, for the banner.
 */
export async function ensurePlatformKey(
  db: Db,
  options: { platformKey?: string; dataDir: string | null },
): Promise<string> {
  if (options.platformKey) {
    await installUnknownKey(db, options.platformKey, 'platform (NENGTAN_PLATFORM_KEY)');
    return 'NENGTAN_PLATFORM_KEY';
  }
  const file = options.dataDir ? platformKeyFile(options.dataDir) : null;
  if (file && existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    const state = await installUnknownKey(db, key, 'platform (key file)');
    return state === 'revoked' ? `${file} (revoked: run ${ROTATE_HINT})` : file;
  }
  if (await hasPlatformKey(db)) return `issued earlier (lost? run ${ROTATE_HINT})`;
  const key = newApiKey();
  if (file) {
    // With DATABASE_URL nothing else has created the data directory yet.
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileDurably(file, key + '\n');
  }
  await issueApiKey(db, { orgId: null, name: 'platform (first start)', scopes: ['platform'], key });
  return file ?? key;
}

/**
 * The operator's recovery: revokes every platform key and issues a new one, written to <dataDir>/platform-key first
 * (a failure afterwards leaves a key file that the next start installs). Returns the new key and where it is.
 */
export async function rotatePlatformKey(
  db: Db,
  options: { dataDir: string | null },
): Promise<{ key: string; file: string | null; revoked: number }> {
  const key = newApiKey();
  const file = options.dataDir ? platformKeyFile(options.dataDir) : null;
  if (file) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileDurably(file, key + '\n');
  }
  const revoked = await withTransaction(db, async (tx) => {
    const { rowCount } = await tx.query(
      "update api_keys set revoked_at = now() where org_id is null and revoked_at is null and 'platform' = any (scopes)",
    );
    await issueApiKey(tx, { orgId: null, name: 'platform (rotate-platform-key)', scopes: ['platform'], key });
    return rowCount ?? 0;
  });
  return { key, file, revoked };
}

/** Stores `key` unless the database knows its prefix already; a known key is never revived once revoked. */
async function installUnknownKey(db: Db, key: string, name: string): Promise<'installed' | 'live' | 'revoked'> {
  const prefix = key.split('_')[1] ?? '';
  const known = await findKeyByPrefix(db, prefix);
  if (!known) {
    await issueApiKey(db, { orgId: null, name, scopes: ['platform'], key });
    return 'installed';
  }
  return known.revoked ? 'revoked' : 'live';
}

function platformKeyFile(dataDir: string): string {
  return path.join(dataDir, 'platform-key');
}

export function readPlatformKeyFile(dataDir: string): string | undefined {
  const file = platformKeyFile(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}
