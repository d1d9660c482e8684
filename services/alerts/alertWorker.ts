import type { ChainConnection } from '../chain/connectChain';
import type { Db } from '../db/db';
import type { WorkerLog } from '../anchoring/ledgerWorker';
import { startAlertPublisher, type AlertPublisher } from './alertPublisher';
import { takeQueued } from './alertQueue';
import { deliverDueWebhooks, type DeliveryOptions } from './deliverWebhooks';
import { evaluateForecasts, type DaySpan } from './evaluateForecasts';
import { markForecastsDue, takeDueForecasts } from './forecastThrottle';
import { evaluateMeterDay, type EvaluationContext } from './evaluateMeterDay';
import { evaluateSubjectDays } from './evaluateSubjects';
import { sweepSilentMeters } from './sweepSilentMeters';
import { startPassLoop } from '../lib/passLoop';
import { evaluateParkForecasts, evaluateParkTotals, parksTouched } from '../parks/evaluateParkRules';

export interface AlertWorkerOptions {
  intervalMs: number;
  /** How often every watched meter's previous day is queued (silent meters); default 10 minutes. */
  sweepIntervalMs?: number;
  webhooks: DeliveryOptions;
  /** Publish alert events to nengtan/<orgId>/alerts when set. */
  mqtt?: { url: string; clientId: string };
  /**
   * Budget and compliance forecasts are judged at most this often per organisation (default 15 minutes): each one
   * computes 28 daily inventories. Days touched in between wait for the next due pass. The throttle is kept in the
   * database (forecast_evaluations), so a restarted or second worker keeps to it.
   */
  forecastIntervalMs?: number;
  /** Allowances held and surrendered for the compliance forecast; without it holdings count as zero. */
  chain?: ChainConnection;
}

export interface AlertWorker {
  /** One pass now: the queue, totals and intensities, forecasts when due, the sweep when due, webhooks, MQTT. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Evaluates alert rules after ingest has committed, outside the acknowledgement's path: ingest only queues the
 * (meter, day) pairs it touched. Several instances may run against one database (the queue and the deliveries are
 * claimed with skip locked).
 */
export function startAlertWorker(db: Db, options: AlertWorkerOptions, log: WorkerLog): AlertWorker {
  let sweptAt = 0;
  // Parks whose members' touched days wait for the parks' budget and intensity rules, and when each was last judged
  // (organisations' forecasts are throttled in the database: forecastThrottle.ts).
  const parkForecastsDue = new Map<string, DaySpan>();
  const forecastAt = new Map<string, number>();
  const publisher: AlertPublisher | undefined = options.mqtt
    ? startAlertPublisher(options.mqtt.url, options.mqtt.clientId)
    : undefined;

  const pass = async (stopped: () => boolean) => {
    try {
      if (Date.now() - sweptAt >= (options.sweepIntervalMs ?? 600_000)) {
        sweptAt = Date.now();
        await sweepSilentMeters(db);
      }
      // Factor sets are resolved once per pass, not once per meter-day.
      const context: EvaluationContext = { factors: new Map() };
      const touched = new Map<string, Map<string, Set<string>>>();
      for (;;) {
        const pairs = await takeQueued(db, 200);
        for (const p of pairs) {
          const outcome = await evaluateMeterDay(db, p.orgId, p.meterId, p.day, Date.now(), context);
          if (outcome.opened + outcome.cleared > 0) log.info({ ...p, ...outcome }, 'alerts evaluated');
          const days = touched.get(p.orgId) ?? new Map<string, Set<string>>();
          days.set(p.day, (days.get(p.day) ?? new Set()).add(p.meterId));
          touched.set(p.orgId, days);
        }
        if (pairs.length < 200 || stopped()) break;
      }
      // Totals and intensities after the meter-days they add up; forecasts after that, throttled per organisation.
      for (const [orgId, days] of touched) {
        const outcome = await evaluateSubjectDays(db, orgId, days, context);
        if (outcome.opened + outcome.cleared > 0) log.info({ orgId, ...outcome }, 'totals and intensities evaluated');
        const sorted = [...days.keys()].sort();
        await markForecastsDue(db, orgId, { from: sorted[0], to: sorted[sorted.length - 1] });
      }
      // Park rules on the members' aggregates, after the members' own; the parks' budgets and intensities are
      // throttled with the organisations' forecasts (they preview inventories too).
      for (const [parkId, members] of await parksTouched(db, touched)) {
        const outcome = await evaluateParkTotals(db, parkId, members, context);
        if (outcome.opened + outcome.cleared > 0) log.info({ parkId, ...outcome }, 'park totals evaluated');
        const sorted = [...members.values()].flatMap((days) => [...days.keys()]).sort();
        const span = parkForecastsDue.get(parkId);
        parkForecastsDue.set(parkId, {
          from: span && span.from < sorted[0] ? span.from : sorted[0],
          to: span && span.to > sorted[sorted.length - 1] ? span.to : sorted[sorted.length - 1],
        });
      }
      for (const [parkId, span] of parkForecastsDue) {
        if (Date.now() - (forecastAt.get(parkId) ?? 0) < (options.forecastIntervalMs ?? 900_000)) continue;
        parkForecastsDue.delete(parkId);
        forecastAt.set(parkId, Date.now());
        try {
          const outcome = await evaluateParkForecasts(db, parkId, span);
          if (outcome.opened + outcome.cleared > 0)
            log.info({ parkId, ...span, ...outcome }, 'park forecasts evaluated');
        } catch (error) {
          log.error({ err: error, parkId }, 'park budgets and intensities failed; judged again with the next data');
        }
      }
      for (const { orgId, span } of await takeDueForecasts(db, new Date(), options.forecastIntervalMs ?? 900_000)) {
        try {
          const outcome = await evaluateForecasts({ db, chain: options.chain }, orgId, span);
          if (outcome.opened + outcome.cleared > 0) log.info({ orgId, ...span, ...outcome }, 'forecasts evaluated');
        } catch (error) {
          log.error({ err: error, orgId }, 'budget and compliance forecasts failed; judged again with the next data');
        }
      }
      await deliverDueWebhooks(db, options.webhooks);
      if (publisher) await publisher.publishPending(db);
    } catch (error) {
      log.error({ err: error }, 'alert worker pass failed; will retry');
    }
  };
  const loop = startPassLoop(pass, options.intervalMs);
  return {
    tick: loop.tick,
    async stop() {
      await loop.stop();
      await publisher?.stop();
    },
  };
}
