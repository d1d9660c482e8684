import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_CHROMIUM } from '../../services/reports/htmlToPdf';
import { day, ingest, siteWithMeters } from '../services/alerts/helpers';
import { ensureConsoleBundle } from './consoleBundle';
import { createOrgViaApi, createTestApp, type TestApp } from './testApp';
import { createTestDb, type TestDb } from './testDb';

/** Where the browser tests leave their screenshots. */
export const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');

/** Debian's Chromium, headless, as every browser test drives it (CHROMIUM_PATH overrides the binary). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
}

/**
 * A new page of the console at `#/<path>`, signed in with `key` the way a person does it (Chinese, Shanghai time),
 * once the page's heading `heading` is shown.
 */
export async function signedInPage(
  browser: Browser,
  url: string,
  key: string,
  path: string,
  heading: string,
): Promise<Page> {
  const page = await browser.newPage({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 1000 },
  });
  await page.goto(`${url}/#/${path}`);
  await page.getByLabel('API 密钥').fill(key);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: heading }).waitFor();
  return page;
}

/**
 * The set-up of a console browser test before its data: the current console bundle, the screenshot folder, a clean
 * test database and the API over it (`createTestApp(db.db)` unless `app` builds it otherwise, e.g. with a chain).
 */
export async function startConsoleApp(
  app: (db: TestDb) => Promise<TestApp> = (db) => createTestApp(db.db),
): Promise<{ db: TestDb; t: TestApp }> {
  await ensureConsoleBundle();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const db = await createTestDb();
  return { db, t: await app(db) };
}

/** Once the data is in: the API listening on a free local port, and Chromium to open pages of it. */
export async function openConsole(t: TestApp): Promise<{ url: string; browser: Browser }> {
  const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  return { url, browser: await launchChromium() };
}

/** Closes what {@link startConsoleApp} and {@link openConsole} opened, skipping what a failed set-up never got to. */
export async function closeConsole(parts: { browser?: Browser; t?: TestApp; db?: TestDb }): Promise<void> {
  await parts.browser?.close();
  await parts.t?.app.close();
  await parts.db?.drop();
}

/**
 * An organisation created through the API with one site (East grid) holding interval electricity meters `meters`,
 * and `readings` ingested through the API (as {@link day} builds them).
 */
export async function orgWithSite(
  t: TestApp,
  name: string,
  site: string,
  meters: string[],
  readings: ReturnType<typeof day> = [],
): Promise<{ orgId: string; adminKey: string }> {
  const org = await createOrgViaApi(t, name);
  await siteWithMeters(t, org.adminKey, site, meters);
  if (readings.length > 0) await ingest(t, org.adminKey, readings);
  return org;
}
