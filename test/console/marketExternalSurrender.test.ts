import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { HDNodeWallet } from 'ethers';
import type { Browser, Page } from 'playwright-core';
import { devAccount } from '../../services/chain/devAccounts';
import { embeddedDocumentStore } from '../../services/documents/embeddedDocumentStore';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium, signedInPage } from '../helpers/consoleBrowser';
import { indexChain } from '../helpers/indexChain';
import { call, createParticipant, type Participant } from '../helpers/participants';
import { createTestApp, type TestApp } from '../helpers/testApp';
import { startTestChain, type TestChain } from '../helpers/testChain';
import { createTestDb, type TestDb } from '../helpers/testDb';
import { verifiedExternalEnterprise } from '../helpers/verifiedExternalEnterprise';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');
const YEAR = 2025;
const PERIOD = { start: '2025-03-01', end: '2025-03-02' };
/** CCER vintage 2021 by ICarbonAllowance's id scheme, worked by hand: flag bit 255 | "CCER" in bytes16 << 16 | 2021. */
const CCER_2021 = ((1n << 255n) + (0x43434552n << (96n + 16n)) + 2021n).toString();
const STEEL = 'Wallet Surrender Steel';

/**
 * Surrender from the Market page by an enterprise that holds its own key (Hardhat's development account 14): the
 * page shows the transaction the API prepared, sends it with the browser wallet (an EIP-1193 provider injected into
 * the page that signs in this Node process) or takes its pasted hash, confirms the same surrender with the hash, and
 * the compliance table shows it. Offsets appear by programme and vintage in positions, trades and the surrender form.
 */
