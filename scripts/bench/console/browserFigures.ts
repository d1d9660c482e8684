/**
 * bench:console's browser figures, in headless Debian Chromium as the browser tests drive it: the monitoring page
 * asked for one meter's year (its chart payload, and uPlot's draw from the page's own performance measure), and the
 * cockpit's first chart on a cold load (a new browser context: empty cache, signed in by its session cookie).
 */
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../../test/helpers/consoleBrowser';

const SHANGHAI_MS = 8 * 3_600_000;
const localDate = (d: Date) => new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 10);

export interface BrowserFigures {
  payload: { url: string; bytes: number; gzipBytes: number; points: number };
  drawMs: number[];
  cockpitMs: number[];
}

async function signedInContext(browser: Browser, base: string, key: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 1000 },
  });
  const res = await context.request.post(`${base}/v1/session`, { data: { apiKey: key } });
  if (res.status() !== 201) throw new Error(`sign-in answered ${res.status()}: ${await res.text()}`);
  return context;
}

/** Asks the monitoring page for [from, tomorrow) at its default resolution, `rounds` times; the last answer's size. */
async function monitorYear(page: Page, base: string, from: Date, rounds: number) {
  await page.goto(`${base}/#/monitoring`);
  await page.locator('[data-chart="monitoring"]').waitFor({ timeout: 60_000 });
  await page.locator('input[name="from"]').fill(localDate(from));
  await page.locator('input[name="to"]').fill(localDate(new Date(Date.now() + 86_400_000)));
  const drawMs: number[] = [];
  let payload: BrowserFigures['payload'] | undefined;
  for (let i = 0; i < rounds; i++) {
    await page.evaluate(() => performance.clearMeasures('nengtan:monitoring-chart-draw'));
    // The page asks for the period and for the one before it: this is the period's (its local midnight).
    const start = new Date(Date.parse(`${localDate(from)}T00:00:00Z`) - SHANGHAI_MS).toISOString();
    const answer = page.waitForResponse(
      (r) => r.url().includes('/v1/series?') && r.url().includes(`from=${encodeURIComponent(start)}`),
    );
    await page.locator('form.controls button[type="submit"]').click();
    const res = await answer;
    const body = await res.body();
    payload = {
      url: res.url().slice(res.url().indexOf('/v1/')),
      bytes: body.length,
      gzipBytes: gzipSync(body).length,
      points: (JSON.parse(body.toString()) as { points: unknown[] }).points.length,
    };
    await page.waitForFunction(() => performance.getEntriesByName('nengtan:monitoring-chart-draw').length > 0, null, {
      timeout: 60_000,
    });
    drawMs.push(await page.evaluate(() => performance.getEntriesByName('nengtan:monitoring-chart-draw')[0].duration));
  }
  return { drawMs, payload: payload as BrowserFigures['payload'] };
}

/** Milliseconds from navigation start to the cockpit chart's first draw, in a fresh context. */
async function coldCockpit(browser: Browser, base: string, key: string): Promise<number> {
  const context = await signedInContext(browser, base, key);
  try {
    const page = await context.newPage();
    await page.goto(`${base}/#/cockpit`);
    await page.waitForFunction(() => performance.getEntriesByName('nengtan:cockpit-chart-drawn').length > 0, null, {
      timeout: 60_000,
    });
    return await page.evaluate(() => performance.getEntriesByName('nengtan:cockpit-chart-drawn')[0].startTime);
  } finally {
    await context.close();
  }
}

export async function browserFigures(
  base: string,
  key: string,
  yearFrom: Date,
  rounds: { draw: number; cold: number },
): Promise<BrowserFigures> {
  const browser = await launchChromium();
  try {
    const context = await signedInContext(browser, base, key);
    const monitored = await monitorYear(await context.newPage(), base, yearFrom, rounds.draw);
    await context.close();
    const cockpitMs: number[] = [];
    for (let i = 0; i < rounds.cold; i++) cockpitMs.push(await coldCockpit(browser, base, key));
    return { ...monitored, cockpitMs };
  } finally {
    await browser.close();
  }
}
