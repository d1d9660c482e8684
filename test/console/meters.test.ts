import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium } from '../helpers/consoleBrowser';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../helpers/testApp';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');

describe('console in Chromium: meters and data (计量与数据), from an empty organisation', function () {
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let org: { orgId: string; adminKey: string };

  const meterRow = (externalId: string) => page.locator(`table[data-table="meters"] tr[data-meter="${externalId}"]`);
  const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db);
    org = await createOrgViaApi(t, 'Fresh Works 新建工厂');
    const other = await createOrgViaApi(t, 'Other Cement');
    const site = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: auth(other.adminKey),
      payload: { name: 'Other plant' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/v1/meters',
      headers: auth(other.adminKey),
      payload: { siteId: site.json().id, externalId: 'OTHER-SECRET', energyKind: 'electricity' },
    });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1280, height: 1000 },
    });
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  it('shows an empty cockpit that says what to do, with a link to Meters', async function () {
    await page.goto(url + '/');
    await page.getByLabel('API 密钥').fill(org.adminKey);
    await page.getByRole('button', { name: '登录' }).click();
    const empty = page.locator('[data-empty="cockpit"]');
    await empty.waitFor();
    expect(await page.getByRole('alert').count()).to.equal(0);
    expect(await empty.textContent()).to.include('请先登记站点和计量表');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'cockpit-empty.png'), fullPage: true });
    await empty.getByRole('link').click();
    await page.getByRole('heading', { name: '计量与数据' }).waitFor();
  });

  it('creates a site and an electricity meter', async function () {
    const sites = page.locator('[data-panel="sites"]');
    await sites.getByLabel('站点名称').fill('二号厂区');
    await sites.getByLabel('电网区域').fill('East');
    await sites.getByRole('button', { name: '新建站点' }).click();
    await sites.locator('li[data-site="二号厂区"]').waitFor();
    const form = page.locator('form[data-form="create-meter"]');
    await form.getByLabel('表号（外部编号）').fill('FW-E1');
    await form.getByLabel('名称').fill('主进线');
    await form.getByLabel('能源品种').selectOption('electricity');
    await form.getByRole('button', { name: '登记计量表' }).click();
    await meterRow('FW-E1').waitFor();
    expect(await meterRow('FW-E1').locator('[data-field="ct"]').textContent()).to.equal('1');
  });

  it('refuses a CT correction without a reason, showing the code and hint, then saves it with one', async function () {
    await meterRow('FW-E1').getByRole('button', { name: '修正' }).click();
    const panel = page.locator('[data-panel="correction"]');
    const form = panel.locator('form[data-form="correct"]');
    await form.getByLabel('CT 变比').fill('200');
    await form.getByRole('button', { name: '保存修正' }).click();
    const alert = panel.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('.error-code').textContent()).to.equal('NT_ERR_METER_REASON_REQUIRED');
    expect(await alert.locator('.error-hint').textContent()).to.include('/v1/meters/{id}/changes');
    await form.getByLabel('原因（必填，记入审计）').fill('更换 CT 200/5');
    await form.getByRole('button', { name: '保存修正' }).click();
    await panel.locator('[data-applies-from]').waitFor();
    expect(await panel.getByRole('alert').count()).to.equal(0);
    await panel.locator('table[data-table="audit"] tbody tr').first().waitFor();
    const audit = await panel.locator('table[data-table="audit"] tbody tr').first().textContent();
    expect(audit).to.include('ctRatio: 1').and.include('ctRatio: 200').and.include('更换 CT 200/5');
    await page.locator('table[data-table="meters"] tr[data-meter="FW-E1"] [data-field="ct"]:text-is("200")').waitFor();
    const api = await t.app.inject({ method: 'GET', url: '/v1/meters', headers: auth(org.adminKey) });
    expect(api.json()[0].ctRatio).to.equal('200');
  });

  it('uploads a CSV with the mapping chosen on screen and lists every problem at once', async function () {
    const panel = page.locator('[data-panel="csv"]');
    const bad = [
      '时间,表号,电量,备注',
      '2026-11-03T00:00:00+08:00,FW-E1,1.5,a',
      '2026-11-03T00:15:00+08:00,NO-SUCH-METER,1.5,b',
      '2026-11-03T00:30:00+08:00,FW-E1,abc,c',
      '2026-11-03T00:37:00+08:00,FW-E1,1.5,d',
    ].join('\n');
    await panel.locator('input[type="file"]').setInputFiles(csvFile('bad.csv', bad));
    const mapping = panel.locator('form[data-form="csv-mapping"]');
    await mapping.waitFor();
    expect(await mapping.textContent()).to.include('时间 | 表号 | 电量 | 备注');
    await mapping.getByLabel('时间列').selectOption('时间');
    await mapping.getByLabel('表号列').selectOption('表号');
    await mapping.getByLabel('数值列').selectOption('电量');
    await mapping.getByRole('button', { name: '上传' }).click();
    const problems = panel.locator('[data-result="problems"]');
    await problems.waitFor();
    expect(await problems.locator('tbody tr').count()).to.equal(3);
    const text = (await problems.textContent()) as string;
    expect(text).to.include('NT_ERR_READING_METER_UNKNOWN').and.include('NT_ERR_READING_VALUE');
    expect(text).to.include('NT_ERR_READING_UNALIGNED');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'meters-csv-problems.png'), fullPage: true });

    const good = [
      '时间,表号,电量,备注',
      '2026-11-03T00:00:00+08:00,FW-E1,1.5,a',
      '2026-11-03T00:15:00+08:00,FW-E1,2,b',
    ];
    await panel.locator('input[type="file"]').setInputFiles(csvFile('good.csv', good.join('\n')));
    await mapping.getByLabel('时间列').selectOption('时间');
    await mapping.getByLabel('表号列').selectOption('表号');
    await mapping.getByLabel('数值列').selectOption('电量');
    await mapping.getByRole('button', { name: '上传' }).click();
    await panel.locator('[data-result="written"]').waitFor();
    expect(await panel.locator('[data-result="written"] strong').textContent()).to.equal('2');
    // Received after the CT correction: 1.5 × 200 on the secondary side.
    const series = await t.app.inject({
      method: 'GET',
      url: `/v1/series?meter=FW-E1&from=${encodeURIComponent('2026-11-03T00:00:00+08:00')}&to=${encodeURIComponent('2026-11-03T00:30:00+08:00')}&resolution=15min`,
      headers: auth(org.adminKey),
    });
    expect(series.json().points.map((p: string[]) => p[1])).to.deep.equal(['300', '400']);
  });

  it('creates a read key, shows its secret once, and revokes it', async function () {
    const panel = page.locator('[data-panel="keys"]');
    const form = panel.locator('form[data-form="create-key"]');
    await form.getByLabel('密钥名称').fill('看板只读');
    await form.getByRole('button', { name: '创建密钥' }).click();
    const secret = panel.locator('[data-issued-key]');
    await secret.waitFor();
    const key = (await secret.textContent()) as string;
    expect(key).to.match(/^nt_/);
    const row = panel.locator('tr[data-key="看板只读"]');
    await row.waitFor();
    expect(await row.textContent()).to.include('read');
    const check = await t.app.inject({ method: 'GET', url: '/v1/meters', headers: auth(key) });
    expect(check.statusCode).to.equal(200);
    await row.getByRole('button', { name: '吊销' }).click();
    await row.getByText('已吊销').waitFor();
    const after = await t.app.inject({ method: 'GET', url: '/v1/meters', headers: auth(key) });
    expect(after.statusCode).to.equal(401);
  });

  it('retires the meter with a reason; the audit trail shows it and corrections are no longer offered', async function () {
    const panel = page.locator('[data-panel="correction"]');
    const retire = panel.locator('form[data-form="retire"]');
    await retire.getByLabel('原因（必填，记入审计）').fill('换表');
    await retire.getByRole('button', { name: '确认停用' }).click();
    await meterRow('FW-E1').locator('[data-field="status"]:text-is("已停用")').waitFor();
    await panel.locator('table[data-table="audit"] tbody tr').nth(1).waitFor();
    expect(await panel.locator('table[data-table="audit"] tbody tr').nth(1).textContent()).to.include('停用');
    await panel.locator('[data-retired]').waitFor();
    expect(await panel.locator('form[data-form="correct"]').count()).to.equal(0);
    // The API refuses what the page no longer offers.
    const meterId = (await t.app.inject({ method: 'GET', url: '/v1/meters', headers: auth(org.adminKey) })).json()[0]
      .id;
    const refused = await t.app.inject({
      method: 'PATCH',
      url: `/v1/meters/${meterId}`,
      headers: auth(org.adminKey),
      payload: { ctRatio: '300', reason: 'again' },
    });
    expect(refused.json().code).to.equal('NT_ERR_METER_RETIRED');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'meters.png'), fullPage: true });
  });

  it('switches to English', async function () {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Meters & data' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Audit trail' }).count()).to.equal(1);
    await page.getByRole('button', { name: '中文' }).click();
  });

  it("never shows another organisation's meter or site", async function () {
    const html = await page.content();
    expect(html).not.to.include('OTHER-SECRET');
    expect(html).not.to.include('Other plant');
    expect(await page.locator('table[data-table="meters"] tbody tr').count()).to.equal(1);
  });
});
