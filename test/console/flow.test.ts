import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium } from '../helpers/consoleBrowser';
import { call } from '../helpers/participants';
import { createOrgViaApi, createTestApp, type TestApp } from '../helpers/testApp';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');

/** MAIN 400 kWh on 2 March 2026 (Shanghai), WORKSHOP 240 and HVAC 120 below it: 40 kWh (10.0 %) unmetered. */
describe('console in Chromium: energy flow (能流分析)', function () {
  this.timeout(120_000);
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let key: string;

  const day = Date.parse('2026-03-01T16:00:00Z');
  async function meter(k: string, siteId: string, externalId: string, extra: object, perQuarter: string) {
    await call(t, k, 'POST', '/v1/meters', { siteId, externalId, energyKind: 'electricity', ...extra });
    await call(t, k, 'POST', '/v1/readings', {
      readings: Array.from({ length: 4 }, (_, i) => ({
        meter: externalId,
        start: new Date(day + i * 900_000).toISOString(),
        value: perQuarter,
      })),
    });
  }

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db);
    key = (await createOrgViaApi(t, 'Flow Steel 能流钢铁')).adminKey;
    const other = (await createOrgViaApi(t, 'Flow Cement')).adminKey;
    const site = await call(t, key, 'POST', '/v1/sites', { name: 'Rolling mill', gridRegion: 'East' });
    await meter(key, site.id, 'MAIN', {}, '100');
    await meter(key, site.id, 'WORKSHOP', { accountingRole: 'submeter' }, '60');
    await meter(key, site.id, 'HVAC', { accountingRole: 'submeter' }, '30');
    await meter(key, site.id, 'LOOSE', { accountingRole: 'submeter' }, '1');
    await call(t, key, 'PUT', '/v1/meters/WORKSHOP/place', { parent: 'MAIN', endUse: 'rolling' });
    await call(t, key, 'PUT', '/v1/meters/HVAC/place', { parent: 'MAIN', endUse: 'hvac' });
    const otherSite = await call(t, other, 'POST', '/v1/sites', { name: 'Kiln', gridRegion: 'East' });
    await meter(other, otherSite.id, 'OTHER-SECRET', {}, '7');
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1280, height: 1000 },
    });
    await page.goto(url + '/#/flow');
    await page.getByLabel('API 密钥').fill(key);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '能流分析' }).waitFor();
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  it('draws the Sankey and states the balance of the branch for the chosen days', async function () {
    await page.getByLabel('起始日期').fill('2026-03-02');
    await page.getByLabel('截止日期（不含）').fill('2026-03-03');
    await page.getByRole('button', { name: '查看' }).click();
    // The page opened on this month (MAIN measured nothing): wait for the chosen days' figures.
    const balance = page.locator('tr[data-balance="MAIN"]', { hasText: '400.000000 kWh' });
    await balance.waitFor();
    expect(await balance.locator('[data-difference]').textContent()).to.equal('40.000000 kWh');
    expect(await balance.locator('[data-share]').textContent()).to.equal('10.0 %');
    expect(await page.locator('[data-unplaced]').textContent()).to.include('LOOSE');
    await page.locator('[data-chart="energy-flow"] canvas').waitFor();
    const drawn = await page.evaluate<number>(
      '(() => { const c = document.querySelector("[data-chart=energy-flow] canvas"); return c.width * c.height; })()',
    );
    expect(drawn).to.be.greaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'flow.png'), fullPage: true });
  });

  it('shows a refused period with its code and hint', async function () {
    await page.getByLabel('起始日期').fill('2026-03-03');
    await page.getByLabel('截止日期（不含）').fill('2026-03-02');
    await page.getByRole('button', { name: '查看' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('.error-code').textContent()).to.equal('NT_ERR_ACCOUNTING_PERIOD');
  });

  it('says what to do when a period has no flow, and never shows another organisation’s meter', async function () {
    await page.getByLabel('起始日期').fill('2025-01-01');
    await page.getByLabel('截止日期（不含）').fill('2025-01-02');
    await page.getByRole('button', { name: '查看' }).click();
    await page.getByText('该期间没有可显示的能流').waitFor();
    expect(await page.content()).not.to.include('OTHER-SECRET');
  });
});
