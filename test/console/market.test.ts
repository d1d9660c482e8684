import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { anchorSealedBatches } from '../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../services/batching/sealBatches';
import { embeddedDocumentStore } from '../../services/documents/embeddedDocumentStore';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium, signedInPage } from '../helpers/consoleBrowser';
import { indexChain } from '../helpers/indexChain';
import { call, createParticipant, type Participant } from '../helpers/participants';
import { createTestApp, type TestApp } from '../helpers/testApp';
import { startTestChain, type TestChain } from '../helpers/testChain';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');
const YEAR = 2025;
const PERIOD = { start: '2025-03-01', end: '2025-03-02' };

/**
 * A compliance year in the browser: Steel's emissions are verified and it holds 100 t, Cement holds 5 t unverified.
 * Steel surrenders its obligation on the page; Cement's surrender is refused in words; the authority sees both.
 */
describe('console in Chromium: the market (碳市场)', function () {
  this.timeout(240_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let authority: Participant;
  let steel: Participant;
  let cement: Participant;
  let obligation: string;
  let certificateId: string;

  const signIn = (key: string) => signedInPage(browser, url, key, 'market', '碳市场');

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
    authority = await createParticipant(t, 'Provincial Ecology Department', ['authority']);
    steel = await createParticipant(t, 'Market Steel 市场钢铁', ['enterprise']);
    cement = await createParticipant(t, 'Market Cement', ['enterprise']);
    const verifier = await createParticipant(t, 'Market Verifier', ['verifier']);
    const site = await call(t, steel.key, 'POST', '/v1/sites', { name: 'Mill', gridRegion: 'East' });
    await call(t, steel.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
    await call(t, steel.key, 'POST', '/v1/readings', {
      readings: Array.from({ length: 96 }, (_, i) => ({
        meter: 'E',
        start: new Date(Date.parse('2025-02-28T16:00:00Z') + i * 900_000).toISOString(),
        value: '50',
      })),
    });
    await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1 });
    await anchorSealedBatches(db.db, chain);
    const inventory = await call(t, steel.key, 'POST', '/v1/inventories', PERIOD);
    await call(t, steel.key, 'POST', `/v1/inventories/${inventory.id}/notarize`);
    await call(t, steel.key, 'POST', `/v1/inventories/${inventory.id}/verifiers`, { verifierOrgId: verifier.orgId });
    await call(t, verifier.key, 'POST', `/v1/verifications/${inventory.id}/attestation`, {
      opinion: 'verified',
      assurance: 'reasonable',
      materialityBps: 500,
      statement: 'Verified.',
    });
    await call(t, authority.key, 'POST', '/v1/market/years', {
      year: YEAR,
      periodStart: PERIOD.start,
      periodEnd: PERIOD.end,
      surrenderDeadline: '2027-12-31',
    });
    await call(t, authority.key, 'POST', `/v1/market/years/${YEAR}/allocations`, {
      allocations: [
        { orgId: steel.orgId, quantity: '100' },
        { orgId: cement.orgId, quantity: '5' },
      ],
    });
    // Green certificates for the claims: issued to a wind farm, which transfers three to Steel.
    const issuer = await createParticipant(t, 'Market Certificate Centre', ['certificate_issuer']);
    const wind = await createParticipant(t, 'Market Wind', ['enterprise']);
    await call(t, issuer.key, 'POST', '/v1/certificates/devices', {
      reference: 'GEC-DEV-MARKET-1',
      ownerOrgId: wind.orgId,
      technology: 'wind',
      region: 'CN-JS',
      capacityKw: 50_000,
    });
    const issued = await call(t, issuer.key, 'POST', '/v1/certificates/issuances', {
      deviceReference: 'GEC-DEV-MARKET-1',
      generationStart: '2025-02-01',
      generationEnd: '2025-03-01',
      mwh: 10,
      evidence: 'generation meter readings 2025-02',
    });
    certificateId = issued.certificateId;
    await call(t, wind.key, 'POST', '/v1/market/transfers', {
      asset: 'certificate',
      tokenId: certificateId,
      toOrgId: steel.orgId,
      quantity: '3',
    });
    // Steel lets TradeLedger move its allowances (a seller's standing approval); Cement does not.
    await call(t, steel.key, 'PUT', '/v1/market/ledger-approvals/allowance', { approved: true });
    await indexChain(db.db, chain);
    [{ obligationT: obligation }] = await call(t, steel.key, 'GET', `/v1/market/years/${YEAR}/compliance`);
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  it('shows the enterprise its position and its shortfall, then surrenders it on chain', async function () {
    expect(Number(obligation)).to.be.greaterThan(0);
    const page = await signIn(steel.key);
    expect(await page.locator(`tr[data-position="allowance/${YEAR}"] [data-quantity]`).textContent()).to.equal('100');
    const row = page.locator('tr[data-organisation="Market Steel 市场钢铁"]');
    await row.waitFor();
    expect(await row.locator('[data-shortfall]').textContent()).to.equal(obligation);
    expect(await page.locator('tr[data-organisation]').count()).to.equal(1);

    await page.getByLabel('清缴数量（吨）').fill(obligation);
    await page.getByRole('button', { name: '清缴（上链）' }).click();
    await page.locator('[data-surrendered] code').waitFor({ timeout: 60_000 });
    // The page reads with ?minBlock= of the surrender: it waits for the indexer, run here as Nengtan's would.
    await indexChain(db.db, chain);
    await page.locator('tr[data-organisation="Market Steel 市场钢铁"] [data-shortfall]', { hasText: /^0$/ }).waitFor();
    await page
      .locator(`tr[data-position="allowance/${YEAR}"] [data-quantity]`, {
        hasText: String(100 - Number(obligation)),
      })
      .waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'market.png'), fullPage: true });
    await page.close();
  });

  it('refuses a surrender before the emissions are verified, saying so in words with the code', async function () {
    const page = await signIn(cement.key);
    await page.getByLabel('清缴数量（吨）').fill('1');
    await page.getByRole('button', { name: '清缴（上链）' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.match(/not verified/);
    expect(await alert.locator('.error-code').textContent()).to.match(/^NT_ERR_/);
    await page.close();
  });

  /** Proposes an OTC deal on the open page: `side` of one allowance of YEAR to the participant named `to`. */
  async function propose(page: Page, side: '卖出' | '买入', to: string, paymentRef: string) {
    await page.getByLabel('方向').selectOption({ label: side });
    await page.getByLabel('交易对手（名称）').fill(to.slice(0, 8));
    await page.locator(`#otc-counterparties option[value="${to}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('交易对手（名称）').fill(to);
    await page.getByLabel('年度/编号').fill(String(YEAR));
    await page.getByLabel('数量（吨）', { exact: true }).fill('1');
    await page.getByLabel('单价（分/吨）').fill('9100');
    await page.getByLabel('付款凭证号').fill(paymentRef);
    await page.getByRole('button', { name: '签名并发送' }).click();
  }

  it('proposes an OTC deal to a counterparty found by name, which accepts it on chain', async function () {
    const seller = await signIn(steel.key);
    await propose(seller, '卖出', 'Market Cement', 'BOC-OTC-CONSOLE-1');
    const proposed = seller.locator('tr[data-deal-status="proposed"]');
    await proposed.waitFor();
    expect(await proposed.locator('td').allTextContents()).to.deep.equal([
      '本组织',
      'Market Cement',
      String(YEAR),
      '1',
      '9100 CNY',
      '本组织',
      '卖方',
      '已发起',
      '等待对方签名',
    ]);
    await seller.close();

    const buyer = await signIn(cement.key);
    const offered = buyer.locator('tr[data-deal-status="proposed"]');
    expect(await offered.locator('td').first().textContent()).to.equal('Market Steel 市场钢铁');
    await offered.getByRole('button', { name: '签名并接受（上链）' }).click();
    const recorded = buyer.locator('tr[data-deal-status="recorded"]');
    await recorded.waitFor({ timeout: 60_000 });
    expect(await recorded.locator('td').nth(6).textContent()).to.equal('卖方 · 买方');
    await indexChain(db.db, chain);
    await buyer.reload();
    await buyer.locator(`tr[data-position="allowance/${YEAR}"] [data-quantity]`, { hasText: /^6$/ }).waitFor();
    await buyer.screenshot({ path: path.join(SCREENSHOTS, 'market-otc.png'), fullPage: true });
    await buyer.close();
  });

  it('shows the chain refusing a deal whose seller has not approved the ledger, in words with the code', async function () {
    const seller = await signIn(cement.key);
    await propose(seller, '卖出', 'Market Steel 市场钢铁', 'BOC-OTC-CONSOLE-2');
    await seller.locator('tr[data-deal-status="proposed"]').waitFor();
    await seller.close();
    const buyer = await signIn(steel.key);
    await buyer.getByRole('button', { name: '签名并接受（上链）' }).click();
    const alert = buyer.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.locator('strong').textContent()).to.match(/\w{3,}/);
    expect(await alert.locator('.error-code').textContent()).to.match(/^NT_ERR_/);
    await buyer.close();
  });

  it('claims held certificates for a period on chain and lists the claim; another enterprise sees none', async function () {
    const page = await signIn(steel.key);
    await page.getByLabel('核销绿证').selectOption(certificateId);
    await page.getByLabel('核销电量（MWh）').fill('2');
    await page.getByLabel('消费期起').fill(PERIOD.start);
    await page.getByLabel('消费期止').fill(PERIOD.end);
    await page.getByLabel('消费地').fill('CN-JS');
    await page.getByRole('button', { name: '核销（上链）' }).click();
    await page.locator('[data-claimed] code').waitFor({ timeout: 60_000 });
    await indexChain(db.db, chain);
    const row = page.locator('tr[data-claim^="chain:"]');
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).to.deep.equal([
      await row.locator('td').first().textContent(),
      'chain',
      '2',
      `${PERIOD.start} – ${PERIOD.end}`,
      'CN-JS',
      'wind',
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'market-claims.png'), fullPage: true });
    await page.close();

    const other = await signIn(cement.key);
    await other.getByText('尚无绿证核销。').waitFor();
    expect(await other.locator('tr[data-claim]').count()).to.equal(0);
    await other.close();
  });

  it('refuses a claim of more certificates than held, in words with the code', async function () {
    const page = await signIn(steel.key);
    await page.getByLabel('核销电量（MWh）').fill('5');
    await page.getByLabel('消费地').fill('CN-JS');
    await page.getByRole('button', { name: '核销（上链）' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.locator('.error-code').textContent()).to.equal('NT_ERR_CHAIN_REVERTED');
    expect(await alert.locator('strong').textContent()).to.match(/\w{3,}/);
    await page.close();
  });

  it('shows the authority every covered enterprise, and no surrender form', async function () {
    const page = await signIn(authority.key);
    await page.locator('tr[data-organisation="Market Cement"]').waitFor();
    expect(await page.locator('tr[data-organisation]').count()).to.equal(2);
    expect(await page.getByLabel('清缴数量（吨）').count()).to.equal(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'market-authority.png'), fullPage: true });
    await page.close();
  });

  it("gives the authority the oversight register, filtered by a holder's name", async function () {
    const page = await signIn(authority.key);
    await page.getByRole('heading', { name: '监管登记簿' }).waitFor();
    const cells = (selector: string) => page.locator(selector).locator('td').allTextContents();
    const steelRow = `tr[data-holding="Market Steel 市场钢铁/allowance/${YEAR}"]`;
    await page.locator(steelRow).waitFor();
    // Steel: 100 allocated − its obligation surrendered − 1 sold OTC to Cement; Cement: 5 allocated + 1 bought.
    expect(await cells(steelRow)).to.deep.equal([
      'Market Steel 市场钢铁',
      `配额 ${YEAR}`,
      String(100 - Number(obligation) - 1),
      obligation,
      obligation,
      '0',
      '已履约',
    ]);
    expect(await cells(`tr[data-holding="Market Cement/allowance/${YEAR}"]`)).to.deep.equal([
      'Market Cement',
      `配额 ${YEAR}`,
      '6',
      '0',
      '0',
      '0',
      '待履约',
    ]);
    // Wind was issued 10 certificates and passed 3 to Steel, which claimed 2: no compliance year for certificates.
    expect(await cells(`tr[data-holding="Market Steel 市场钢铁/certificate/${certificateId}"]`)).to.deep.equal([
      'Market Steel 市场钢铁',
      `绿证 ${certificateId}`,
      '1',
      '—',
      '—',
      '—',
      '—',
    ]);

    await page.getByLabel('持有人（名称）').fill('cement');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.locator(steelRow).waitFor({ state: 'detached' });
    expect(
      await page.locator('tr[data-holding]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-holding'))),
    ).to.deep.equal([`Market Cement/allowance/${YEAR}`]);
    const events = await page
      .locator('tr[data-register-event]')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(1, 6).map((td) => td.textContent)));
    expect(events).to.deep.equal([
      ['转让', `配额 ${YEAR}`, '1', 'Market Steel 市场钢铁', 'Market Cement'],
      ['发放', `配额 ${YEAR}`, '5', '—', 'Market Cement'],
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'market-register.png'), fullPage: true });
    await page.close();
  });

  it('shows an enterprise no register, and the API refuses it the register with the role error', async function () {
    const page = await signIn(steel.key);
    await page.locator('tr[data-organisation]').first().waitFor();
    expect(await page.getByRole('heading', { name: '监管登记簿' }).count()).to.equal(0);
    const answer = await page.evaluate(async () => {
      const res = await fetch('/v1/market/register');
      return [res.status, ((await res.json()) as { code: string }).code];
    });
    expect(answer).to.deep.equal([403, 'NT_ERR_AUTH_ROLE']);
    await page.close();
  });
});
