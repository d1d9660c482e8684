import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium } from '../helpers/consoleBrowser';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../helpers/testApp';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');
const QUARTER = 900_000;
const PERIOD = { start: '2026-01-01', end: '2026-04-01' };

describe('console in Chromium: the Carbon page shows the inventory the API computes, traceable', function () {
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let org: { orgId: string; adminKey: string };
  let inventoryId: string;

  const preview = async (key: string, period: { start: string; end: string }) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/inventories/preview',
      headers: auth(key),
      payload: period,
    });
    expect(res.statusCode, res.body).to.equal(200);
    return res.json();
  };

  /** A site with an electricity and a natural-gas meter, and readings in January and February (Shanghai time). */
  async function plant(key: string, prefix: string): Promise<void> {
    const site = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: auth(key),
      payload: { name: `${prefix} Plant`, gridRegion: 'East' },
    });
    for (const [externalId, energyKind] of [
      [`${prefix}-E1`, 'electricity'],
      [`${prefix}-G1`, 'natural_gas'],
    ]) {
      const meter = await t.app.inject({
        method: 'POST',
        url: '/v1/meters',
        headers: auth(key),
        payload: { siteId: site.json().id, externalId, energyKind },
      });
      expect(meter.statusCode, meter.body).to.equal(201);
    }
    const readings = [Date.parse('2026-01-15T02:00:00Z'), Date.parse('2026-02-10T02:00:00Z')].flatMap((first, month) =>
      Array.from({ length: 8 }, (_, i) => [
        { meter: `${prefix}-E1`, start: new Date(first + i * QUARTER).toISOString(), value: `${120 + month * 30}.5` },
        { meter: `${prefix}-G1`, start: new Date(first + i * QUARTER).toISOString(), value: `${10 + month}` },
      ]).flat(),
    );
    const res = await t.app.inject({ method: 'POST', url: '/v1/readings', headers: auth(key), payload: { readings } });
    expect(res.statusCode, res.body).to.equal(200);
  }

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db);
    org = await createOrgViaApi(t, 'Carbon Steel 碳核算钢铁');
    const other = await createOrgViaApi(t, 'Other Cement');
    await plant(org.adminKey, 'CARBON');
    await plant(other.adminKey, 'OTHER-SECRET');
    const stored = await t.app.inject({
      method: 'POST',
      url: '/v1/inventories',
      headers: auth(org.adminKey),
      payload: PERIOD,
    });
    expect(stored.statusCode, stored.body).to.equal(201);
    inventoryId = stored.json().id;
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1400, height: 1000 },
    });
    await page.goto(url + '/');
    await page.getByLabel('API 密钥').fill(org.adminKey);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('a[data-page="carbon"]').waitFor();
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  it('previews a chosen period: scopes location- and market-based side by side, as the API computes them', async function () {
    await page.locator('a[data-page="carbon"]').click();
    await page.getByRole('heading', { name: '碳核算' }).waitFor();
    await page.locator('input[name="start"]').fill(PERIOD.start);
    await page.locator('input[name="end"]').fill(PERIOD.end);
    await page.getByRole('button', { name: '预览清单' }).click();
    const expected = await preview(org.adminKey, PERIOD);
    const alert = page.getByRole('alert');
    await Promise.race([page.locator('[data-inventory-hash]').waitFor(), alert.waitFor()]);
    expect(await alert.count(), (await alert.count()) ? String(await alert.textContent()) : '').to.equal(0);
    await page.locator(`[data-inventory-hash]:text("${expected.hash}")`).waitFor();
    const r = expected.document.results;
    const cell = (breakdown: string, row: string, method: string) =>
      page.locator(`[data-breakdown="${breakdown}"] tr[data-row="${row}"] button[data-method="${method}"]`);
    expect(await cell('scope', 'scope1', 'location').textContent()).to.equal(r.scope1);
    expect(await cell('scope', 'scope2', 'location').textContent()).to.equal(r.scope2LocationBased);
    expect(await cell('scope', 'scope2', 'market').textContent()).to.equal(r.scope2MarketBased);
    expect(await cell('scope', 'total', 'location').textContent()).to.equal(r.totalLocationBased);
    expect(await cell('scope', 'total', 'market').textContent()).to.equal(r.totalMarketBased);
    expect(r.scope2LocationBased).not.to.equal(r.scope2MarketBased);
    expect(Number(r.scope1)).to.be.greaterThan(0);
  });

  it('breaks the period down by source, site and month, each month as the API computes that month', async function () {
    const rows = page.locator('[data-breakdown="source"] tr[data-row]');
    expect(await rows.count()).to.equal(2);
    expect(await page.locator('[data-breakdown="site"] tr[data-row="CARBON Plant"]').count()).to.equal(1);
    for (const [month, start, end] of [
      ['2026-01', '2026-01-01', '2026-02-01'],
      ['2026-02', '2026-02-01', '2026-03-01'],
    ]) {
      const expected = (await preview(org.adminKey, { start, end })).document.results;
      const row = page.locator(`[data-breakdown="month"] tr[data-row="${month}"]`);
      expect(await row.locator('button[data-method="location"]').textContent()).to.equal(expected.totalLocationBased);
      expect(await row.locator('button[data-method="market"]').textContent()).to.equal(expected.totalMarketBased);
    }
    // March has no readings: the API refuses that month (NT_ERR_ACCOUNTING_NO_DATA), the page shows no figure.
    const march = page.locator('[data-breakdown="month"] tr[data-row="2026-03"]');
    expect(await march.locator('button').count()).to.equal(0);
    expect(await march.textContent()).to.equal('2026-03——');
  });

  it('traces a figure to its meter, activity, factor version and formula', async function () {
    await page
      .locator('[data-breakdown="source"] tr[data-row="stationary_combustion"] button[data-method="location"]')
      .click();
    const trace = page.locator('[data-trace]');
    await trace.waitFor();
    const line = (await preview(org.adminKey, PERIOD)).document.sources.find(
      (s: { kind: string }) => s.kind === 'stationary_combustion',
    );
    const text = String(await trace.textContent());
    expect(text).to.include('CARBON-G1').and.include(line.activity.quantity).and.include(line.emissions.co2e);
    expect(text).to.include('NCV').and.include('公式');
    expect(await trace.locator('[data-trace-meter]').count()).to.equal(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'carbon-trace.png'), fullPage: true });

    await page.locator('[data-breakdown="scope"] tr[data-row="scope2"] button[data-method="market"]').click();
    await trace.locator('[data-trace-market]').waitFor();
    expect(await trace.locator('[data-trace-market]').textContent()).to.include('EF(residual)');
  });

  it('opens the stored inventory report in a sandboxed frame with the session cookie, and links its PDF', async function () {
    const row = page.locator(`tr[data-inventory="${inventoryId}"]`);
    await row.getByRole('button', { name: '查看报告' }).click();
    const frame = page.locator(`iframe[data-report="${inventoryId}"]`);
    expect(await frame.getAttribute('sandbox')).to.equal('');
    await page
      .frameLocator(`iframe[data-report="${inventoryId}"]`)
      .locator('body')
      .getByText('Carbon Steel 碳核算钢铁')
      .first()
      .waitFor();
    const pdfHref = String(await row.locator('a[data-pdf]').getAttribute('href'));
    expect(pdfHref).to.include('format=pdf');
    const pdf = await page.evaluate<{ status: number; type: string | null; magic: string }, string>(async (href) => {
      const res = await fetch(href, { credentials: 'same-origin' });
      const bytes = new Uint8Array(await res.arrayBuffer());
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        magic: String.fromCharCode(...bytes.slice(0, 5)),
      };
    }, pdfHref);
    expect(pdf).to.deep.equal({ status: 200, type: 'application/pdf', magic: '%PDF-' });
    await frame.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'carbon-report.png'), fullPage: true });
  });

  it('shows a refused period with its code and hint', async function () {
    await page.locator('input[name="start"]').fill('2026-04-01');
    await page.locator('input[name="end"]').fill('2026-01-01');
    await page.getByRole('button', { name: '预览清单' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.match(/NT_ERR_[A-Z_]+/);
    expect(await alert.textContent()).to.include('建议');
  });

  it('shows non-metered sources, emissions per gas, gross beside net, the biomass memo and the uncertainty', async function () {
    // Recorded last, so the figures of the tests above stay those of the metered sources alone.
    for (const body of [
      { sourceKind: 'fugitive', subject: 'R-410A', quantity: '10', unit: 'kg', evidence: 'Chiller service report 03' },
      { sourceKind: 'biomass_combustion', subject: 'wood', quantity: '5', unit: 't', evidence: 'Wood chip invoice 7' },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/activity-data',
        headers: auth(org.adminKey),
        payload: { periodStart: '2026-03-01', periodEnd: '2026-04-01', ...body },
      });
      expect(res.statusCode, res.body).to.equal(201);
    }
    await page.locator('input[name="start"]').fill(PERIOD.start);
    await page.locator('input[name="end"]').fill(PERIOD.end);
    await page.getByRole('button', { name: '预览清单' }).click();
    const expected = (await preview(org.adminKey, PERIOD)).document;
    const extended = page.locator('[data-extended-results]');
    await extended.waitFor();
    const cell = (table: string, row: string, nth: number) =>
      extended.locator(`[data-table="${table}"] tr[data-row="${row}"] td`).nth(nth).textContent();
    // 10 kg R-410A × 1,923.5 (AR5) = 19,235 kg CO2e; 5 t wood × 15.6 GJ/t × 112,000 kg/TJ = 8,736 kg biomass CO2.
    expect(await cell('by-gas', 'R-410A', 3)).to.equal('19235.000');
    expect(await cell('gross-net', 'gross', 1)).to.equal(expected.grossNet.grossLocationBased);
    expect(await cell('gross-net', 'exports', 0)).to.equal('输出：输出的电力和热力（扣减）');
    expect(await cell('gross-net', 'net', 1)).to.equal(expected.grossNet.netLocationBased);
    expect(await cell('gross-net', 'biomass', 1)).to.equal('8736.000');
    expect(await extended.locator('[data-table="non-metered"]').textContent()).to.include('Chiller service report 03');
    expect(await extended.locator('[data-table="uncertainty"] tr[data-row="total"]').textContent()).to.include(
      expected.uncertainty.totalPct,
    );
    await extended.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'carbon-extended.png'), fullPage: true });
  });

  it("never shows another organisation's meters, sites or reports", async function () {
    expect(await page.content()).not.to.include('OTHER-SECRET');
    const others = await t.app.inject({ method: 'GET', url: '/v1/inventories', headers: auth(org.adminKey) });
    expect(others.json()).to.have.length(1);
    const otherOrg = await createOrgViaApi(t, 'Third Glass');
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/inventories/${inventoryId}/report?disposition=inline`,
      headers: auth(otherOrg.adminKey),
    });
    expect(res.statusCode).to.equal(404);
  });
});
