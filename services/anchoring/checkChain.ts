import type { ChainConnection } from '../chain/connectChain';
import { redeployEmbeddedContracts } from '../chain/redeployContracts';
import type { Db } from '../db/db';
import { toHex } from '../lib/hex';
import { chainChange, missingContracts, readChainIdentity, type ChainIdentity } from './chainIdentity';
import { markAnchorsLost } from './markAnchorsLost';
import { rootOnChain } from './rootOnChain';

export interface ChainCheckReport {
  /** Why the chain is not the one anchored on any more, when it is not. */
  reset?: string;
  /** The embedded chain's contracts were deployed again. */
  redeployed: boolean;
  /** Contracts that still have no code (a network Nengtan does not deploy to: the operator runs npm run deploy). */
  missing: string[];
  /** Batches marked anchor_lost by this check. */
  lost: number[];
  /** Anchors whose root and block were looked up on chain. */
  anchorsChecked: number;
}

interface RecordedRow {
  chain_id: string;
  genesis_hash: Uint8Array;
  contracts: ChainIdentity['contracts'];
  checkpoint_block: string;
  checkpoint_hash: Uint8Array;
  anchors_checked_through: string;
}

interface AnchorRow {
  seq: string;
  batch_id: Uint8Array;
  root: Uint8Array;
  contract: string;
  block_number: string;
  block_hash: Uint8Array;
  recorded_at: string;
}

const PARALLEL_LOOKUPS = 16;

/**
 * Checks that the chain is still the one the database's anchors live on, and repairs what it can:
 * 1. the chain's identity (genesis block, a final block seen last time, the code of the deployed contracts) against
 *    the one recorded (first run: recorded). A different chain loses every anchor: all anchored batches are marked
 *    `anchor_lost` and go back to the outbox, and the new chain is recorded.
 * 2. Contracts without code: on the embedded chain they are deployed again (as `npm start` does); elsewhere that is
 *    the operator's `npm run deploy`, and the problem stays recorded for /health.
 * 3. Anchors themselves: every anchor recorded since the last check and `sample` older ones at random are looked up
 *    (the root in the AnchorRegistry the anchor names, the block hash at its height); a missing one marks its batch.
 */
export async function checkChain(
  db: Db,
  chain: ChainConnection,
  options: { sample?: number; maxNew?: number } = {},
): Promise<ChainCheckReport> {
  const report: ChainCheckReport = { redeployed: false, missing: [], lost: [], anchorsChecked: 0 };
  const { rows } = await db.query<RecordedRow>(
    `select chain_id, genesis_hash, contracts, checkpoint_block, checkpoint_hash, anchors_checked_through::text
     from chain_identity`,
  );
  const recorded = rows[0] ? recordedIdentity(rows[0]) : undefined;
  const seen = await readChainIdentity(chain);
  const gone = missingContracts(seen);
  if (recorded) {
    const atCheckpoint = (await chain.provider.getBlock(recorded.checkpoint.number))?.hash ?? null;
    const change = chainChange(recorded, seen, atCheckpoint);
    if (change) report.reset = change;
  }
  if (
    !report.reset &&
    gone.length > 0 &&
    !(recorded && gone.every((name) => recorded.contracts[name]?.codeHash === null))
  )
    report.reset = `chain reset: ${gone.join(', ')} ha${gone.length === 1 ? 's' : 've'} no code`;

  let current = seen;
  if (gone.length > 0 && (await redeployEmbeddedContracts(chain))) {
    report.redeployed = true;
    current = await readChainIdentity(chain);
  }
  report.missing = missingContracts(current);
  if (report.reset) report.lost = await markAnchorsLost(db, 'all', report.reset);

  const problem =
    report.missing.length > 0
      ? `contracts without code on chain ${chain.chainId}: ${report.missing.join(', ')}; anchoring is stopped until ` +
        'they are deployed (npm run deploy, then restart with the new deployment record)'
      : null;
  await db.query(
    `insert into chain_identity (chain_id, genesis_hash, contracts, checkpoint_block, checkpoint_hash,
       last_reset_at, last_reset_reason, last_check_problem, anchors_checked_through)
     values ($1::bigint, $2, $3::jsonb, $4::bigint, $5, case when $6::text is null then null else now() end, $6::text,
       $7::text, case when $6::text is null then '-infinity'::timestamptz else now() end)
     on conflict (singleton) do update set chain_id = excluded.chain_id, genesis_hash = excluded.genesis_hash,
       contracts = excluded.contracts, checkpoint_block = excluded.checkpoint_block,
       checkpoint_hash = excluded.checkpoint_hash, checked_at = now(),
       last_reset_at = coalesce(excluded.last_reset_at, chain_identity.last_reset_at),
       last_reset_reason = coalesce(excluded.last_reset_reason, chain_identity.last_reset_reason),
       last_check_problem = excluded.last_check_problem,
       anchors_checked_through = case when $6::text is null then chain_identity.anchors_checked_through else now() end`,
    [
      current.chainId,
      Buffer.from(current.genesisHash.slice(2), 'hex'),
      JSON.stringify(current.contracts),
      current.checkpoint.number,
      Buffer.from(current.checkpoint.hash.slice(2), 'hex'),
      report.reset ?? null,
      problem,
    ],
  );
  if (report.reset || report.missing.includes('anchorRegistry')) return report;

  const through = rows[0]?.anchors_checked_through ?? '-infinity';
  const lost = await recheckAnchors(db, chain, through, options, report);
  for (const [reason, seqs] of lost) report.lost.push(...(await markAnchorsLost(db, seqs, reason)));
  return report;
}

