import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium, signedInPage } from '../helpers/consoleBrowser';
import { createTestApp, type TestApp } from '../helpers/testApp';
import { createTestDb, type TestDb } from '../helpers/testDb';
import { call, createOrg, day, join, meter, produced, type Org } from '../services/parks/parkFixture';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');
const STEEL = 'Park Steel 园区钢铁';
const CEMENT = 'Park Cement 园区水泥';

/** Events as the indexer mirrors them (integers as decimal strings, bytes32 as 0x hex). */
async function chainEvent(db: TestDb, block: number, contract: string, event: string, args: Record<string, unknown>) {
  const hash = Buffer.from(block.toString(16).padStart(64, '0'), 'hex');
  await db.db.query(
    `insert into chain_events (chain_id, block_number, log_index, block_hash, block_time, tx_hash, contract, address,
       event, args) values (31337, $1, 0, $2::bytea, now(), $2::bytea, $3, '0x00', $4, $5::jsonb)`,
    [block, hash, contract, event, JSON.stringify(args)],
  );
}

/**
 * The park page's analysis panels. Steel: 960 kWh on 1 March 2025 and 2 t of billet → 58.992 kgce/t (advanced
 * against the park's 60 / 70); Cement: 2,880 kWh on 2 March and 4 t → 88.488 kgce/t (lagging). A rooftop PV plant of
 * 300 kWh shared by metered electricity 960 : 2,880 → 75 and 225 kWh. A park budget of 1,000 kgce for March, as of
 * 3 March: 471.936 kgce so far + 235.968 a day × 29 days, far over. Steel covered in 2024: 613 t owed, 530 surrendered.
 */
describe('console in Chromium: the park analysis panels', function () {
  this.timeout(240_000);
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let park: Org;
  let steel: Org;

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDb();
    t = await createTestApp(db.db);
    park = await createOrg(t, '滨海工业园区 Binhai Park', ['park']);
    steel = await createOrg(t, STEEL);
    const cement = await createOrg(t, CEMENT);
    await meter(t, steel, 'E', 'electricity');
    await day(t, steel, 'E', '2025-03-01', '10');
    await produced(t, steel, 'billet', '2025-03-01', '2');
    await meter(t, cement, 'E', 'electricity');
    await day(t, cement, 'E', '2025-03-02', '30');
    await produced(t, cement, 'billet', '2025-03-02', '4');
    await join(t, park, steel);
    await join(t, park, cement, 'meters');
    await call(t, park.key, 'POST', '/v1/benchmarks', {
      product: 'billet',
      unit: 't',
      indicator: 'kgce_per_unit',
      advanced: '60',
      baseline: '70',
    });
    const pv = (
      await call(t, park.key, 'POST', '/v1/park/utilities', {
        name: 'Rooftop PV 屋顶光伏',
        energyKind: 'electricity',
        allocation: 'metered',
      })
    ).json();
    await call(t, park.key, 'POST', `/v1/park/utilities/${pv.id}/outputs`, {
      periodStart: '2025-03-01',
      periodEnd: '2025-04-01',
      quantity: '300',
    });
    await call(t, park.key, 'POST', '/v1/park/budgets', {
      name: 'March 三月',
      periodStart: '2025-03-01',
      periodEnd: '2025-04-01',
      energyKgce: '1000',
    });
    const { rows } = await db.db.query<{ chain_id: Uint8Array }>('select chain_id from organisations where id = $1', [
      steel.orgId,
    ]);
    const orgId = `0x${Buffer.from(rows[0].chain_id).toString('hex')}`;
    const period = { periodStart: '1704038400', periodEnd: '1735660800' };
    await chainEvent(db, 1, 'CarbonAllowance', 'YearOpened', {
      year: '2024',
      ...period,
      surrenderDeadline: '4102444800',
    });
    await chainEvent(db, 2, 'CarbonAllowance', 'Allocated', { year: '2024', orgId, amount: '500' });
    const inventoryId = `0x${'1'.repeat(64)}`;
    await chainEvent(db, 3, 'InventoryRegistry', 'InventorySubmitted', {
      inventoryId,
      orgId,
      ...period,
      version: '1',
      totalKgCO2e: '612345',
    });
    await chainEvent(db, 4, 'InventoryRegistry', 'InventoryAttested', { inventoryId, orgId, opinion: '0' });
    await chainEvent(db, 5, 'CarbonAllowance', 'Surrendered', {
      orgId,
      year: '2024',
      allowanceAmount: '500',
      offsetAmounts: ['30'],
    });
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await signedInPage(browser, url, park.key, 'park', '园区');
    await page.locator('input[name=analysisFrom]').fill('2025-03-01');
    await page.locator('input[name=analysisTo]').fill('2025-04-01');
    await page.locator('input[name=analysisAsOf]').fill('2025-03-03');
    await page.locator('input[name=analysisYear]').fill('2024');
    await page.locator('button[name=analysisShow]').click();
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
  });

  it('ranks the members against the park benchmark: Steel advanced, Cement lagging', async function () {
    const steelRow = page.locator(`tr[data-benchmarked="${STEEL}"]`);
    await steelRow.waitFor();
    expect(await steelRow.locator('[data-kgce]').textContent()).to.equal('58.992');
    expect(await steelRow.locator('[data-level]').getAttribute('data-level')).to.equal('advanced');
    expect(await steelRow.locator('[data-level]').textContent()).to.equal('先进');
    const cementRow = page.locator(`tr[data-benchmarked="${CEMENT}"]`);
    expect(await cementRow.locator('[data-kgce]').textContent()).to.equal('88.488');
    expect(await cementRow.locator('[data-level]').getAttribute('data-level')).to.equal('lagging');
    // (117.984 + 353.952) / 6 t = 78.656
    expect(await page.locator('tr[data-row="park-average"] [data-kgce]').textContent()).to.equal('78.656');
  });

  it('draws the park Sankey (ECharts loaded on demand) and the PV shares 75 : 225 kWh', async function () {
    await page.locator('[data-chart="park-flow"][data-drawn="true"] canvas').waitFor();
    expect(
      await page.locator(`tr[data-allocation="Rooftop PV 屋顶光伏/${STEEL}"] [data-quantity]`).textContent(),
    ).to.equal('75.000 kWh');
    expect(
      await page.locator(`tr[data-allocation="Rooftop PV 屋顶光伏/${CEMENT}"] [data-quantity]`).textContent(),
    ).to.equal('225.000 kWh');
  });

  it('warns that the forecast crosses the park budget', async function () {
    const warning = page.locator('.park-warnings li[data-warning="forecast_over_budget"]');
    await warning.waitFor();
    // 471.936 + 235.968 × 29 = 7,315.008 kgce
    expect(await warning.textContent()).to.contain('7315.008 > 1000');
  });

  it("shows Steel's compliance position and Cement as not covered", async function () {
    const steelRow = page.locator(`tr[data-compliance="${STEEL}"]`);
    await steelRow.waitFor();
    expect(await steelRow.locator('[data-obligation]').textContent()).to.equal('613');
    expect(await steelRow.locator('[data-shortfall]').textContent()).to.equal('83');
    expect(await steelRow.locator('[data-status]').getAttribute('data-status')).to.equal('pending');
    expect(await page.locator(`tr[data-compliance="${CEMENT}"] [data-status]`).getAttribute('data-status')).to.equal(
      'not_covered',
    );
    await page.locator('.park-analysis').screenshot({ path: path.join(SCREENSHOTS, 'park-analysis.png') });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'park-analysis-page.png'), fullPage: true });
  });
});
