/**
 * bench:reverify — how fast a verifier re-verifies anchored readings from an evidence package; goal ≥ 200,000/s.
 *
 *   npm run bench:reverify [-- --readings 1000000 --batch 20000 --meters 100]
 *
 * Builds batch exports (15-minute readings of many meters, each with a raw-reading hash) as notarization writes them
 * (JSON, gzip, AES-256-GCM envelope to the verifier's X25519 key), untimed. Timed, for every batch, what
 * verifyEvidence does with it: unwrap the data key, decrypt, gunzip, parse, recompute every leaf from its values and
 * rebuild the batch root, compared with the root that was anchored. Then, separately, the activity recomputed from the
 * same readings (what the inventory recomputation starts from).
 *
 * The baseline is the straightforward way to do the same in Node: each leaf through ethers' general ABI encoder and
 * keccak256, the tree by merkletreejs (sortPairs, js-sha3), on the first batches. Both must produce the anchored roots
 * (exit 1 otherwise). The ratio is measured in this one run.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { AbiCoder, keccak256 as ethersKeccak } from 'ethers';
import { keccak256 as jsKeccak } from 'js-sha3';
import { MerkleTree as MerkleTreeJs } from 'merkletreejs';
import { encryptForRecipients } from '../../services/documents/encryptForRecipients';
import { serializeEnvelope } from '../../services/documents/envelope';
import { generateRecipientKeyPair } from '../../services/documents/recipientKeys';
import { loadKeccak } from '../../services/lib/keccak';
import { LEAF_TYPES, leafValues, type LeafReading } from '../../services/lib/leafSchema';
import type { BatchExport } from '../../services/evidence/evidenceFormat';
import { activityFromExports } from '../../services/verification/activityFromExports';
import { reverifyBatchExport } from '../../services/verification/reverifyBatch';
import { reverifyPool } from '../../services/verification/reverifyPool';

const GOAL = 200_000;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const READINGS = option('readings', 1_000_000);
const PER_BATCH = option('batch', 20_000);
const METERS = option('meters', 100);
const BASELINE_BATCHES = option('baseline-batches', 2);
const WORKERS = option('workers', availableParallelism());
const VERIFIER = 'verifier-org';
const ORG = '0b6f4c1e-8d2a-4f57-9c3e-2a7d5e1f9b40';

function syntheticExports(): BatchExport[] {
  const meters = Array.from({ length: METERS }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    energyKind: i % 10 === 0 ? 'natural_gas' : 'electricity',
    flow: 'import',
    unit: i % 10 === 0 ? 'm3' : 'kWh',
    timeZone: 'Asia/Shanghai',
  }));
  const t0 = Date.parse('2025-01-01T00:00:00+08:00') / 1000;
  const exports: BatchExport[] = [];
  for (let first = 0; first < READINGS; first += PER_BATCH) {
    const rows: BatchExport['rows'] = [];
    for (let n = first; n < Math.min(READINGS, first + PER_BATCH); n++) {
      const meter = n % METERS;
      const start = t0 + Math.floor(n / METERS) * 900;
      const quantity = 1_000_000n * BigInt(5 + (n % 37)) + BigInt(n % 999_983);
      rows.push([meter, start, start + 900, quantity.toString(), 0, 0, randomBytes(32).toString('hex'), '']);
    }
    const exp: BatchExport = {
      format: 'nengtan-batch-export/v1',
      batch: { id: `0x${randomBytes(32).toString('hex')}`, root: '', leafCount: rows.length },
      organisation: ORG,
      meters,
      rows,
    };
    exp.batch.root = reverifyBatchExport(exp).root; // what was anchored (the baseline below re-derives it)
    exports.push(exp);
  }
  return exports;
}

function leafOf(exp: BatchExport, row: BatchExport['rows'][number]): LeafReading {
  const meter = exp.meters[row[0]];
  return {
    orgId: exp.organisation,
    meterId: meter.id,
    energyKind: meter.energyKind,
    flow: meter.flow as 'import' | 'export',
    intervalStart: row[1],
    intervalEnd: row[2],
    quantity: BigInt(row[3]),
    unit: meter.unit,
    flags: row[4],
    revision: row[5],
    rawHash: row[6] === '' ? null : `0x${row[6]}`,
    signatureHash: row[7] === '' ? null : `0x${row[7]}`,
  };
}

/** The straightforward re-verification: general ABI encoder and merkletreejs. */
function baselineRoot(exp: BatchExport): string {
  const coder = AbiCoder.defaultAbiCoder();
  const leaves = exp.rows.map((row) =>
    Buffer.from(
      ethersKeccak(ethersKeccak(coder.encode(LEAF_TYPES as string[], leafValues(leafOf(exp, row))))).slice(2),
      'hex',
    ),
  );
  const tree = new MerkleTreeJs(leaves, (data: Buffer) => Buffer.from(jsKeccak.arrayBuffer(data)), {
    sortPairs: true,
  });
  return tree.getHexRoot();
}

