import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium, SCREENSHOTS } from '../helpers/consoleBrowser';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../helpers/testApp';
import { createTestDb, type TestDb } from '../helpers/testDb';

const PERIOD = { start: '2026-01-01', end: '2026-02-01' };
const SOURCE = 'Test values, not published factors';

/**
 * The Accounting setup page and the Carbon page together, as a person uses them (issue 12 §2). By hand, at the depot
 * (East grid, meter E1): 8 quarter hours × 100 kWh on 15 January 2026 = 800 kWh = 0.8 MWh; residual mix 0.6096
 * tCO2/MWh (2023 standing in for 2026).
 * - Before any contract, market-based Scope 2 = 0.8 × 0.6096 × 1000 = 487.680 kg.
 * - PPA-WIND-1 for January, 500 kWh at 0 tCO2/MWh: 0.5 MWh at 0, 0.3 × 609.6 = 182.880 kg; the contract changed
 *   market-based Scope 2 by 0.5 × (0 − 0.6096) × 1000 = −304.800 kg.
 * - Ended on 16 January with 300 kWh delivered: the whole 800 kWh fell inside 1–16 January, so 0.3 MWh at 0 and
 *   0.5 × 609.6 = 304.800 kg; change 0.3 × (0 − 0.6096) × 1000 = −182.880 kg.
 * - Scope 3 set "Travel 2026": T&D losses 0.05 kg/kWh × 800 kWh = 40 kg (category 3); rail 1,200 passenger·km ×
 *   0.041 = 49.2 kg (category 6); commuting by car as 20 staff × 22 days × 2 trips × 15 km = 13,200 km × 0.17 = 2,244
 *   kg (category 7). Scope 3 = 40 + 49.2 + 2,244 = 2,333.2 kg, apart from the Scope 1 and 2 total.
 */
