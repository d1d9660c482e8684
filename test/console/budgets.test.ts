import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import {
  SCREENSHOTS,
  closeConsole,
  openConsole,
  orgWithSite,
  signedInPage,
  startConsoleApp,
} from '../helpers/consoleBrowser';
import type { TestApp } from '../helpers/testApp';
import type { TestDb } from '../helpers/testDb';
import { api, day } from '../services/alerts/helpers';

/**
 * The worked example of test/services/budgets/budgets.test.ts: site Kiln, meter E at 1, 2, 3, 2, 2 kWh a quarter hour
 * on 1–5 March 2025; a budget over 1–11 March of 260 kgce and 1,000 kg CO2e, status as of 6 March. The API computes
 * CO2e forecast 1,056.000 kg [878.025, 1,233.975] (over the budget, headroom −56.000, +5.6 %) and energy 235.968 kgce
 * whose interval's upper bound 275.737 crosses 260.
 */
describe('console in Chromium: the budgets page creates a budget and shows its forecast against it', function () {
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let org: { orgId: string; adminKey: string };

  before(async function () {
    ({ db, t } = await startConsoleApp());
    const perInterval = ['1', '2', '3', '2', '2'];
    org = await orgWithSite(
      t,
      'Budget Cement 预算水泥',
      'Kiln',
      ['E'],
      perInterval.flatMap((v, i) => day('E', `2025-03-0${i + 1}`, () => v)),
    );
    const other = await orgWithSite(t, 'Other Steel', 'OTHER-SITE', ['X']);
    const secret = await api(t).post(other.adminKey, '/v1/budgets', {
      name: 'OTHER-BUDGET',
      periodStart: '2025-03-01',
      periodEnd: '2025-04-01',
      co2eKg: '5',
    });
    expect(secret.statusCode, secret.body).to.equal(201);
    ({ url, browser } = await openConsole(t));
    page = await signedInPage(browser, url, org.adminKey, 'budgets', '预算管理');
  });

  after(async function () {
    await closeConsole({ browser, t, db });
  });

  it('creates a site budget through the form and lists it', async function () {
    await page.getByText('尚无预算。').waitFor();
    const form = page.locator('form[data-form="budget"]');
    await form.locator('input[name="name"]').fill('Kiln March');
    await form.locator('select[name="siteId"]').selectOption({ label: 'Kiln' });
    await form.locator('input[name="periodStart"]').fill('2025-03-01');
    await form.locator('input[name="periodEnd"]').fill('2025-03-11');
    await form.locator('input[name="energyKgce"]').fill('260');
    await form.locator('input[name="co2eKg"]').fill('1000');
    await form.getByRole('button', { name: '新建预算' }).click();
    const row = page.locator('tr[data-budget="Kiln March"]');
    await row.waitFor();
    expect(await row.textContent())
      .to.include('Kiln')
      .and.include('2025-03-01 – 2025-03-11')
      .and.include('1000');
    const [stored] = (await api(t).get(org.adminKey, '/v1/budgets')).json();
    expect(stored).to.include({ name: 'Kiln March', energyKgce: '260', co2eKg: '1000', periodEnd: '2025-03-11' });
  });

  it('shows the forecast, its interval and the warning the API computed', async function () {
    await page.locator('tr[data-budget="Kiln March"] [data-action="status"]').click();
    const panel = page.locator('[data-panel="budget-status"]');
    await panel.locator('input[name="asOf"]').fill('2025-03-06');
    await panel.getByRole('button', { name: '查看' }).click();
    const co2e = panel.locator('tr[data-quantity="co2e"]');
    await co2e.waitFor();
    expect(await co2e.getAttribute('data-warning')).to.equal('forecast_over_budget');
    expect(await co2e.locator('[data-field="actual"]').textContent()).to.equal('528.000');
    expect(await co2e.locator('[data-field="forecast"]').textContent()).to.equal('1056.000');
    expect(await co2e.locator('[data-field="interval"]').textContent()).to.equal('878.025 – 1233.975');
    expect(await co2e.locator('[data-field="headroom"]').textContent()).to.equal('-56.000');
    expect(await co2e.locator('[data-field="versus"]').textContent()).to.equal('+5.6 %');
    expect(await co2e.locator('[data-field="warning"]').textContent()).to.equal('预测将超预算');
    const energy = panel.locator('tr[data-quantity="energy"]');
    expect(await energy.getAttribute('data-warning')).to.equal('upper_bound_over_budget');
    expect(await energy.locator('[data-field="forecast"]').textContent()).to.equal('235.968');
    expect(await energy.locator('[data-field="interval"]').textContent()).to.equal('196.199 – 275.737');
    expect(await panel.locator('[data-field="remaining"]').textContent()).to.equal('5');
    expect(await panel.locator('svg[data-chart="co2e"]').count()).to.equal(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'budgets.png'), fullPage: true });
  });

  it('shows the refusals with their codes and hints', async function () {
    const panel = page.locator('[data-panel="budget-status"]');
    await panel.locator('input[name="asOf"]').fill('2025-04-01');
    await panel.getByRole('button', { name: '查看' }).click();
    const refusal = panel.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent())
      .to.include('NT_ERR_BUDGET_AS_OF')
      .and.include('GET /v1/budgets');

    const form = page.locator('form[data-form="budget"]');
    await form.locator('input[name="periodStart"]').fill('2025-03-01');
    await form.locator('input[name="periodEnd"]').fill('2025-04-01');
    await form.getByRole('button', { name: '新建预算' }).click();
    const formRefusal = form.getByRole('alert');
    await formRefusal.waitFor();
    expect(await formRefusal.textContent())
      .to.include('NT_ERR_BUDGET_INVALID')
      .and.include('POST /v1/budgets');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'budgets-refused.png'), fullPage: true });
  });

  it('forecasts the compliance shortfall of a year as the API computes it, without a chain told so', async function () {
    const route = await api(t).get(org.adminKey, '/v1/market/years/2025/compliance-forecast?asOf=2025-03-06');
    expect(route.statusCode, route.body).to.equal(200);
    const f = route.json();
    expect(f.coverT).to.deep.equal({ held: '0', surrendered: '0', chain: false });
    expect(f.emissionsKg.actual).to.equal('528.000');
    const panel = page.locator('[data-panel="compliance-forecast"]');
    await panel.locator('input[name="year"]').fill('2025');
    await panel.locator('input[name="asOf"]').fill('2025-03-06');
    await panel.getByRole('button', { name: '预测' }).click();
    await panel.locator('table[data-table="compliance-forecast"]').waitFor();
    const shown = async (field: string) => (await panel.locator(`td[data-field="${field}"]`).textContent())?.trim();
    expect(await shown('emissions-actual')).to.equal(f.emissionsKg.actual);
    expect(await shown('emissions-forecast')).to.equal(f.emissionsKg.forecast);
    expect(await shown('emissions-interval')).to.equal(`${f.emissionsKg.lower} – ${f.emissionsKg.upper} (90 %)`);
    expect(await shown('obligation-actual')).to.equal(f.obligationT.actual);
    expect(await shown('obligation-forecast')).to.equal(f.obligationT.forecast);
    expect(await shown('obligation-upper')).to.equal(f.obligationT.upper);
    expect(await shown('held')).to.equal('0 (链未连接)');
    expect(await shown('surrendered')).to.equal('0 (链未连接)');
    expect(await shown('shortfall')).to.equal(`${f.shortfallT.forecast} (最多 ${f.shortfallT.upper})`);
    expect(f.shortfallCostMinorUnits.forecast).to.equal(null);
    expect(await shown('cost')).to.equal('链未连接');
    // Nothing held without a chain, so the one tonne already owed is over the cover.
    expect(f.warning).to.equal('actual_over_cover');
    expect(await panel.locator('[data-field="warning"]').textContent()).to.equal(
      '已产生的履约义务已超过持有与已清缴配额',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'budgets-compliance-forecast.png'), fullPage: true });

    await panel.locator('input[name="year"]').fill('2024');
    await panel.locator('input[name="asOf"]').fill('2024-03-06');
    await panel.getByRole('button', { name: '预测' }).click();
    const refusal = panel.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent())
      .to.include('NT_ERR_ACCOUNTING_NO_DATA')
      .and.include(
        (await api(t).get(org.adminKey, '/v1/market/years/2024/compliance-forecast?asOf=2024-03-06')).json().hint,
      );
  });

  it('switches to English and back', async function () {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Budgets', level: 1 }).waitFor();
    await page.locator('[data-panel="budget-status"] input[name="asOf"]').fill('2025-03-06');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Forecast crosses the budget').waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '预算管理' }).waitFor();
  });

  it("never shows another organisation's budgets or sites", async function () {
    const content = await page.content();
    expect(content).not.to.include('OTHER-BUDGET');
    expect(content).not.to.include('OTHER-SITE');
    expect(await page.locator('tr[data-budget]').count()).to.equal(1);
  });

  it('deletes the budget', async function () {
    await page.locator('tr[data-budget="Kiln March"] [data-action="delete"]').click();
    await page.getByText('尚无预算。').waitFor();
    expect((await api(t).get(org.adminKey, '/v1/budgets')).json()).to.deep.equal([]);
  });
});
