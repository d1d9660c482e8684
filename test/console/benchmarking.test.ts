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
import { api, day, ingest } from '../services/alerts/helpers';

/**
 * The worked example of test/services/benchmarking/benchmarking.test.ts: 960 kWh and 2 t of clinker on 1 March 2025
 * (58.992 kgce/t, 264 kgCO2e/t), 1,152 kWh and 2 t a year earlier (70.790 kgce/t, 316.800 kgCO2e/t): 同比 −16.67 %;
 * against 标杆 50 / 基准 60 kgce/t: within the baseline, 8.992 short of advanced, 17.984 kgce to save.
 */
describe('console in Chromium: the benchmarking page keeps the benchmark table and benchmarks products', function () {
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let org: { orgId: string; adminKey: string };

  async function clinker(key: string, meter: string, local: string, kwh: string, tonnes: string) {
    await ingest(
      t,
      key,
      day(meter, local, () => kwh),
    );
    const next = new Date(Date.parse(`${local}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const res = await api(t).post(key, '/v1/production-volumes', {
      product: 'clinker',
      periodStart: local,
      periodEnd: next,
      quantity: tonnes,
      unit: 't',
    });
    expect(res.statusCode, res.body).to.equal(201);
  }

  before(async function () {
    ({ db, t } = await startConsoleApp());
    org = await orgWithSite(t, 'Benchmark Cement 对标水泥', 'Kiln', ['E']);
    const other = await orgWithSite(t, 'Other Lime', 'OTHER-SITE', ['X']);
    await clinker(org.adminKey, 'E', '2025-03-01', '10', '2');
    await clinker(org.adminKey, 'E', '2024-03-01', '12', '2');
    await clinker(other.adminKey, 'X', '2025-03-01', '900', '1');
    const secret = await api(t).post(other.adminKey, '/v1/benchmarks', {
      product: 'OTHER-PRODUCT',
      unit: 't',
      indicator: 'kgce_per_unit',
      baseline: '1',
    });
    expect(secret.statusCode, secret.body).to.equal(200);
    ({ url, browser } = await openConsole(t));
    page = await signedInPage(browser, url, org.adminKey, 'benchmarking', '能效对标');
  });

  after(async function () {
    await closeConsole({ browser, t, db });
  });

  async function setBenchmark(fields: { indicator: string; advanced?: string; baseline?: string; source?: string }) {
    const form = page.locator('form[data-form="benchmark"]');
    await form.locator('input[name="product"]').fill('clinker');
    await form.locator('input[name="unit"]').fill('t');
    await form.locator('select[name="indicator"]').selectOption(fields.indicator);
    await form.locator('input[name="advanced"]').fill(fields.advanced ?? '');
    await form.locator('input[name="baseline"]').fill(fields.baseline ?? '');
    await form.locator('input[name="source"]').fill(fields.source ?? '');
    await form.getByRole('button', { name: '保存' }).click();
  }

  it('sets two rows of the benchmark table through the form', async function () {
    await page.getByText('尚无对标值。').waitFor();
    await setBenchmark({ indicator: 'kgce_per_unit', advanced: '50', baseline: '60', source: 'own table' });
    await page.locator('tr[data-benchmark="clinker/kgce_per_unit"]').waitFor();
    await setBenchmark({ indicator: 'kgco2e_per_unit', baseline: '250' });
    await page.locator('tr[data-benchmark="clinker/kgco2e_per_unit"]').waitFor();
    const stored = (await api(t).get(org.adminKey, '/v1/benchmarks')).json();
    expect(stored).to.have.length(2);
    expect(stored.find((b: { indicator: string }) => b.indicator === 'kgce_per_unit')).to.include({
      advanced: '50',
      baseline: '60',
      source: 'own table',
    });
  });

  it('shows intensity, 同比, level, gap and saving potential as the API computed them', async function () {
    const form = page.locator('form[data-form="benchmarking"]');
    await form.locator('input[name="start"]').fill('2025-03-01');
    await form.locator('input[name="end"]').fill('2025-03-02');
    await form.getByRole('button', { name: '对标' }).click();
    const kgce = page.locator('tr[data-result="clinker/kgce_per_unit"]');
    await kgce.waitFor();
    expect(await kgce.locator('[data-field="value"]').textContent()).to.equal('58.992');
    expect(await kgce.locator('[data-field="previous"]').textContent()).to.equal('70.790');
    expect(await kgce.locator('[data-field="yoy"]').textContent()).to.equal('-16.67 %');
    expect(await kgce.locator('[data-field="level"]').getAttribute('data-level')).to.equal('within_baseline');
    expect(await kgce.locator('[data-field="level"]').textContent()).to.equal('优于基准，未达标杆');
    expect(await kgce.locator('[data-field="gap"]').textContent()).to.equal('8.992');
    expect(await kgce.locator('[data-field="potential"]').textContent()).to.equal('17.984');
    const co2e = page.locator('tr[data-result="clinker/kgco2e_per_unit"]');
    expect(await co2e.locator('[data-field="value"]').textContent()).to.equal('264.000');
    expect(await co2e.locator('[data-field="level"]').getAttribute('data-level')).to.equal('above_baseline');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'benchmarking.png'), fullPage: true });
  });

  it('edits a row in place and refuses inverted levels with the code and hint', async function () {
    await page.locator('tr[data-benchmark="clinker/kgce_per_unit"] [data-action="edit"]').click();
    const form = page.locator('form[data-form="benchmark"]');
    expect(await form.locator('input[name="advanced"]').inputValue()).to.equal('50');
    await form.locator('input[name="advanced"]').fill('55');
    await form.getByRole('button', { name: '保存' }).click();
    await page
      .locator('tr[data-benchmark="clinker/kgce_per_unit"] [data-field="advanced"]', { hasText: '55' })
      .waitFor();
    expect(await page.locator('tr[data-benchmark]').count()).to.equal(2);

    await setBenchmark({ indicator: 'kgce_per_unit', advanced: '70', baseline: '60' });
    const refusal = page.locator('[data-panel="benchmarks"]').getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent())
      .to.include('NT_ERR_BENCHMARK_INVALID')
      .and.include('POST /v1/benchmarks');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'benchmarking-refused.png'), fullPage: true });
  });

  it('switches to English and back', async function () {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Benchmarking', level: 1 }).waitFor();
    await page.getByText('Within baseline, short of advanced').waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '能效对标', level: 1 }).waitFor();
  });

  it("never shows another organisation's benchmarks, and counts only the organisation's own readings", async function () {
    const content = await page.content();
    expect(content).not.to.include('OTHER-PRODUCT');
    expect(content).not.to.include('OTHER-SITE');
    expect(await page.locator('tr[data-result="clinker/kgce_per_unit"] [data-field="value"]').textContent()).to.equal(
      '58.992',
    );
  });

  it('deletes a row', async function () {
    await page.locator('tr[data-benchmark="clinker/kgco2e_per_unit"] [data-action="delete"]').click();
    await page.locator('tr[data-benchmark="clinker/kgco2e_per_unit"]').waitFor({ state: 'detached' });
    const stored = (await api(t).get(org.adminKey, '/v1/benchmarks')).json();
    expect(stored.map((b: { indicator: string }) => b.indicator)).to.deep.equal(['kgce_per_unit']);
  });
});