describe('console in Chromium: surrender by an external account', function () {
  this.timeout(300_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let steel: Participant;
  let steelWallet: HDNodeWallet;
  let obligation: number;
  let walletSurrenderTx: string;
  let certificateId: string;

  const signIn = (key: string) => signedInPage(browser, url, key, 'market', '碳市场');
  const complianceCells = (page: Page) => page.locator(`tr[data-organisation="${STEEL}"] td`).allTextContents();

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(
      db.db,
      chain,
      {},
      { keystoreSecret: randomBytes(32), documents: await embeddedDocumentStore(db.db) },
    );
    steelWallet = devAccount(14).connect(chain.provider);
    const authority = await createParticipant(t, 'Surrender Ecology Department', ['authority']);
    ({ enterprise: steel } = await verifiedExternalEnterprise(db.db, t, chain, STEEL, steelWallet, PERIOD, '500'));
    const cement = await createParticipant(t, 'Offset Seller Cement', ['enterprise']);
    const exchange = await createParticipant(t, 'Surrender Environment Exchange', ['exchange']);
    await call(t, authority.key, 'POST', '/v1/market/years', {
      year: YEAR,
      periodStart: PERIOD.start,
      periodEnd: PERIOD.end,
      surrenderDeadline: '2027-12-31',
      offsetCapBps: 10_000,
    });
    await call(t, authority.key, 'POST', `/v1/market/years/${YEAR}/allocations`, {
      allocations: [{ orgId: steel.orgId, quantity: '10' }],
    });
    for (const [orgId, quantity] of [
      [steel.orgId, '3'],
      [cement.orgId, '5'],
    ]) {
      await call(t, authority.key, 'POST', '/v1/market/offsets', {
        program: 'CCER',
        vintage: 2021,
        orgId,
        quantity,
        issuanceRef: `CCER-2021-${quantity}`,
      });
    }
    // Steel buys 2 offsets of Cement on the exchange: a trade of an offset token.
    await call(t, cement.key, 'PUT', '/v1/market/ledger-approvals/allowance', { approved: true });
    await call(t, exchange.key, 'POST', '/v1/market/trades', {
      venueRef: 'SEEE-CCER-0001',
      buyerOrgId: steel.orgId,
      sellerOrgId: cement.orgId,
      asset: 'allowance',
      tokenId: CCER_2021,
      quantity: '2',
      pricePerUnit: '6200',
      currency: 'CNY',
      paymentRef: 'ICBC-CCER-0001',
      venue: 'SEEE',
    });
    // Certificates of a rooftop plant Steel owns, issued to its account, to claim from the page.
    const issuer = await createParticipant(t, 'Surrender Certificate Centre', ['certificate_issuer']);
    await call(t, issuer.key, 'POST', '/v1/certificates/devices', {
      reference: 'GEC-DEV-WALLET-1',
      ownerOrgId: steel.orgId,
      technology: 'solar',
      region: 'CN-JS',
      capacityKw: 2_000,
    });
    ({ certificateId } = await call(t, issuer.key, 'POST', '/v1/certificates/issuances', {
      deviceReference: 'GEC-DEV-WALLET-1',
      generationStart: '2025-02-01',
      generationEnd: '2025-03-01',
      mwh: 5,
      evidence: 'rooftop meter 2025-02',
    }));
    await indexChain(db.db, chain);
    [{ obligationT: obligation }] = (
      await call<{ obligationT: string }[]>(t, steel.key, 'GET', `/v1/market/years/${YEAR}/compliance`)
    ).map((r) => ({ obligationT: Number(r.obligationT) }));
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  /** A page signed in as Steel whose browser has a wallet sending with Steel's key in this process; requests noted. */
  async function walletPage() {
    const asked: { method: string; from?: string }[] = [];
    const context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1280, height: 1000 },
    });
    await context.exposeFunction('nengtanTestWallet', async (method: string, params: unknown[]) => {
      const tx = params[0] as { from: string; to: string; data: string } | undefined;
      asked.push({ method, from: tx?.from.toLowerCase() });
      if (method !== 'eth_sendTransaction' || !tx) throw new Error(`unsupported ${method}`);
      if (tx.from.toLowerCase() !== steelWallet.address.toLowerCase()) throw new Error('not our account');
      const sent = await steelWallet.sendTransaction({ to: tx.to, data: tx.data });
      await sent.wait();
      return sent.hash;
    });
    await context.addInitScript({
      content: 'window.ethereum = { request: ({ method, params }) => window.nengtanTestWallet(method, params || []) };',
    });
    const page = await context.newPage();
    await page.goto(`${url}/#/market`);
    await page.getByLabel('API 密钥').fill(steel.key);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '碳市场' }).waitFor();
    return { page, context, asked };
  }

  /** Fills the surrender form (allowances, and CCER 2021 offsets if any) and submits it: the transaction is shown. */
  async function startSurrender(page: Page, allowances: string, offsets?: string) {
    await page.getByLabel('清缴数量（吨）').fill(allowances);
    if (offsets) await page.locator('input[data-surrender-offset="CCER/2021"]').fill(offsets);
    await page.getByRole('button', { name: '清缴（上链）' }).click();
    await page.locator('pre[data-transaction]').waitFor();
  }

  it('has an obligation the surrenders below fit in', function () {
    expect(obligation).to.be.greaterThan(4);
  });

  it('shows the offsets held and traded by programme and vintage, with the id as the title', async function () {
    const page = await signIn(steel.key);
    const position = page.locator(`tr[data-position="allowance/${CCER_2021}"]`);
    await position.waitFor();
    const trade = page.locator('table.trades td[data-offset="CCER/2021"]');
    expect([
      await position.locator('td').allTextContents(),
      await position.locator('td[data-offset]').getAttribute('title'),
      await trade.textContent(),
      await page.locator('input[data-surrender-offset="CCER/2021"]').count(),
    ]).to.deep.equal([['核证减排量', 'CCER 2021', '5'], CCER_2021, 'CCER 2021', 1]);
    await page.close();
  });

  it('sends the surrender (1 allowance, 1 offset) with the browser wallet and shows it in the compliance table', async function () {
    const { page, context, asked } = await walletPage();
    await startSurrender(page, '1', '1');
    expect(await page.locator('[data-to-sign]').getAttribute('data-to-sign')).to.match(
      new RegExp(`^${steelWallet.address}$`, 'i'),
    );
    await page.getByRole('button', { name: '用钱包签名并发送' }).click();
    const done = page.locator('[data-surrendered] code');
    await done.waitFor({ timeout: 60_000 });
    walletSurrenderTx = (await done.textContent()) as string;
    // The page reads with ?minBlock= of the surrender: it waits for the indexer, run here as Nengtan's would.
    await indexChain(db.db, chain);
    await page.locator(`tr[data-organisation="${STEEL}"] [data-shortfall]`, { hasText: `${obligation - 2}` }).waitFor();
    expect([
      asked,
      (await complianceCells(page)).slice(4, 7),
      await page.locator('[data-to-sign]').count(),
    ]).to.deep.equal([
      [{ method: 'eth_sendTransaction', from: steelWallet.address.toLowerCase() }],
      ['1', '1', String(obligation - 2)],
      0,
    ]);
    await page
      .locator(`tr[data-position="allowance/${CCER_2021}"] [data-quantity]`, { hasText: /^4$/ })
      .waitFor({ timeout: 30_000 });
    await context.close();
  });

  it('without a wallet refuses the hash of another surrender, with its code and hint, then confirms the pasted one', async function () {
    const page = await signIn(steel.key);
    await startSurrender(page, '2');
    await page.getByText('本浏览器没有钱包').waitFor();
    const transaction = JSON.parse((await page.locator('pre[data-transaction]').textContent()) as string) as {
      to: string;
      data: string;
    };
    // The wallet's surrender: mined and Steel's, but of 1 allowance and 1 offset, not of 2 allowances.
    await page.getByLabel('交易哈希').fill(walletSurrenderTx);
    await page.getByRole('button', { name: '确认' }).click();
    const alert = page.locator('[data-to-sign] [role="alert"]');
    await alert.waitFor();
    expect([
      await alert.locator('.error-code').textContent(),
      await alert.locator('strong').textContent(),
      await alert.locator('.error-hint').textContent(),
    ]).to.deep.equal([
      'NT_ERR_CHAIN_TX_MISMATCH',
      `Transaction ${walletSurrenderTx} is a surrender, but not this one: its allowances, offsets differ`,
      '建议: Send exactly the transaction returned by the call without txHash (transaction.to and transaction.data) from the account transaction.from, and confirm with its hash; the message names what differs.',
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'market-external-surrender.png'), fullPage: true });

    const sent = await steelWallet.sendTransaction({ to: transaction.to, data: transaction.data });
    await sent.wait();
    await page.getByLabel('交易哈希').fill(sent.hash);
    await page.getByRole('button', { name: '确认' }).click();
    await page.locator('[data-surrendered] code', { hasText: sent.hash }).waitFor({ timeout: 60_000 });
    await indexChain(db.db, chain);
    await page.locator(`tr[data-organisation="${STEEL}"] [data-shortfall]`, { hasText: `${obligation - 4}` }).waitFor();
    expect((await complianceCells(page)).slice(4, 7)).to.deep.equal(['3', '1', String(obligation - 4)]);
    await page.close();
  });

  it('claims certificates with the browser wallet: the claim is listed and 3 of the 5 are left', async function () {
    const { page, context, asked } = await walletPage();
    const claims = page.locator('section.claims');
    await claims.getByLabel('核销绿证').selectOption(certificateId);
    await claims.getByLabel('核销电量（MWh）').fill('2');
    await claims.getByLabel('消费期起').fill('2025-03-01');
    await claims.getByLabel('消费期止').fill('2025-04-01');
    await claims.getByLabel('消费地').fill('CN-JS');
    await claims.getByRole('button', { name: '核销（上链）' }).click();
    await claims.getByRole('button', { name: '用钱包签名并发送' }).click();
    await claims.locator('[data-claimed] code').waitFor({ timeout: 60_000 });
    await indexChain(db.db, chain);
    const row = claims.locator('tr[data-claim^="chain:"]');
    await row.waitFor();
    await page
      .locator(`tr[data-position="certificate/${certificateId}"] [data-quantity]`, { hasText: /^3$/ })
      .waitFor({ timeout: 30_000 });
    expect([
      asked,
      await claims.locator('[data-claimed] code').textContent(),
      (await row.locator('td').allTextContents()).slice(1),
    ]).to.deep.equal([
      [{ method: 'eth_sendTransaction', from: steelWallet.address.toLowerCase() }],
      '1',
      ['chain', '2', '2025-03-01 – 2025-04-01', 'CN-JS', 'solar'],
    ]);
    await context.close();
  });
});
