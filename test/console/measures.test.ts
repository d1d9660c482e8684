import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium, signedInPage } from '../helpers/consoleBrowser';
import { createOrgViaApi, createTestApp, type TestApp } from '../helpers/testApp';
import { createTestDb, type TestDb } from '../helpers/testDb';
import { caller, syntheticPlant, type Call, type Plant } from '../services/measures/helpers';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');

describe('console in Chromium: the measures page plans, implements and measures a measure', function () {
  this.timeout(240_000);
  let db: TestDb;
  let t: TestApp;
  let call: Call;
  let browser: Browser;
  let page: Page;
  let url: string;
  let org: { orgId: string; adminKey: string };
  let plant: Plant;

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db);
    call = caller(t);
    org = await createOrgViaApi(t, 'Air works 空压站');
    const other = await createOrgViaApi(t, 'Other works');
    plant = await syntheticPlant(call, org.adminKey);
    // A measure held to a baseline that fails Guideline 14: its results are refused.
    const failing = await call(org.adminKey, 'POST', '/v1/measures', {
      title: '照明改造（基线不合格）',
      kind: 'led_retrofit',
      meterIds: [plant.meterId],
      ipmvpOption: 'B',
      baselineId: plant.failingBaselineId,
    });
    const failingId = failing.json().id;
    await call(org.adminKey, 'POST', `/v1/measures/${failingId}/status`, { status: 'in_progress' });
    await call(org.adminKey, 'POST', `/v1/measures/${failingId}/status`, { status: 'implemented', on: '2024-12-31' });
    const otherSite = await call(other.adminKey, 'POST', '/v1/sites', { name: 'Secret site' });
    const secret = await call(other.adminKey, 'POST', '/v1/measures', {
      title: 'OTHER-SECRET-MEASURE',
      kind: 'pv',
      siteId: otherSite.json().id,
      ipmvpOption: 'C',
    });
    expect(secret.statusCode, secret.body).to.equal(201);
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await signedInPage(browser, url, org.adminKey, 'measures', '节能降碳措施与闭环');
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  it('creates a measure through the form, starts it and marks it implemented', async function () {
    const form = page.locator('form[data-form="measure"]');
    await form.locator('input[name="title"]').fill('空压机群控');
    await form.locator('select[name="kind"]').selectOption('compressor_group_control');
    await form.locator('input[name="owner"]').fill('王工');
    await form.locator('input[name="expectedEnergy"]').fill((plant.site.truthSavings * 1.5).toFixed(3));
    await form.locator('input[name="costCny"]').fill('180000.00');
    await form.locator('input[name="baselineId"]').fill(plant.baselineId);
    await form.getByRole('button', { name: '创建' }).click();
    const row = page.locator('tr[data-measure="空压机群控"]');
    await row.waitFor();
    expect(await row.getAttribute('data-status')).to.equal('planned');
    await row.locator('[data-action="start"]').click();
    await page.locator('tr[data-measure="空压机群控"][data-status="in_progress"]').waitFor();
    await page.locator('input[name="implementedOn"]').fill('2024-12-31');
    await row.locator('[data-action="implement"]').click();
    await page.locator('tr[data-measure="空压机群控"][data-status="implemented"]').waitFor();
    // The list shows realised vs expected (expected was set 1.5 × the truth): a shortfall.
    await row.locator('[data-realised]').waitFor();
    expect(await row.textContent())
      .to.include('%')
      .and.include('未达预期');
  });

  it('reads the results with their uncertainty, the same figures as the API', async function () {
    await page.locator('tr[data-measure="空压机群控"] [data-action="open"]').click();
    const panel = page.locator('[data-detail="空压机群控"] section[data-panel="results"]');
    await panel.locator('input[name="to"]').fill('2025-12-31');
    await panel.getByRole('button', { name: '计算' }).click();
    await panel.locator('table[data-results]').waitFor();
    const [measure] = (await call(org.adminKey, 'GET', '/v1/measures'))
      .json()
      .filter((m: { title: string }) => m.title === '空压机群控');
    const api = (await call(org.adminKey, 'GET', `/v1/measures/${measure.id}/results?to=2025-12-31`)).json();
    const avoided = await panel.locator('tr[data-figure="measuresAvoided"] td').textContent();
    expect(avoided).to.equal(`${api.savings.avoided} ± ${api.savings.uncertainty} kWh`);
    const co2 = await panel.locator('tr[data-figure="measuresAvoidedCo2Location"] td').textContent();
    expect(co2).to.equal(api.avoided.co2eLocationKg);
    expect(await panel.locator('tr[data-figure="measuresPercent"] td').textContent()).to.equal(
      api.realisedVsExpected.percent,
    );
    await panel.locator('[data-warning="shortfall"]').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'measures.png'), fullPage: true });
  });

  it('gives a task to its owner, comments on it and completes it', async function () {
    const tasks = page.locator('[data-detail="空压机群控"] section[data-panel="tasks"]');
    await tasks.locator('input[name="title"]').fill('调试群控逻辑');
    await tasks.locator('input[name="owner"]').fill('李工');
    await tasks.locator('input[name="due"]').fill('2024-12-20');
    await tasks.getByRole('button', { name: '添加任务' }).click();
    const row = tasks.locator('tr[data-task="调试群控逻辑"]');
    await row.waitFor();
    await row.locator('[data-action="comments"]').click();
    await tasks.locator('input[name="comment"]').fill('压力设定已调至 0.65 MPa');
    await tasks.getByRole('button', { name: '发表评论' }).click();
    await tasks.getByText('压力设定已调至 0.65 MPa').waitFor();
    await row.locator('[data-action="complete"]').click();
    await tasks.locator('tr[data-task="调试群控逻辑"][data-status="done"]').waitFor();
    expect(await tasks.locator('tr[data-task="调试群控逻辑"]').textContent()).to.include('(1)');
    await tasks.screenshot({ path: path.join(SCREENSHOTS, 'measures-tasks.png') });
  });

  it('shows a refused result with its code and hint', async function () {
    const row = page.locator('tr[data-measure="照明改造（基线不合格）"]');
    expect(await row.locator('code.error-code').textContent()).to.equal('NT_ERR_ANALYSIS_BASELINE_NOT_ACCEPTED');
    await row.locator('[data-action="open"]').click();
    const panel = page.locator('[data-detail="照明改造（基线不合格）"] section[data-panel="results"]');
    await panel.getByRole('button', { name: '计算' }).click();
    const refusal = panel.getByRole('alert');
    await refusal.waitFor();
    const text = String(await refusal.textContent());
    expect(text).to.include('NT_ERR_ANALYSIS_BASELINE_NOT_ACCEPTED').and.include('POST /v1/baselines');
    expect(text).to.include('baselineDays 60');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'measures-refused.png'), fullPage: true });
  });

  it('switches to English', async function () {
    await page.locator('button.language').click();
    await page.getByRole('heading', { name: 'Energy-saving measures and the closed loop' }).waitFor();
    expect(await page.locator('tr[data-measure="空压机群控"]').textContent()).to.include('Implemented');
    await page.locator('button.language').click();
    await page.getByRole('heading', { name: '节能降碳措施与闭环' }).waitFor();
  });

  it("never shows another organisation's measures", async function () {
    const content = await page.content();
    expect(content).not.to.include('OTHER-SECRET-MEASURE');
    expect(content).not.to.include('Secret site');
  });
});
