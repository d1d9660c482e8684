import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium } from '../helpers/consoleBrowser';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../helpers/testApp';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');
// One local day (Asia/Shanghai, the browser's zone too) of 15-minute readings: MON-E1 reads 1 kWh (also the day before), except a missing
// interval 10 (VEE interpolates it) and 50 kWh at interval 20 (a spike); MON-E2 reads 2 kWh; MON-GAS 3 m3.
const DAY = '2026-11-03';
const LOCAL_START = Date.parse(`${DAY}T00:00:00+08:00`);
const at = (i: number) => new Date(LOCAL_START + i * 900_000).toISOString();

describe('console in Chromium: energy monitoring (能耗查询)', function () {
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let org: { orgId: string; adminKey: string };

  async function register(key: string, meters: [string, string][]): Promise<void> {
    const site = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: auth(key),
      payload: { name: '一号厂区', gridRegion: 'East' },
    });
    for (const [externalId, energyKind] of meters) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/meters',
        headers: auth(key),
        payload: { siteId: site.json().id, externalId, energyKind },
      });
      expect(res.statusCode, res.body).to.equal(201);
    }
  }

  /** Clicks Show and waits until the answer for `meters` meters at `resolution` is on screen. */
  const show = async (meters: number, resolution: string) => {
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator(`[data-shown-meters="${meters}"][data-shown-resolution="${resolution}"]`).waitFor();
  };

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db);
    org = await createOrgViaApi(t, 'Monitoring Steel 监测钢铁');
    const other = await createOrgViaApi(t, 'Other Cement');
    await register(org.adminKey, [
      ['MON-E1', 'electricity'],
      ['MON-E2', 'electricity'],
      ['MON-GAS', 'natural_gas'],
    ]);
    await register(other.adminKey, [['OTHER-SECRET', 'electricity']]);
    // The day before first, for the previous-period overlay.
    const dayBefore = Array.from({ length: 96 }, (_, i) => ({ meter: 'MON-E1', start: at(i - 96), value: '1' }));
    const first = await t.app.inject({
      method: 'POST',
      url: '/v1/readings',
      headers: auth(org.adminKey),
      payload: { readings: dayBefore },
    });
    expect(first.statusCode, first.body).to.equal(200);
    const readings = [];
    for (let i = 0; i < 96; i++) {
      if (i !== 10) readings.push({ meter: 'MON-E1', start: at(i), value: i === 20 ? '50' : '1' });
      readings.push({ meter: 'MON-E2', start: at(i), value: '2' });
      readings.push({ meter: 'MON-GAS', start: at(i), value: '3' });
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/readings',
      headers: auth(org.adminKey),
      payload: { readings },
    });
    expect(res.statusCode, res.body).to.equal(200);
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1280, height: 1000 },
    });
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  it('signs in, opens the page and shows one meter’s day with the gap and the spike marked', async function () {
    await page.goto(url + '/');
    await page.getByLabel('API 密钥').fill(org.adminKey);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('a[data-page="monitoring"]').click();
    await page.getByRole('heading', { name: '能耗查询' }).waitFor();
    expect(await page.locator('input[data-meter="MON-E1"]').isChecked()).to.equal(true);
    await page.getByLabel('开始日期').fill(DAY);
    await page.getByLabel('结束日期（不含）').fill('2026-11-04');
    await page.getByLabel('粒度').selectOption('15min');
    await show(1, '15min');
    await page.locator('table[data-table="series"] tbody tr').first().waitFor();
    expect(await page.locator('table[data-table="series"] tbody tr').count()).to.equal(96);
    const gap = page.locator(`tr[data-time="${Date.parse(at(10)) / 1000}"]`);
    expect(await gap.getAttribute('class')).to.equal('estimated');
    expect(await gap.locator('td.flags').textContent()).to.include('ESTIMATED');
    const spike = page.locator(`tr[data-time="${Date.parse(at(20)) / 1000}"]`);
    expect(await spike.getAttribute('class')).to.equal('suspect');
    expect(await spike.locator('td').nth(1).textContent()).to.equal('50');
    expect(await spike.locator('td').first().textContent()).to.equal(`${DAY} 05:00`);
    const drawn = await page.evaluate<number>(
      '(() => { const c = document.querySelector("[data-chart=monitoring] canvas"); return c ? c.width * c.height : 0; })()',
    );
    expect(drawn).to.be.greaterThan(0);
    expect(await page.locator('.u-legend').textContent()).to.include('上一周期');
    // The day before, laid onto this day point by point.
    expect(await page.locator('[data-chart="monitoring"]').getAttribute('data-previous-points')).to.equal('96');
  });

  it('zooms the chart by dragging across it', async function () {
    const over = page.locator('[data-chart="monitoring"] .u-over');
    const box = (await over.boundingBox()) as { x: number; y: number; width: number; height: number };
    const range = page.locator('[data-range]');
    const before = await range.textContent();
    expect(before).to.equal(`${DAY} 00:00 – ${DAY} 23:45`);
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const after = (await range.textContent()) as string;
    expect(after).not.to.equal(before);
    expect(after.startsWith(DAY)).to.equal(true);
    await over.dblclick();
    expect(await range.textContent()).to.equal(before);
  });

  it('sums two electricity meters as a group, and exports the same query as CSV', async function () {
    await page.locator('input[data-meter="MON-E2"]').check();
    await page.getByLabel('粒度').selectOption('hour');
    await show(2, 'hour');
    await page.locator('[data-group="2"]').waitFor();
    const first = page.locator('table[data-table="series"] tbody tr').first();
    expect(await first.locator('td').nth(1).textContent()).to.equal('12');
    expect(await page.locator('table[data-table="series"] tbody tr').count()).to.equal(24);
    const href = (await page.locator('a[data-link="csv"]').getAttribute('href')) as string;
    // The link as the browser follows it: the context's request client sends the session cookie, nothing else.
    const response = await page.context().request.get(url + href);
    expect(response.headers()['content-disposition']).to.match(/^attachment/);
    const csv = await response.text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).to.equal('start,mean,min,max,unit,flags');
    expect(lines[1]).to.equal(`${at(0)},12,12,12,kWh,`);
    expect(lines).to.have.length(25);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'monitoring.png'), fullPage: true });
  });

  it('shows the refusal and its hint when a group mixes units', async function () {
    await page.locator('input[data-meter="MON-GAS"]').check();
    await page.getByRole('button', { name: '查询' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('.error-code').textContent()).to.equal('NT_ERR_SERIES_UNITS');
    expect(await alert.textContent()).to.include('GET /v1/meters');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'monitoring-refused.png'), fullPage: true });
    await page.locator('input[data-meter="MON-GAS"]').uncheck();
  });

  it('switches to English', async function () {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Energy monitoring' }).waitFor();
    expect(await page.getByText('Sites and meters').count()).to.equal(1);
    await page.getByRole('button', { name: '中文' }).click();
  });

  it("never shows another organisation's meter", async function () {
    expect(await page.content()).not.to.include('OTHER-SECRET');
    expect(await page.locator('input[data-meter]').count()).to.equal(3);
  });
});
