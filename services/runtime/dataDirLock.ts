import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One process per data directory: embedded PGlite and the chain journal must never be opened twice. The lock file
 * holds the owner's pid; a lock left by a process that no longer exists (a crash) is taken over.
 */
const held = new Set<string>();

export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'nengtan.pid');
  if (held.has(file)) throw new Error(`data directory ${dataDir} is in use by process ${process.pid} (this one)`);
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    const owner = Number(readFileSync(file, 'utf8'));
    if (owner !== process.pid && isAlive(owner)) {
      throw new Error(`data directory ${dataDir} is in use by process ${owner}; stop it or set NENGTAN_DATA_DIR`);
    }
    writeFileSync(file, String(process.pid));
  }
  held.add(file);
  return () => {
    held.delete(file);
    rmSync(file, { force: true });
  };
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
