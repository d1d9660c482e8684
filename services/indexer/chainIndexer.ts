import type { Provider } from 'ethers';
import type { WorkerLog } from '../anchoring/ledgerWorker';
import type { Db } from '../db/db';
import { indexChainEvents, type IndexerOptions, type IndexStep } from './indexChainEvents';
import type { IndexedContract } from './indexedContracts';

export interface ChainIndexer {
  /** Indexes until caught up with the confirmed head (tests and tools use it). */
  catchUp(): Promise<IndexStep[]>;
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 30_000;
/** Logs wanted per eth_getLogs call: nodes answer large ranges slowly or refuse them. */
const TARGET_LOGS = 1_000;

/**
 * Indexes until caught up with the confirmed head, sizing each range from the last (half when it brought more than
 * twice the target number of logs, double when under half), between one block and `maxBlocks`, starting at 8.
 */
export async function indexToHead(
  db: Db,
  provider: Provider,
  contracts: readonly IndexedContract[],
  options: IndexerOptions,
  shouldStop: () => boolean = () => false,
): Promise<IndexStep[]> {
  const steps: IndexStep[] = [];
  // Start small and grow: one range over a long, busy history can take a node minutes to answer.
  let span = Math.min(options.maxBlocks, 8);
  for (;;) {
    const step = await indexChainEvents(db, provider, contracts, { ...options, maxBlocks: span });
    steps.push(step);
    if (step.caughtUp || shouldStop()) return steps;
    if (step.logs > 2 * TARGET_LOGS) span = Math.max(1, Math.floor(span / 2));
    else if (step.logs < TARGET_LOGS / 2) span = Math.min(options.maxBlocks, span * 2);
  }
}

/**
 * Keeps the mirror current in the background: steps while behind, then polls every `intervalMs`. A chain that is down
 * (or answers errors) is retried with a doubling pause up to 30 s, and indexing resumes from the cursor.
 */
export function startChainIndexer(
  db: Db,
  provider: Provider,
  contracts: readonly IndexedContract[],
  options: IndexerOptions & { intervalMs: number },
  log: WorkerLog,
): ChainIndexer {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let running: Promise<unknown> = Promise.resolve();

  const catchUp = async (): Promise<IndexStep[]> => {
    const steps = await indexToHead(db, provider, contracts, options, () => stopped);
    for (const step of steps.filter((s) => s.rewound)) {
      log.warn({ rewound: step.rewound }, 'chain reorganisation: indexed events removed');
    }
    return steps;
  };

  const loop = () => {
    if (stopped) return;
    running = catchUp().then(
      (steps) => {
        const events = steps.reduce((sum, s) => sum + s.events, 0);
        if (events > 0) log.info({ events, to: steps[steps.length - 1].to }, 'chain events indexed');
        failures = 0;
        timer = setTimeout(loop, options.intervalMs);
      },
      (error: unknown) => {
        failures++;
        const pause = Math.min(MAX_BACKOFF_MS, options.intervalMs * 2 ** failures);
        log.warn({ error: error instanceof Error ? error.message : String(error), retryInMs: pause }, 'indexer paused');
        timer = setTimeout(loop, pause);
      },
    );
  };
  timer = setTimeout(loop, 0);

  return {
    catchUp: () => {
      const run = running.then(catchUp, catchUp);
      running = run.catch(() => undefined);
      return run;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}
