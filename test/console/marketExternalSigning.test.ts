import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { TypedDataEncoder, type HDNodeWallet, type TypedDataField } from 'ethers';
import type { Browser, Page } from 'playwright-core';
import { devAccount } from '../../services/chain/devAccounts';
import type { DealValue } from '../../services/market/dealTypedData';
import { marketContracts } from '../../services/market/marketContracts';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium, signedInPage } from '../helpers/consoleBrowser';
import { call, createParticipant, type Participant } from '../helpers/participants';
import { createTestApp, type TestApp } from '../helpers/testApp';
import { startTestChain, type TestChain } from '../helpers/testChain';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');
const YEAR = 2025;

interface Deal {
  id: string;
  tradeId: string | null;
  typedData: { domain: Record<string, unknown>; types: Record<string, TypedDataField[]>; message: DealValue };
}

/**
 * Recording an OTC deal from the browser when both parties hold their own keys (external accounts, two of Hardhat's
 * development accounts): the page shows the transaction the API prepared and sends it through the browser wallet
 * (a small EIP-1193 provider injected into the page, which signs in this Node process with the buyer's key), or, with
 * no wallet, shows it to copy and takes the pasted transaction hash; the API confirms it against the chain either way.
 */
describe('console in Chromium: the market with an external account signing in the browser', function () {
  this.timeout(240_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let steel: Participant; // buyer, external: Hardhat account 12
  let power: Participant; // seller, external: Hardhat account 13
  let steelWallet: HDNodeWallet;
  let powerWallet: HDNodeWallet;
  const deals: Deal[] = [];

  const signIn = (key: string) => signedInPage(browser, url, key, 'market', '碳市场');
  const sign = (wallet: HDNodeWallet, deal: Deal) =>
    wallet.signTypedData(deal.typedData.domain, deal.typedData.types, deal.typedData.message);
  const recorded = (deal: Deal) => {
    const { buyer, seller } = deal.typedData.message.terms;
    return marketContracts(chain)
      .ledger.dealTradeId(buyer, seller, deal.typedData.message.dealId)
      .then((tradeId) => marketContracts(chain).ledger.isRecorded(tradeId));
  };

  /** A deal of `quantity` allowances from Power to Steel, proposed by Power and not yet signed. */
  const proposedDeal = (quantity: string) =>
    call<Deal>(t, power.key, 'POST', '/v1/market/otc-deals', {
      side: 'sell',
      counterpartyOrgId: steel.orgId,
      asset: 'allowance',
      tokenId: String(YEAR),
      quantity,
      pricePerUnit: '9100',
      currency: 'CNY',
      paymentRef: `BOC-WALLET-${quantity}`,
      deadline: new Date(Date.now() + 3_600_000).toISOString(),
    });

  /** A deal of `quantity` allowances from Power to Steel, proposed, signed by both and accepted: left 'signed'. */
  async function signedDeal(quantity: string): Promise<Deal> {
    const deal = await proposedDeal(quantity);
    await call(t, power.key, 'POST', `/v1/market/otc-deals/${deal.id}/signature`, {
      signature: await sign(powerWallet, deal),
    });
    await call(t, steel.key, 'POST', `/v1/market/otc-deals/${deal.id}/accept`, {
      signature: await sign(steelWallet, deal),
    });
    return deal;
  }

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain, {}, { keystoreSecret: randomBytes(32) });
    steelWallet = devAccount(12).connect(chain.provider);
    powerWallet = devAccount(13).connect(chain.provider);
    const authority = await createParticipant(t, 'Wallet Ecology Department', ['authority']);
    steel = await createParticipant(t, 'Wallet Steel', ['enterprise'], steelWallet);
    power = await createParticipant(t, 'Wallet Power', ['enterprise'], powerWallet);
    await call(t, authority.key, 'POST', '/v1/market/years', {
      year: YEAR,
      periodStart: '2025-03-01',
      periodEnd: '2025-03-02',
      surrenderDeadline: '2027-12-31',
    });
    await call(t, authority.key, 'POST', `/v1/market/years/${YEAR}/allocations`, {
      allocations: [{ orgId: power.orgId, quantity: '10' }],
    });
    const { allowances, ledger } = marketContracts(chain);
    await (await allowances.connect(powerWallet).setApprovalForAll(ledger.target, true)).wait();
    deals.push(await signedDeal('1'), await signedDeal('2'));
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  type Asked = { method: string; from?: string }[];
  /**
   * A page signed in with `key` whose browser has a wallet (EIP-1193, put into the context before the console loads,
   * as an extension's would be) that sends and signs with `signer`'s key in this process; every request is noted.
   */
  async function walletPage(key: string, signer: HDNodeWallet) {
    const asked: Asked = [];
    const context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1280, height: 1000 },
    });
    await context.exposeFunction('nengtanTestWallet', async (method: string, params: unknown[]) => {
      if (method === 'eth_sendTransaction') {
        const tx = params[0] as { from: string; to: string; data: string };
        asked.push({ method, from: tx.from });
        if (tx.from.toLowerCase() !== signer.address.toLowerCase()) throw new Error('not our account');
        const sent = await signer.sendTransaction({ to: tx.to, data: tx.data });
        await sent.wait();
        return sent.hash;
      }
      if (method === 'eth_signTypedData_v4') {
        const [from, json] = params as [string, string];
        asked.push({ method, from });
        if (from.toLowerCase() !== signer.address.toLowerCase()) throw new Error('not our account');
        const typed = JSON.parse(json) as Deal['typedData'];
        // ethers derives the domain's type itself and refuses it among the types.
        const types = Object.fromEntries(Object.entries(typed.types).filter(([name]) => name !== 'EIP712Domain'));
        // A wallet hashes the domain by the EIP712Domain type it is given: it must be the one the domain implies.
        const implied = TypedDataEncoder.getPayload(typed.domain, types, typed.message).types.EIP712Domain;
        if (JSON.stringify(typed.types.EIP712Domain) !== JSON.stringify(implied)) throw new Error('wrong EIP712Domain');
        return signer.signTypedData(typed.domain, types, typed.message);
      }
      asked.push({ method });
      throw new Error(`unsupported ${method}`);
    });
    // The page's EIP-1193 provider: every request goes to the function above, in this process.
    await context.addInitScript({
      content: 'window.ethereum = { request: ({ method, params }) => window.nengtanTestWallet(method, params || []) };',
    });
    const page = await context.newPage();
    await page.goto(`${url}/#/market`);
    await page.getByLabel('API 密钥').fill(key);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '碳市场' }).waitFor();
    return { page, context, asked };
  }
  const row = (page: Page, deal: Deal, status?: string) =>
    page.locator(`tr[data-deal="${deal.id}"]${status ? `[data-deal-status="${status}"]` : ''}`);

  /** A row's record button clicked: the transaction to sign is shown. */
  async function startRecord(page: Page, deal: Deal) {
    await page.locator(`tr[data-deal="${deal.id}"]`).getByRole('button', { name: '上链记录' }).click();
    await page.locator('pre[data-transaction]').waitFor();
  }

  it('sends the record through the browser wallet from the external account and shows the deal recorded', async function () {
    const { page: wallet, context, asked } = await walletPage(steel.key, steelWallet);
    await startRecord(wallet, deals[0]);
    expect(await wallet.locator('[data-to-sign]').getAttribute('data-to-sign')).to.equal(
      deals[0].typedData.message.terms.buyer,
    );
    await wallet.getByRole('button', { name: '用钱包签名并发送' }).click();
    await wallet.locator(`tr[data-deal="${deals[0].id}"][data-deal-status="recorded"]`).waitFor({ timeout: 60_000 });
    expect([asked, await recorded(deals[0])]).to.deep.equal([
      [{ method: 'eth_sendTransaction', from: deals[0].typedData.message.terms.buyer }],
      true,
    ]);
    expect(await wallet.locator('[data-to-sign]').count()).to.equal(0);
    await context.close();
  });

  it('without a wallet shows the transaction to copy, refuses a wrong hash in words, and confirms the pasted one', async function () {
    const page = await signIn(steel.key);
    await startRecord(page, deals[1]);
    await page.getByText('本浏览器没有钱包').waitFor();
    const transaction = JSON.parse((await page.locator('pre[data-transaction]').textContent()) as string) as {
      to: string;
      from: string;
      data: string;
      chainId: number;
    };
    expect([transaction.from, transaction.chainId]).to.deep.equal([
      deals[1].typedData.message.terms.buyer,
      chain.chainId,
    ]);
    // The hash of the first deal's record: mined and Steel's, but not this deal's record.
    const [first] = await call<{ id: string; txHash: string }[]>(t, steel.key, 'GET', '/v1/market/otc-deals').then(
      (all) => all.filter((d) => d.id === deals[0].id),
    );
    await page.getByLabel('交易哈希').fill(first.txHash);
    await page.getByRole('button', { name: '确认' }).click();
    const alert = page.locator('[data-to-sign] [role="alert"]');
    await alert.waitFor();
    expect(await alert.locator('.error-code').textContent()).to.equal('NT_ERR_CHAIN_TX_MISMATCH');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'market-external-signing.png'), fullPage: true });

    const sent = await steelWallet.sendTransaction({ to: transaction.to, data: transaction.data });
    await sent.wait();
    await page.getByLabel('交易哈希').fill(sent.hash);
    await page.getByRole('button', { name: '确认' }).click();
    await page.locator(`tr[data-deal="${deals[1].id}"][data-deal-status="recorded"]`).waitFor({ timeout: 60_000 });
    expect(await recorded(deals[1])).to.equal(true);
    await page.close();
  });

  it('signs the proposal and the acceptance with the browser wallets (EIP-712), then records the deal', async function () {
    const deal = await proposedDeal('3');
    // Power, the proposer: its external account has not signed; the page offers to sign the proposal.
    const proposer = await walletPage(power.key, powerWallet);
    await row(proposer.page, deal).getByRole('button', { name: '签名本方提议' }).click();
    const shown = JSON.parse((await proposer.page.locator('pre[data-typed-data]').textContent()) as string) as {
      types: Record<string, unknown>;
      message: DealValue;
    };
    expect([Object.keys(shown.types).sort(), shown.message]).to.deep.equal([
      ['Deal', 'EIP712Domain', 'Trade'],
      deal.typedData.message,
    ]);
    await proposer.page.getByRole('button', { name: '用钱包签名', exact: true }).click();
    await row(proposer.page, deal).getByText('等待对方签名').waitFor();
    const afterProposal = await call<{ id: string; signed: { buyer: boolean; seller: boolean } }[]>(
      t,
      power.key,
      'GET',
      '/v1/market/otc-deals',
    ).then((all) => all.find((d) => d.id === deal.id));
    expect([proposer.asked, afterProposal?.signed]).to.deep.equal([
      [{ method: 'eth_signTypedData_v4', from: deal.typedData.message.terms.seller }],
      { buyer: false, seller: true },
    ]);
    await proposer.context.close();

    // Steel, the counterparty: accepts with its wallet's signature; both external, so the deal stays signed and
    // Steel records it with the same wallet.
    const accepter = await walletPage(steel.key, steelWallet);
    await row(accepter.page, deal).getByRole('button', { name: '签名并接受（上链）' }).click();
    await accepter.page.getByRole('button', { name: '用钱包签名', exact: true }).click();
    await row(accepter.page, deal, 'signed').waitFor();
    await startRecord(accepter.page, deal);
    await accepter.page.getByRole('button', { name: '用钱包签名并发送' }).click();
    await row(accepter.page, deal, 'recorded').waitFor({ timeout: 60_000 });
    const buyer = deal.typedData.message.terms.buyer;
    expect([accepter.asked, await recorded(deal)]).to.deep.equal([
      [
        { method: 'eth_signTypedData_v4', from: buyer },
        { method: 'eth_sendTransaction', from: buyer },
      ],
      true,
    ]);
    await accepter.page.screenshot({ path: path.join(SCREENSHOTS, 'market-wallet-typed.png'), fullPage: true });
    await accepter.context.close();
  });

  it('without a wallet takes pasted signatures, refusing one made by another account in words', async function () {
    const deal = await proposedDeal('4');
    const proposer = await signIn(power.key);
    await row(proposer, deal).getByRole('button', { name: '签名本方提议' }).click();
    await proposer.getByText('本浏览器没有钱包（EIP-1193）：请用贵组织的账户对下面的数据签名').waitFor();
    // Steel's signature pasted as Power's: the API refuses it, the page says why with the code.
    await proposer.getByLabel('签名', { exact: true }).fill(await sign(steelWallet, deal));
    await proposer.getByRole('button', { name: '提交签名' }).click();
    const alert = proposer.locator('[data-to-sign-typed] [role="alert"]');
    await alert.waitFor();
    expect(await alert.locator('.error-code').textContent()).to.equal('NT_ERR_MARKET_SIGNATURE_INVALID');
    await proposer.getByLabel('签名', { exact: true }).fill(await sign(powerWallet, deal));
    await proposer.getByRole('button', { name: '提交签名' }).click();
    await row(proposer, deal).getByText('等待对方签名').waitFor();
    await proposer.close();

    const accepter = await signIn(steel.key);
    await row(accepter, deal).getByRole('button', { name: '签名并接受（上链）' }).click();
    await accepter.getByLabel('签名', { exact: true }).fill(await sign(steelWallet, deal));
    await accepter.getByRole('button', { name: '提交签名' }).click();
    await row(accepter, deal, 'signed').waitFor();
    expect(await accepter.locator('[data-to-sign-typed]').count()).to.equal(0);
    await accepter.close();
  });
});
