import { expect } from 'chai';
import { startAlertWorker, type AlertWorker } from '../../../services/alerts/alertWorker';
import type { Db } from '../../../services/db/db';
import { auth, type TestApp } from '../../helpers/testApp';

/** Not a test file: shared steps of the alert tests. */
export const quietLog = { info: () => undefined, warn: () => undefined, error: (o: object) => console.error(o) };

/** A worker that only runs when told (tick), never sweeps on its own. */
export function manualWorker(db: Db, options: { allowPrivate?: boolean; baseDelayMs?: number } = {}): AlertWorker {
  return startAlertWorker(
    db,
    {
      intervalMs: 3_600_000,
      sweepIntervalMs: Number.POSITIVE_INFINITY,
      // Forecasts on every tick, so a test sees them without waiting out the throttle.
      forecastIntervalMs: 0,
      webhooks: {
        allowPrivate: options.allowPrivate ?? false,
        baseDelayMs: options.baseDelayMs ?? 50,
        timeoutMs: 5_000,
      },
    },
    quietLog,
  );
}

export function api(t: TestApp) {
  return {
    post: (key: string, url: string, payload?: unknown) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: auth(key),
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
    put: (key: string, url: string, payload: unknown) =>
      t.app.inject({ method: 'PUT', url, headers: auth(key), payload: payload as object }),
    get: (key: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(key) }),
    del: (key: string, url: string) => t.app.inject({ method: 'DELETE', url, headers: auth(key) }),
  };
}

/** 96 quarter hours of a local (+08:00) day; `value(i)` null leaves interval i out. */
export function day(meter: string, local: string, value: (i: number) => string | null) {
  const t0 = Date.parse(`${local}T00:00:00+08:00`);
  const out: { meter: string; start: string; value: string }[] = [];
  for (let i = 0; i < 96; i++) {
    const v = value(i);
    if (v !== null) out.push({ meter, start: new Date(t0 + i * 900_000).toISOString(), value: v });
  }
  return out;
}

export async function siteWithMeters(
  t: TestApp,
  key: string,
  site: string,
  meters: string[],
): Promise<Record<string, string>> {
  const { post } = api(t);
  const s = (await post(key, '/v1/sites', { name: site, gridRegion: 'East' })).json();
  const ids: Record<string, string> = {};
  for (const m of meters) {
    const res = await post(key, '/v1/meters', {
      siteId: s.id,
      externalId: m,
      energyKind: 'electricity',
      registerType: 'interval',
    });
    expect(res.statusCode, res.body).to.be.oneOf([200, 201]);
    ids[m] = res.json().id;
  }
  return ids;
}

export async function ingest(t: TestApp, key: string, readings: unknown[]): Promise<void> {
  const res = await api(t).post(key, '/v1/readings', { readings });
  expect(res.statusCode, res.body).to.equal(200);
}
