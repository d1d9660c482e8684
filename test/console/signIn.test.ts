import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium } from '../helpers/consoleBrowser';
import { createOrgViaApi, createTestApp, type TestApp } from '../helpers/testApp';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');

describe('console in Chromium: sign-in, shell, language, sign-out', function () {
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let org: { orgId: string; adminKey: string };

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db);
    org = await createOrgViaApi(t, 'Delta Paper 德尔塔纸业');
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ locale: 'zh-CN' });
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  it('opens on the Chinese sign-in page', async function () {
    await page.goto(url + '/');
    await page.getByRole('heading', { name: '登录能碳控制台' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sign-in.png') });
  });

  it('shows a refused sign-in with its error code and hint', async function () {
    await page.getByLabel('API 密钥').fill('nt_000000000000_' + '0'.repeat(64));
    await page.getByRole('button', { name: '登录' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent())
      .to.include('NT_ERR_AUTH_INVALID')
      .and.include('POST /v1/api-keys');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sign-in-refused.png') });
  });

  it('signs in with a key and shows the shell with the pages an enterprise uses, in their groups', async function () {
    await page.getByLabel('API 密钥').fill(org.adminKey);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: '能碳驾驶舱' }).waitFor();
    expect(await page.locator('nav a[data-page]').count()).to.equal(18);
    expect(await page.locator('nav .nav-group-title').allTextContents()).to.deep.equal([
      '监测',
      '分析与行动',
      '碳与可信',
      '园区与供应链',
      '数据',
    ]);
    expect(await page.locator('nav .org').textContent()).to.equal('Delta Paper 德尔塔纸业');
  });

  it('keeps the key out of browser storage and the session cookie out of reach of scripts', async function () {
    // Evaluated in the page (strings: the test's own compiler settings know no DOM).
    const stored = await page.evaluate<string>(
      'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })',
    );
    expect(stored).not.to.include(org.adminKey);
    expect(await page.evaluate<string>('document.cookie')).not.to.include('nt_session');
  });

  it('opens every page of the shell as a built page (no placeholder left)', async function () {
    const links = page.locator('nav a[data-page]');
    for (let i = 0; i < (await links.count()); i++) {
      const name = (await links.nth(i).textContent()) as string;
      await links.nth(i).click();
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      expect(await page.getByText('此页面尚未建成。').count(), name).to.equal(0);
    }
  });

  it('switches to English and remembers the choice across a reload', async function () {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Cockpit' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Energy monitoring' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'shell-en.png') });
  });

  it('signs out back to the sign-in page, and the old session is refused', async function () {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the Nengtan console' }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/v1/session')).status);
    expect(status).to.equal(401);
  });
});
