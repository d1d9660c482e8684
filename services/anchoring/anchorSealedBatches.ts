import type { Log, TransactionReceipt } from 'ethers';
import type { ChainConnection } from '../chain/connectChain';
import type { Db } from '../db/db';
import { toHex } from '../lib/hex';

export interface AnchorRoundResult {
  anchored: number[];
  reconciled: number[];
  failed: { seq: number; error: string }[];
}

interface Claimed {
  seq: number;
  batch_id: Uint8Array;
  org_chain_id: Uint8Array;
  root: Uint8Array;
  leaf_count: number;
  start_s: string;
  end_s: string;
  anchor_attempts: number;
}

interface Anchored {
  txHash: string;
  blockNumber: number;
  blockHash: string;
  logIndex: number;
}

/**
 * One round of the anchoring outbox. Claims up to `maxBatches` sealed batches (and batches whose anchor the chain lost,
 * see checkChain.ts) with a lease (so a second instance skips them, and a crashed instance's claim expires), then for
 * each asks the chain first: a batch whose root is
 * already on chain (a previous attempt that was mined but not recorded) is only recorded; the rest are anchored
 * together in one `anchorBatches` transaction. The contract refuses a batch id twice, so no interleaving of
 * instances, crashes and retries can anchor a batch twice. No database transaction is held across chain calls.
 */
export async function anchorSealedBatches(
  db: Db,
  chain: ChainConnection,
  options: { maxBatches?: number; leaseSeconds?: number } = {},
): Promise<AnchorRoundResult> {
  const result: AnchorRoundResult = { anchored: [], reconciled: [], failed: [] };
  const { rows: claimed } = await db.query<Claimed>(
    `update batches b set next_anchor_at = now() + make_interval(secs => $2::integer), anchor_attempts = anchor_attempts + 1
     from organisations o
     where o.id = b.org_id and b.seq in (
       select seq from batches where status in ('sealed', 'anchor_lost') and next_anchor_at <= now()
       order by seq limit $1::integer
       for update skip locked)
     returning b.seq, b.batch_id, o.chain_id as org_chain_id, b.root, b.leaf_count,
       extract(epoch from b.period_start)::bigint::text as start_s, extract(epoch from b.period_end)::bigint::text as end_s,
       b.anchor_attempts`,
    [options.maxBatches ?? 50, options.leaseSeconds ?? 30],
  );
  if (claimed.length === 0) return result;
  claimed.sort((a, b) => Number(a.seq) - Number(b.seq));

  const toSend: Claimed[] = [];
  for (const batch of claimed) {
    try {
      const onChain = await chain.anchorRegistry.rootOf(toHex(batch.batch_id));
      if (onChain === toHex(new Uint8Array(32))) {
        toSend.push(batch);
      } else if (onChain === toHex(batch.root)) {
        await recordAnchor(db, chain, batch, await findAnchorLog(chain, batch));
        result.reconciled.push(Number(batch.seq));
      } else {
        throw new Error(`batch id ${toHex(batch.batch_id)} is anchored on chain with another root ${onChain}`);
      }
    } catch (error) {
      await fail(db, batch, error, result);
    }
  }
  if (toSend.length === 0) return result;

  try {
    const tx = await chain.anchorRegistry.anchorBatches(
      toSend.map((b) => ({
        batchId: toHex(b.batch_id),
        root: toHex(b.root),
        orgId: toHex(b.org_chain_id),
        leafCount: b.leaf_count,
        periodStart: BigInt(b.start_s),
        periodEnd: BigInt(b.end_s),
      })),
      chain.gasPrice === undefined ? {} : { gasPrice: chain.gasPrice },
    );
    const receipt = (await tx.wait(Math.max(1, chain.confirmations + 1))) as TransactionReceipt;
    const logs = anchorLogs(chain, receipt.logs);
    for (const batch of toSend) {
      const log = logs.get(toHex(batch.batch_id));
      if (!log)
        throw new Error(`transaction ${receipt.hash} has no BatchAnchored event for batch ${toHex(batch.batch_id)}`);
      await recordAnchor(db, chain, batch, log);
      result.anchored.push(Number(batch.seq));
    }
  } catch (error) {
    // A revert (e.g. another instance anchored one of them first) or a chain outage: every batch of the round goes
    // back to the outbox; the next round asks the chain again before sending anything.
    for (const batch of toSend) await fail(db, batch, error, result);
  }
  return result;
}

function anchorLogs(chain: ChainConnection, logs: readonly Log[]): Map<string, Anchored> {
  const map = new Map<string, Anchored>();
  const contract = chain.deployment.anchorRegistry.toLowerCase();
  for (const log of logs) {
    if (log.address.toLowerCase() !== contract) continue;
    const parsed = chain.anchorRegistry.interface.parseLog(log);
    if (parsed?.name !== 'BatchAnchored') continue;
    map.set(String(parsed.args.batchId).toLowerCase(), {
      txHash: log.transactionHash,
      blockNumber: log.blockNumber,
      blockHash: log.blockHash,
      logIndex: log.index,
    });
  }
  return map;
}

async function findAnchorLog(chain: ChainConnection, batch: Claimed): Promise<Anchored> {
  const filter = chain.anchorRegistry.filters.BatchAnchored(toHex(batch.batch_id));
  const events = await chain.anchorRegistry.queryFilter(filter, chain.deployment.deployedAtBlock);
  const found = anchorLogs(chain, events).get(toHex(batch.batch_id));
  if (!found)
    throw new Error(`root of batch ${toHex(batch.batch_id)} is on chain but its BatchAnchored event was not found`);
  return found;
}

async function recordAnchor(db: Db, chain: ChainConnection, batch: Claimed, anchored: Anchored): Promise<void> {
  const block = await chain.provider.getBlock(anchored.blockNumber);
  if (!block || block.hash !== anchored.blockHash)
    throw new Error(`block ${anchored.blockNumber} changed under the anchor (reorg)`);
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into anchors (batch_seq, chain_id, contract, tx_hash, block_number, block_hash, block_time, log_index)
       values ($1::bigint, $2::bigint, $3, $4, $5::bigint, $6, to_timestamp($7::bigint), $8::integer)
       on conflict (batch_seq) do nothing`,
      [
        batch.seq,
        chain.chainId,
        chain.deployment.anchorRegistry,
        Buffer.from(anchored.txHash.slice(2), 'hex'),
        anchored.blockNumber,
        Buffer.from(anchored.blockHash.slice(2), 'hex'),
        block.timestamp,
        anchored.logIndex,
      ],
    );
    await tx.query(
      `update batches set status = 'anchored', last_anchor_error = null, next_anchor_at = null, anchor_lost_at = null,
         anchor_lost_reason = null
       where seq = $1::bigint`,
      [batch.seq],
    );
  });
}

async function fail(db: Db, batch: Claimed, error: unknown, result: AnchorRoundResult): Promise<void> {
  const message = error instanceof Error ? error.message.slice(0, 500) : String(error);
  // Exponential backoff from 1 s up to 5 min, so a chain outage is retried patiently without hammering the node.
  const delay = Math.min(300, 2 ** Math.min(batch.anchor_attempts, 9));
  await db.query(
    `update batches set last_anchor_error = $2, next_anchor_at = now() + make_interval(secs => $3::integer)
     where seq = $1::bigint and status in ('sealed', 'anchor_lost')`,
    [batch.seq, message, delay],
  );
  result.failed.push({ seq: Number(batch.seq), error: message });
}
