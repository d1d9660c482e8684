import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { anchorSealedBatches } from '../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../services/batching/sealBatches';
import { embeddedDocumentStore } from '../../services/documents/embeddedDocumentStore';
import { SCREENSHOTS, closeConsole, openConsole, signedInPage, startConsoleApp } from '../helpers/consoleBrowser';
import { call, createParticipant, type Participant } from '../helpers/participants';
import { createTestApp, type TestApp } from '../helpers/testApp';
import { startTestChain, type TestChain } from '../helpers/testChain';
import type { TestDb } from '../helpers/testDb';

describe('console in Chromium: supply chain carbon', function () {
  this.timeout(240_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let supplier: Participant;
  let customer: Participant;
  let outsider: Participant;

  async function oneDay(who: Participant, kwh: string) {
    const site = await call(t, who.key, 'POST', '/v1/sites', { name: 'Works', gridRegion: 'East' });
    await call(t, who.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
    const midnight = Date.parse('2025-03-01T00:00:00+08:00');
    await call(t, who.key, 'POST', '/v1/readings', {
      readings: Array.from({ length: 96 }, (_, i) => ({
        meter: 'E',
        start: new Date(midnight + i * 900_000).toISOString(),
        value: kwh,
      })),
    });
  }

  const signIn = (key: string) => signedInPage(browser, url, key, 'supply-chain', '供应链碳管理');

  before(async function () {
    chain = await startTestChain();
    ({ db, t } = await startConsoleApp(async (fresh) =>
      createTestApp(
        fresh.db,
        chain,
        {},
        { keystoreSecret: randomBytes(32), documents: await embeddedDocumentStore(fresh.db) },
      ),
    ));
    supplier = await createParticipant(t, 'Baoshan Steel Supplier', ['enterprise']);
    customer = await createParticipant(t, 'Changan Car Maker', ['enterprise']);
    outsider = await createParticipant(t, 'Unrelated Outsider', ['enterprise']);
    await oneDay(supplier, '10.25');
    await oneDay(customer, '3');
    await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1000 });
    await anchorSealedBatches(db.db, chain);
    await call(t, supplier.key, 'POST', '/v1/production-volumes', {
      product: 'hot-rolled coil',
      periodStart: '2025-03-01',
      periodEnd: '2025-03-02',
      quantity: '37',
      unit: 't',
    });
    const inventory = await call(t, supplier.key, 'POST', '/v1/inventories', {
      start: '2025-03-01',
      end: '2025-03-02',
    });
    await call(t, supplier.key, 'POST', `/v1/inventories/${inventory.id}/notarize`);
    ({ url, browser } = await openConsole(t));
  });

  after(async function () {
    await closeConsole({ browser, t, db });
    await chain?.close();
  });

  it('lets the supplier share a footprint with a customer found by name', async function () {
    const page = await signIn(supplier.key);
    await page.getByLabel('按名称查找客户').fill('changan');
    const choice = page.locator('li[data-customer="Changan Car Maker"]');
    await choice.waitFor();
    // The list first shows every counterparty, then the search's answer: wait for the second entry to go.
    await page.locator('li[data-customer]').nth(1).waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.locator('li[data-customer]').count()).to.equal(1);
    await choice.getByRole('button', { name: '共享给该客户' }).click();
    const outcome = page.locator('[data-outcome="shared"] strong');
    await outcome.waitFor({ timeout: 60_000 });
    const [sent] = await call(t, supplier.key, 'GET', '/v1/footprint-shares/sent');
    expect(await outcome.textContent()).to.equal(sent.kgCO2ePerUnit);
    await page.locator(`table.sc-sent tr[data-share="${sent.shareId}"]`).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'supply-chain-supplier.png'), fullPage: true });
    await page.close();
  });

  it('shows the customer the footprint verified check by check, and its Scope 3 category 1 figure', async function () {
    const [received] = await call(t, customer.key, 'GET', '/v1/footprint-shares/received');
    const page = await signIn(customer.key);
    const article = page.locator(`article[data-share="${received.shareId}"]`);
    await article.locator('.sc-checks[data-verified="true"]').waitFor({ timeout: 60_000 });
    expect(await article.locator('li[data-pass="true"]').count()).to.equal(7);

    await article.getByLabel('采购期间（年、月或日，如 2025-03）').fill('2025-03-01');
    await article.getByLabel(/^采购数量/).fill('12.5');
    await article.getByRole('button', { name: '记录' }).click();
    await page.getByLabel('起始日期').fill('2025-03-01');
    await page.getByLabel('截止日期（不含）').fill('2025-03-02');
    await page.getByRole('button', { name: '计算' }).click();
    const total = page.locator('[data-scope3-total]');
    await total.waitFor();
    // 12.5 × the figure (3 decimals): 4 decimals, exact.
    const perUnit = BigInt(received.kgCO2ePerUnit.replace('.', ''));
    const expected = perUnit * 125n;
    expect(await total.textContent()).to.equal(
      `${expected / 10000n}.${(expected % 10000n).toString().padStart(4, '0')}`,
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'supply-chain-customer.png'), fullPage: true });
    await page.close();
  });

  it('shows a third organisation nothing received', async function () {
    const page = await signIn(outsider.key);
    await page.getByText('尚无供应商向本组织共享碳足迹。').waitFor();
    expect(await page.locator('article[data-share]').count()).to.equal(0);
    await page.close();
  });
});
