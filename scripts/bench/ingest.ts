/**
 * bench:ingest — readings per second end to end over HTTP into the real PostgreSQL (validated, VEE, stored,
 * leaf-hashed, batched, anchored), against a COPY of the same raw and cleaned rows into the same partitioned, indexed
 * tables (and, for scale, a COPY of the readings into a bare table), in the same run; and the acknowledgement latency
 * of 5,000-reading requests, synchronous and deferred (Prefer: respond-async: 202 once the checked body is stored).
 *
 * The chain runs in its own process and the gateways in a worker thread, as in production, where neither shares the
 * service's event loop.
 *
 *   npm run bench:ingest [-- --readings 400000 --concurrency 4 --meters 100]   (BENCH_TRACE=1 prints every latency)
 *   TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is where a scratch database is created.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { cpus, loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { buildApp } from '../../services/api/buildApp';
import { anchorSealedBatches } from '../../services/anchoring/anchorSealedBatches';
import { sealBatch } from '../../services/batching/sealBatches';
import { connectChain, rpcProvider } from '../../services/chain/connectChain';
import { DEV_ROLES, devAccount } from '../../services/chain/devAccounts';
import { deployContracts, writeDeployment } from '../../services/chain/deployment';
import { loadConfig } from '../../services/runtime/config';
import { migrate } from '../../services/db/migrate';
import { postgresDb } from '../../services/db/postgresDb';
import { hashThreadReady } from '../../services/lib/hashThread';
import { loadKeccak } from '../../services/lib/keccak';
import { issueApiKey } from '../../services/registry/apiKeys';
import { createMeter } from '../../services/registry/meters';
import { createOrganisation } from '../../services/registry/organisations';
import { createSite } from '../../services/registry/sites';
import { startLedgerWorker } from '../../services/anchoring/ledgerWorker';
import { startDeferredIngestThread } from '../../services/ingest/deferredIngestThread';
import { copyIntoSameTables } from './copyIntoSameTables';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const TOTAL = option('readings', 400_000);
const PER_REQUEST = option('per-request', 5_000);
const CONCURRENCY = option('concurrency', 4);
const METERS = option('meters', 100);
const LATENCY_REQUESTS = option('latency-requests', 40);
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const T0 = Date.parse('2026-01-01T00:00:00Z');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  await loadKeccak();
  const dbName = `nengtan_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const db = postgresDb(url.toString(), { max: 10 });
  const config = {
    ...loadConfig({ NENGTAN_DATA_DIR: ':memory:' }),
    batchWindowSeconds: option('window', 1),
    batchMaxReadings: 20_000,
    ingestMaxReadings: 50_000,
  };
  const chainProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'chainProcess.ts')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const rpcUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    chainProcess.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /RPC (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    chainProcess.once('exit', (code) => reject(new Error(`chain process exited with ${code}`)));
  });
  const scratch = mkdtempSync(path.join(tmpdir(), 'nengtan-bench-'));
  const deployer = await rpcProvider(rpcUrl);
  const deploymentFile = path.join(scratch, 'deployment.json');
  writeDeployment(
    deploymentFile,
    await deployContracts(devAccount(DEV_ROLES.authority).connect(deployer), devAccount(DEV_ROLES.anchorer).address),
  );
  deployer.destroy();
  const chain = await connectChain({
    ...config,
    rpcUrl,
    signerKey: devAccount(DEV_ROLES.anchorer).privateKey,
    deploymentFile,
  });
  try {
    await migrate(db);
    const org = await createOrganisation(db, { name: 'Bench Steel' });
    const site = await createSite(db, org.id, { name: 'Plant' });
    for (let m = 0; m < METERS; m++)
      await createMeter(db, org.id, { siteId: site.id, externalId: `M${m}`, energyKind: 'electricity' });
    const key = (await issueApiKey(db, { orgId: org.id, name: 'bench', scopes: ['ingest'] })).key;

    // Each of CONCURRENCY gateways owns METERS / CONCURRENCY meters and sends their next intervals in order, in
    // requests of PER_REQUEST readings (in-order data, as gateways send it).
    const perClient = Math.floor(METERS / CONCURRENCY);
    const intervalsPerRequest = Math.max(1, Math.floor(PER_REQUEST / perClient));
    const requestsPerClient = Math.ceil(TOTAL / (CONCURRENCY * perClient * intervalsPerRequest));
    const queues: string[][] = [];
    const rows: string[] = [];
    for (let c = 0; c < CONCURRENCY; c++) {
      const queue: string[] = [];
      for (let r = 0; r < requestsPerClient; r++) {
        const readings = [];
        for (let m = c * perClient; m < (c + 1) * perClient; m++) {
          for (let k = 0; k < intervalsPerRequest; k++) {
            const start = new Date(T0 + (r * intervalsPerRequest + k) * 900_000).toISOString();
            const value = (100 + ((m * 7 + k * 13 + r) % 97) / 10).toFixed(3);
            readings.push({ meter: `M${m}`, start, value });
            rows.push(`M${m}\t${start}\t${value}\tkWh\n`);
          }
        }
        queue.push(JSON.stringify({ readings }));
      }
      queues.push(queue);
    }
    const requestCount = queues.reduce((n, q) => n + q.length, 0);
    // The latency and deferred phases' requests: the meters of the first gateway, in the intervals before the
    // throughput phase's, each phase later than the one sent before it (so none of them is late data).
    const phaseQueue = (phasesBeforeThroughput: number, value: string) => {
      const queue: string[] = [];
      for (let r = 0; r < LATENCY_REQUESTS; r++) {
        const readings = [];
        const firstInterval = (r - phasesBeforeThroughput * LATENCY_REQUESTS) * intervalsPerRequest;
        for (let m = 0; m < perClient; m++) {
          for (let k = 0; k < intervalsPerRequest; k++) {
            readings.push({ meter: `M${m}`, start: new Date(T0 + (firstInterval + k) * 900_000).toISOString(), value });
          }
        }
        queue.push(JSON.stringify({ readings }));
      }
      return queue;
    };
    const latencyQueue = phaseQueue(2, '42.000');
    // The deferred phase (Prefer: respond-async) follows the latency phase, in the intervals after its.
    const deferredQueue = phaseQueue(1, '41.000');
    const readingCount = rows.length;

    // As npm start runs it on PostgreSQL: the deferred ingest on its own thread with its own pool.
    const deferredWorker = startDeferredIngestThread(
      url.toString(),
      { vee: config.vee, maxReadings: config.ingestMaxReadings, intervalMs: 1_000 },
      { info() {}, warn() {}, error: (o) => console.error(o) },
    );
    const app = await buildApp({ config, db, chain, deferredIngest: deferredWorker });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const worker = startLedgerWorker(
      db,
      chain,
      { windowSeconds: config.batchWindowSeconds, maxReadings: config.batchMaxReadings, intervalMs: 200 },
      { info() {}, warn() {}, error: (o) => console.error(o) },
    );

    const send = (sendQueues: string[][], deferred = false) =>
      new Promise<number[]>((resolve, reject) => {
        const client = new Worker(path.join(__dirname, 'loadClient.ts'), {
          workerData: { url: address, key, queues: sendQueues, deferred },
          execArgv: ['-r', 'ts-node/register/transpile-only'],
        });
        client.once('message', (m: { latencies?: number[]; error?: string }) =>
          m.error ? reject(new Error(m.error)) : resolve(m.latencies as number[]),
        );
        client.once('error', reject);
      });
    // As a running service has it: the hash thread up (it starts with the app; ts-node compiles it on first start).
    await hashThreadReady();
    // Latency phase, first: one gateway alone sends LATENCY_REQUESTS requests of the same size, one after the other.
    const single = await send([latencyQueue]);
    // Deferred phase: the same gateway sends the same size with Prefer: respond-async; the worker ingests behind it.
    const deferredStarted = performance.now();
    const deferredAcks = await send([deferredQueue], true);
    const deferredAcked = performance.now();
    for (;;) {
      const { rows: waiting } = await db.query<{ n: number }>(
        "select count(*)::int as n from deferred_ingests where state = 'pending'",
      );
      if (waiting[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const deferredDone = performance.now();
    const { rows: deferredFailed } = await db.query<{ n: number }>(
      "select count(*)::int as n from deferred_ingests where state <> 'done'",
    );
    if (deferredFailed[0].n > 0) throw new Error(`${deferredFailed[0].n} deferred requests not ingested`);
    await deferredWorker.stop();
    const started = performance.now();
    const latencies = await send(queues);
    const acked = performance.now();
    await worker.stop();
    // Drain: seal whatever is still open and anchor everything.
    const { rows: open } = await db.query<{ seq: number }>("select seq from batches where status = 'open'");
    for (const b of open) await sealBatch(db, Number(b.seq));
    for (;;) {
      const round = await anchorSealedBatches(db, chain);
      if (round.failed.length > 0) throw new Error(`anchoring failed: ${round.failed[0].error}`);
      if (round.anchored.length + round.reconciled.length === 0) break;
    }
    const done = performance.now();
    const { rows: stats } = await db.query<{ batches: number; anchored: number; readings: number }>(
      "select count(*)::int as batches, count(*) filter (where status = 'anchored')::int as anchored, coalesce(sum(leaf_count), 0)::int as readings from batches",
    );
    await app.close();
    const latencyReadings = 2 * LATENCY_REQUESTS * perClient * intervalsPerRequest;
    if (stats[0].readings !== readingCount + latencyReadings || stats[0].anchored !== stats[0].batches) {
      throw new Error(`not everything anchored: ${JSON.stringify(stats[0])} for ${readingCount} readings`);
    }

    // Baselines: COPY of the same rows into a bare table, sent as an efficient client does (in ~1 MB chunks), and as
    // a naive client does (one write per row, the way the ~80 k rows/s figure in ARCHITECTURE.md behaves).
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    const copy = async (table: string, chunks: string[]) => {
      await client.query(`create table ${table} (meter text, start timestamptz, value numeric, unit text)`);
      const t = performance.now();
      await pipeline(Readable.from(chunks), client.query(copyFrom(`copy ${table} from stdin`)));
      return readingCount / ((performance.now() - t) / 1000);
    };
    const chunked: string[] = [];
    for (let i = 0; i < rows.length; i += 10_000) chunked.push(rows.slice(i, i + 10_000).join(''));
    const copyPerSecond = await copy('copy_chunked', chunked);
    const copyPerRowPerSecond = await copy('copy_per_row', rows);
    await client.end();
    // The baseline that matters: the same raw and cleaned rows into the same tables (a fresh database).
    await admin.query(`create database ${dbName}_copy`);
    const copyUrl = new URL(ADMIN_URL);
    copyUrl.pathname = `/${dbName}_copy`;
    const same = await copyIntoSameTables(url.toString(), copyUrl.toString());
    const samePerSecond = same.rawRows / same.seconds;

    const oursPerSecond = readingCount / ((done - started) / 1000);
    latencies.sort((a, b) => a - b);
    single.sort((a, b) => a - b);
    deferredAcks.sort((a, b) => a - b);
    const deferredP99 = percentile(deferredAcks, 99);
    const ratio = oursPerSecond / samePerSecond;
    const p99 = percentile(single, 99);
    const verdict = (met: boolean) => (met ? 'goal met' : 'goal NOT met');
    const lines = [
      'bench:ingest',
      `date        ${new Date().toISOString()}`,
      `node        ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
      `input       ${readingCount} readings, ${requestCount} requests of ${intervalsPerRequest * perClient}, ${METERS} meters, ${CONCURRENCY} concurrent gateways`,
      `ours        ${((done - started) / 1000).toFixed(2)} s to all anchored (${((acked - started) / 1000).toFixed(2)} s to last ack) = ${Math.round(oursPerSecond)} readings/s`,
      `batches     ${stats[0].batches} anchored`,
      `COPY tables ${Math.round(samePerSecond)} readings/s: ${same.rawRows} raw + ${same.cleanedRows} cleaned rows in ${same.seconds.toFixed(2)} s into the same partitioned, indexed tables (1 MB chunks, one transaction)`,
      `COPY        ${Math.round(copyPerSecond)} rows/s into a bare table (1 MB chunks)`,
      `COPY/row    ${Math.round(copyPerRowPerSecond)} rows/s into a bare table (one write per row)`,
      `ack latency one gateway alone: p50 ${percentile(single, 50).toFixed(0)} ms, p95 ${percentile(single, 95).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms over ${single.length} requests of ${intervalsPerRequest * perClient} readings`,
      `ack latency one gateway, Prefer: respond-async (202 once the checked body is stored): p50 ${percentile(deferredAcks, 50).toFixed(0)} ms, p95 ${percentile(deferredAcks, 95).toFixed(0)} ms, p99 ${deferredP99.toFixed(0)} ms; all ${deferredAcks.length} ingested ${((deferredDone - deferredAcked) / 1000).toFixed(2)} s after the last 202 (${((deferredDone - deferredStarted) / 1000).toFixed(2)} s in all)`,
      `ack latency ${CONCURRENCY} gateways at once: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
      '',
      `bench:ingest ratio (ours / COPY into the same tables) = ${ratio.toFixed(2)}  (goal >= 0.5: ${verdict(ratio >= 0.5)})`,
      `             p99 acknowledgement, one gateway = ${p99.toFixed(0)} ms  (goal < 250 ms: ${verdict(p99 < 250)})`,
      `             p99 acknowledgement, one gateway, deferred = ${deferredP99.toFixed(0)} ms  (goal < 250 ms: ${verdict(deferredP99 < 250)})`,
      `             ratio (ours / COPY into a bare table) = ${(oursPerSecond / copyPerSecond).toFixed(3)}`,
      `             ratio (ours / COPY one write per row into a bare table) = ${(oursPerSecond / copyPerRowPerSecond).toFixed(2)}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await db.close();
    await chain.close();
    chainProcess.kill();
    rmSync(scratch, { recursive: true, force: true });
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.query(`drop database if exists ${dbName}_copy with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
