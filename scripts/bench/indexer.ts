/**
 * bench:indexer — events indexed per second from a 100,000-event history into PostgreSQL.
 *
 *   npm run bench:indexer [-- --events 100000 --per-tx 250]
 *
 * Builds the history on a fresh embedded chain (AnchorRegistry.anchorBatches, `--per-tx` BatchAnchored events per
 * transaction; untimed), then times, into a fresh database each:
 *   ours      indexToHead (eth_getLogs over ranges sized to ~1,000 logs, blocks fetched concurrently, decoded,
 *             inserted in 5,000-row statements with the cursor in the same transaction);
 *   baseline  the straightforward indexer: eth_getLogs over fixed 10-block ranges, each block fetched in turn, one
 *             INSERT per event.
 * Both must end with exactly the chain's events (exit 1 otherwise). The ratio is measured in this one run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { JsonRpcProvider, Log } from 'ethers';
import pg from 'pg';
import { connectChain, type ChainConnection } from '../../services/chain/connectChain';
import type { Db } from '../../services/db/db';
import { migrate } from '../../services/db/migrate';
import { postgresDb } from '../../services/db/postgresDb';
import { eventArgs } from '../../services/indexer/eventArgs';
import { indexToHead } from '../../services/indexer/chainIndexer';
import { indexedContracts, type IndexedContract } from '../../services/indexer/indexedContracts';
import { loadKeccak } from '../../services/lib/keccak';
import { loadConfig } from '../../services/runtime/config';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const EVENTS = option('events', 100_000);
const PER_TX = option('per-tx', 250);
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const hex32 = () => `0x${randomBytes(32).toString('hex')}`;

async function freshDb(admin: pg.Client, names: string[]): Promise<Db> {
  const name = `nengtan_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  names.push(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = postgresDb(url.toString(), { max: 4 });
  await migrate(db);
  return db;
}

async function buildHistory(chain: ChainConnection): Promise<void> {
  let nonce = await chain.signer.getNonce();
  let pending: Promise<unknown>[] = [];
  for (let sent = 0; sent < EVENTS; sent += PER_TX) {
    const count = Math.min(PER_TX, EVENTS - sent);
    const batches = Array.from({ length: count }, () => ({
      batchId: hex32(),
      root: hex32(),
      orgId: hex32(),
      leafCount: 96,
      periodStart: 1_740_758_400,
      periodEnd: 1_740_845_700,
    }));
    pending.push(
      chain.anchorRegistry.anchorBatches(batches, { nonce: nonce++, gasLimit: 12_000_000 }).then((tx) => tx.wait()),
    );
    if (pending.length >= 8) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
}

/** Every log of the contracts, read 10 blocks at a time (Hardhat answers one large range very slowly). */
async function logsInSmallRanges(chain: ChainConnection, contracts: IndexedContract[], head: number): Promise<Log[]> {
  const logs: Log[] = [];
  for (let from = chain.deployment.deployedAtBlock; from <= head; from += 10) {
    logs.push(
      ...(await chain.provider.getLogs({
        address: contracts.map((c) => c.address),
        fromBlock: from,
        toBlock: Math.min(head, from + 9),
      })),
    );
  }
  return logs;
}

/** The straightforward indexer: every block fetched in turn, one INSERT per event. */
async function baselineIndex(db: Db, chain: ChainConnection, contracts: IndexedContract[]): Promise<number> {
  const byAddress = new Map(contracts.map((c) => [c.address.toLowerCase(), c]));
  const head = await chain.provider.getBlockNumber();
  const logs = await logsInSmallRanges(chain, contracts, head);
  const times = new Map<number, number>();
  let inserted = 0;
  await db.transaction(async (q) => {
    for (const log of logs) {
      if (!times.has(log.blockNumber)) {
        times.set(log.blockNumber, (await chain.provider.getBlock(log.blockNumber))?.timestamp ?? 0);
      }
      const contract = byAddress.get(log.address.toLowerCase()) as IndexedContract;
      const parsed = contract.iface.parseLog({ topics: [...log.topics], data: log.data });
      if (!parsed) continue;
      await q.query(
        `insert into chain_events (chain_id, block_number, log_index, block_hash, block_time, tx_hash, contract, address,
           event, args) values ($1, $2, $3, $4, to_timestamp($5), $6, $7, $8, $9, $10::jsonb)`,
        [
          chain.chainId,
          log.blockNumber,
          log.index,
          Buffer.from(log.blockHash.slice(2), 'hex'),
          times.get(log.blockNumber),
          Buffer.from(log.transactionHash.slice(2), 'hex'),
          contract.name,
          log.address.toLowerCase(),
          parsed.name,
          JSON.stringify(eventArgs(parsed.fragment, parsed.args)),
        ],
      );
      inserted++;
    }
  });
  return inserted;
}

