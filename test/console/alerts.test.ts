import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { AlertWorker } from '../../services/alerts/alertWorker';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium } from '../helpers/consoleBrowser';
import { createOrgViaApi, createTestApp, type TestApp } from '../helpers/testApp';
import { createTestDb, type TestDb } from '../helpers/testDb';
import { api, day, ingest, manualWorker, siteWithMeters } from '../services/alerts/helpers';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');

describe('console in Chromium: the alerts page lists, acknowledges and resolves alerts and adds rules', function () {
  let db: TestDb;
  let t: TestApp;
  let worker: AlertWorker;
  let browser: Browser;
  let page: Page;
  let url: string;
  let org: { orgId: string; adminKey: string };

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db);
    worker = manualWorker(db.db);
    org = await createOrgViaApi(t, 'Alert Steel 预警钢铁');
    const other = await createOrgViaApi(t, 'Other Cement');
    await siteWithMeters(t, org.adminKey, 'Plant', ['ALERT-E1']);
    await siteWithMeters(t, other.adminKey, 'Secret', ['OTHER-SECRET']);
    const rule = await api(t).post(org.adminKey, '/v1/alert-rules', {
      name: '停电检测',
      kind: 'zero_run',
      scope: 'organisation',
      params: { minIntervals: 8 },
    });
    expect(rule.statusCode, rule.body).to.equal(201);
    await api(t).post(other.adminKey, '/v1/alert-rules', {
      name: 'OTHER-RULE',
      kind: 'zero_run',
      scope: 'organisation',
      params: { minIntervals: 2 },
    });
    // 10 zero intervals on 5 May and 12 on 6 May: two days, one deduplicated alert, about the later day.
    await ingest(t, org.adminKey, [
      ...day('ALERT-E1', '2025-05-05', (i) => (i < 10 ? '0' : '2')),
      ...day('ALERT-E1', '2025-05-06', (i) => (i >= 40 && i < 52 ? '0' : '2')),
    ]);
    await ingest(
      t,
      other.adminKey,
      day('OTHER-SECRET', '2025-05-05', (i) => (i < 10 ? '0' : '2')),
    );
    await worker.tick();
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1280, height: 900 },
    });
  });

  after(async function () {
    await worker?.stop();
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  it('shows the open alert with its figures, acknowledges it, then resolves it', async function () {
    await page.goto(url + '/');
    await page.getByLabel('API 密钥').fill(org.adminKey);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('a[data-page="alerts"]').click();
    await page.getByRole('heading', { name: '预警与告警' }).waitFor();
    const row = page.locator('tr[data-alert]');
    await row.first().waitFor();
    expect(await row.count()).to.equal(1);
    expect(await row.getAttribute('data-state')).to.equal('open');
    const text = String(await row.textContent());
    expect(text).to.include('2025-05-06').and.include('ALERT-E1').and.include('连续零值').and.include('12');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'alerts.png'), fullPage: true });

    await row.locator('[data-action="acknowledge"]').click();
    // The filter shows open alerts: once acknowledged the row leaves the list.
    await page.getByText('没有符合条件的告警。').waitFor();
    await page.locator('select[name="state"]').selectOption('acknowledged');
    await page.locator('tr[data-alert][data-state="acknowledged"]').waitFor();
    await page.locator('[data-action="resolve"]').click();
    await page.getByText('没有符合条件的告警。').waitFor();
    const [stored] = (await api(t).get(org.adminKey, '/v1/alerts')).json();
    expect(stored.state).to.equal('resolved');
    expect(stored.acknowledgedBy).to.be.a('string');
  });

  it('adds a rule through the form and shows the API’s refusal with its code and hint', async function () {
    const form = page.locator('form[data-form="alert-rule"]');
    await form.locator('input[name="name"]').fill('夜间用电');
    await form.locator('select[name="kind"]').selectOption('schedule');
    await form.locator('input[name="allowance"]').fill('5');
    await form.getByRole('button', { name: '添加' }).click();
    await page.locator('tr[data-rule="夜间用电"]').waitFor();
    const rules = (await api(t).get(org.adminKey, '/v1/alert-rules')).json();
    expect(rules.map((r: { name: string }) => r.name)).to.include('夜间用电');

    await form.locator('input[name="name"]').fill('坏规则');
    await form.locator('select[name="kind"]').selectOption('threshold');
    await form.getByRole('button', { name: '添加' }).click();
    const refusal = form.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).to.include('NT_ERR_ALERT_RULE_INVALID');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'alerts-form.png'), fullPage: true });
  });

  it('adds a group total through the form; its alert names the group in words', async function () {
    const form = page.locator('form[data-form="alert-rule"]');
    await form.locator('input[name="name"]').fill('产线合计');
    await form.locator('select[name="kind"]').selectOption('total');
    // A total sums a group or the organisation: the form offers no single meter.
    expect(await form.locator('select[name="scope"] option').allTextContents()).to.deep.equal(['计量表分组', '全组织']);
    await form.locator('select[name="scope"]').selectOption('group');
    await form.locator('select[name="meters"]').selectOption({ label: 'ALERT-E1' });
    await form.locator('select[name="metric"]').selectOption('energy');
    await form.locator('input[name="above"]').fill('100');
    await form.getByRole('button', { name: '添加' }).click();
    await page.locator('tr[data-rule="产线合计"]').waitFor();
    const rules = (await api(t).get(org.adminKey, '/v1/alert-rules')).json() as { name: string }[];
    expect(rules.find((r) => r.name === '产线合计')).to.deep.include({
      kind: 'total',
      scope: 'group',
      params: { metric: 'energy', period: 'day', above: '100' },
    });
    // 2 kWh a quarter hour on 7 May: 192 kWh for the group, above 100 (+92).
    await ingest(
      t,
      org.adminKey,
      day('ALERT-E1', '2025-05-07', () => '2'),
    );
    await worker.tick();
    await page.locator('select[name="state"]').selectOption('acknowledged');
    await page.locator('select[name="state"]').selectOption('open');
    const row = page.locator('tr[data-alert][data-kind="total"]');
    await row.waitFor();
    expect(await row.locator('[data-subject="group"]').textContent()).to.equal('group "产线合计" (ALERT-E1)');
    expect(String(await row.textContent()))
      .to.include('分组/全组织合计')
      .and.include('192.000000')
      .and.include('92.000000');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'alerts-group-total.png'), fullPage: true });
  });

  it("never shows another organisation's meters, rules or alerts", async function () {
    await page.locator('select[name="state"]').selectOption('');
    await page.locator('tr[data-alert]').first().waitFor();
    const content = await page.content();
    expect(content).not.to.include('OTHER-SECRET');
    expect(content).not.to.include('OTHER-RULE');
  });
});
