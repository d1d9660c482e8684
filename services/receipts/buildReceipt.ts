import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { toHex, ZERO_BYTES32 } from '../lib/hex';
import { LEAF_NAMES, LEAF_TYPES, leafValuesJson } from '../lib/leafSchema';
import { MerkleTree } from '../lib/merkle';
import { flagNames } from '../lib/qualityFlags';
import { isoUtc } from '../lib/time';
import { loadRawReadings } from '../ingest/storedRaw';
import { leafReadingOf, READING_COLUMNS, type StoredReadingRow } from './storedReading';
import type { Receipt } from './receipt';

const trees = new Map<string, MerkleTree>();
const TREE_CACHE_SIZE = 32;

/**
 * The batch's tree, rebuilt from its sealed leaves and kept in a small LRU keyed by root (receipts of one batch tend
 * to be asked for together). The root key also makes a tampered leaves column miss the cache.
 */
function treeOf(root: string, leaves: Uint8Array): MerkleTree {
  let tree = trees.get(root);
  if (tree) {
    trees.delete(root);
  } else {
    tree = MerkleTree.build(new Uint8Array(leaves));
    if (trees.size >= TREE_CACHE_SIZE) trees.delete(trees.keys().next().value as string);
  }
  trees.set(root, tree);
  return tree;
}

interface ReadingRow extends StoredReadingRow {
  external_id: string;
}

export type ReadingRef = { readingId: number } | { meterId: string; start: string; revision?: number };

/** Finds the reading of `orgId` named by `ref` (by id, or by meter and interval start; latest revision by default). */
async function findReading(db: Queryable, orgId: string, ref: ReadingRef): Promise<ReadingRow | undefined> {
  const select = `select ${READING_COLUMNS}, m.external_id
    from readings r join meters m on m.id = r.meter_id`;
  if ('readingId' in ref) {
    const { rows } = await db.query<ReadingRow>(`${select} where r.org_id = $1::uuid and r.id = $2::bigint`, [
      orgId,
      ref.readingId,
    ]);
    return rows[0];
  }
  const { rows } = await db.query<ReadingRow>(
    `${select} where r.org_id = $1::uuid and r.meter_id = $2::uuid and r.interval_start = $3::timestamptz
       and ($4::integer is null or r.revision = $4::integer)
     order by r.revision desc limit 1`,
    [orgId, ref.meterId, ref.start, ref.revision ?? null],
  );
  return rows[0];
}

/**
 * The self-contained proof receipt of one reading: its values in the leaf schema, the Merkle proof to its batch
 * root, and where the root was anchored. Anyone can check it with ethers and an RPC endpoint (verifyReceipt.ts).
 */
export async function buildReceipt(db: Queryable, orgId: string, ref: ReadingRef): Promise<Receipt> {
  const reading = await findReading(db, orgId, ref);
  if (!reading) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Reading not found' });
  const { rows: batches } = await db.query<{
    batch_id: Uint8Array;
    status: string;
    leaf_count: number;
    leaves: Uint8Array;
    root: Uint8Array;
    start_s: string;
    end_s: string;
    chain_id: number;
    contract: string;
    tx_hash: Uint8Array;
    block_number: number;
    block_hash: Uint8Array;
    block_s: string;
    anchor_lost_at: string | null;
    anchor_lost_reason: string | null;
  }>(
    `select b.batch_id, b.status, b.leaf_count, b.leaves, b.root, extract(epoch from b.period_start)::bigint::text as start_s,
       extract(epoch from b.period_end)::bigint::text as end_s, a.chain_id, a.contract, a.tx_hash, a.block_number,
       a.block_hash, extract(epoch from a.block_time)::bigint::text as block_s,
       to_char(b.anchor_lost_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as anchor_lost_at, b.anchor_lost_reason
     from batches b left join anchors a on a.batch_seq = b.seq where b.seq = $1::bigint`,
    [reading.batch_seq],
  );
  const batch = batches[0];
  if (batch?.status === 'anchor_lost') {
    throw new NengtanError('NT_ERR_RECEIPT_ANCHOR_LOST', {
      details: {
        batchStatus: batch.status,
        anchorLostAt: batch.anchor_lost_at,
        anchorLostReason: batch.anchor_lost_reason,
      },
    });
  }
  if (!batch || batch.status !== 'anchored') {
    throw new NengtanError('NT_ERR_RECEIPT_NOT_ANCHORED', { details: { batchStatus: batch?.status ?? 'unknown' } });
  }
  const { rows: position } = await db.query<{ index: number }>(
    'select count(*)::integer as index from readings where batch_seq = $1::bigint and id < $2::bigint',
    [reading.batch_seq, reading.id],
  );
  const index = position[0].index;
  const tree = treeOf(toHex(batch.root), batch.leaves);
  if (toHex(tree.leaf(index)) !== toHex(reading.leaf)) {
    throw new NengtanError('NT_ERR_INTERNAL', {
      message: 'The stored reading does not match its sealed leaf; run verify-batch',
    });
  }
  const raw = await loadRawReadings(db, reading.raw_ids.map(Number), reading.meter_id);
  const leafReading = leafReadingOf(reading);
  return {
    format: 'nengtan-receipt/v1',
    reading: {
      id: Number(reading.id),
      organisation: reading.org_id,
      meter: { id: reading.meter_id, externalId: reading.external_id },
      energyKind: reading.energy_kind,
      flow: reading.flow,
      intervalStart: isoUtc(Number(reading.start_s) * 1000),
      intervalEnd: isoUtc(Number(reading.end_s) * 1000),
      quantity: reading.quantity,
      unit: reading.unit,
      flags: reading.flags,
      flagNames: flagNames(reading.flags),
      revision: reading.revision,
      raw: reading.raw_ids.map((id) => {
        const r = raw.get(Number(id));
        if (!r)
          throw new NengtanError('NT_ERR_INTERNAL', { message: `Raw reading ${id} is missing; run verify-batch` });
        return {
          id: r.id,
          timeField: r.timeField,
          time: isoUtc(r.timeMs),
          timeMs: r.timeMs,
          value: r.value,
          unit: r.unit,
          status: r.status,
        };
      }),
      rawHash: reading.raw_hash ? toHex(reading.raw_hash) : ZERO_BYTES32,
      signatureHash: reading.signature_hash ? toHex(reading.signature_hash) : ZERO_BYTES32,
    },
    leafNames: [...LEAF_NAMES],
    leafTypes: [...LEAF_TYPES],
    leafValues: leafValuesJson(leafReading),
    leaf: toHex(reading.leaf),
    proof: tree.proofHex(index),
    root: toHex(batch.root),
    batch: {
      id: toHex(batch.batch_id),
      leafCount: batch.leaf_count,
      index,
      start: isoUtc(Number(batch.start_s) * 1000),
      end: isoUtc(Number(batch.end_s) * 1000),
    },
    anchor: {
      chainId: Number(batch.chain_id),
      contract: batch.contract,
      txHash: toHex(batch.tx_hash),
      blockNumber: Number(batch.block_number),
      blockHash: toHex(batch.block_hash),
      timestamp: isoUtc(Number(batch.block_s) * 1000),
    },
  };
}
