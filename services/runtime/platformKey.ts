import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/db';
import { findKeyByPrefix, hasPlatformKey, issueApiKey } from '../registry/apiKeys';

/**
 * Makes sure a platform operator key exists. NENGTAN_PLATFORM_KEY installs a chosen key; otherwise, on first start,
 * a key is issued and written to <dataDir>/platform-key (readable by the owner only), since it is shown nowhere else.
 * Returns where the key can be found, for the start banner.
 */
export async function ensurePlatformKey(
  db: Db,
  options: { platformKey?: string; dataDir: string | null },
): Promise<string> {
  if (options.platformKey) {
    const prefix = options.platformKey.split('_')[1] ?? '';
    if (!(await findKeyByPrefix(db, prefix))) {
      await issueApiKey(db, {
        orgId: null,
        name: 'platform (NENGTAN_PLATFORM_KEY)',
        scopes: ['platform'],
        key: options.platformKey,
      });
    }
    return 'NENGTAN_PLATFORM_KEY';
  }
  const file = options.dataDir ? path.join(options.dataDir, 'platform-key') : null;
  if (await hasPlatformKey(db)) return file && existsSync(file) ? file : 'issued earlier (see the first start)';
  const issued = await issueApiKey(db, { orgId: null, name: 'platform (first start)', scopes: ['platform'] });
  if (file) {
    writeFileSync(file, issued.key + '\n', { mode: 0o600 });
    return file;
  }
  return issued.key;
}

export function readPlatformKeyFile(dataDir: string): string | undefined {
  const file = path.join(dataDir, 'platform-key');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}
