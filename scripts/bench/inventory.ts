/**
 * bench:inventory — an annual inventory for 100 meters of 15-minute data (3.5 million readings) ingested through the
 * pipeline, computed from the daily rollups that ingest maintains; goal ≤ 2 s. For comparison it also times the same
 * inventory recomputed from the readings themselves (what an independent verifier does).
 *
 *   npm run bench:inventory [-- --meters 100 --days 365]
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import pg from 'pg';
import { activityFromReadings } from '../../services/accounting/activityFromReadings';
import { computeInventory } from '../../services/accounting/computeInventory';
import { factorSourceFromSet } from '../../services/accounting/factorSourceFromSet';
import { loadInventoryInput } from '../../services/accounting/loadInventoryInput';
import { migrate } from '../../services/db/migrate';
import { postgresDb } from '../../services/db/postgresDb';
import { DEFAULT_FACTOR_SET_ID } from '../../services/factors/factorSets';
import { ingestReadings, sha256 } from '../../services/ingest/ingestReadings';
import { parseJsonBatch } from '../../services/ingest/received';
import { loadKeccak } from '../../services/lib/keccak';
import { createMeter } from '../../services/registry/meters';
import { createOrganisation } from '../../services/registry/organisations';
import { createSite } from '../../services/registry/sites';
import { loadConfig } from '../../services/runtime/config';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const METERS = option('meters', 100);
const DAYS = option('days', 365);
const GROUPS = 4;
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const YEAR_START = Date.parse('2024-12-31T16:00:00Z'); // 2025-01-01 00:00 in Asia/Shanghai

async function main(): Promise<void> {
  await loadKeccak();
  const name = `nengtan_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = postgresDb(url.toString(), { max: GROUPS + 2 });
  try {
    await migrate(db);
    const vee = loadConfig({}).vee;
    const org = await createOrganisation(db, { name: 'Bench Park' });
    const site = await createSite(db, org.id, { name: 'Plant', gridRegion: 'East', province: 'Jiangsu' });
    for (let m = 0; m < METERS; m++) {
      const kind = m % 10 === 0 ? 'natural_gas' : m % 10 === 1 ? 'heat' : 'electricity';
      await createMeter(db, org.id, { siteId: site.id, externalId: `M${m}`, energyKind: kind });
    }
    // Ingest: GROUPS gateways, each sending its meters' intervals in order, 5,000 readings per request.
    const intervals = DAYS * 96;
    const perGroup = Math.ceil(METERS / GROUPS);
    const perRequest = Math.max(1, Math.floor(5000 / perGroup));
    const started = performance.now();
    let total = 0;
    await Promise.all(
      Array.from({ length: GROUPS }, async (_, g) => {
        const meters = Array.from({ length: perGroup }, (_, k) => g * perGroup + k).filter((m) => m < METERS);
        for (let from = 0; from < intervals; from += perRequest) {
          const readings = [];
          for (const m of meters) {
            for (let i = from; i < Math.min(from + perRequest, intervals); i++) {
              readings.push({
                meter: `M${m}`,
                start: new Date(YEAR_START + i * 900_000).toISOString(),
                value: `${(i % 97) + m}.125`,
              });
            }
          }
          const body = { readings };
          const { batch, problems } = parseJsonBatch(body, 50_000);
          await ingestReadings(db, vee, {
            orgId: org.id,
            source: 'http',
            batch,
            problems,
            bodyHash: sha256(JSON.stringify(body)),
          });
          total += readings.length;
        }
      }),
    );
    const ingested = (performance.now() - started) / 1000;
    await db.query('analyze');

    const factors = await factorSourceFromSet(db, org.id, DEFAULT_FACTOR_SET_ID);
    const request = {
      start: '2025-01-01',
      end: `${new Date(YEAR_START + DAYS * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)}`,
    };
    const times: number[] = [];
    let scope2 = '';
    for (let run = 0; run < 5; run++) {
      const t = performance.now();
      const input = await loadInventoryInput(db, org.id, request, factors);
      scope2 = computeInventory(input).document.results.scope2LocationBased;
      times.push((performance.now() - t) / 1000);
    }
    times.sort((a, b) => a - b);
    const input = await loadInventoryInput(db, org.id, request, factors);
    const t = performance.now();
    const activity = await activityFromReadings(
      db,
      input.activity.map((a) => a.meter),
      request.start,
      request.end,
    );
    const fromReadings = computeInventory({ ...input, activity }).document.results.scope2LocationBased;
    const recompute = (performance.now() - t) / 1000;
    if (fromReadings !== scope2) throw new Error(`rollups and readings disagree: ${scope2} vs ${fromReadings}`);

    const lines = [
      'bench:inventory',
      `date        ${new Date().toISOString()}`,
      `node        ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
      `data        ${total} readings: ${METERS} meters × ${DAYS} days × 96 intervals, ingested through the pipeline in ${ingested.toFixed(0)} s (${Math.round(total / ingested)} readings/s)`,
      `inventory   ${request.start} to ${request.end}: scope 2 (location) ${scope2} kgCO2e`,
      `from the daily rollups    median ${times[2].toFixed(3)} s, worst ${times[4].toFixed(3)} s of 5 runs (goal <= 2 s)`,
      `from the readings         ${recompute.toFixed(2)} s (what a verifier recomputes; same result)`,
      '',
      `bench:inventory seconds = ${times[2].toFixed(3)}  (goal <= 2)`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await db.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
