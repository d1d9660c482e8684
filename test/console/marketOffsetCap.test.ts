import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Wallet } from 'ethers';
import type { Browser } from 'playwright-core';
import type { UnsignedTransaction } from '../../services/custody/clientTransactionReceipt';
import { embeddedDocumentStore } from '../../services/documents/embeddedDocumentStore';
import { openConsole, SCREENSHOTS, signedInPage, startConsoleApp } from '../helpers/consoleBrowser';
import { indexChain } from '../helpers/indexChain';
import { call, createParticipant, type Participant } from '../helpers/participants';
import { createTestApp, type TestApp } from '../helpers/testApp';
import { startTestChain, type TestChain } from '../helpers/testChain';
import type { TestDb } from '../helpers/testDb';
import { sendPrepared, verifiedExternalEnterprise } from '../helpers/verifiedExternalEnterprise';

const YEAR = 2025;
const PERIOD = { start: '2025-03-01', end: '2025-03-02' };
/** Offset ids by ICarbonAllowance's scheme, by hand: flag bit 255 | "CCER" in bytes16 << 16 | vintage. */
const ccer = (vintage: number) => ((1n << 255n) + (0x43434552n << (96n + 16n)) + BigInt(vintage)).toString();
const STEEL = 'Cap Page Steel';
const COMPLIANCE = '履约';

/**
 * The compliance panel shows the offsets an enterprise surrendered per programme and vintage, and the year's offset
 * cap: an obligation of 100 t (96 × 1890 kWh × 0.55 kg/kWh = 99.792 t, rounded up) under the 5 % cap is 5 t; 3 CCER
 * 2021 + 1 CCER 2022 surrendered use 4 t and leave 1 t. The register names the offsets the API names.
 */
describe('console in Chromium: offsets by token and the offset cap in the compliance panel', function () {
  this.timeout(300_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let authority: Participant;
  let steel: Participant;

  before(async function () {
    chain = await startTestChain();
    ({ db, t } = await startConsoleApp(async (testDb) =>
      createTestApp(
        testDb.db,
        chain,
        {},
        { keystoreSecret: randomBytes(32), documents: await embeddedDocumentStore(testDb.db) },
      ),
    ));
    const wallet = Wallet.createRandom().connect(chain.provider);
    authority = await createParticipant(t, 'Cap Page Ecology Department', ['authority']);
    ({ enterprise: steel } = await verifiedExternalEnterprise(db.db, t, chain, STEEL, wallet, PERIOD, '1890'));
    await call(t, authority.key, 'POST', '/v1/market/years', {
      year: YEAR,
      periodStart: PERIOD.start,
      periodEnd: PERIOD.end,
      surrenderDeadline: '2027-12-31',
      offsetCapBps: 500,
    });
    await call(t, authority.key, 'POST', `/v1/market/years/${YEAR}/allocations`, {
      allocations: [{ orgId: steel.orgId, quantity: '100' }],
    });
    for (const [vintage, quantity] of [
      [2021, '3'],
      [2022, '2'],
    ] as const) {
      await call(t, authority.key, 'POST', '/v1/market/offsets', {
        program: 'CCER',
        vintage,
        orgId: steel.orgId,
        quantity,
        issuanceRef: `CCER-${vintage}-PAGE`,
      });
    }
    const prepared = await call<{ transaction: UnsignedTransaction }>(t, steel.key, 'POST', '/v1/market/surrenders', {
      year: YEAR,
      allowances: '10',
      offsets: [
        { tokenId: ccer(2021), quantity: '3' },
        { tokenId: ccer(2022), quantity: '1' },
      ],
    });
    await sendPrepared(wallet, prepared.transaction);
    await indexChain(db.db, chain);
    ({ url, browser } = await openConsole(t));
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  it('shows the authority CCER 2021: 3 and CCER 2022: 1, and 4 of the 5 t cap used, 1 t left', async function () {
    const page = await signedInPage(browser, url, authority.key, 'market', '碳市场');
    const panel = page.locator('section', { has: page.getByRole('heading', { name: COMPLIANCE, exact: true }) });
    await panel.getByLabel('履约年度').fill(String(YEAR));
    await panel.getByRole('button', { name: '查看' }).click();
    const row = panel.locator(`table.compliance tr[data-organisation="${STEEL}"]`);
    await row.waitFor();
    const byToken = row.locator('[data-offsets-by-token] [data-offset]');
    const cap = row.locator('[data-offset-cap]');
    expect([
      await byToken.evaluateAll((els) => els.map((e) => [e.getAttribute('data-offset'), e.textContent])),
      await byToken.first().getAttribute('title'),
      await cap.getAttribute('data-offset-cap'),
      await cap.locator('[data-offset-cap-remaining]').textContent(),
      await cap.textContent(),
      await cap.getAttribute('title'),
    ]).to.deep.equal([
      [
        ['CCER/2021', 'CCER 2021: 3'],
        ['CCER/2022', 'CCER 2022: 1'],
      ],
      ccer(2021),
      '4/5',
      '1',
      '5 (已用 4, 剩余 1)',
      '5 %',
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'market-offset-cap.png'), fullPage: true });
    await page.close();
  });

  it("names the enterprise's remaining CCER 2022 in the register as the API names it", async function () {
    const page = await signedInPage(browser, url, authority.key, 'market', '碳市场');
    const holding = page.locator(`tr[data-holding="${STEEL}/allowance/${ccer(2022)}"] td`);
    await holding.first().waitFor();
    expect((await holding.allTextContents()).slice(1, 3)).to.deep.equal(['抵销（核证减排量） CCER 2022', '1']);
    await page.close();
  });
});