describe('console in Chromium: energy contracts and Scope 3 factor sets on the Accounting setup page', function () {
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let org: { orgId: string; adminKey: string };
  const meterIds: Record<string, string> = {};

  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: auth(org.adminKey), payload });

  /** The Carbon page's preview of January, reached from the navigation as a person would. */
  async function previewJanuary(scope3Set?: string): Promise<void> {
    await page.locator('a[data-page="carbon"]').click();
    await page.locator('input[name="start"]').fill(PERIOD.start);
    await page.locator('input[name="end"]').fill(PERIOD.end);
    if (scope3Set) await page.locator('select[name="scope3FactorSetId"]').selectOption({ label: scope3Set });
    await page.getByRole('button', { name: '预览清单' }).click();
    await page.locator('[data-market-hierarchy]').waitFor();
  }
  const figure = (name: string) => page.locator(`[data-figure="${name}"] .value`).textContent();
  const cells = (table: string, row: string) =>
    page.locator(`[data-table="${table}"] tr[data-row="${row}"] td`).allTextContents();
  const contractForm = () => page.locator('[data-form="energy-contract"]');

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db);
    org = await createOrgViaApi(t, 'Depot 仓储');
    const site = (await post('/v1/sites', { name: 'Depot', gridRegion: 'East' })).json().id;
    expect(
      (await post('/v1/meters', { siteId: site, externalId: 'E1', energyKind: 'electricity' })).statusCode,
    ).to.equal(201);
    // Meters for the covered-meters choice: E2 (no readings) may be a delivery point, the gas meter G may not.
    for (const [externalId, energyKind] of [
      ['E2', 'electricity'],
      ['G', 'natural_gas'],
    ]) {
      const res = await post('/v1/meters', { siteId: site, externalId, energyKind });
      expect(res.statusCode, res.body).to.equal(201);
      meterIds[externalId] = res.json().id;
    }
    const first = Date.parse('2026-01-15T02:00:00Z');
    const readings = Array.from({ length: 8 }, (_, i) => ({
      meter: 'E1',
      start: new Date(first + i * 900_000).toISOString(),
      value: '100',
    }));
    expect((await post('/v1/readings', { readings })).statusCode).to.equal(200);

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
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  it('shows market-based Scope 2 at the residual mix before any contract', async function () {
    await previewJanuary();
    expect(await figure('total-market')).to.equal('487.680');
    expect(await cells('market-hierarchy', '2026 residual')).to.deep.equal([
      '2026',
      '剩余组合（不含市场化交易非化石电力的电网因子）',
      '0.800000',
      '0.6096',
      '487.680',
    ]);
    expect(await page.locator('[data-figure="contract-effect"]').count()).to.equal(0);
  });

  it('refuses a contract of 0 kWh and shows the error with its code and hint', async function () {
    await page.locator('a[data-link="accounting-setup"]').click();
    await page.getByRole('heading', { name: '核算设置' }).waitFor();
    const form = contractForm();
    await form.locator('input[name="contractRef"]').fill('PPA-WIND-1');
    await form.locator('select[name="instrument"]').selectOption('ppa');
    await form.locator('input[name="counterparty"]').fill('Kunlun Wind Farm Co.');
    await form.locator('input[name="periodStart"]').fill('2026-01-01');
    await form.locator('input[name="periodEnd"]').fill('2026-02-01');
    await form.locator('input[name="contractedKWh"]').fill('0');
    await form.locator('input[name="factor"]').fill('0');
    await form.locator('input[name="evidence"]').fill('PPA KW-1 and settlement statement 2026-01');
    await form.getByRole('button', { name: '录入合同' }).click();
    const alert = page.locator('[data-energy-contracts] [role="alert"]');
    await alert.waitFor();
    expect(await alert.locator('.error-code').textContent()).to.equal('NT_ERR_ENERGY_CONTRACT_INVALID');
    expect(await alert.locator('strong').textContent()).to.equal('contractedKWh must be positive, got "0"');
    expect(await alert.locator('.error-hint').textContent()).to.equal(
      '建议: Send the kWh contracted for the period, e.g. "150000".',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'accounting-setup-refused.png'), fullPage: true });
  });

  it('records the contract once corrected and lists it with its hierarchy level', async function () {
    const form = contractForm();
    await form.locator('input[name="contractedKWh"]').fill('500');
    await form.getByRole('button', { name: '录入合同' }).click();
    const row = page.locator('[data-table="energy-contracts"] tr[data-row="PPA-WIND-1 2026-01-01"] td');
    await row.first().waitFor();
    expect((await row.allTextContents()).slice(0, 7)).to.deep.equal([
      'PPA-WIND-1',
      '购电协议 PPA',
      'Kunlun Wind Farm Co.',
      '2026-01-01 – 2026-02-01',
      '500',
      '0',
      'PPA KW-1 and settlement statement 2026-01',
    ]);
    expect(await page.locator('[data-energy-contracts] [role="alert"]').count()).to.equal(0);
  });

  it('shows market-based Scope 2 lowered by the contract, level by level', async function () {
    await previewJanuary();
    expect(await figure('total-market')).to.equal('182.880');
    expect(await cells('market-hierarchy', '2026 contract PPA-WIND-1 2026-01-01')).to.deep.equal([
      '2026',
      '合同 PPA-WIND-1',
      '0.500000',
      '0',
      '0.000',
    ]);
    expect((await cells('market-hierarchy', '2026 residual')).slice(2)).to.deep.equal([
      '0.300000',
      '0.6096',
      '182.880',
    ]);
    expect(await figure('contract-effect')).to.equal('-304.800');
    await page.locator('[data-market-hierarchy]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'carbon-market-contract.png'), fullPage: true });
  });

  it('ends the contract early and the preview falls back to the residual mix for the rest', async function () {
    await page.locator('a[data-page="accounting-setup"]').click();
    const row = page.locator('[data-table="energy-contracts"] tr[data-row="PPA-WIND-1 2026-01-01"]');
    await row.locator('[data-action="end"]').click();
    const end = row.locator('[data-form="contract-end"]');
    await end.locator('input[name="end"]').fill('2026-01-16');
    await end.locator('input[name="deliveredKWh"]').fill('300');
    await end.locator('input[name="evidence"]').fill('Termination notice KW-T-7');
    await end.getByRole('button', { name: '确认终止' }).click();
    await row.locator('td:text-is("2026-01-01 – 2026-01-16")').waitFor();
    expect((await row.locator('td').allTextContents()).slice(4, 7)).to.deep.equal([
      '300',
      '0',
      'PPA KW-1 and settlement statement 2026-01; ended 2026-01-16: Termination notice KW-T-7',
    ]);
    await previewJanuary();
    expect(await figure('total-market')).to.equal('304.800');
    expect(await figure('contract-effect')).to.equal('-182.880');
  });

  it('binds a contract to the meters chosen in the covered-meters multi-select and lists them', async function () {
    await page.locator('a[data-page="accounting-setup"]').click();
    const form = contractForm();
    const select = form.locator('select[name="meterIds"]');
    // Only electricity import boundary meters are offered: E1 and E2, not the gas meter G. The page loads the meters
    // after it opens: wait for them before reading the options.
    await select.locator('option').nth(1).waitFor({ state: 'attached' });
    expect(await select.locator('option').allTextContents()).to.deep.equal(['E1', 'E2']);
    // The contract recorded without a choice covers all purchased electricity.
    expect(
      await page
        .locator('[data-table="energy-contracts"] tr[data-row="PPA-WIND-1 2026-01-01"] td[data-cell="meters"]')
        .textContent(),
    ).to.equal('全部外购电力');
    await form.locator('input[name="contractRef"]').fill('DL-E2');
    await form.locator('select[name="instrument"]').selectOption('direct_line');
    await form.locator('input[name="counterparty"]').fill('Depot Solar Co.');
    await form.locator('input[name="periodStart"]').fill('2026-02-01');
    await form.locator('input[name="periodEnd"]').fill('2026-03-01');
    await form.locator('input[name="contractedKWh"]').fill('200');
    await form.locator('input[name="factor"]').fill('0');
    await form.locator('input[name="evidence"]').fill('Direct line DL-E2 to meter E2');
    await select.selectOption([{ label: 'E2' }]);
    await form.getByRole('button', { name: '录入合同' }).click();
    const cell = page.locator('[data-table="energy-contracts"] tr[data-row="DL-E2 2026-02-01"] td[data-cell="meters"]');
    await cell.waitFor();
    expect(await cell.textContent()).to.equal('E2');
    expect(await page.locator('[data-energy-contracts] [role="alert"]').count()).to.equal(0);
    // Stored as the API says: bound to E2 only; the form's choice is cleared for the next contract.
    const stored = (
      await t.app.inject({ method: 'GET', url: '/v1/energy-contracts', headers: auth(org.adminKey) })
    ).json() as { contractRef: string; meterIds: string[] }[];
    expect(stored.find((c) => c.contractRef === 'DL-E2')?.meterIds).to.deep.equal([meterIds.E2]);
    expect(stored.find((c) => c.contractRef === 'PPA-WIND-1')?.meterIds).to.deep.equal([]);
    expect(
      await select.evaluate((el) => (el as unknown as { selectedOptions: { length: number } }).selectedOptions.length),
    ).to.equal(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'accounting-setup-contract-meters.png'), fullPage: true });
  });

  it('creates a Scope 3 factor set with factors per category and unit', async function () {
    await page.locator('a[data-page="accounting-setup"]').click();
    const form = page.locator('[data-form="scope3-factor-set"]');
    await form.locator('input[name="setName"]').fill('Travel 2026');
    const rows: [string, string, string, string][] = [
      ['3', 'td_losses', 'kWh', '0.05'],
      ['6', 'rail', 'passenger·km', '0.041'],
      ['7', 'car', 'km', '0.17'],
    ];
    for (const [i, [category, subject, unit, value]] of rows.entries()) {
      if (i > 0) await form.getByRole('button', { name: '添加一行' }).click();
      await form.locator(`select[name="factor-${i}-category"]`).selectOption(category);
      await form.locator(`input[name="factor-${i}-subject"]`).fill(subject);
      await form.locator(`input[name="factor-${i}-unit"]`).fill(unit);
      await form.locator(`input[name="factor-${i}-kgCO2ePerUnit"]`).fill(value);
      await form.locator(`input[name="factor-${i}-source"]`).fill(SOURCE);
    }
    await form.getByRole('button', { name: '保存因子集（新版本）' }).click();
    const set = page.locator('[data-factor-set="Travel 2026 v1"]');
    await set.waitFor();
    expect(await set.locator('tbody tr').count()).to.equal(3);
    expect(await set.locator('tbody tr').nth(1).locator('td').allTextContents()).to.deep.equal([
      '6',
      'rail',
      'passenger·km',
      '0.041',
      SOURCE,
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'accounting-setup.png'), fullPage: true });
  });

  it('shows category 3 of the purchased electricity when the preview uses the set', async function () {
    await previewJanuary('Travel 2026 v1');
    const row = page.locator('[data-table="scope3-category-3"] tbody tr').first();
    await row.waitFor();
    const [, , quantity, factor, kg] = await row.locator('td').allTextContents();
    // The activity as the source line states it (6 decimals) times 0.05: 8 decimals.
    expect(quantity).to.equal('800.000000 kWh');
    expect(factor).to.equal('td_losses 0.05 (Travel 2026 v1)');
    expect(kg).to.equal('40.00000000');
  });

  it('adds a rail trip (category 6) and commuting as a product of terms (category 7), each in the preview', async function () {
    const form = page.locator('[data-form="scope3-entry"]');
    await form.locator('select[name="category"]').selectOption('6');
    await form.locator('select[name="subject"]').selectOption('rail');
    await form.locator('input[name="description"]').fill('Rail to the Shanghai customer');
    await form.locator('input[name="quantity"]').fill('1200');
    await form.locator('input[name="evidence"]').fill('Travel report January');
    await form.getByRole('button', { name: '添加', exact: true }).click();
    await page.locator('[data-table="scope3-category-6"]').waitFor();
    expect(
      await page.locator('[data-table="scope3-category-6"] tbody tr').first().locator('td').allTextContents(),
    ).to.deep.equal([
      'Rail to the Shanghai customer',
      '基于活动数据',
      '1200 passenger·km',
      'rail 0.041 (Travel 2026 v1)',
      '49.200',
    ]);

    await form.locator('select[name="category"]').selectOption('7');
    await form.locator('select[name="subject"]').selectOption('car');
    await form.locator('input[name="description"]').fill('Commuting by car');
    const terms: [string, string][] = [
      ['staff', '20'],
      ['working days', '22'],
      ['trips per day', '2'],
      ['km per trip', '15'],
    ];
    for (const [i, [label, value]] of terms.entries()) {
      await form.locator('[data-action="add-term"]').click();
      await form.locator(`input[name="term-${i}-label"]`).fill(label);
      await form.locator(`input[name="term-${i}-value"]`).fill(value);
    }
    await form.locator('input[name="evidence"]').fill('Commuting survey 2026');
    await form.getByRole('button', { name: '添加', exact: true }).click();
    await page.locator('[data-table="scope3-category-7"]').waitFor();
    expect(
      await page.locator('[data-table="scope3-category-7"] tbody tr').first().locator('td').allTextContents(),
    ).to.deep.equal([
      'Commuting by car',
      '基于活动数据',
      '13200 km = staff 20 × working days 22 × trips per day 2 × km per trip 15',
      'car 0.17 (Travel 2026 v1)',
      '2244.00',
    ]);
    // 40.00000000 + 49.200 + 2244.00 at the largest scale.
    expect(await figure('scope3-total')).to.equal('2333.20000000');
    expect(await figure('total-market')).to.equal('304.800');
    await page.locator('[data-scope3]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'carbon-scope3-categories.png'), fullPage: true });
  });
});
