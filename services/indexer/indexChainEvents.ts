import type { Block, EventFragment, Log, Provider } from 'ethers';
import type { Db, Queryable } from '../db/db';
import { eventArgs } from './eventArgs';
import { staticEventDecoder } from './staticEventDecoder';
import type { IndexedContract } from './indexedContracts';

export interface IndexerOptions {
  /** Cursor name: one per mirrored deployment. */
  name: string;
  /** Blocks a block must be below the head before it is indexed (0 on instant-finality networks such as QBFT). */
  confirmations: number;
  /** Most blocks read per step. */
  maxBlocks: number;
  /** First block to index (the deployment block). */
  startBlock: number;
  /** Block hashes kept for noticing reorganisations. */
  keepBlocks?: number;
}

export interface IndexStep {
  from: number;
  to: number;
  events: number;
  /** Logs read (before decoding), for sizing the next range. */
  logs: number;
  /** Set when a reorganisation was found: the events of these blocks were removed, to be indexed again. */
  rewound?: { from: number; to: number };
  /** Nothing left below the confirmed head. */
  caughtUp: boolean;
}

const INSERT_CHUNK = 5_000;

interface KnownEvent {
  fragment: EventFragment;
  decode: (log: Log) => Record<string, unknown>;
}

const known = new WeakMap<IndexedContract, Map<string, KnownEvent | null>>();

/**
 * How to decode a log by its first topic, worked out once per contract and topic: the static decoder when every
 * argument is a word or a static tuple, ethers' general decoder otherwise.
 */
function knownEvent(contract: IndexedContract, topic: string | undefined): KnownEvent | null {
  if (!topic) return null;
  let byTopic = known.get(contract);
  if (!byTopic) known.set(contract, (byTopic = new Map()));
  let event = byTopic.get(topic);
  if (event === undefined) {
    const fragment = contract.iface.getEvent(topic);
    const fast = fragment && staticEventDecoder(fragment);
    event = fragment && {
      fragment,
      decode: fast
        ? (log) => fast(log.topics, log.data)
        : (log) => eventArgs(fragment, contract.iface.decodeEventLog(fragment, log.data, log.topics)),
    };
    byTopic.set(topic, event);
  }
  return event;
}

async function cursorOf(db: Queryable, name: string, chainId: number, startBlock: number): Promise<number> {
  await db.query(
    'insert into chain_index_cursors (name, chain_id, next_block) values ($1, $2, $3) on conflict (name) do nothing',
    [name, chainId, startBlock],
  );
  const { rows } = await db.query<{ chain_id: string; next_block: string }>(
    'select chain_id, next_block from chain_index_cursors where name = $1',
    [name],
  );
  if (Number(rows[0].chain_id) !== chainId) {
    throw new Error(`index ${name} mirrors chain ${rows[0].chain_id}, the provider serves chain ${chainId}`);
  }
  return Number(rows[0].next_block);
}

/**
 * Finds where the indexed blocks and the chain part ways, walking back over the block hashes kept. Returns the last
 * block both agree on, or undefined when they agree at the cursor.
 */
async function forkPoint(
  db: Queryable,
  provider: Provider,
  chainId: number,
  next: number,
  startBlock: number,
): Promise<number | undefined> {
  const { rows } = await db.query<{ number: string; hash: Uint8Array }>(
    'select number, hash from chain_index_blocks where chain_id = $1 and number < $2 order by number desc limit 512',
    [chainId, next],
  );
  for (const [i, row] of rows.entries()) {
    const block = await provider.getBlock(Number(row.number));
    if (block?.hash === `0x${Buffer.from(row.hash).toString('hex')}`) return i === 0 ? undefined : Number(row.number);
  }
  return rows.length === 0 ? undefined : startBlock - 1;
}

async function insertEvents(
  q: Queryable,
  chainId: number,
  rows: { log: Log; contract: IndexedContract; event: string; args: string; time: number }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const part = rows.slice(i, i + INSERT_CHUNK);
    await q.query(
      `insert into chain_events (chain_id, block_number, log_index, block_hash, block_time, tx_hash, contract, address,
         event, args)
       select $1::bigint, u.b, u.l, decode(u.bh, 'hex'), to_timestamp(u.t), decode(u.th, 'hex'), u.c, u.a, u.e, u.g::jsonb
       from unnest($2::bigint[], $3::integer[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[]) as u(b, l, bh, t, th, c, a, e, g)
       on conflict (chain_id, block_number, log_index) do nothing`,
      [
        chainId,
        part.map((r) => r.log.blockNumber),
        part.map((r) => r.log.index),
        part.map((r) => r.log.blockHash.slice(2)),
        part.map((r) => r.time),
        part.map((r) => r.log.transactionHash.slice(2)),
        part.map((r) => r.contract.name),
        part.map((r) => r.log.address.toLowerCase()),
        part.map((r) => r.event),
        part.map((r) => r.args),
      ],
    );
  }
}

