import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { percentChange } from '../../console/src/decimal';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium } from '../helpers/consoleBrowser';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../helpers/testApp';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');
const QUARTER = 900_000;

describe('console in Chromium: the cockpit shows the organisation’s own figures', function () {
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let org: { orgId: string; adminKey: string };

  /** A site and an electricity meter, and 2 kWh in each of the 24 quarter-hours before now. */
  async function meterWithReadings(key: string, externalId: string): Promise<void> {
    const site = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: auth(key),
      payload: { name: `Plant ${externalId}`, gridRegion: 'East' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/v1/meters',
      headers: auth(key),
      payload: { siteId: site.json().id, externalId, energyKind: 'electricity' },
    });
    const last = Math.floor(Date.now() / QUARTER) * QUARTER - QUARTER;
    const readings = Array.from({ length: 24 }, (_, i) => ({
      meter: externalId,
      start: new Date(last - i * QUARTER).toISOString(),
      value: '2',
    }));
    const res = await t.app.inject({ method: 'POST', url: '/v1/readings', headers: auth(key), payload: { readings } });
    expect(res.statusCode, res.body).to.equal(200);
  }

  /** This month on the browser's calendar (Asia/Shanghai), as the cockpit asks for it. */
  async function browserMonth(offset = 0): Promise<{ start: string; end: string }> {
    const day = (monthOffset: number) =>
      page.evaluate<string>(
        `(() => { const n = new Date(); const d = new Date(n.getFullYear(), n.getMonth() + ${monthOffset}, 1); return [d.getFullYear(), String(d.getMonth() + 1).padStart(2, "0"), "01"].join("-"); })()`,
      );
    return { start: await day(offset), end: await day(offset + 1) };
  }

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db, undefined, { LIVE_POLL_MS: '200' });
    org = await createOrgViaApi(t, 'Cockpit Steel 驾驶舱钢铁');
    const other = await createOrgViaApi(t, 'Other Cement');
    await meterWithReadings(org.adminKey, 'COCKPIT-E1');
    await meterWithReadings(other.adminKey, 'OTHER-SECRET');
    // 8 quarter-hours of 3 kWh on the 10th of last month, at noon in Shanghai (the browser's zone), for 环比.
    const shanghai = new Date(Date.now() + 8 * 3_600_000);
    const lastMonthNoon = Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth() - 1, 10, 4);
    const earlier = await t.app.inject({
      method: 'POST',
      url: '/v1/readings',
      headers: auth(org.adminKey),
      payload: {
        readings: Array.from({ length: 8 }, (_, i) => ({
          meter: 'COCKPIT-E1',
          start: new Date(lastMonthNoon + i * QUARTER).toISOString(),
          value: '3',
        })),
      },
    });
    expect(earlier.statusCode, earlier.body).to.equal(200);
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1200, height: 900 },
    });
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  it('signs in and shows the month figures the API computes, the meter, and a drawn chart', async function () {
    await page.goto(url + '/');
    await page.getByLabel('API 密钥').fill(org.adminKey);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '能碳驾驶舱' }).waitFor();
    const alert = page.getByRole('alert');
    await Promise.race([page.locator('[data-figure="month-energy"]').waitFor(), alert.waitFor()]);
    expect(await alert.count(), (await alert.count()) ? String(await alert.textContent()) : '').to.equal(0);

    const { start: monthStart, end: nextMonth } = await browserMonth();
    const preview = await t.app.inject({
      method: 'POST',
      url: '/v1/inventories/preview',
      headers: auth(org.adminKey),
      payload: { start: monthStart, end: nextMonth },
    });
    const totals = preview.json().totals;
    expect(await page.locator('[data-figure="month-energy"] .figure-value').textContent()).to.equal(totals.energyKgce);
    expect(await page.locator('[data-figure="month-co2e"] .figure-value').textContent()).to.equal(totals.totalKgCO2e);

    const lastMonth = await t.app.inject({
      method: 'POST',
      url: '/v1/inventories/preview',
      headers: auth(org.adminKey),
      payload: { start: (await browserMonth(-1)).start, end: monthStart },
    });
    expect(lastMonth.statusCode, lastMonth.body).to.equal(200);
    const monthOnMonth = percentChange(totals.energyKgce, lastMonth.json().totals.energyKgce);
    expect(await page.locator('[data-change="energy-mom"]').textContent()).to.equal(`${monthOnMonth} %`);
    expect(await page.locator('[data-change="energy-yoy"]').textContent()).to.equal('—');

    const row = page.locator('tr[data-meter="COCKPIT-E1"]');
    await row.waitFor();
    expect(await row.textContent()).to.match(/\d+ kWh$/);
    await page.locator('[data-chart="energy-7d"] canvas').waitFor();
    const drawn = await page.evaluate<number>(
      '(() => { const c = document.querySelector("[data-chart=energy-7d] canvas"); return c.width * c.height; })()',
    );
    expect(drawn).to.be.greaterThan(0);
    expect(await page.locator('[data-figure="pending"] .figure-value').textContent()).to.match(/^\d+$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'cockpit.png'), fullPage: true });
  });

  it('reloads by itself when readings arrive (live stream), showing the new figures', async function () {
    // The mark the figures on screen were read at: it moves only when a reload has finished.
    const markBefore = await page.locator('[data-shown-mark]').getAttribute('data-shown-mark');
    await page.locator('.live.on').waitFor();
    // One more quarter-hour, 25 before now: inside the last 7 days whatever the time of day.
    const start = new Date(Math.floor(Date.now() / QUARTER) * QUARTER - 25 * QUARTER).toISOString();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/readings',
      headers: auth(org.adminKey),
      payload: { readings: [{ meter: 'COCKPIT-E1', start, value: '40' }] },
    });
    expect(res.statusCode, res.body).to.equal(200);
    // Polled from here: the console's CSP forbids the evaluated strings waitForFunction uses.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const mark = await page.locator('[data-shown-mark]').getAttribute('data-shown-mark');
      if (mark !== markBefore) break;
      if (Date.now() > deadline) throw new Error(`no reload seen: the figures are still those of ${mark}`);
      await page.waitForTimeout(100);
    }
    const { start: monthStart, end: nextMonth } = await browserMonth();
    const preview = await t.app.inject({
      method: 'POST',
      url: '/v1/inventories/preview',
      headers: auth(org.adminKey),
      payload: { start: monthStart, end: nextMonth },
    });
    expect(await page.locator('[data-figure="month-energy"] .figure-value').textContent()).to.equal(
      preview.json().totals.energyKgce,
    );
  });

  it("never shows another organisation's meter", async function () {
    expect(await page.content()).not.to.include('OTHER-SECRET');
    expect(await page.locator('tr[data-meter]').count()).to.equal(1);
  });
});
