import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium } from '../helpers/consoleBrowser';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../helpers/testApp';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');
const PERIOD = { start: '2026-01-01', end: '2026-02-01' };

/**
 * The Carbon page's Scope 3 part, by hand: road freight 12,000 t·km × 0.0712 = 854.4 kg ("854.4000"), recorded through
 * the API; then 50,000 CNY of warehousing × 0.15 = 7,500 kg ("7500.00") added with the page's form; category 4 and
 * Scope 3 = 8,354.4 kg ("8354.4000"), while the Scope 1 and 2 total stays as it was.
 */
describe('console in Chromium: the Carbon page shows Scope 3 categories apart and adds an activity', function () {
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let org: { orgId: string; adminKey: string };
  let totalLocation: string;

  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: auth(org.adminKey), payload });

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db);
    org = await createOrgViaApi(t, 'Scope 3 Logistics 物流');
    const site = (await post('/v1/sites', { name: 'Depot', gridRegion: 'East' })).json().id;
    expect(
      (await post('/v1/meters', { siteId: site, externalId: 'E1', energyKind: 'electricity' })).statusCode,
    ).to.equal(201);
    const first = Date.parse('2026-01-15T02:00:00Z');
    const readings = Array.from({ length: 8 }, (_, i) => ({
      meter: 'E1',
      start: new Date(first + i * 900_000).toISOString(),
      value: '100',
    }));
    expect((await post('/v1/readings', { readings })).statusCode).to.equal(200);
    const source = 'Test values, not published factors';
    const set = await post('/v1/scope3-factor-sets', {
      name: 'Freight 2026',
      factors: [
        { category: 4, subject: 'road', unit: 't·km', kgCO2ePerUnit: '0.0712', source },
        { category: 4, subject: 'spend', unit: 'CNY', kgCO2ePerUnit: '0.15', source },
      ],
    });
    expect(set.statusCode, set.body).to.equal(201);
    const road = await post('/v1/scope3-activities', {
      periodStart: PERIOD.start,
      periodEnd: PERIOD.end,
      category: 4,
      factorSetId: set.json().id,
      subject: 'road',
      description: 'Road freight to customers',
      quantity: '12000',
      evidence: 'Freight bills January',
    });
    expect(road.statusCode, road.body).to.equal(201);
    totalLocation = (await post('/v1/inventories/preview', PERIOD)).json().document.results.totalLocationBased;

    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1400, height: 1000 },
    });
    await page.goto(url + '/');
    await page.getByLabel('API 密钥').fill(org.adminKey);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('a[data-page="carbon"]').click();
    await page.locator('input[name="start"]').fill(PERIOD.start);
    await page.locator('input[name="end"]').fill(PERIOD.end);
    await page.getByRole('button', { name: '预览清单' }).click();
    await page.locator('[data-scope3] [data-figure="scope3-total"]').waitFor();
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  it('shows category 4 with its method, quantity, factor set version and result, and the Scope 3 total', async function () {
    const row = page.locator('[data-table="scope3-category-4"] tbody tr').first();
    const cells = await row.locator('td').allTextContents();
    expect(cells).to.deep.equal([
      'Road freight to customers',
      '基于活动数据',
      '12000 t·km',
      'road 0.0712 (Freight 2026 v1)',
      '854.4000',
    ]);
    expect(await page.locator('[data-figure="scope3-total"] .value').textContent()).to.equal('854.4000');
  });

  it('keeps Scope 3 out of the Scope 1 and 2 total', async function () {
    expect(await page.locator('[data-figure="total-location"] .value').textContent()).to.equal(totalLocation);
  });

  it('adds a spend-based activity with the form and shows the new totals', async function () {
    const form = page.locator('[data-form="scope3-entry"]');
    await form.locator('select[name="category"]').selectOption('4');
    await form.locator('select[name="subject"]').selectOption('spend');
    await form.locator('input[name="description"]').fill('Outsourced warehousing');
    await form.locator('input[name="quantity"]').fill('50000');
    await form.locator('input[name="evidence"]').fill('Warehouse invoices January');
    await form.getByRole('button', { name: '添加' }).click();
    await page.locator('[data-figure="scope3-total"] .value:text-is("8354.4000")').waitFor();
    const rows = page.locator('[data-table="scope3-category-4"] tbody tr');
    expect(await rows.count()).to.equal(3);
    expect(await rows.nth(1).locator('td').allTextContents()).to.deep.equal([
      'Outsourced warehousing',
      '基于支出',
      '50000 CNY',
      'spend 0.15 (Freight 2026 v1)',
      '7500.00',
    ]);
    expect(
      await page.locator('[data-table="scope3-category-4"] tr[data-row="total"] td').nth(1).textContent(),
    ).to.equal('8354.4000');
    expect(await page.locator('[data-figure="total-location"] .value').textContent()).to.equal(totalLocation);
    await page.locator('[data-scope3]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'carbon-scope3.png'), fullPage: true });
  });
});