/**
 * One step of mirroring the chain: notice a reorganisation and drop what it abandoned, or index the next range of
 * confirmed blocks — their events, the hash of the last block, and the cursor, in one transaction. Safe to repeat,
 * to interrupt anywhere and to run from several instances: the cursor row is locked and must not have moved since
 * the range was read, and events are keyed by (chain, block, log index).
 */
export async function indexChainEvents(
  db: Db,
  provider: Provider,
  contracts: readonly IndexedContract[],
  options: IndexerOptions,
): Promise<IndexStep> {
  const chainId = Number((await provider.getNetwork()).chainId);
  const next = await cursorOf(db, options.name, chainId, options.startBlock);

  const fork = await forkPoint(db, provider, chainId, next, options.startBlock);
  if (fork !== undefined) {
    await db.transaction(async (q) => {
      await q.query('select next_block from chain_index_cursors where name = $1 for update', [options.name]);
      await q.query('delete from chain_events where chain_id = $1 and block_number > $2', [chainId, fork]);
      await q.query('delete from chain_index_blocks where chain_id = $1 and number > $2', [chainId, fork]);
      await q.query('update chain_index_cursors set next_block = $2, updated_at = now() where name = $1', [
        options.name,
        fork + 1,
      ]);
    });
    return {
      from: fork + 1,
      to: next - 1,
      events: 0,
      logs: 0,
      rewound: { from: fork + 1, to: next - 1 },
      caughtUp: false,
    };
  }

  const safeHead = (await provider.getBlockNumber()) - options.confirmations;
  if (next > safeHead) return { from: next, to: next - 1, events: 0, logs: 0, caughtUp: true };
  const to = Math.min(safeHead, next + options.maxBlocks - 1);

  const byAddress = new Map(contracts.map((c) => [c.address.toLowerCase(), c]));
  const logs = await provider.getLogs({ address: [...byAddress.keys()], fromBlock: next, toBlock: to });
  const numbers = [...new Set([...logs.map((l) => l.blockNumber), to])];
  const blocks = new Map<number, Block>();
  await Promise.all(
    numbers.map(async (n) => {
      const block = await provider.getBlock(n);
      if (!block?.hash) throw new Error(`block ${n} is not available`);
      blocks.set(n, block);
    }),
  );
  const rows: Parameters<typeof insertEvents>[2] = [];
  for (const log of logs) {
    const block = blocks.get(log.blockNumber) as Block;
    // A log whose block has since been replaced: the range is read again at the next step.
    if (block.hash !== log.blockHash) throw new Error(`block ${log.blockNumber} changed while it was being indexed`);
    const contract = byAddress.get(log.address.toLowerCase());
    const event = contract && knownEvent(contract, log.topics[0]);
    if (!contract || !event) continue;
    rows.push({
      log,
      contract,
      event: event.fragment.name,
      args: JSON.stringify(event.decode(log)),
      time: block.timestamp,
    });
  }

  const last = blocks.get(to) as Block;
  const indexed = await db.transaction(async (q) => {
    const { rows: cursor } = await q.query<{ next_block: string }>(
      'select next_block from chain_index_cursors where name = $1 for update',
      [options.name],
    );
    if (Number(cursor[0].next_block) !== next) return false; // another instance indexed this range meanwhile
    await insertEvents(q, chainId, rows);
    await q.query(
      `insert into chain_index_blocks (chain_id, number, hash) values ($1, $2, $3)
       on conflict (chain_id, number) do update set hash = excluded.hash`,
      [chainId, to, Buffer.from((last.hash as string).slice(2), 'hex')],
    );
    await q.query('delete from chain_index_blocks where chain_id = $1 and number < $2', [
      chainId,
      to - (options.keepBlocks ?? 10_000),
    ]);
    await q.query('update chain_index_cursors set next_block = $2, updated_at = now() where name = $1', [
      options.name,
      to + 1,
    ]);
    return true;
  });
  return { from: next, to, events: indexed ? rows.length : 0, logs: logs.length, caughtUp: indexed && to === safeHead };
}
