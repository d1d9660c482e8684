/**
 * bench:console — issue 10's numbers for 100 meters × one year of 15-minute readings (3.5 M) in PostgreSQL:
 *   (a) the API calls the cockpit makes on one load (Cockpit.tsx, cockpit/Comparison.tsx), p95 per call over
 *       ≥ 20 loads, goal ≤ 300 ms;
 *   (b) one meter's year as the monitoring page asks for it (GET /v1/series, its default resolution and width):
 *       payload gzip size, goal ≤ 2 MB; uPlot's draw in headless Chromium, goal ≤ 100 ms;
 *   (c) the cockpit's first chart drawn on a cold load in headless Chromium, goal ≤ 2.5 s.
 *
 * The API runs in its own process (console/consoleServer.ts) on a fresh scratch database.
 *
 *   npm run bench:console [-- --meters 100 --days 365 --loads 20]
 *   TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is where the scratch database is created.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { browserFigures } from './console/browserFigures';
import { loadCockpitCalls } from './console/cockpitCalls';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const at = (ms: number[], p: number) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const verdict = (met: boolean) => (met ? 'goal met' : 'goal NOT met');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

interface Ready {
  base: string;
  key: string;
  readings: number;
  from: string;
  to: string;
  seconds: number;
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) => reject(new Error(`the bench server exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const meters = option('meters', 100);
  const days = option('days', 365);
  const loads = Math.max(20, option('loads', 20));
  const loadBefore = load();
  const server = fork(
    path.join(__dirname, 'console', 'consoleServer.ts'),
    [ADMIN_URL, `nengtan_bench_${randomBytes(4).toString('hex')}`, String(meters), String(days)],
    { execArgv: ['-r', 'ts-node/register/transpile-only'] },
  );
  try {
    const ready = await nextMessage<Ready>(server);
    // (a) Two loads to warm up (the first compiles the routes' code and fills the pools), then the measured ones.
    for (let i = 0; i < 2; i++) await loadCockpitCalls(ready.base, ready.key, new Date());
    const calls = new Map<string, number[]>();
    const totals: number[] = [];
    let callCount = 0;
    for (let i = 0; i < loads; i++) {
      const one = await loadCockpitCalls(ready.base, ready.key, new Date());
      for (const [kind, ms] of one.calls) calls.set(kind, [...(calls.get(kind) ?? []), ...ms]);
      totals.push(one.totalMs);
      callCount = one.callCount;
    }
    const worst = Math.max(...[...calls.values()].map((ms) => at(ms, 95)));
    // (b) and (c)
    const browser = await browserFigures(ready.base, ready.key, new Date(ready.from), { draw: 5, cold: 3 });
    // For scale: the same year at 15 minutes with the most points the API gives (width 10000), fetched here.
    const densest = await fetch(
      `${ready.base}/v1/series?meter=M000&from=${encodeURIComponent(ready.from)}&to=${encodeURIComponent(ready.to)}&resolution=15min&width=10000`,
      { headers: { authorization: `Bearer ${ready.key}` } },
    );
    const densestBody = Buffer.from(await densest.arrayBuffer());
    if (!densest.ok) throw new Error(`GET /v1/series at 15min answered ${densest.status}`);
    const drawMedian = at(browser.drawMs, 50);
    const coldMedian = at(browser.cockpitMs, 50);
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(3);

    const lines = [
      'bench:console',
      `date        ${new Date().toISOString()}`,
      `node        ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadBefore} at start, ${load()} at end`,
      `data        ${ready.readings} readings (${meters} meters × ${days} days of 15 min, ${ready.from} – ${ready.to}) and their daily rollups, written in ${ready.seconds.toFixed(1)} s`,
      '',
      `(a) the cockpit's API calls, ${loads} loads of ${callCount} calls (5 at once, as a browser with the live stream open):`,
      ...[...calls.entries()].map(
        ([kind, ms]) =>
          `    ${kind.padEnd(46)} p50 ${at(ms, 50).toFixed(0).padStart(5)} ms  p95 ${at(ms, 95).toFixed(0).padStart(5)} ms  (${ms.length} calls)`,
      ),
      `    whole load (first call to last answer)         p50 ${at(totals, 50).toFixed(0).padStart(5)} ms  p95 ${at(totals, 95).toFixed(0).padStart(5)} ms`,
      `(b) ${browser.payload.url.slice(0, 160)}`,
      `    ${browser.payload.points} points, ${mb(browser.payload.bytes)} MB, ${mb(browser.payload.gzipBytes)} MB gzip; uPlot draw ${browser.drawMs.map((m) => m.toFixed(1)).join(', ')} ms`,
      `    for scale: the year at 15min, width 10000 (the API's most): ${mb(densestBody.length)} MB, ${mb(gzipSync(densestBody).length)} MB gzip`,
      `(c) cockpit first chart drawn on a cold load: ${browser.cockpitMs.map((m) => m.toFixed(0)).join(', ')} ms since navigation start`,
      '',
      `bench:console cockpit API p95 of the slowest call = ${worst.toFixed(0)} ms  (goal <= 300 ms: ${verdict(worst <= 300)})`,
      `              a meter's year as a chart payload = ${mb(browser.payload.gzipBytes)} MB gzip  (goal <= 2 MB: ${verdict(browser.payload.gzipBytes <= 2 * 1024 * 1024)})`,
      `              drawn in ${drawMedian.toFixed(1)} ms (median of ${browser.drawMs.length})  (goal <= 100 ms: ${verdict(drawMedian <= 100)})`,
      `              cockpit first chart, cold load = ${(coldMedian / 1000).toFixed(2)} s (median of ${browser.cockpitMs.length})  (goal <= 2.5 s: ${verdict(coldMedian <= 2500)})`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    if (server.connected) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.send('stop');
      await exited;
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
