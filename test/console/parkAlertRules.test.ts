import { expect } from 'chai';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { AlertWorker } from '../../services/alerts/alertWorker';
import { closeConsole, openConsole, SCREENSHOTS, signedInPage, startConsoleApp } from '../helpers/consoleBrowser';
import type { TestApp } from '../helpers/testApp';
import type { TestDb } from '../helpers/testDb';
import { manualWorker } from '../services/alerts/helpers';
import { call, createOrg, day, join, meter, type Org } from '../services/parks/parkFixture';

const STEEL = 'Rules Steel 规则钢铁';
const CEMENT = 'Rules Cement 规则水泥';

/**
 * The park page's alert rules, made with its form. Steel (aggregate grant) reads 10 kWh a quarter hour on 1 March
 * 2025 in the East grid: 960 kWh × 0.5500 kg CO2e/kWh = 528 kg, so a rule "Steel's day CO2e above 500" fires (+28).
 * Cement granted meter data, so the form offers its meter B (GET /v1/park/members/{orgId}/meters) for its rule.
 * The park's benchmark table has billet (t, kgce) with a baseline of 70 and no advanced level: an intensity rule on
 * the baseline is stored, one on the advanced level is refused with NT_ERR_PARK_ALERT_RULE_NO_BENCHMARK.
 */