/** The provider, with the time spent awaiting its calls added up (calls overlap: wall time of any call in flight). */
function timedProvider(provider: JsonRpcProvider): { provider: JsonRpcProvider; seconds(): number } {
  let inFlight = 0;
  let since = 0;
  let total = 0;
  const proxy = new Proxy(provider, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (
        typeof value !== 'function' ||
        !['getLogs', 'getBlock', 'getBlockNumber', 'getNetwork'].includes(String(property))
      )
        return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        if (inFlight++ === 0) since = performance.now();
        try {
          return await value.apply(target, args);
        } finally {
          if (--inFlight === 0) total += performance.now() - since;
        }
      };
    },
  });
  return { provider: proxy, seconds: () => total / 1000 };
}

async function count(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: string }>('select count(*) as n from chain_events');
  return Number(rows[0].n);
}

async function main(): Promise<number> {
  await loadKeccak();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nengtan-bench-chain-'));
  const chain = await connectChain({ ...loadConfig({}), dataDir, chainPort: 0, rpcUrl: undefined });
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const names: string[] = [];
  const dbs: Db[] = [];
  try {
    process.stdout.write(`bench:indexer — building a history of ${EVENTS.toLocaleString('en')} events `);
    const built = performance.now();
    await buildHistory(chain);
    const head = await chain.provider.getBlockNumber();
    process.stdout.write(
      `(${head - chain.deployment.deployedAtBlock} blocks, ${((performance.now() - built) / 1000).toFixed(0)} s)\n`,
    );
    const contracts = indexedContracts(chain.deployment);
    const expected = (await logsInSmallRanges(chain, contracts, head)).length;

    const ours = await freshDb(admin, names);
    dbs.push(ours);
    const rpc = timedProvider(chain.provider);
    const started = performance.now();
    await indexToHead(ours, rpc.provider, contracts, {
      name: 'bench',
      confirmations: 0,
      maxBlocks: 2_000,
      startBlock: chain.deployment.deployedAtBlock,
    });
    const oursSeconds = (performance.now() - started) / 1000;
    const rpcSeconds = rpc.seconds();
    const oursCount = await count(ours);

    const baseline = await freshDb(admin, names);
    dbs.push(baseline);
    const baselineStarted = performance.now();
    await baselineIndex(baseline, chain, contracts);
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;
    const baselineCount = await count(baseline);

    const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
    process.stdout.write(
      `ours: ${oursCount.toLocaleString('en')} events in ${oursSeconds.toFixed(2)} s = ${rate(oursCount, oursSeconds)} events/s ` +
        `end to end; of that ${rpcSeconds.toFixed(2)} s waiting for the node's JSON-RPC answers, so the indexer itself ` +
        `(decode, insert, cursor) runs at ${rate(oursCount, oursSeconds - rpcSeconds)} events/s\n` +
        `baseline (block by block, one INSERT per event): ${baselineCount.toLocaleString('en')} events in ` +
        `${baselineSeconds.toFixed(2)} s = ${rate(baselineCount, baselineSeconds)} events/s\n` +
        `ratio ours / baseline: ${(baselineSeconds / oursSeconds).toFixed(1)}×\n`,
    );
    if (oursCount !== expected || baselineCount !== expected) {
      process.stderr.write(
        `expected ${expected} events, indexed ${oursCount} (ours) and ${baselineCount} (baseline)\n`,
      );
      return 1;
    }
    return 0;
  } finally {
    await Promise.all(dbs.map((db) => db.close()));
    for (const name of names) await admin.query(`drop database if exists ${name}`);
    await admin.end();
    await chain.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
