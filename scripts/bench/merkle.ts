/**
 * bench:merkle — our flat sorted-pair MerkleTree against merkletreejs, on the same million leaves.
 *
 *   npx ts-node --transpile-only scripts/bench/merkle.ts [leafCount] [proofCount]
 *
 * Measures, in one process and on identical input:
 *   (a) services/lib MerkleTree.build over the packed leaves (each level hashed by the batched WebAssembly keccak of
 *       services/lib/keccak) + proof(index) for 10,000 spread indices;
 *   (b) merkletreejs { sortPairs: true } with js-sha3's pure-JS keccak + getProof(leaf, index) for the same indices
 *       (the baseline: what a typical Node project would write);
 *   (c) merkletreejs { sortPairs: true } with the hash-wasm keccak, for information.
 * All three roots and the proofs must be equal (exit 1 otherwise). Preparing the input (the packed leaves for ours, the
 * array of Buffer views over the same bytes for merkletreejs) is not timed. Each implementation is warmed up on a
 * small tree first, and each big tree is dropped before the next is built.
 *
 * Memory: the leaves live in one 32 MB buffer and merkletreejs gets zero-copy views into it, so the run fits the
 * default V8 heap (peak RSS ~750 MB, mostly merkletreejs' two million node Buffers); no --max-old-space-size needed.
 * On a machine with little RAM, where the default heap is smaller, run it as
 * `node --max-old-space-size=2048 -r ts-node/register/transpile-only scripts/bench/merkle.ts`.
 * Takes about 15 s on 2 cores, most of it in (b). Exits 1 when the implementations disagree.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { performance } from 'node:perf_hooks';
import { createKeccak } from 'hash-wasm';
import { keccak256 as jsKeccak } from 'js-sha3';
import { MerkleTree as MerkleTreeJs } from 'merkletreejs';
import { keccak256, loadKeccak } from '../../services/lib/keccak';
import { MerkleTree, verifyProof } from '../../services/lib/merkle';
import { toHex } from '../../services/lib/hex';

const LEAF_COUNT = Number(process.argv[2] ?? 1_000_000);
const PROOF_COUNT = Number(process.argv[3] ?? 10_000);
const WARM_UP_LEAVES = 20_000;
const GOAL = 3;

type HashFn = (data: Buffer) => Buffer;

interface Run {
  name: string;
  buildSeconds: number;
  proofSeconds: number;
  root: string;
  proofs: string[][];
}

/** Deterministic pseudo-random leaves: leaf i = keccak256(uint256(i)), packed into one buffer. */
function makeLeaves(count: number): Uint8Array {
  const packed = new Uint8Array(count * 32);
  const word = new Uint8Array(32);
  const view = new DataView(word.buffer);
  for (let i = 0; i < count; i++) {
    view.setUint32(28, i);
    packed.set(keccak256(word), i * 32);
  }
  return packed;
}

/** `count` indices spread over the whole tree: one per stride, at a varying position inside the stride. */
function spreadIndices(leafCount: number, count: number): number[] {
  const n = Math.min(count, leafCount);
  const stride = leafCount / n;
  return Array.from({ length: n }, (_, k) => Math.floor((k + ((k * 7919) % 1000) / 1000) * stride));
}

/** Zero-copy Buffer views over the packed leaves: merkletreejs' input format, same bytes as ours. */
function leafViews(packed: Uint8Array): Buffer[] {
  return Array.from({ length: packed.length / 32 }, (_, i) =>
    Buffer.from(packed.buffer, packed.byteOffset + i * 32, 32),
  );
}

/**
 * A full garbage collection between runs, so that no run pays for collecting the previous run's tree. Uses the
 * runtime flag rather than asking the caller for `--expose-gc`.
 */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

function seconds(from: number): number {
  return (performance.now() - from) / 1000;
}

function runOurs(packed: Uint8Array, indices: readonly number[]): Run {
  let t = performance.now();
  const tree = MerkleTree.build(packed);
  const buildSeconds = seconds(t);
  t = performance.now();
  const proofs = indices.map((i) => tree.proof(i));
  const proofSeconds = seconds(t);
  return {
    name: 'ours (flat, batched wasm keccak)',
    buildSeconds,
    proofSeconds,
    root: tree.rootHex,
    proofs: hexProofs(proofs),
  };
}

function runMerkletreejs(name: string, hash: HashFn, leaves: Buffer[], indices: readonly number[]): Run {
  let t = performance.now();
  const tree = new MerkleTreeJs(leaves, hash, { sortPairs: true });
  const buildSeconds = seconds(t);
  t = performance.now();
  const proofs = indices.map((i) => tree.getProof(leaves[i], i).map((p) => p.data));
  const proofSeconds = seconds(t);
  return { name, buildSeconds, proofSeconds, root: tree.getHexRoot(), proofs: hexProofs(proofs) };
}

function hexProofs(proofs: readonly (readonly Uint8Array[])[]): string[][] {
  return proofs.map((p) => p.map(toHex));
}

const jsSha3: HashFn = (data) => Buffer.from(jsKeccak.arrayBuffer(data));
async function hashWasmKeccak(): Promise<HashFn> {
  const hasher = await createKeccak(256);
  return (data) => {
    hasher.init();
    hasher.update(data);
    const digest = hasher.digest('binary');
    return Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength);
  };
}

