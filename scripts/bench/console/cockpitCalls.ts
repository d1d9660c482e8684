/**
 * The API calls the cockpit (console/src/pages/Cockpit.tsx and cockpit/Comparison.tsx) makes on one load, replayed
 * over HTTP in the order and with the concurrency a browser gives them: HTTP/1.1 allows six connections per origin
 * and the page's live stream (GET /v1/live) holds one, so five calls run at once. Dates are the browser's local
 * calendar in Asia/Shanghai, as the browser tests run it.
 */

const SHANGHAI_MS = 8 * 3_600_000; // UTC+8, no daylight saving
const DAY_MS = 86_400_000;
const BROWSER_CONNECTIONS = 5;

/** Local midnight of the Shanghai calendar date `y-m-d` (month 0-based, overflow rolls over like Date). */
const localMidnight = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d) - SHANGHAI_MS);
const localDate = (d: Date) => new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 10);

export interface CockpitLoad {
  /** Milliseconds per call, by the kind of call. */
  calls: Map<string, number[]>;
  /** Milliseconds from the first call to the last answer. */
  totalMs: number;
  callCount: number;
}

/** A client that lets `limit` requests run at once and times each from when it is sent to its last byte. */
function browserLikeClient(base: string, key: string, limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const calls = new Map<string, number[]>();
  let count = 0;
  async function call<T>(kind: string, method: string, path: string, body?: unknown): Promise<T> {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      const started = performance.now();
      const res = await fetch(base + path, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      // A month without readings is an answer the page shows (Comparison.tsx), not a failure.
      const noData = res.status === 422 && text.includes('NT_ERR_ACCOUNTING_NO_DATA');
      if (!res.ok && !noData) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
      calls.set(kind, [...(calls.get(kind) ?? []), ms]);
      count += 1;
      return JSON.parse(text) as T;
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  }
  return { call, calls, count: () => count };
}

/** One cockpit load's calls; `now` is the browser's clock. */
export async function loadCockpitCalls(base: string, key: string, now: Date): Promise<CockpitLoad> {
  const { call, calls, count } = browserLikeClient(base, key, BROWSER_CONNECTIONS);
  const local = new Date(now.getTime() + SHANGHAI_MS);
  const [y, m, d] = [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()];
  const todayStart = localMidnight(y, m, d);
  const monthStart = localMidnight(y, m, 1);
  const nextMonth = localMidnight(y, m + 1, 1);
  const preview = (kind: string, start: Date, end: Date) =>
    call(kind, 'POST', '/v1/inventories/preview', { start: localDate(start), end: localDate(end) });
  const series = (kind: string, meter: string, from: Date, to: Date, resolution: string, width: number) =>
    call(
      kind,
      'GET',
      `/v1/series?${meter ? `meter=${encodeURIComponent(meter)}&` : ''}from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&resolution=${resolution}&width=${width}`,
    );
  const started = performance.now();
  const weekStart = new Date(todayStart.getTime() - 6 * DAY_MS);
  // Cockpit.tsx: the chart's series first, each meter's month once the meters are listed, the rest beside them.
  const cockpit = Promise.all([
    series(
      'GET /v1/series (organisation, 7 d hourly)',
      '',
      weekStart,
      new Date(todayStart.getTime() + DAY_MS),
      'hour',
      800,
    ),
    call<{ id: string }[]>('GET /v1/meters', 'GET', '/v1/meters').then((meters) =>
      Promise.all(
        meters.map((meter) => series('GET /v1/series (a meter, month)', meter.id, monthStart, nextMonth, 'month', 2)),
      ),
    ),
    preview('POST /v1/inventories/preview (day)', todayStart, localMidnight(y, m, d + 1)),
    preview('POST /v1/inventories/preview (month)', monthStart, nextMonth),
    call('GET /v1/batches', 'GET', '/v1/batches?limit=1000'),
  ]);
  await cockpit;
  // Comparison.tsx mounts once the cockpit has its data: this month, the month before and the same month a year ago.
  await Promise.all([
    preview('POST /v1/inventories/preview (month)', monthStart, nextMonth),
    preview('POST /v1/inventories/preview (month)', localMidnight(y, m - 1, 1), monthStart),
    preview('POST /v1/inventories/preview (month)', localMidnight(y - 1, m, 1), localMidnight(y - 1, m + 1, 1)),
  ]);
  return { calls, totalMs: performance.now() - started, callCount: count() };
}
