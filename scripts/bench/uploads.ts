/**
 * bench:uploads — how long /health takes to answer while three 50 MB CSV uploads are being refused (issue 9, defect
 * 7: "/health answers within 200 ms while three 50 MB uploads are refused"), against the same polls with no upload,
 * in the same run.
 *
 * Three processes, as in production, where the clients are not the server: the API (uploads/uploadServer.ts) on a
 * scratch PostgreSQL database with the embedded defaults, the uploading clients (uploads/uploader.ts), and this one,
 * which only polls /health (a new connection per poll, 5 ms apart) and watches the server's memory.
 *
 *   npm run bench:uploads [-- --rounds 8 --size-mb 50]
 *   TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is where the scratch database is created.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { timedGet } from '../../test/helpers/httpUpload';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const GOAL_MS = 200;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

function child(file: string, args: string[]): ChildProcess {
  return fork(path.join(__dirname, 'uploads', file), args, { execArgv: ['-r', 'ts-node/register/transpile-only'] });
}

function nextMessage<T>(process: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    process.once('message', (message) => resolve(message as T));
    process.once('exit', (code) => reject(new Error(`${process.spawnargs.join(' ')} exited with ${code}`)));
  });
}

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : NaN;
}

function summary(ms: number[]): { p50: number; p90: number; p99: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: at(50), p90: at(90), p99: at(99), max: sorted[sorted.length - 1] };
}

const line = (s: { p50: number; p90: number; p99: number; max: number }, n: number) =>
  `p50 ${s.p50.toFixed(1)} ms, p90 ${s.p90.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms over ${n} polls`;

async function main(): Promise<void> {
  const rounds = option('rounds', 8);
  const sizeMb = option('size-mb', 50);
  const server = child('uploadServer.ts', [ADMIN_URL, `nengtan_bench_${randomBytes(4).toString('hex')}`]);
  try {
    const { base, key } = await nextMessage<{ base: string; key: string }>(server);
    const serverPid = server.pid as number;
    const poll = async () => {
      const { status, ms } = await timedGet(`${base}/health`);
      if (status !== 200) throw new Error(`/health answered ${status}`);
      return ms;
    };
    for (let i = 0; i < 20; i++) await poll(); // warm up: the first requests compile the routes' code
    const idle: number[] = [];
    for (let i = 0; i < 200; i++) {
      idle.push(await poll());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    const rssBefore = rssMb(serverPid);
    let rssPeak = rssBefore;
    const uploader = child('uploader.ts', [base, key, String(sizeMb * 1024 * 1024), String(rounds), 'three']);
    const answered = nextMessage<{ answers: (number | string)[] }>(uploader);
    let done = false;
    void answered.finally(() => (done = true)).catch(() => undefined);
    const busy: number[] = [];
    const started = performance.now();
    while (!done) {
      busy.push(await poll());
      rssPeak = Math.max(rssPeak, rssMb(serverPid));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const { answers: statuses } = await answered;
    const seconds = (performance.now() - started) / 1000;

    const idleSummary = summary(idle);
    const busySummary = summary(busy);
    const refused = statuses.filter((s) => s === 413).length;
    console.log('bench:uploads');
    console.log(`date        ${new Date().toISOString()}`);
    console.log(
      `node        ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(`uploads     ${rounds} rounds of 3 × ${sizeMb} MB at once in ${seconds.toFixed(1)} s`);
    console.log(
      `            answered ${statuses.length}: ${refused} × 413, others ${JSON.stringify(statuses.filter((s) => s !== 413))}`,
    );
    console.log(`idle        /health ${line(idleSummary, idle.length)}`);
    console.log(`uploading   /health ${line(busySummary, busy.length)}`);
    console.log(`memory      server RSS ${rssBefore.toFixed(0)} MB before, ${rssPeak.toFixed(0)} MB at peak`);
    console.log('');
    const verdict = (ms: number) => (ms <= GOAL_MS ? 'goal met' : 'goal NOT met');
    console.log(
      `bench:uploads /health p99 while refusing = ${busySummary.p99.toFixed(1)} ms  (goal <= ${GOAL_MS} ms: ${verdict(busySummary.p99)})`,
    );
    console.log(
      `              /health max while refusing = ${busySummary.max.toFixed(1)} ms  (goal <= ${GOAL_MS} ms: ${verdict(busySummary.max)})`,
    );
    console.log(`              every upload refused with 413: ${refused === statuses.length ? 'yes' : 'NO'}`);
  } finally {
    if (server.connected) server.send('stop');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
