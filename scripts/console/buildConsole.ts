/**
 * npm run build:console: builds the browser console (console/ → dist/console) with Vite when the bundle is missing or
 * stale. Staleness is a hash of every source file and of the versions of the packages that go into the bundle, kept in
 * dist/console/.source-hash: mtimes change on checkout and copy, a hash changes only with the content.
 * `--force` builds regardless.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
export const CONSOLE_SOURCE = path.join(ROOT, 'console');
export const CONSOLE_BUNDLE = path.join(ROOT, 'dist', 'console');
const STAMP = path.join(CONSOLE_BUNDLE, '.source-hash');
const BUNDLED_PACKAGES = ['vite', 'preact', 'uplot', 'echarts', 'ethers'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? sourceFiles(full) : [full];
    })
    .sort();
}

/** A package's version from its package.json, found next to its entry point (some packages do not export the file). */
function packageVersion(name: string): string {
  for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === name && manifest.version) return manifest.version;
  }
  throw new Error(`no package.json found for ${name}`);
}

export function consoleSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(CONSOLE_SOURCE)) {
    hash.update(path.relative(CONSOLE_SOURCE, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const name of BUNDLED_PACKAGES) {
    hash.update(`${name}@${packageVersion(name)}\0`);
  }
  return hash.digest('hex');
}

export function consoleIsFresh(): boolean {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === consoleSourceHash();
}

export async function buildConsole(): Promise<void> {
  // Vite's types resolve only under "bundler" module resolution; the one call used here is typed locally.
  const viteModule = 'vite';
  const { build } = (await import(viteModule)) as { build: (config: Record<string, unknown>) => Promise<unknown> };
  await build({
    root: CONSOLE_SOURCE,
    configFile: false,
    logLevel: 'warn',
    base: '/',
    // Preact through the automatic JSX runtime: no Babel, no framework plugin.
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: { outDir: CONSOLE_BUNDLE, emptyOutDir: true, assetsInlineLimit: 0, chunkSizeWarningLimit: 600 },
  });
  writeFileSync(STAMP, consoleSourceHash() + '\n');
}

async function main(): Promise<void> {
  if (!process.argv.includes('--force') && consoleIsFresh()) return;
  const started = Date.now();
  await buildConsole();
  process.stdout.write(`console built into ${path.relative(ROOT, CONSOLE_BUNDLE)} in ${Date.now() - started} ms\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`console build failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
