import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium, signedInPage } from '../helpers/consoleBrowser';
import { createTestApp, type TestApp } from '../helpers/testApp';
import { createTestDb, type TestDb } from '../helpers/testDb';
import { createOrg, day, join, meter } from '../services/parks/parkFixture';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');
const STEEL = 'Forms Steel 钢铁';
const CEMENT = 'Forms Cement 水泥';
const STEAM = 'Steam network 蒸汽管网';

/**
 * A park operator sets a budget and a utility through the Park page's forms, nothing through the API. Steel: 960 kWh
 * on 1 March 2025 (117.984 kgce at 0.1229 kgce/kWh); Cement: 2,880 kWh on 2 March (353.952 kgce). A whole-park budget
 * of 1,000 kgce for March, as of 3 March: (117.984 + 353.952) / 2 days = 235.968 kgce a day, forecast 471.936 +
 * 235.968 × 29 = 7,315.008 kgce. A steam network of 100 GJ shared by the key Steel 1 : Cement 3 → 25 and 75 GJ, at
 * 34.12 kgce/GJ 853.000 and 2,559.000 kgce.
 */
describe('console in Chromium: the park budget and utility forms', function () {
  this.timeout(240_000);
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db);
    const park = await createOrg(t, '临港工业园区 Lingang Park', ['park']);
    const steel = await createOrg(t, STEEL);
    const cement = await createOrg(t, CEMENT);
    await meter(t, steel, 'E', 'electricity');
    await day(t, steel, 'E', '2025-03-01', '10');
    await meter(t, cement, 'E', 'electricity');
    await day(t, cement, 'E', '2025-03-02', '30');
    await join(t, park, steel);
    await join(t, park, cement);
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await signedInPage(browser, url, park.key, 'park', '园区');
    await page.locator('input[name=analysisFrom]').fill('2025-03-01');
    await page.locator('input[name=analysisTo]').fill('2025-04-01');
    await page.locator('input[name=analysisAsOf]').fill('2025-03-03');
    await page.locator('input[name=analysisYear]').fill('2024');
    await page.locator('button[name=analysisShow]').click();
    await page
      .locator('.park-setup [data-form="park-budget"] select[name=memberId] option', { hasText: CEMENT })
      .waitFor({
        state: 'attached',
      });
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  const budgetForm = () => page.locator('[data-form="park-budget"]');
  const utilityForm = () => page.locator('[data-form="park-utility"]');

  it('refuses a budget with no amount, in words and with its code, and stores nothing', async function () {
    await budgetForm().locator('input[name=name]').fill('Empty 空');
    await budgetForm().locator('input[name=periodStart]').fill('2025-03-01');
    await budgetForm().locator('input[name=periodEnd]').fill('2025-04-01');
    await budgetForm().locator('button[name=createParkBudget]').click();
    const refusal = budgetForm().locator('[role=alert]');
    await refusal.waitFor();
    expect(await refusal.locator('.error-code').textContent()).to.equal('NT_ERR_BUDGET_INVALID');
    expect(await refusal.locator('strong').textContent()).to.contain('energyKgce, co2eKg or both');
    expect(await page.locator('tr[data-park-budget]').count()).to.equal(0);
  });

  it('creates a whole-park energy budget that the warnings panel then forecasts against', async function () {
    await budgetForm().locator('input[name=name]').fill('March 三月');
    await budgetForm().locator('input[name=periodStart]').fill('2025-03-01');
    await budgetForm().locator('input[name=periodEnd]').fill('2025-04-01');
    await budgetForm().locator('input[name=energyKgce]').fill('1000');
    await budgetForm().locator('button[name=createParkBudget]').click();
    const row = page.locator('tr[data-park-budget="March 三月"]');
    await row.waitFor();
    expect(await row.locator('[data-scope]').textContent()).to.equal('全园区');
    expect(await row.locator('[data-energy]').textContent()).to.equal('1000');
    expect(await row.locator('[data-co2e]').textContent()).to.equal('—');
    expect(await budgetForm().locator('[role=alert]').count()).to.equal(0);
    const warning = page.locator('.park-warnings li[data-warning="forecast_over_budget"]');
    await warning.waitFor();
    expect(await warning.textContent()).to.contain('7315.008 > 1000');
  });

  it("creates one member's CO2e budget with the exact decimal typed", async function () {
    await budgetForm().locator('input[name=name]').fill('Cement CO2e');
    await budgetForm().locator('select[name=memberId]').selectOption({ label: CEMENT });
    await budgetForm().locator('input[name=periodStart]').fill('2025-03-01');
    await budgetForm().locator('input[name=periodEnd]').fill('2025-04-01');
    await budgetForm().locator('input[name=co2eKg]').fill('123456.789');
    await budgetForm().locator('button[name=createParkBudget]').click();
    const row = page.locator('tr[data-park-budget="Cement CO2e"]');
    await row.waitFor();
    expect(await row.locator('[data-scope]').textContent()).to.equal(CEMENT);
    expect(await row.locator('[data-co2e]').textContent()).to.equal('123456.789');
    expect(await row.locator('[data-energy]').textContent()).to.equal('—');
  });

  it('refuses a fixed allocation without a key', async function () {
    await utilityForm().locator('input[name=name]').fill('No key');
    await utilityForm().locator('select[name=energyKind]').selectOption('steam');
    await utilityForm().locator('select[name=allocation]').selectOption('fixed');
    await utilityForm().locator('button[name=createParkUtility]').click();
    const refusal = utilityForm().locator('[role=alert]');
    await refusal.waitFor();
    expect(await refusal.locator('.error-code').textContent()).to.equal('NT_ERR_PARK_UTILITY');
    expect(await page.locator('li[data-park-utility]').count()).to.equal(0);
  });

  it('creates a steam network shared 1 : 3, records 100 GJ and the flow panel shares it out', async function () {
    await utilityForm().locator('input[name=name]').fill(STEAM);
    await utilityForm().locator('select[name=energyKind]').selectOption('steam');
    await utilityForm().locator('select[name=allocation]').selectOption('fixed');
    await utilityForm().locator(`input[data-weight="${STEEL}"]`).fill('1');
    await utilityForm().locator(`input[data-weight="${CEMENT}"]`).fill('3');
    await utilityForm().locator('button[name=createParkUtility]').click();
    const item = page.locator(`li[data-park-utility="${STEAM}"]`);
    await item.waitFor();
    expect(await item.locator('[data-allocation-kind]').getAttribute('data-allocation-kind')).to.equal('fixed');
    expect(await item.locator('[data-key]').textContent()).to.contain(`${CEMENT} 3`);
    const output = item.locator('[data-form="utility-output"]');
    await output.locator('input[name=periodStart]').fill('2025-03-01');
    await output.locator('input[name=periodEnd]').fill('2025-04-01');
    await output.locator('input[name=quantity]').fill('100');
    await output.locator('button[name=recordUtilityOutput]').click();
    await item.locator('li[data-output="2025-03-01"]').waitFor();
    expect(await item.locator('li[data-output="2025-03-01"]').textContent()).to.contain('100');
    const steel = page.locator(`tr[data-allocation="${STEAM}/${STEEL}"]`);
    // The panels first redraw after the utility is added (no output yet: 0.000 GJ), then after the output.
    await steel.locator('[data-quantity]', { hasText: /^[1-9]/ }).waitFor({ timeout: 15_000 });
    expect(await steel.locator('[data-quantity]').textContent()).to.equal('25.000 GJ');
    expect(await steel.locator('td').nth(3).textContent()).to.equal('853.000');
    const cement = page.locator(`tr[data-allocation="${STEAM}/${CEMENT}"]`);
    expect(await cement.locator('[data-quantity]').textContent()).to.equal('75.000 GJ');
    expect(await cement.locator('td').nth(3).textContent()).to.equal('2559.000');
    await page.locator('.park-setup').screenshot({ path: path.join(SCREENSHOTS, 'park-forms.png') });
    await page.locator('.park-analysis').screenshot({ path: path.join(SCREENSHOTS, 'park-forms-analysis.png') });
  });
});
