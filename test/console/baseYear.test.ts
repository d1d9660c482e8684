import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium, signedInPage } from '../helpers/consoleBrowser';
import { call } from '../helpers/participants';
import { createOrgViaApi, createTestApp, type TestApp } from '../helpers/testApp';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');

/**
 * The base year on the Carbon page. By hand (seeded clinker factor 0.52 t CO2/t): 2024 North 1,000 t + South 500 t =
 * 780,000 kg; South divested, 2025 reported for North alone → structural effect −260,000 kg (−33.3333 %), beyond
 * 5 %; restated from the page, the base year stands at 520,000 kg.
 */
describe('console in Chromium: the base year and its restatement on the Carbon page', function () {
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let org: { orgId: string; adminKey: string };

  const clinker = (siteId: string, year: number, tonnes: string) => ({
    siteId,
    periodStart: `${year}-03-01`,
    periodEnd: `${year}-04-01`,
    sourceKind: 'process',
    subject: 'clinker',
    quantity: tonnes,
    unit: 't',
    evidence: `Kiln production log March ${year}`,
  });

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db);
    org = await createOrgViaApi(t, 'Base Year Cement 基准年水泥');
    const north = await call(t, org.adminKey, 'POST', '/v1/sites', { name: 'North' });
    const south = await call(t, org.adminKey, 'POST', '/v1/sites', { name: 'South' });
    await call(t, org.adminKey, 'POST', '/v1/activity-data', clinker(north.id, 2024, '1000'));
    await call(t, org.adminKey, 'POST', '/v1/activity-data', clinker(south.id, 2024, '500'));
    await call(t, org.adminKey, 'POST', '/v1/activity-data', clinker(north.id, 2025, '1100'));
    const base = await call(t, org.adminKey, 'POST', '/v1/inventories', { start: '2024-01-01', end: '2025-01-01' });
    await call(t, org.adminKey, 'PUT', '/v1/base-year', { inventoryId: base.id });
    await call(t, org.adminKey, 'POST', '/v1/inventories', {
      start: '2025-01-01',
      end: '2026-01-01',
      siteIds: [north.id],
    });
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await signedInPage(browser, url, org.adminKey, 'carbon', '碳核算');
    await page.locator('[data-base-year] [data-recalculation]').waitFor();
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  it('shows the structural effect of the divested site as the API computes it', async function () {
    const row = page.locator('[data-recalculation] tr[data-trigger="structural"]');
    expect([
      await row.locator('[data-effect]').textContent(),
      await row.locator('td').nth(3).textContent(),
    ]).to.deep.equal(['-260000.000', '− South']);
  });

  it('says that the change is beyond the threshold', async function () {
    expect(await page.locator('[data-base-year] [data-cumulative]').textContent()).to.equal('-260000.000 (-33.3333 %)');
    expect(await page.locator('[data-base-year] [data-required]').getAttribute('data-required')).to.equal('true');
  });

  it('restates the base year with a reason, and lists the restatement', async function () {
    await page.locator('[data-base-year] input[name="reason"]').fill('South 场地于 2025-01-01 剥离');
    await page.getByRole('button', { name: '重新计算基准年' }).click();
    await page.locator('[data-restatements] tr[data-restatement]').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'base-year.png'), fullPage: true });
    expect([
      await page.locator('[data-base-year] [data-stated]').textContent(),
      await page.locator('[data-restatements] tr[data-restatement] td').nth(1).textContent(),
    ]).to.deep.equal(['520000.000', 'South 场地于 2025-01-01 剥离']);
  });
});
