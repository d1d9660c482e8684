/**
 * bench:ingest — readings per second end to end over HTTP into the real PostgreSQL (validated, VEE, stored,
 * leaf-hashed, batched, anchored), against a raw COPY of the same rows into a bare table, in the same run; and the
 * acknowledgement latency of 5,000-reading requests.
 *
 *   npm run bench:ingest [-- --readings 400000 --concurrency 4 --meters 100]
 *   TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is where a scratch database is created.
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { buildApp } from '../../services/api/buildApp';
import { anchorSealedBatches } from '../../services/anchoring/anchorSealedBatches';
import { sealBatch } from '../../services/batching/sealBatches';
import { connectChain } from '../../services/chain/connectChain';
import { loadConfig } from '../../services/runtime/config';
import { migrate } from '../../services/db/migrate';
import { postgresDb } from '../../services/db/postgresDb';
import { loadKeccak } from '../../services/lib/keccak';
import { issueApiKey } from '../../services/registry/apiKeys';
import { createMeter } from '../../services/registry/meters';
import { createOrganisation } from '../../services/registry/organisations';
import { createSite } from '../../services/registry/sites';
import { startLedgerWorker } from '../../services/anchoring/ledgerWorker';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const TOTAL = option('readings', 400_000);
const PER_REQUEST = option('per-request', 5_000);
const CONCURRENCY = option('concurrency', 4);
const METERS = option('meters', 100);
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
    batchWindowSeconds: 1,
    batchMaxReadings: 20_000,
    ingestMaxReadings: 50_000,
  };
  const chain = await connectChain({ ...config, dataDir: null, chainPort: 0 });
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
    const readingCount = rows.length;

    const app = await buildApp({ config, db, chain });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const worker = startLedgerWorker(
      db,
      chain,
      { windowSeconds: 1, maxReadings: config.batchMaxReadings, intervalMs: 200 },
      { info() {}, warn() {}, error: (o) => console.error(o) },
    );

    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      queues.map(async (queue) => {
        for (const body of queue) {
          const t = performance.now();
          const res = await fetch(`${address}/v1/readings`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body,
          });
          const text = await res.text();
          if (res.status !== 200) throw new Error(`ingest failed: ${res.status} ${text.slice(0, 300)}`);
          latencies.push(performance.now() - t);
        }
      }),
    );
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
    if (stats[0].readings !== readingCount || stats[0].anchored !== stats[0].batches) {
      throw new Error(`not everything anchored: ${JSON.stringify(stats[0])} for ${readingCount} readings`);
    }

    // Baseline: COPY of the same rows into a bare table.
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query('create table copy_baseline (meter text, start timestamptz, value numeric, unit text)');
    const copyStarted = performance.now();
    await pipeline(Readable.from(rows), client.query(copyFrom('copy copy_baseline from stdin')));
    const copyDone = performance.now();
    await client.end();

    const oursPerSecond = readingCount / ((done - started) / 1000);
    const copyPerSecond = readingCount / ((copyDone - copyStarted) / 1000);
    latencies.sort((a, b) => a - b);
    const lines = [
      'bench:ingest',
      `date        ${new Date().toISOString()}`,
      `node        ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
      `input       ${readingCount} readings, ${requestCount} requests of ${intervalsPerRequest * perClient}, ${METERS} meters, ${CONCURRENCY} concurrent gateways`,
      `ours        ${((done - started) / 1000).toFixed(2)} s to all anchored (${((acked - started) / 1000).toFixed(2)} s to last ack) = ${Math.round(oursPerSecond)} readings/s`,
      `batches     ${stats[0].batches} anchored`,
      `COPY        ${((copyDone - copyStarted) / 1000).toFixed(2)} s = ${Math.round(copyPerSecond)} rows/s into a bare table`,
      `ack latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms (goal p99 < 250 ms)`,
      '',
      `bench:ingest ratio (ours / COPY) = ${(oursPerSecond / copyPerSecond).toFixed(2)}  (goal >= 0.5)`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await db.close();
    await chain.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
