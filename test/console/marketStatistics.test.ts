import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium, signedInPage } from '../helpers/consoleBrowser';
import { indexChain } from '../helpers/indexChain';
import { call, createParticipant, type Participant } from '../helpers/participants';
import { createTestApp, type TestApp } from '../helpers/testApp';
import { startTestChain, type TestChain } from '../helpers/testChain';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');
const YEAR = 2025;

/** A block's time as the local day (China Standard Time) the statistics put it in. */
const localDay = (seconds: number) => new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 10);

/**
 * Trade statistics in the browser: exchange trades of allowances (2025), CCER offsets (2024) and green certificates on
 * two days (the chain's clock a day ahead for the second), drawn as price and volume charts with the exact figures
 * beside them. Worked by hand: day 1, 4 t at 8650; day 2, 6 t at 9000 and 1 t at 9001, so
 * VWAP = (6·9000 + 9001)/7 = 63001/7 = 9000.142857… → 9000.14; over both days (97601/11 = 8872.8181…) → 8872.82.
 */
describe('console in Chromium: market statistics charts', function () {
  this.timeout(240_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let steel: Participant;
  let offsetId: string;
  let certificateId: string;
  const days: string[] = [];

  const signIn = (key: string) => signedInPage(browser, url, key, 'market', '碳市场');

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain, {}, { keystoreSecret: randomBytes(32) });
    const authority = await createParticipant(t, 'Stats Ecology Department', ['authority']);
    const exchange = await createParticipant(t, 'Stats Exchange', ['exchange']);
    steel = await createParticipant(t, 'Stats Steel', ['enterprise']);
    const cement = await createParticipant(t, 'Stats Cement', ['enterprise']);
    const wind = await createParticipant(t, 'Stats Wind', ['enterprise']);
    const issuer = await createParticipant(t, 'Stats Certificate Centre', ['certificate_issuer']);
    await call(t, authority.key, 'POST', '/v1/market/years', {
      year: YEAR,
      periodStart: '2025-03-01',
      periodEnd: '2025-03-02',
      surrenderDeadline: '2027-12-31',
    });
    await call(t, authority.key, 'POST', `/v1/market/years/${YEAR}/allocations`, {
      allocations: [{ orgId: steel.orgId, quantity: '20' }],
    });
    ({ tokenId: offsetId } = await call(t, authority.key, 'POST', '/v1/market/offsets', {
      program: 'CCER',
      vintage: 2024,
      orgId: steel.orgId,
      quantity: '10',
      issuanceRef: 'CCER-2024-STATS-1',
    }));
    await call(t, issuer.key, 'POST', '/v1/certificates/devices', {
      reference: 'GEC-DEV-STATS-1',
      ownerOrgId: wind.orgId,
      technology: 'wind',
      region: 'CN-JS',
      capacityKw: 50_000,
    });
    ({ certificateId } = await call(t, issuer.key, 'POST', '/v1/certificates/issuances', {
      deviceReference: 'GEC-DEV-STATS-1',
      generationStart: '2025-02-01',
      generationEnd: '2025-03-01',
      mwh: 10,
      evidence: 'generation meter readings 2025-02',
    }));
    await call(t, steel.key, 'PUT', '/v1/market/ledger-approvals/allowance', { approved: true });
    await call(t, wind.key, 'PUT', '/v1/market/ledger-approvals/certificate', { approved: true });

    let ref = 0;
    const trade = async (seller: Participant, asset: string, tokenId: string, quantity: string, price: string) => {
      ref += 1;
      const sent = await call<{ blockNumber: number }>(t, exchange.key, 'POST', '/v1/market/trades', {
        venueRef: `STATS-${ref}`,
        buyerOrgId: cement.orgId,
        sellerOrgId: seller.orgId,
        asset,
        tokenId,
        quantity,
        pricePerUnit: price,
        currency: 'CNY',
        paymentRef: `PAY-STATS-${ref}`,
        venue: 'Stats Exchange',
      });
      return (await chain.provider.getBlock(sent.blockNumber))!.timestamp;
    };
    days.push(localDay(await trade(steel, 'allowance', String(YEAR), '4', '8650')));
    await trade(steel, 'allowance', offsetId, '3', '5000');
    await trade(wind, 'certificate', certificateId, '2', '4500');
    // The embedded chain stamps blocks with this process's wall clock (its evm_* methods are private): the second
    // day's trades are sent with that clock a day ahead; later blocks keep counting up from there.
    const realNow = Date.now;
    Date.now = () => realNow() + 86_400_000;
    try {
      days.push(localDay(await trade(steel, 'allowance', String(YEAR), '6', '9000')));
      await trade(steel, 'allowance', String(YEAR), '1', '9001');
    } finally {
      Date.now = realNow;
    }
    await indexChain(db.db, chain);
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  const rowsOf = (page: Page, group: string) =>
    page
      .locator(`[data-stats="${group}"] tr[data-stats-row]`)
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));

  it('loads neither the statistics nor the chart code until they are opened', async function () {
    const page = await signIn(steel.key);
    const asked: string[] = [];
    page.on('request', (r) => asked.push(r.url()));
    await page.locator('tr[data-position]').first().waitFor();
    expect(asked.filter((u) => /statistics|TradeCharts/.test(u))).to.deep.equal([]);
    await page.getByText('成交统计').click();
    await page.locator('[data-chart="allowances-price"] canvas').waitFor();
    expect(asked.filter((u) => /TradeCharts/.test(u))).to.have.length(1);
    await page.close();
  });

  it('draws price and volume per day, with the exact volume-weighted prices beside the charts', async function () {
    expect(days[0]).to.not.equal(days[1]);
    const page = await signIn(steel.key);
    await page.getByText('成交统计').click();
    await page.locator('[data-chart="allowances-price"] canvas').waitFor();
    expect(await rowsOf(page, 'allowances')).to.deep.equal([
      [String(YEAR), days[0], '1', '4', '8650.00 CNY'],
      [String(YEAR), days[1], '2', '7', '9000.14 CNY'],
    ]);
    expect(await rowsOf(page, 'offsets')).to.deep.equal([['CCER 2024', days[0], '1', '3', '5000.00 CNY']]);
    expect(await rowsOf(page, 'certificates')).to.deep.equal([[certificateId, days[0], '1', '2', '4500.00 CNY']]);
    expect(await page.locator('[data-chart="allowances-price"]').getAttribute('data-points')).to.equal('2');
    const captions = await page.locator('[data-stats] figcaption[data-axes]').allTextContents();
    expect(captions).to.deep.equal([
      '加权均价（分/吨） / 时间（北京时间）',
      '成交量（吨） / 时间（北京时间）',
      '加权均价（分/吨） / 时间（北京时间）',
      '成交量（吨） / 时间（北京时间）',
      '加权均价（分/MWh） / 时间（北京时间）',
      '成交量（MWh） / 时间（北京时间）',
    ]);
    // The legend names each series: the allowance year, the offset programme and vintage.
    expect(await page.locator('[data-chart="offsets-volume"] .u-series .u-label').allTextContents()).to.include(
      'CCER 2024',
    );
    await page.locator('[data-stats="allowances"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'market-statistics.png'), fullPage: true });
    await page.close();
  });

  it('sums both days into a month (or keeps two months when the days straddle one)', async function () {
    const page = await signIn(steel.key);
    await page.getByText('成交统计').click();
    await page.locator('[data-chart="allowances-price"] canvas').waitFor();
    await page.getByLabel('统计周期').selectOption({ label: '月' });
    const months = [days[0].slice(0, 7), days[1].slice(0, 7)];
    const expected =
      months[0] === months[1]
        ? [[String(YEAR), months[0], '3', '11', '8872.82 CNY']]
        : [
            [String(YEAR), months[0], '1', '4', '8650.00 CNY'],
            [String(YEAR), months[1], '2', '7', '9000.14 CNY'],
          ];
    await page.locator(`[data-stats="allowances"] tr[data-stats-row="${YEAR}/${months[1]}"]`).waitFor();
    expect(await rowsOf(page, 'allowances')).to.deep.equal(expected);
    await page.close();
  });

  it('labels the axes in English after the language switch', async function () {
    const page = await signIn(steel.key);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Trade statistics').click();
    await page.locator('[data-chart="allowances-volume"] canvas').waitFor();
    expect(await page.locator('[data-stats="allowances"] figcaption[data-axes]').allTextContents()).to.deep.equal([
      'Weighted price (minor units/t) / Time (China Standard Time)',
      'Volume (t) / Time (China Standard Time)',
    ]);
    await page.getByRole('button', { name: '中文' }).click();
    await page.close();
  });
});
