/** A background pass run every `intervalMs` and on demand, never two at once. */
export interface PassLoop {
  /** Runs one pass after any pass queued or in flight; resolves when it has run. */
  tick(): Promise<void>;
  /** Whether a pass is queued or in flight. */
  isBusy(): boolean;
  /** Whether stop() was called: a pass that loops over rounds checks it between rounds. */
  isStopped(): boolean;
  /** Schedules no further pass and resolves when the pass in flight has ended. */
  stop(): Promise<void>;
}

/**
 * Starts the loop the background workers share: passes are chained so they never overlap (a tick while a pass runs
 * waits its turn), and the next timed pass is scheduled only after the previous one ended, so a slow pass delays the
 * next instead of piling up. The pass catches and logs its own errors.
 */
export function startPassLoop(pass: (isStopped: () => boolean) => Promise<void>, intervalMs: number): PassLoop {
  let stopped = false;
  let busy = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const isStopped = () => stopped;

  const tick = () => {
    busy = true;
    running = running.then(() => pass(isStopped)).finally(() => (busy = false));
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void tick().then(schedule), intervalMs);
  };
  schedule();
  return {
    tick,
    isBusy: () => busy,
    isStopped,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
