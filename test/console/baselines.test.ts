import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { syntheticSite } from '../../scripts/bench/syntheticLoads';
import { SCREENSHOTS, closeConsole, openConsole, signedInPage, startConsoleApp } from '../helpers/consoleBrowser';
import { createOrgViaApi, type TestApp } from '../helpers/testApp';
import type { TestDb } from '../helpers/testDb';
import { api } from '../services/alerts/helpers';

/**
 * A synthetic site (weather- and production-driven daily load, 10 % savings in its second year, as in
 * test/services/analysis/analysisApi.test.ts): the temperature driver is uploaded through the page, a year's baseline
 * fitted and accepted, the second year's savings shown as the API computed them; a two-month baseline is rejected and
 * its savings refused with the reason.
 */
describe('console in Chromium: the baselines page fits a baseline, shows its acceptance and the savings', function () {
  this.timeout(120_000);
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let org: { orgId: string; adminKey: string };
  let meterId: string;
  const site = syntheticSite(7, 0.1);
  const allDays = [...site.baseline, ...site.reporting];

  async function dailyMeter(key: string, external: string, days: typeof allDays): Promise<string> {
    const s = (await api(t).post(key, '/v1/sites', { name: `${external} site` })).json();
    const meter = await api(t).post(key, '/v1/meters', {
      siteId: s.id,
      externalId: external,
      energyKind: 'electricity',
      intervalSeconds: 86400,
    });
    expect(meter.statusCode, meter.body).to.equal(201);
    const readings = days.map((d) => ({
      meter: external,
      start: `${d.day}T00:00:00+08:00`,
      value: d.energy.toFixed(3),
    }));
    const res = await api(t).post(key, '/v1/readings', { readings });
    expect(res.statusCode, res.body).to.equal(200);
    return meter.json().id;
  }

  before(async function () {
    ({ db, t } = await startConsoleApp());
    org = await createOrgViaApi(t, 'Baseline Foundry 基线铸造');
    const other = await createOrgViaApi(t, 'Other Glass');
    meterId = await dailyMeter(org.adminKey, 'MAIN', allDays);
    const production = allDays.map((d) => ({ day: d.day, value: d.drivers.production.toFixed(2) }));
    const res = await api(t).post(org.adminKey, '/v1/drivers/production/values', { unit: 't', values: production });
    expect(res.statusCode, res.body).to.equal(200);
    const otherMeter = await dailyMeter(other.adminKey, 'OTHER-METER', allDays.slice(0, 20));
    await api(t).post(other.adminKey, '/v1/drivers/other_secret/values', { unit: 'x', values: production.slice(0, 5) });
    const secret = await api(t).post(other.adminKey, '/v1/baselines', {
      name: 'OTHER-BASELINE',
      meterIds: [otherMeter],
      periodStart: '2024-01-01',
      periodEnd: '2024-01-20',
    });
    expect(secret.statusCode, secret.body).to.equal(201);
    ({ url, browser } = await openConsole(t));
    page = await signedInPage(browser, url, org.adminKey, 'baselines', '基线与节能量');
  });

  after(async function () {
    await closeConsole({ browser, t, db });
  });

  it('uploads a driver as CSV text and lists it, and names each bad line of a refused upload', async function () {
    const form = page.locator('form[data-form="driver"]');
    await form.locator('input[name="name"]').fill('outdoor_temp');
    await form.locator('input[name="unit"]').fill('degC');
    const csv = ['day,value', ...allDays.map((d) => `${d.day},${(d.temperature as number).toFixed(4)}`)].join('\n');
    await form.locator('textarea[name="csv"]').fill(csv);
    await form.getByRole('button', { name: '上传' }).click();
    await page.locator('tr[data-driver="outdoor_temp"]').waitFor();
    expect(await page.locator('[data-field="stored"]').textContent()).to.include('730');
    expect(await page.locator('tr[data-driver="outdoor_temp"]').textContent())
      .to.include('730')
      .and.include('2024-01-01');

    await form.locator('input[name="name"]').fill('outdoor_temp');
    await form.locator('input[name="unit"]').fill('degC');
    await form.locator('textarea[name="csv"]').fill('day,value\n2024-02-30,1\n2024-03-01,warm');
    await form.getByRole('button', { name: '上传' }).click();
    const refusal = page.locator('[data-panel="drivers"]').getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).to.include('NT_ERR_ANALYSIS_DRIVER_VALUES');
    const lines = await page.locator('table[data-table="driver-problems"] tbody tr').allTextContents();
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^2day/);
    expect(lines[1]).to.match(/^3value/);
  });

  it('fits a year of baseline through the form and shows the statistics the API computed, accepted', async function () {
    const form = page.locator('form[data-form="baseline"]');
    await form.locator('input[name="name"]').fill('Foundry 2024');
    await form.locator('select[name="meterIds"]').selectOption(meterId);
    await form.locator('input[name="periodStart"]').fill('2024-01-01');
    await form.locator('input[name="periodEnd"]').fill('2024-12-31');
    await form.locator('select[name="temperatureDriver"]').selectOption('outdoor_temp');
    await form.locator('input[name="drivers"][value="production"]').check();
    await form.getByRole('button', { name: '拟合基线' }).click();
    const detail = page.locator('[data-panel="baseline"]');
    await detail.waitFor();
    expect(await detail.getAttribute('data-accepted')).to.equal('true');
    const [listed] = (await api(t).get(org.adminKey, '/v1/baselines')).json();
    const stored = (await api(t).get(org.adminKey, `/v1/baselines/${listed.id}`)).json();
    expect(stored.accepted).to.equal(true);
    expect(await detail.locator('[data-stat="n"]').textContent()).to.equal('365');
    expect(await detail.locator('[data-stat="rSquared"]').textContent()).to.equal(stored.model.rSquared.toFixed(4));
    expect(await detail.locator('[data-stat="cvRmse"]').textContent()).to.equal(
      `${(stored.model.cvRmse * 100).toFixed(1)} %`,
    );
    const terms = await detail.locator('tr[data-term]').evaluateAll((rows) => rows.map((r) => r.dataset.term));
    expect(terms).to.deep.equal(['intercept', 'hdd', 'cdd', 'driver:production']);
    expect(await detail.locator('tr[data-criterion][data-passed="false"]').count()).to.equal(0);
    expect(await detail.locator('[data-field="verdict"]').textContent()).to.include('模型通过验收');
    const chart = detail.locator('figure[data-chart="fit"]');
    await chart.waitFor();
    expect(await chart.getAttribute('data-points')).to.equal('365');
    await page.locator('tr[data-baseline="Foundry 2024"]').waitFor();
  });

  it('shows the avoided energy of the second year with its uncertainty, as the API computed them', async function () {
    const form = page.locator('form[data-form="savings"]');
    await form.locator('input[name="from"]').fill('2024-12-31');
    await form.locator('input[name="to"]').fill('2025-12-31');
    await form.getByRole('button', { name: '计算' }).click();
    const table = page.locator('table[data-table="savings"]');
    await table.waitFor();
    const [listed] = (await api(t).get(org.adminKey, '/v1/baselines')).json();
    const savings = (
      await api(t).get(org.adminKey, `/v1/baselines/${listed.id}/savings?from=2024-12-31&to=2025-12-31`)
    ).json();
    expect(await table.locator('[data-field="days"]').textContent()).to.equal('365');
    expect(await table.locator('[data-field="avoided"] strong').textContent()).to.equal(savings.avoided);
    expect(await table.locator('[data-field="uncertainty"]').textContent()).to.equal(savings.uncertainty);
    expect(await table.locator('[data-field="adjustedBaseline"]').textContent()).to.equal(savings.adjustedBaseline);
    expect(Math.abs(Number(savings.avoided) - site.truthSavings) / site.truthSavings).to.be.below(0.1);
    const chart = page.locator('[data-panel="savings"] figure[data-chart="fit"]');
    await chart.waitFor();
    expect(await chart.getAttribute('data-points')).to.equal('365');
    expect(await chart.textContent()).to.include('2024-12-31 – 2025-12-30');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'baselines.png'), fullPage: true });
  });

  it('shows a two-month baseline rejected with the failed criterion, and the refusal of its savings', async function () {
    const form = page.locator('form[data-form="baseline"]');
    await form.locator('input[name="name"]').fill('Too short');
    await form.locator('input[name="periodEnd"]').fill('2024-03-01');
    await form.locator('input[name="drivers"][value="production"]').uncheck();
    await form.getByRole('button', { name: '拟合基线' }).click();
    const detail = page.locator('[data-panel="baseline"][data-accepted="false"]');
    await detail.waitFor();
    expect(await detail.locator('[data-failed="baselineDays"]').textContent()).to.include('60');
    expect(await detail.locator('tr[data-criterion="baselineDays"]').getAttribute('data-passed')).to.equal('false');

    const savings = page.locator('form[data-form="savings"]');
    await savings.locator('input[name="from"]').fill('2025-01-01');
    await savings.locator('input[name="to"]').fill('2025-02-01');
    await savings.getByRole('button', { name: '计算' }).click();
    const refusal = page.locator('[data-panel="savings"]').getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent())
      .to.include('NT_ERR_ANALYSIS_BASELINE_NOT_ACCEPTED')
      .and.include('baselineDays 60')
      .and.include('POST /v1/baselines');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'baselines-rejected.png'), fullPage: true });
  });

  it('switches to English and back', async function () {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Baselines & savings', level: 1 }).waitFor();
    await page.getByText('The model fails acceptance').waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '基线与节能量', level: 1 }).waitFor();
  });

  it("never shows another organisation's baselines, drivers or meters", async function () {
    await page.locator('tr[data-baseline="Too short"]').waitFor();
    const content = await page.content();
    expect(content).not.to.include('OTHER-BASELINE');
    expect(content).not.to.include('other_secret');
    expect(content).not.to.include('OTHER-METER');
    expect(await page.locator('tr[data-baseline]').count()).to.equal(2);
  });
});