describe('console in Chromium: the park alert rule form', function () {
  this.timeout(240_000);
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let worker: AlertWorker;
  let page: Page;
  let park: Org;
  let steel: Org;
  let cement: Org;

  const form = () => page.locator('[data-form="park-alert-rule"]');
  const rulesOf = async () => (await call(t, park.key, 'GET', '/v1/park/alert-rules')).json().rules as Rule[];
  interface Rule {
    id: string;
    name: string;
    kind: string;
    scope: string;
    member: { id: string } | null;
    meterIds: string[];
    params: Record<string, string>;
  }
  async function submit(rows: number) {
    await form().locator('button[name=createParkAlertRule]').click();
    await page
      .locator('.park-alert-rules tr[data-rule]')
      .nth(rows - 1)
      .waitFor();
  }

  before(async function () {
    ({ db, t } = await startConsoleApp());
    worker = manualWorker(db.db);
    park = await createOrg(t, '规则工业园区 Rules Park', ['park']);
    steel = await createOrg(t, STEEL);
    cement = await createOrg(t, CEMENT);
    await meter(t, steel, 'E', 'electricity');
    await meter(t, cement, 'B', 'electricity');
    await join(t, park, steel);
    await join(t, park, cement, 'meters');
    const benchmark = await call(t, park.key, 'POST', '/v1/benchmarks', {
      product: 'billet',
      unit: 't',
      indicator: 'kgce_per_unit',
      baseline: '70',
    });
    expect(benchmark.statusCode, benchmark.body).to.equal(200);
    let url: string;
    ({ url, browser } = await openConsole(t));
    page = await signedInPage(browser, url, park.key, 'park', '园区');
    await form().waitFor();
  });

  after(async function () {
    await worker?.stop();
    await closeConsole({ browser, t, db });
  });

  it('offers meters only for the member that granted meter data (Cement, not Steel)', async function () {
    await form().locator('select[name=memberId]').selectOption({ label: STEEL });
    expect(await form().locator('input[name=meter]').count()).to.equal(0);
    await form().locator('select[name=memberId]').selectOption({ label: CEMENT });
    await form().locator('input[name=meter][data-meter="B"]').waitFor();
    expect(await form().locator('input[name=meter]').count()).to.equal(1);
  });

  it("adds a total rule on Steel's day CO2e above 500, listed with its condition in words", async function () {
    await form().locator('input[name=name]').fill('Steel daily CO2e 钢铁日排放');
    await form().locator('select[name=memberId]').selectOption({ label: STEEL });
    await form().locator('select[name=metric]').selectOption('co2e');
    await form().locator('select[name=period]').selectOption('day');
    await form().locator('input[name=above]').fill('500');
    await submit(1);
    const row = page.locator('.park-alert-rules tr[data-rule="Steel daily CO2e 钢铁日排放"]');
    expect(await row.locator('[data-scope]').textContent()).to.equal(STEEL);
    expect(await row.locator('[data-condition]').textContent()).to.equal('排放 kg CO2e 每日 > 500');
    const [rule] = await rulesOf();
    expect(rule).to.deep.include({ kind: 'total', scope: 'member', meterIds: [] });
    expect(rule.member?.id).to.equal(steel.orgId);
    expect(rule.params).to.deep.equal({ metric: 'co2e', period: 'day', above: '500' });
  });

  it("shows the alert once Steel's 960 kWh arrive: 528.000000 kg against 500", async function () {
    await day(t, steel, 'E', '2025-03-01', '10');
    await worker.tick();
    await page.locator('button[name=refreshParkAlerts]').click();
    const row = page.locator('.park-alerts tr[data-state="open"]');
    await row.waitFor();
    expect(await row.textContent()).to.contain(`member ${STEEL}`);
    expect(await row.textContent()).to.contain('528.000000');
  });

  it("adds a rule on Cement's meter B, ticked by its external id and stored as the meter's id", async function () {
    await form().locator('input[name=name]').fill('Cement meter B 水泥B表');
    await form().locator('select[name=memberId]').selectOption({ label: CEMENT });
    await form().locator('input[name=above]').fill('10');
    await form().locator('input[name=meter][data-meter="B"]').check();
    await submit(2);
    const row = page.locator('.park-alert-rules tr[data-rule="Cement meter B 水泥B表"]');
    expect(await row.locator('[data-condition]').textContent()).to.equal('能耗 kgce 每日 > 10 · 计量表数 1');
    const meters = (await call(t, cement.key, 'GET', '/v1/meters')).json() as { id: string; externalId: string }[];
    const rule = (await rulesOf()).find((r) => r.name === 'Cement meter B 水泥B表');
    expect(rule?.meterIds).to.deep.equal([meters.find((m) => m.externalId === 'B')?.id]);
  });

  it('adds a budget rule on the upper bound of the forecasts, for the whole park only', async function () {
    await form().locator('input[name=name]').fill('Budgets upper 预算上限');
    await form().locator('select[name=kind]').selectOption('budget');
    expect(await form().locator('select[name=memberId]').count()).to.equal(0);
    await form().locator('select[name=trigger]').selectOption('upper');
    await submit(3);
    const row = page.locator('.park-alert-rules tr[data-rule="Budgets upper 预算上限"]');
    expect(await row.locator('[data-scope]').textContent()).to.equal('全园区（所有授权成员）');
    expect(await row.locator('[data-condition]').textContent()).to.equal('预测区间上限超出预算');
    const rule = (await rulesOf()).find((r) => r.name === 'Budgets upper 预算上限');
    expect(rule).to.deep.include({ kind: 'budget', scope: 'park', member: null });
    expect(rule?.params).to.deep.equal({ trigger: 'upper' });
  });

  it('adds a park intensity rule on billet against the baseline 70 of the benchmark table', async function () {
    await form().locator('input[name=name]').fill('Billet baseline 钢坯基准');
    await form().locator('select[name=kind]').selectOption('intensity');
    expect(await form().locator('select[name=level] option[value=baseline]').textContent()).to.equal('基准值 · 70');
    await form().locator('select[name=level]').selectOption('baseline');
    await submit(4);
    const row = page.locator('.park-alert-rules tr[data-rule="Billet baseline 钢坯基准"]');
    expect(await row.locator('[data-scope]').textContent()).to.equal('全园区（所有授权成员）');
    expect(await row.locator('[data-condition]').textContent()).to.equal('billet kgce/t > 基准值');
    const rule = (await rulesOf()).find((r) => r.name === 'Billet baseline 钢坯基准');
    expect(rule?.params).to.deep.equal({ product: 'billet', unit: 't', indicator: 'kgce_per_unit', level: 'baseline' });
  });

  it('refuses an intensity rule on the advanced level the table lacks, with the code and hint', async function () {
    await form().locator('input[name=name]').fill('Billet advanced 钢坯标杆');
    await form().locator('select[name=kind]').selectOption('intensity');
    await form().locator('select[name=level]').selectOption('advanced');
    await form().locator('button[name=createParkAlertRule]').click();
    const refusal = form().locator('[role=alert]');
    await refusal.waitFor();
    expect(await refusal.locator('.error-code').textContent()).to.equal('NT_ERR_PARK_ALERT_RULE_NO_BENCHMARK');
    expect(await refusal.locator('strong').textContent()).to.contain('no advanced level for billet');
    expect(await refusal.locator('.error-hint').textContent()).to.contain('POST /v1/benchmarks');
    expect(await rulesOf()).to.have.length(4);
  });

  it('deletes the Cement meter rule: three rules are left, in the list and in the API', async function () {
    await page
      .locator('.park-alert-rules tr[data-rule="Cement meter B 水泥B表"] button[data-action="delete-rule"]')
      .click();
    await page.locator('.park-alert-rules tr[data-rule="Cement meter B 水泥B表"]').waitFor({ state: 'detached' });
    expect(await page.locator('.park-alert-rules tr[data-rule]').count()).to.equal(3);
    expect((await rulesOf()).map((r) => r.name)).to.deep.equal([
      'Steel daily CO2e 钢铁日排放',
      'Budgets upper 预算上限',
      'Billet baseline 钢坯基准',
    ]);
    await page.locator('.park-alerts').screenshot({ path: path.join(SCREENSHOTS, 'park-alert-rules.png') });
  });
});
