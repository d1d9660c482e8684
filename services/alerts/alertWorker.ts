import type { Db } from '../db/db';
import type { WorkerLog } from '../anchoring/ledgerWorker';
import { startAlertPublisher, type AlertPublisher } from './alertPublisher';
import { takeQueued } from './alertQueue';
import { deliverDueWebhooks, type DeliveryOptions } from './deliverWebhooks';
import { evaluateMeterDay, type EvaluationContext } from './evaluateMeterDay';
import { sweepSilentMeters } from './sweepSilentMeters';

export interface AlertWorkerOptions {
  intervalMs: number;
  /** How often every watched meter's previous day is queued (silent meters); default 10 minutes. */
  sweepIntervalMs?: number;
  webhooks: DeliveryOptions;
  /** Publish alert events to nengtan/<orgId>/alerts when set. */
  mqtt?: { url: string; clientId: string };
}

export interface AlertWorker {
  /** One pass now: the queue, the sweep when due, webhook deliveries, MQTT. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Evaluates alert rules after ingest has committed, outside the acknowledgement's path: ingest only queues the
 * (meter, day) pairs it touched. Several instances may run against one database (the queue and the deliveries are
 * claimed with skip locked).
 */
export function startAlertWorker(db: Db, options: AlertWorkerOptions, log: WorkerLog): AlertWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let sweptAt = 0;
  const publisher: AlertPublisher | undefined = options.mqtt
    ? startAlertPublisher(options.mqtt.url, options.mqtt.clientId)
    : undefined;

  const pass = async () => {
    try {
      if (Date.now() - sweptAt >= (options.sweepIntervalMs ?? 600_000)) {
        sweptAt = Date.now();
        await sweepSilentMeters(db);
      }
      // Factor sets are resolved once per pass, not once per meter-day.
      const context: EvaluationContext = { factors: new Map() };
      for (;;) {
        const pairs = await takeQueued(db, 200);
        for (const p of pairs) {
          const outcome = await evaluateMeterDay(db, p.orgId, p.meterId, p.day, Date.now(), context);
          if (outcome.opened + outcome.cleared > 0) log.info({ ...p, ...outcome }, 'alerts evaluated');
        }
        if (pairs.length < 200 || stopped) break;
      }
      await deliverDueWebhooks(db, options.webhooks);
      if (publisher) await publisher.publishPending(db);
    } catch (error) {
      log.error({ err: error }, 'alert worker pass failed; will retry');
    }
  };
  const tick = () => {
    running = running.then(pass);
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void tick().then(schedule), options.intervalMs);
  };
  schedule();
  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await publisher?.stop();
    },
  };
}