/** Installed version of a package, read from its package.json (some packages do not export that path). */
function packageVersion(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (dir !== path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (json.name === name) return json.version ?? '?';
    }
    dir = path.dirname(dir);
  }
  return '?';
}

/** Every run must agree with the first on the root and on every proof; returns the problems found. */
function mismatches(runs: readonly Run[], packed: Uint8Array, indices: readonly number[]): string[] {
  const [reference, ...others] = runs;
  const problems: string[] = [];
  for (const run of others) {
    if (run.root !== reference.root) problems.push(`${run.name}: root ${run.root} != ${reference.root}`);
    const differing = indices.filter((_, k) => run.proofs[k].join() !== reference.proofs[k].join());
    if (differing.length > 0)
      problems.push(`${run.name}: ${differing.length} proofs differ, first at leaf ${differing[0]}`);
  }
  // And the proofs must actually fold to the root (a sample of 100).
  for (let k = 0; k < indices.length; k += Math.max(1, Math.floor(indices.length / 100))) {
    const i = indices[k];
    if (!verifyProof(packed.subarray(i * 32, i * 32 + 32), reference.proofs[k], reference.root)) {
      problems.push(`proof of leaf ${i} does not verify`);
    }
  }
  return problems;
}

function table(runs: readonly Run[], leafCount: number): string {
  const header = ['implementation', 'build s', 'proofs s', 'total s', 'build leaves/s', 'total leaves/s'];
  const rows = runs.map((r) => {
    const total = r.buildSeconds + r.proofSeconds;
    return [
      r.name,
      r.buildSeconds.toFixed(2),
      r.proofSeconds.toFixed(3),
      total.toFixed(2),
      Math.round(leafCount / r.buildSeconds).toLocaleString('en-US'),
      Math.round(leafCount / total).toLocaleString('en-US'),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    '| ' + cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ') + ' |';
  const rule = '|' + widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|';
  return [line(header), rule, ...rows.map(line)].join('\n');
}

async function main(): Promise<number> {
  if (!Number.isInteger(LEAF_COUNT) || LEAF_COUNT < 2 || !Number.isInteger(PROOF_COUNT) || PROOF_COUNT < 1) {
    console.error('usage: scripts/bench/merkle.ts [leafCount >= 2] [proofCount >= 1]');
    return 2;
  }
  await loadKeccak();
  const hashWasm = await hashWasmKeccak();
  console.log('bench:merkle');
  console.log(`date      ${new Date().toISOString()}`);
  console.log(`node      ${process.version} (${process.platform} ${process.arch})`);
  console.log(`cpu       ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`);
  console.log(
    `packages  merkletreejs ${packageVersion('merkletreejs')}, js-sha3 ${packageVersion('js-sha3')}, ` +
      `hash-wasm ${packageVersion('hash-wasm')}`,
  );
  console.log(`input     ${LEAF_COUNT.toLocaleString('en-US')} leaves, ${PROOF_COUNT.toLocaleString('en-US')} proofs`);

  // Warm up every code path on a small tree so that the timed runs measure steady-state code, not the JIT.
  const warmPacked = makeLeaves(WARM_UP_LEAVES);
  const warmIndices = spreadIndices(WARM_UP_LEAVES, 1000);
  const warmLeaves = leafViews(warmPacked);
  runOurs(warmPacked, warmIndices);
  runMerkletreejs('warm-up', jsSha3, warmLeaves, warmIndices);
  runMerkletreejs('warm-up', hashWasm, warmLeaves, warmIndices);

  let t = performance.now();
  const packed = makeLeaves(LEAF_COUNT);
  console.log(`leaves    generated in ${seconds(t).toFixed(2)} s (not timed below)`);
  const indices = spreadIndices(LEAF_COUNT, PROOF_COUNT);

  t = performance.now();
  let leaves: Buffer[] | undefined = leafViews(packed);
  console.log(
    `views     ${leaves.length.toLocaleString('en-US')} Buffer views made in ${seconds(t).toFixed(2)} s (not timed)`,
  );

  const runs: Run[] = [];
  collectGarbage();
  runs.push(runOurs(packed, indices));
  collectGarbage();
  runs.push(runMerkletreejs('merkletreejs + js-sha3 keccak', jsSha3, leaves, indices));
  collectGarbage();
  runs.push(runMerkletreejs('merkletreejs + hash-wasm keccak', hashWasm, leaves, indices));
  leaves = undefined;

  console.log('');
  console.log(table(runs, LEAF_COUNT));
  console.log('');
  console.log(`root      ${runs[0].root}`);
  console.log(`peak rss  ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);

  const problems = mismatches(runs, packed, indices);
  if (problems.length > 0) {
    for (const p of problems) console.error(`MISMATCH  ${p}`);
    return 1;
  }
  console.log(
    `check     3 roots equal; ${indices.length.toLocaleString('en-US')} proofs equal in all three; 100 verified`,
  );

  const total = (r: Run) => r.buildSeconds + r.proofSeconds;
  const ratio = total(runs[1]) / total(runs[0]);
  console.log('');
  console.log(`bench:merkle ratio (ours / merkletreejs+js keccak) = ${ratio.toFixed(2)}x  (goal >= ${GOAL}x)`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