function recordedIdentity(row: RecordedRow): ChainIdentity {
  return {
    chainId: Number(row.chain_id),
    genesisHash: toHex(row.genesis_hash),
    contracts: row.contracts,
    checkpoint: { number: Number(row.checkpoint_block), hash: toHex(row.checkpoint_hash) },
  };
}

/** Looks the anchors up on chain; returns the batches whose anchor is gone, grouped by why. */
async function recheckAnchors(
  db: Db,
  chain: ChainConnection,
  through: string,
  options: { sample?: number; maxNew?: number },
  report: ChainCheckReport,
): Promise<Map<string, number[]>> {
  const columns = `b.seq, b.batch_id, b.root, a.contract, a.block_number, a.block_hash, a.recorded_at::text`;
  const from = `anchors a join batches b on b.seq = a.batch_seq where b.status = 'anchored' and a.chain_id = $1::bigint`;
  const { rows: fresh } = await db.query<AnchorRow>(
    `select ${columns} from ${from} and a.recorded_at > $2::timestamptz order by a.recorded_at limit $3::integer`,
    [chain.chainId, through, options.maxNew ?? 500],
  );
  const { rows: older } = await db.query<AnchorRow>(
    `select ${columns} from ${from} and a.recorded_at <= $2::timestamptz order by random() limit $3::integer`,
    [chain.chainId, through, options.sample ?? 20],
  );
  const lost = new Map<string, number[]>();
  const anchors = [...fresh, ...older];
  for (let i = 0; i < anchors.length; i += PARALLEL_LOOKUPS) {
    const reasons = await Promise.all(anchors.slice(i, i + PARALLEL_LOOKUPS).map((a) => whyLost(chain, a)));
    reasons.forEach((reason, k) => {
      if (reason) lost.set(reason, [...(lost.get(reason) ?? []), Number(anchors[i + k].seq)]);
    });
  }
  report.anchorsChecked = anchors.length;
  if (fresh.length > 0) {
    await db.query(
      'update chain_identity set anchors_checked_through = greatest(anchors_checked_through, $1::timestamptz)',
      [fresh[fresh.length - 1].recorded_at],
    );
  }
  return lost;
}

async function whyLost(chain: ChainConnection, anchor: AnchorRow): Promise<string | undefined> {
  const [root, block] = await Promise.all([
    rootOnChain(chain.provider, anchor.contract, toHex(anchor.batch_id)),
    chain.provider.getBlock(Number(anchor.block_number)),
  ]);
  if (root !== toHex(anchor.root)) return `anchor gone: AnchorRegistry ${anchor.contract} no longer holds the root`;
  if (block?.hash !== toHex(anchor.block_hash))
    return `anchor gone: block ${anchor.block_number} of the anchoring transaction changed`;
  return undefined;
}
