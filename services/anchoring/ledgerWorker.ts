import type { ChainConnection } from '../chain/connectChain';
import type { Db } from '../db/db';
import { sealDueBatches } from '../batching/sealBatches';
import { ensureMonthPartitions } from '../db/partitions';
import { anchorSealedBatches } from './anchorSealedBatches';
import { checkChain } from './checkChain';
import { startPassLoop } from '../lib/passLoop';

const CHAIN_CHECK_RETRY_MS = 5_000;

export interface WorkerLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface LedgerWorker {
  /** Runs one pass now (tests and shutdown use it): the chain check when due, sealing, anchoring. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The background half of the pipeline: checks the chain (at start and every `chainCheckIntervalMs`: see checkChain.ts),
 * seals due batches and drains the anchoring outbox, every `intervalMs`. Safe to
 * run in several instances against one database (sealing locks the batch row; anchoring claims with leases).
 */
export function startLedgerWorker(
  db: Db,
  chain: ChainConnection,
  options: {
    windowSeconds: number;
    maxReadings: number;
    intervalMs: number;
    leaseSeconds?: number;
    /** How often the chain is checked for a reset (first pass: at start); default 60 s. */
    chainCheckIntervalMs?: number;
    chainCheckSample?: number;
  },
  log: WorkerLog,
): LedgerWorker {
  let partitionsCheckedAt = 0;
  let chainCheckedAt = 0;
  const checkChainIfDue = async () => {
    const interval = options.chainCheckIntervalMs ?? 60_000;
    if (Date.now() - chainCheckedAt < interval) return;
    // Before anchoring: a reset chain must not be mistaken for the one the recorded anchors live on.
    const report = await checkChain(db, chain, { sample: options.chainCheckSample }).catch((error: unknown) => {
      // Sealing goes on without the chain; the check is tried again in a few seconds.
      chainCheckedAt = Date.now() - interval + CHAIN_CHECK_RETRY_MS;
      log.warn({ err: error }, 'chain check failed; will retry');
    });
    if (!report) return;
    chainCheckedAt = Date.now();
    if (report.reset) log.error({ reason: report.reset, lost: report.lost.length }, 'chain reset: anchors lost');
    else if (report.lost.length > 0) log.error({ lost: report.lost }, 'anchors lost on chain');
    if (report.redeployed) log.warn({ deployment: chain.deployment }, 'contracts deployed again on the embedded chain');
    if (report.missing.length > 0) log.error({ missing: report.missing }, 'contracts have no code; run npm run deploy');
  };
  const pass = async (stopped: () => boolean) => {
    try {
      if (Date.now() - partitionsCheckedAt > 3_600_000) {
        // Create this month's and the next two months' partitions ahead of the data: creating one takes a lock that
        // would otherwise stall every ingest at the turn of a month.
        const now = Date.now();
        const months = [0, 1, 2].map((k) => now + k * 31 * 86_400_000);
        await ensureMonthPartitions(db, 'readings', months);
        await ensureMonthPartitions(db, 'raw_readings', months);
        partitionsCheckedAt = now;
      }
      await checkChainIfDue();
      const sealed = await sealDueBatches(db, options);
      for (const batch of sealed)
        log.info({ batch: batch.seq, leaves: batch.leafCount, root: batch.root }, 'batch sealed');
      for (;;) {
        const round = await anchorSealedBatches(db, chain, { leaseSeconds: options.leaseSeconds });
        if (round.anchored.length + round.reconciled.length > 0) {
          log.info({ anchored: round.anchored, reconciled: round.reconciled }, 'batches anchored');
        }
        for (const f of round.failed) log.warn({ batch: f.seq, error: f.error }, 'anchoring failed; will retry');
        if (
          round.anchored.length + round.reconciled.length + round.failed.length === 0 ||
          round.failed.length > 0 ||
          stopped()
        )
          break;
      }
    } catch (error) {
      log.error({ err: error }, 'ledger worker pass failed; will retry');
    }
  };
  return startPassLoop(pass, options.intervalMs);
}
