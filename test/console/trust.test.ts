import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { anchorSealedBatches } from '../../services/anchoring/anchorSealedBatches';
import { markAnchorsLost } from '../../services/anchoring/markAnchorsLost';
import { anchoredReadings } from '../helpers/anchoredReadings';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium } from '../helpers/consoleBrowser';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../helpers/testApp';
import { startTestChain, type TestChain } from '../helpers/testChain';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');

describe('console in Chromium: the Trust page verifies receipts against the chain itself', function () {
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let org: { orgId: string; adminKey: string };
  let other: { orgId: string; adminKey: string };
  let meterId: string;
  let starts: string[];
  /** JSON-RPC methods the browser itself sent to the chain. */
  const rpcMethods: string[] = [];

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    // The embedded chain's loopback endpoint is the public RPC here (no RPC_PUBLIC_URL): the browser calls it directly.
    t = await createTestApp(db.db, chain);
    org = await createOrgViaApi(t, 'Trust Steel 可信钢铁');
    other = await createOrgViaApi(t, 'Other Cement');
    ({ meterId, starts } = await anchoredReadings(t, db.db, chain, org.adminKey, 'TRUST-E1', { count: 3 }));
    await anchoredReadings(t, db.db, chain, other.adminKey, 'OTHER-SECRET', { count: 2 });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1280, height: 1000 },
    });
    page.on('request', (request) => {
      if (request.url().startsWith(chain.rpcUrl) && request.method() === 'POST') {
        rpcMethods.push(String((JSON.parse(request.postData() ?? '{}') as { method?: string }).method));
      }
    });
    await page.goto(url + '/');
    await page.getByLabel('API 密钥').fill(org.adminKey);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '能碳驾驶舱' }).waitFor();
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  it('lists the batch with its anchor: status, root and block as the API has them', async function () {
    await page.locator('a[data-page="trust"]').click();
    await page.getByRole('heading', { name: '批次与上链锚定' }).waitFor();
    const batches = (await t.app.inject({ method: 'GET', url: '/v1/batches', headers: auth(org.adminKey) })).json();
    const row = page.locator(`tr[data-batch="${batches[0].seq}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).to.equal('anchored');
    expect(await row.textContent())
      .to.include('已锚定')
      .and.include(String(batches[0].anchor.blockNumber));
    expect(await row.locator('code').first().getAttribute('title')).to.equal(batches[0].root);
  });

  it("verifies a batch reading's receipt in the browser, the browser asking the chain over JSON-RPC", async function () {
    rpcMethods.length = 0;
    await page.getByRole('button', { name: '查看读数' }).click();
    const readings = page.locator('tr[data-reading]');
    await readings.nth(2).waitFor();
    const clicked = Date.now();
    await readings.nth(1).getByRole('button', { name: '校验收据' }).click();
    const verdict = page.locator('[data-verdict]');
    await verdict.waitFor();
    // Receipt fetch, ethers chunk load (first use), leaf and proof, and the three RPC calls, as a user waits for them.
    process.stdout.write(`      receipt verified in the browser in ${Date.now() - clicked} ms\n`);
    expect(await verdict.getAttribute('data-verdict'), String(await verdict.textContent())).to.equal('valid');
    expect(await page.locator('[data-check][data-ok="true"]').count()).to.equal(12);
    expect(await verdict.textContent())
      .to.include('收据有效')
      .and.include('TRUST-E1')
      .and.include('3.250000');
    expect(rpcMethods).to.include.members(['eth_chainId', 'eth_call', 'eth_getTransactionReceipt']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'trust-verified.png'), fullPage: true });
  });

  it('fetches a receipt by meter and time and verifies it', async function () {
    const local = await page.evaluate<string, string>((iso) => {
      const d = new Date(iso);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    }, starts[2]);
    await page.locator('select[name="meter"]').selectOption(meterId);
    await page.locator('input[name="start"]').fill(local);
    await page.getByRole('button', { name: '获取并校验' }).click();
    await page.locator('[data-verdict]').waitFor();
    expect(await page.locator('[data-verdict]').textContent()).to.include('4.250000');
    expect(await page.locator('[data-verdict]').getAttribute('data-verdict')).to.equal('valid');
  });

  it('refuses a tampered receipt and names the failed check', async function () {
    const receipt = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/receipts?meter=${meterId}&start=${starts[0]}`,
        headers: auth(org.adminKey),
      })
    ).json();
    receipt.reading.quantity = '200.250000';
    await page.locator('textarea[name="receipt"]').fill(JSON.stringify(receipt));
    await page.getByRole('button', { name: '校验粘贴的收据' }).click();
    const verdict = page.locator('[data-verdict]');
    await page.locator('[data-verdict="invalid"]').waitFor();
    expect(await verdict.textContent())
      .to.include('收据不成立')
      .and.include('读数数值与叶子一致');
    expect(await page.locator('[data-check="quantity"]').getAttribute('data-ok')).to.equal('false');
    expect(await page.locator('[data-check="rootOnChain"]').getAttribute('data-ok')).to.equal('true');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'trust-tampered-receipt.png'), fullPage: true });
  });

  it('names the tampered reading when the organisation is verified', async function () {
    const batches = (await t.app.inject({ method: 'GET', url: '/v1/batches', headers: auth(org.adminKey) })).json();
    const list = (
      await t.app.inject({ method: 'GET', url: `/v1/batches/${batches[0].id}/readings`, headers: auth(org.adminKey) })
    ).json();
    const victim = list.readings[1].id as number;
    // Someone with database access changes a stored reading after it was sealed.
    await db.db.query('update readings set quantity = quantity + 1 where id = $1::bigint', [victim]);
    await page.getByRole('button', { name: '核验全部批次' }).click();
    await page.locator('[data-org-verdict]').waitFor();
    expect(await page.locator('[data-org-verdict]').getAttribute('data-org-verdict')).to.equal('failed');
    const finding = page.locator(`tr[data-finding][data-reading="${victim}"]`);
    expect(await finding.textContent())
      .to.include('reading_changed')
      .and.include('TRUST-E1');
    await finding.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'trust-verify-org.png'), fullPage: true });
  });

  it('switches to English', async function () {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Batches and their anchors' }).waitFor();
    expect(await page.getByRole('button', { name: 'Verify every batch' }).count()).to.equal(1);
    await page.getByRole('button', { name: '中文' }).click();
  });

  it("never shows another organisation's batch or reading, and the API refuses them to this session", async function () {
    expect(await page.content()).not.to.include('OTHER-SECRET');
    const otherBatch = (
      await t.app.inject({ method: 'GET', url: '/v1/batches', headers: auth(other.adminKey) })
    ).json()[0];
    const otherReading = (
      await t.app.inject({ method: 'GET', url: `/v1/batches/${otherBatch.id}/readings`, headers: auth(other.adminKey) })
    ).json().readings[0].id;
    const statuses = await page.evaluate<number[], string[]>(
      (urls) => Promise.all(urls.map((u) => fetch(u).then((r) => r.status))),
      [`/v1/batches/${otherBatch.id}/readings`, `/v1/batches/${otherBatch.id}`, `/v1/readings/${otherReading}/receipt`],
    );
    expect(statuses).to.deep.equal([404, 404, 404]);
  });

  it('shows a batch whose anchor was lost with the reason, then re-anchored', async function () {
    const batch = (await t.app.inject({ method: 'GET', url: '/v1/batches', headers: auth(org.adminKey) })).json()[0];
    await markAnchorsLost(db.db, [batch.seq], 'chain reset detected (test)');
    await page.reload();
    const row = page.locator(`tr[data-batch="${batch.seq}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).to.equal('anchor_lost');
    expect(await row.textContent())
      .to.include('锚定丢失')
      .and.include('chain reset detected (test)');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'trust-anchor-lost.png'), fullPage: true });
    await anchorSealedBatches(db.db, chain);
    await page.reload();
    await row.waitFor();
    expect(await row.getAttribute('data-status')).to.equal('anchored');
    expect(await row.textContent()).to.include('已重新锚定');
  });
});
