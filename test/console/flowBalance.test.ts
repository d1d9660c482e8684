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

/**
 * 2 March 2026 (Shanghai): MAIN buys 1000 kWh, WORKSHOP 600 and HVAC 330 below it, so 70 kWh (7 %) is lost; at the
 * 3 % tolerance the branch would save 40 kWh = 4.916 kgce, × 365 = 1794.34 kgce a year. A coal boiler burns 100 t of
 * raw coal (71 430 kgce) into 1428.6 GJ of steam (48 743.832 kgce): 68.24 % against a reference of 80 %.
 */
describe('console in Chromium: energy balance table and optimisation (能量平衡, 能效平衡与优化)', function () {
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
    key = (await createOrgViaApi(t, 'Balance Dyeing 平衡印染')).adminKey;
    const other = (await createOrgViaApi(t, 'Balance Other')).adminKey;
    const site = await call(t, key, 'POST', '/v1/sites', { name: 'Dye house', gridRegion: 'East' });
    const boilerHouse = await call(t, key, 'POST', '/v1/sites', { name: 'Boiler house', gridRegion: 'East' });
    await meter(key, site.id, 'MAIN', {}, '250');
    await meter(key, site.id, 'WORKSHOP', { accountingRole: 'submeter' }, '150');
    await meter(key, site.id, 'HVAC', { accountingRole: 'submeter' }, '82.5');
    await meter(key, boilerHouse.id, 'COAL', { energyKind: 'raw_coal' }, '25');
    await meter(key, boilerHouse.id, 'STEAM', { energyKind: 'steam', accountingRole: 'submeter' }, '357.15');
    await call(t, key, 'PUT', '/v1/meters/WORKSHOP/place', { parent: 'MAIN', endUse: 'dyeing' });
    await call(t, key, 'PUT', '/v1/meters/HVAC/place', { parent: 'MAIN', endUse: 'hvac' });
    await call(t, key, 'PUT', '/v1/meters/STEAM/place', { parent: null, endUse: 'drying' });
    await call(t, key, 'POST', '/v1/tariffs', { energyKind: 'electricity', validFrom: '2026-01-01', price: '0.8' });
    const otherSite = await call(t, other, 'POST', '/v1/sites', { name: 'Kiln', gridRegion: 'East' });
    await meter(other, otherSite.id, 'OTHER-SECRET', {}, '7');
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1400, height: 1200 },
    });
    await page.goto(url + '/#/flow');
    await page.getByLabel('API 密钥').fill(key);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '能流分析' }).waitFor();
    await page.getByLabel('起始日期').fill('2026-03-02');
    await page.getByLabel('截止日期（不含）').fill('2026-03-03');
    await page.getByRole('button', { name: '查看' }).click();
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  it('reads the electricity row of the balance: 1000 kWh bought, 70 lost, 930 used', async function () {
    await page.getByRole('heading', { name: '企业能量平衡表' }).waitFor();
    // The page opened on this month (nothing measured): wait for the chosen day's figures.
    const electricity = page.locator('tr[data-balance-kind="electricity"]', { hasText: '1000.000000' });
    await electricity.waitFor();
    const cell = (col: string) => electricity.locator(`[data-col="${col}"]`).textContent();
    expect(await cell('purchased')).to.equal('1000.000000');
    expect(await cell('losses')).to.equal('70.000000');
    expect(await cell('endUse')).to.include('930.000000');
    expect(await cell('endUse')).to.include('dyeing 600.000000');
    expect(await cell('unexplained')).to.equal('0.000000');
    // No conversion unit yet: the coal counts as end use with no use named, and only the branch is a point.
    await page.locator('tr[data-point="MAIN"]').waitFor();
    expect(await page.locator('tr[data-point]').count()).to.equal(1);
  });

  it('marks the boiler as a person would: steam out, coal in, 80 % reference; reads its 68.24 %', async function () {
    await page.getByText('登记加工转换设备').click();
    await page.getByLabel('产出计量表').fill('STEAM');
    await page.getByLabel('投入计量表（逗号分隔）').fill('COAL');
    await page.getByLabel('设备名称').fill('燃煤锅炉');
    await page.getByLabel('参考效率（%）').fill('80');
    await page.getByRole('button', { name: '保存设备' }).click();
    await page.locator('tr[data-unit="STEAM"]').waitFor();
    expect(await page.locator('tr[data-unit="STEAM"] [data-efficiency]').textContent()).to.equal('68.24 %');
    const coalKgce = page.locator('tr[data-balance-kind-kgce="raw_coal"] [data-col="conversionInput"]');
    expect(await coalKgce.textContent()).to.equal('71430.000000');
  });

  it('ranks the boiler before the branch, with the branch saving of 40 kWh worth 22.000 kg CO2e and 32.00 CNY', async function () {
    await page.getByRole('heading', { name: '能效优化：损耗点与效率点（按预期节能量排序）' }).waitFor();
    await page.locator('tr[data-point="STEAM"]').waitFor();
    const points = await page
      .locator('tr[data-point]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-point')));
    expect(points).to.deep.equal(['STEAM', 'MAIN']);
    const saving = await page.locator('tr[data-point="MAIN"] [data-saving]').textContent();
    expect(saving).to.include('40.000000 kWh');
    expect(saving).to.include('4.916000 kgce');
    expect(saving).to.include('22.000 kg CO2e');
    expect(saving).to.include('32.00 元');
    expect(await page.locator('tr[data-point="MAIN"] [data-per-year]').textContent()).to.include('1794.340000 kgce');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'flowBalance.png'), fullPage: true });
  });

  it('creates a planned measure from the branch row with one click', async function () {
    await page.locator('tr[data-point="MAIN"]').getByRole('button', { name: '生成措施草案' }).click();
    await page.locator('tr[data-point="MAIN"] [data-drafted]').waitFor();
    const measures: { title: string; status: string; expectedKgce: string; expectedEnergy: string }[] = await call(
      t,
      key,
      'GET',
      '/v1/measures',
    );
    expect(measures.map((m) => [m.status, m.expectedEnergy, m.expectedKgce])).to.deep.equal([
      ['planned', '14600.000000', '1794.340000'],
    ]);
    expect(measures[0].title).to.include('MAIN');
    expect(await page.content()).not.to.include('OTHER-SECRET');
  });

  it('says the same in English', async function () {
    await page
      .getByRole('button', { name: 'English' })
      .or(page.getByRole('link', { name: 'English' }))
      .click();
    await page.getByRole('heading', { name: 'Enterprise energy balance' }).waitFor();
    await page.getByRole('columnheader', { name: 'Distribution losses' }).waitFor();
    await page
      .getByRole('heading', { name: 'Optimisation: loss and efficiency points, largest expected saving first' })
      .waitFor();
  });
});
