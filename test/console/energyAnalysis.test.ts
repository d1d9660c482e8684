import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium, signedInPage } from '../helpers/consoleBrowser';
import { call } from '../helpers/participants';
import { createOrgViaApi, createTestApp, type TestApp } from '../helpers/testApp';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');

/**
 * MAIN reads 20 kWh in each hour from 08:00 to 18:00 of Monday 2 March 2026 (Shanghai) and 10 kWh in the others:
 * 340 kWh. With the typical day the editor proposes (valley 23:00–07:00 at 0.35, flat 07:00–08:00 and 11:00–18:00 at
 * 0.75, peak 08:00–11:00 and 18:00–23:00 at 1.2): valley 80 kWh 28.00, flat 150 kWh 112.50, peak 110 kWh 132.00,
 * 272.50 CNY; moving 20 % of the peak, 22 kWh, to the valley saves 22 × 0.85 = 18.70 CNY.
 */
describe('console in Chromium: energy analysis and strategy (用能分析与策略)', function () {
  this.timeout(120_000);
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db);
    const key = (await createOrgViaApi(t, 'Tariff Textiles 纺织')).adminKey;
    const other = (await createOrgViaApi(t, 'Tariff Glass')).adminKey;
    const monday = Date.parse('2026-03-01T16:00:00Z');
    const hourly = (k: string, meter: string, value: (h: number) => string) =>
      call(t, k, 'POST', '/v1/readings', {
        readings: Array.from({ length: 24 }, (_, h) => ({
          meter,
          start: new Date(monday + h * 3_600_000).toISOString(),
          value: value(h),
        })),
      });
    const site = await call(t, key, 'POST', '/v1/sites', { name: 'Weaving', gridRegion: 'East' });
    await call(t, key, 'POST', '/v1/meters', {
      siteId: site.id,
      externalId: 'MAIN',
      energyKind: 'electricity',
      intervalSeconds: 3600,
    });
    await hourly(key, 'MAIN', (h) => (h >= 8 && h < 18 ? '20' : '10'));
    const otherSite = await call(t, other, 'POST', '/v1/sites', { name: 'Furnace', gridRegion: 'East' });
    await call(t, other, 'POST', '/v1/meters', {
      siteId: otherSite.id,
      externalId: 'OTHER-SECRET',
      energyKind: 'electricity',
      intervalSeconds: 3600,
    });
    await hourly(other, 'OTHER-SECRET', () => '7');
    await call(t, other, 'POST', '/v1/tariffs', { energyKind: 'electricity', validFrom: '2026-02-15', price: '0.9' });
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await signedInPage(browser, url, key, 'energy-analysis', '用能分析与策略');
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  it('enters a time-of-use tariff and reads the cost by period, the load-shift saving and the charts', async function () {
    await page.getByLabel('生效日期').fill('2026-03-01');
    await page.getByLabel('高峰 电价').fill('1.2');
    await page.getByLabel('平段 电价').fill('0.75');
    await page.getByLabel('低谷 电价').fill('0.35');
    await page.getByRole('button', { name: '保存版本' }).click();
    await page.locator('tr[data-tariff="2026-03-01"]').waitFor();
    await page.getByLabel('起始日期').fill('2026-03-02');
    await page.getByLabel('截止日期（不含）').fill('2026-03-03');
    await page.getByRole('button', { name: '分析' }).click();
    await page.locator('[data-total-cny]', { hasText: '272.50' }).waitFor();
    const period = async (p: string) => [
      await page.locator(`tr[data-period="${p}"] [data-kwh]`).textContent(),
      await page.locator(`tr[data-period="${p}"] [data-cny]`).textContent(),
    ];
    expect(await period('peak')).to.deep.equal(['110.000000', '132.00']);
    expect(await period('flat')).to.deep.equal(['150.000000', '112.50']);
    expect(await period('valley')).to.deep.equal(['80.000000', '28.00']);
    const shift = await page.locator('[data-recommendation="load_shift"]').textContent();
    expect(shift).to.include('22.000000 kWh').and.include('18.70 元').and.include('MAIN');
    await page.locator('[data-chart="tou"] canvas').waitFor();
    await page.locator('[data-chart="cost-structure"] canvas').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'energyAnalysis.png'), fullPage: true });
  });

  it('shows a refused overlapping tariff with its code and hint', async function () {
    await page.getByLabel('生效日期').fill('2026-04-01');
    await page.getByLabel('开始 5').fill('17:00');
    await page.getByRole('button', { name: '保存版本' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('.error-code').textContent()).to.equal('NT_ERR_TARIFF_PERIODS');
    expect(await alert.textContent())
      .to.include('17:00–18:00')
      .and.include('POST /v1/tariffs');
    expect(await page.locator('tr[data-tariff="2026-04-01"]').count()).to.equal(0);
  });

  it('speaks English when asked, with the same figures', async function () {
    await page.locator('button.language').click();
    await page.getByRole('heading', { name: 'Energy analysis & strategy' }).waitFor();
    const shift = await page.locator('[data-recommendation="load_shift"]').textContent();
    expect(shift).to.include('Load shifting').and.include('18.70 CNY');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'energyAnalysis-en.png'), fullPage: true });
    await page.locator('button.language').click();
    await page.getByRole('heading', { name: '用能分析与策略' }).waitFor();
  });

  it('never shows another organisation’s meters or tariffs', async function () {
    const html = await page.content();
    expect(html).not.to.include('OTHER-SECRET');
    expect(html).not.to.include('2026-02-15');
  });
});