async function main(): Promise<number> {
  await loadKeccak();
  const pair = generateRecipientKeyPair();
  process.stdout.write(
    `bench:reverify — ${READINGS.toLocaleString('en')} readings of ${METERS} meters in batches of ${PER_BATCH.toLocaleString('en')}\n`,
  );
  const exports = syntheticExports();
  const packages = exports.map((exp) =>
    serializeEnvelope(
      encryptForRecipients(gzipSync(Buffer.from(JSON.stringify(exp))), [{ id: VERIFIER, publicKey: pair.publicKey }]),
    ),
  );
  const megabytes = packages.reduce((sum, p) => sum + p.byteLength, 0) / 1e6;
  process.stdout.write(`evidence: ${exports.length} encrypted batch exports, ${megabytes.toFixed(1)} MB\n`);

  // The verifier's worker pool, started and warmed up before timing (a verifier starts it once per package).
  const poolStarted = performance.now();
  const pool = reverifyPool(WORKERS);
  await Promise.all(
    Array.from({ length: Math.max(WORKERS, 1) }, () => pool.reverify(packages[0], VERIFIER, pair.privateKey)),
  );
  const poolSeconds = (performance.now() - poolStarted) / 1000;

  let failures = 0;
  let readings = 0;
  const started = performance.now();
  const results = await Promise.all(packages.map((p) => pool.reverify(p, VERIFIER, pair.privateKey)));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  results.forEach((rebuilt, i) => {
    if (rebuilt.root !== exports[i].batch.root || !rebuilt.matches) failures++;
    readings += rebuilt.readings;
  });
  const ours = readings / seconds;
  const opened = results.map(({ plaintext }) => JSON.parse(Buffer.from(plaintext).toString('utf8')) as BatchExport);

  const activityStarted = performance.now();
  const activity = activityFromExports(
    opened,
    exports[0].meters.map((m) => ({
      id: m.id,
      externalId: m.id,
      name: null,
      siteId: 'site',
      energyKind: m.energyKind,
      flow: m.flow as 'import' | 'export',
      unit: m.unit,
    })),
    { start: '2025-01-01', end: '2026-01-01' },
  );
  const activitySeconds = (performance.now() - activityStarted) / 1000;

  const baselineBatches = exports.slice(0, Math.min(BASELINE_BATCHES, exports.length));
  const baselineStarted = performance.now();
  let baselineReadings = 0;
  for (const exp of baselineBatches) {
    if (baselineRoot(exp) !== exp.batch.root) failures++;
    baselineReadings += exp.rows.length;
  }
  const baseline = baselineReadings / ((performance.now() - baselineStarted) / 1000);

  const round = (n: number) => Math.round(n).toLocaleString('en');
  process.stdout.write(
    `ours: ${round(readings)} readings re-verified (decrypt, gunzip, parse, leaf, root) on ${WORKERS} worker thread(s) ` +
      `(started in ${poolSeconds.toFixed(2)} s, untimed) in ${seconds.toFixed(2)} s = ` +
      `${round(ours)} readings/s (goal ≥ ${round(GOAL)}/s: ${ours >= GOAL ? 'met' : 'NOT met'})\n` +
      `activity recomputed from the same readings: ${activitySeconds.toFixed(2)} s ` +
      `(${round(readings / activitySeconds)} readings/s, ${activity.length} meter-years)\n` +
      `baseline (ethers ABI encoder + merkletreejs/js-sha3, ${round(baselineReadings)} readings): ${round(baseline)} readings/s\n` +
      `ratio ours / baseline: ${(ours / baseline).toFixed(1)}×\n`,
  );
  if (failures > 0) {
    process.stderr.write(`${failures} batch root(s) did not match the anchored root\n`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
