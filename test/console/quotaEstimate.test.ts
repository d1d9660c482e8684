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
 * The clinker line of test/services/market/quotaEstimate.test.ts in the browser: 0.8770 t CO2/t × 20 t (the 2024
 * production volumes 10 t + 10 t) × 1.02 (load factor) × 0.99 (cooling method) = 17.711892 t. The meter readings are
 * those of the compliance forecast test, whose 2025 obligation as of 6 March is 33 t by hand: shortfall
 * 17.711892 − 33 = −15.288108 t. No chain here, so no trade price.
 */
describe('console in Chromium: the market page enters an allocation rule and shows the quota estimate', function () {
  this.timeout(240_000);
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let org: { orgId: string; adminKey: string };

  before(async function () {
    ({ db, t } = await startConsoleApp());
    const perDay = ['1', '2', '3', '2', '2'];
    org = await orgWithSite(
      t,
      'Quota Cement 配额水泥',
      'Kiln',
      ['E'],
      perDay.flatMap((v, i) => day('E', `2025-03-0${i + 1}`, () => v)),
    );
    for (const [periodStart, periodEnd] of [
      ['2024-01-01', '2024-07-01'],
      ['2024-07-01', '2025-01-01'],
    ]) {
      const res = await api(t).post(org.adminKey, '/v1/production-volumes', {
        product: 'clinker',
        periodStart,
        periodEnd,
        quantity: '10',
        unit: 't',
      });
      expect(res.statusCode, res.body).to.equal(201);
    }
    ({ url, browser } = await openConsole(t));
    page = await signedInPage(browser, url, org.adminKey, 'market', '碳市场');
  });

  after(async function () {
    await closeConsole({ browser, t, db });
  });

  it('enters a rule with two named corrections and lists it as version 1 in force', async function () {
    const panel = page.locator('[data-panel="quota-estimate"]');
    await panel.getByText('尚未录入分配规则。').waitFor();
    const form = panel.locator('form[data-form="quota-rule"]');
    await form.locator('select[name="product"]').selectOption('clinker');
    await form.locator('input[name="benchmark"]').fill('0.8770');
    await form.locator('[data-action="add-correction"]').click();
    await form.locator('input[name="correction-name-0"]').fill('load factor');
    await form.locator('input[name="correction-factor-0"]').fill('1.02');
    await form.locator('[data-action="add-correction"]').click();
    await form.locator('input[name="correction-name-1"]').fill('cooling method');
    await form.locator('input[name="correction-factor-1"]').fill('0.99');
    await form.locator('input[name="source"]').fill('2023–2024 cement allocation plan');
    await form.getByRole('button', { name: '保存规则' }).click();
    const row = panel.locator('tr[data-rule="clinker/1"]');
    await row.waitFor();
    expect(await row.textContent())
      .to.include('0.8770')
      .and.include('load factor × 1.02; cooling method × 0.99')
      .and.include('生效中');
    const [stored] = (await api(t).get(org.adminKey, '/v1/market/quota-rules')).json();
    expect(stored).to.deep.include({ product: 'clinker', version: 1, benchmark: '0.8770' });
    expect(stored.corrections).to.deep.equal([
      { name: 'load factor', factor: '1.02' },
      { name: 'cooling method', factor: '0.99' },
    ]);
  });

  it('estimates the year: output, allocation and its formula, the obligation and the shortfall', async function () {
    const panel = page.locator('[data-panel="quota-estimate"]');
    const form = panel.locator('form[data-form="quota-estimate"]');
    await form.locator('input[name="year"]').fill('2025');
    await form.locator('input[name="asOf"]').fill('2025-03-06');
    await form.getByRole('button', { name: '预估' }).click();
    const line = panel.locator('tr[data-line="clinker"]');
    await line.waitFor();
    expect(await line.locator('[data-field="output"]').textContent()).to.equal('20.000 t');
    expect(await line.locator('[data-field="allocation"]').textContent()).to.equal('17.711892');
    expect(await line.textContent())
      .to.include('上一年产量')
      .and.include('0.8770 t CO2/t × 20.000 t × 1.02 (load factor) × 0.99 (cooling method) = 17.711892 t CO2');
    expect(await panel.locator('[data-field="allocation-total"]').textContent()).to.equal('17.711892');
    expect(await panel.locator('[data-field="obligation"]').textContent()).to.equal('33');
    expect(await panel.locator('[data-field="balance"]').textContent()).to.equal('-15.288108');
    expect(await panel.locator('[data-field="quota-position"]').textContent()).to.equal('预计配额缺口');
    expect(await panel.locator('[data-field="value"]').textContent()).to.equal('尚无成交价');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'quota-estimate.png'), fullPage: true });
  });

  it('shows a refused negative benchmark and a year without production data with codes and hints', async function () {
    const panel = page.locator('[data-panel="quota-estimate"]');
    const form = panel.locator('form[data-form="quota-rule"]');
    await form.locator('input[name="benchmark"]').fill('-0.5');
    await form.getByRole('button', { name: '保存规则' }).click();
    const refusal = panel.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent())
      .to.include('NT_ERR_QUOTA_BENCHMARK')
      .and.include('POST /v1/market/quota-rules');
    expect((await api(t).get(org.adminKey, '/v1/market/quota-rules')).json()).to.have.length(1);

    const estimate = panel.locator('form[data-form="quota-estimate"]');
    await estimate.locator('input[name="year"]').fill('2027');
    await estimate.getByRole('button', { name: '预估' }).click();
    const noData = panel.getByRole('alert').filter({ hasText: 'NT_ERR_QUOTA_OUTPUT_NO_DATA' });
    await noData.waitFor();
    expect(await noData.textContent()).to.include('POST /v1/production-volumes');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'quota-estimate-refused.png'), fullPage: true });
  });
});
