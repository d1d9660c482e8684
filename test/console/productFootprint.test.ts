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
 * The product footprint by stage on the Carbon page, by hand: inbound transport 10,000 t·km × 0.05 = 500 kg; 200 t of
 * cement and 50 t of kiln dust. By mass the shares are 4/5 and 1/5, so a tonne of cement carries 500 × 4/5 ÷ 200 =
 * 2.000 kg of inbound transport. By economic value at 300 and 100 CNY/t (60,000 and 5,000 CNY: 12/13 and 1/13) it
 * carries 500 × 12/13 ÷ 200 = 30/13 = 2.30769… → 2.308 kg.
 */
describe('console in Chromium: the product footprint by life-cycle stage on the Carbon page', function () {
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let org: { orgId: string; adminKey: string };
  let inventoryId: string;

  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: auth(org.adminKey), payload });

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db);
    org = await createOrgViaApi(t, 'Footprint Cement 水泥');
    const site = (await post('/v1/sites', { name: 'Kiln', gridRegion: 'East' })).json().id;
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
    const set = await post('/v1/scope3-factor-sets', {
      name: 'Freight 2026',
      factors: [{ category: 4, subject: 'road', unit: 't·km', kgCO2ePerUnit: '0.05', source: 'Test value' }],
    });
    expect(set.statusCode, set.body).to.equal(201);
    const road = await post('/v1/scope3-activities', {
      periodStart: PERIOD.start,
      periodEnd: PERIOD.end,
      category: 4,
      factorSetId: set.json().id,
      subject: 'road',
      description: 'Limestone by road',
      quantity: '10000',
      evidence: 'Freight bills January',
    });
    expect(road.statusCode, road.body).to.equal(201);
    for (const [product, quantity] of [
      ['cement', '200'],
      ['kiln dust', '50'],
    ]) {
      const res = await post('/v1/production-volumes', {
        product,
        periodStart: PERIOD.start,
        periodEnd: PERIOD.end,
        quantity,
        unit: 't',
      });
      expect(res.statusCode, res.body).to.equal(201);
    }
    const inventory = await post('/v1/inventories', PERIOD);
    expect(inventory.statusCode, inventory.body).to.equal(201);
    inventoryId = inventory.json().id;

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
    await page.locator(`[data-open-footprint="${inventoryId}"]`).click();
    await page.locator('[data-footprint] tr[data-product="cement"]').waitFor();
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  const cementTransport = () =>
    page.locator('[data-footprint] tr[data-product="cement"] td[data-stage="inbound-transport"]');

  it('shows a tonne of cement 2.000 kg of inbound transport, allocated by mass', async function () {
    expect(await cementTransport().textContent()).to.equal('2.000');
  });

  it('names the stages in Chinese', async function () {
    const heads = await page.locator('[data-footprint] thead th').allTextContents();
    expect(heads.slice(3, 7)).to.deep.equal([
      '原材料获取',
      '上游燃料与能源',
      '入厂运输',
      '生产（范围一 + 范围二，基于位置）',
    ]);
  });

  it('opens the product-footprint report of the same allocation', async function () {
    const src = await page.locator(`iframe[data-footprint-report="${inventoryId}"]`).getAttribute('src');
    expect(src).to.equal(
      `/v1/inventories/${inventoryId}/report?kind=product-footprint&lang=zh&format=html&disposition=inline&allocation=mass`,
    );
  });

  it('allocates by economic value with the prices typed in: 2.308', async function () {
    await page.locator('[data-footprint] select[name="allocation"]').selectOption('economic');
    await page.locator('[data-footprint] input[data-price="cement"]').fill('300');
    await page.locator('[data-footprint] input[data-price="kiln dust"]').fill('100');
    await page.locator('[data-footprint]').getByRole('button', { name: '计算' }).click();
    await page
      .locator('[data-footprint] tr[data-product="cement"] td[data-stage="inbound-transport"]:text-is("2.308")')
      .waitFor();
    expect(await cementTransport().textContent()).to.equal('2.308');
    await page.locator('[data-footprint]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'carbon-product-footprint.png'), fullPage: true });
  });

  it('shows a refusal with its hint when a price is missing', async function () {
    await page.locator('[data-footprint] input[data-price="kiln dust"]').fill('');
    await page.locator('[data-footprint]').getByRole('button', { name: '计算' }).click();
    await page.locator('[data-footprint] .error-code').waitFor();
    expect(await page.locator('[data-footprint] .error-code').textContent()).to.equal(
      'NT_ERR_FOOTPRINT_ALLOCATION_KEY',
    );
  });
});
