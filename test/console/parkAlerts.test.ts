import { expect } from 'chai';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { AlertWorker } from '../../services/alerts/alertWorker';
import { closeConsole, openConsole, SCREENSHOTS, signedInPage, startConsoleApp } from '../helpers/consoleBrowser';
import type { TestApp } from '../helpers/testApp';
import type { TestDb } from '../helpers/testDb';
import { manualWorker } from '../services/alerts/helpers';
import { call, createOrg, day, join, meter, type Org } from '../services/parks/parkFixture';

const STEEL = 'Park Steel 园区钢铁';

/**
 * The park page's alerts: the park's rule on Steel's day total in CO2e above 500 kg; Steel reads 10 kWh a quarter
 * hour on 1 March 2025 (960 kWh × 0.55 = 528 kg, +28). The park acknowledges the alert on its page, then resolves it.
 */
describe('console in Chromium: acknowledging a park alert', function () {
  this.timeout(240_000);
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let worker: AlertWorker;
  let page: Page;
  let park: Org;

  before(async function () {
    ({ db, t } = await startConsoleApp());
    worker = manualWorker(db.db);
    park = await createOrg(t, '滨海工业园区 Binhai Park', ['park']);
    const steel = await createOrg(t, STEEL);
    await meter(t, steel, 'E', 'electricity');
    await join(t, park, steel);
    const rule = await call(t, park.key, 'POST', '/v1/park/alert-rules', {
      name: 'Steel daily CO2e 钢铁日排放',
      kind: 'total',
      scope: 'member',
      memberId: steel.orgId,
      params: { metric: 'co2e', period: 'day', above: '500' },
    });
    expect(rule.statusCode, rule.body).to.equal(201);
    await day(t, steel, 'E', '2025-03-01', '10');
    await worker.tick();
    let url: string;
    ({ url, browser } = await openConsole(t));
    page = await signedInPage(browser, url, park.key, 'park', '园区');
  });

  after(async function () {
    await worker?.stop();
    await closeConsole({ browser, t, db });
  });

  it("shows the open alert on Steel's day total: 528.000000 kg against 500", async function () {
    const row = page.locator('.park-alerts tr[data-state="open"]');
    await row.waitFor();
    expect(await row.textContent()).to.contain(`member ${STEEL}`);
    expect(await row.textContent()).to.contain('528.000000');
    expect(await page.locator('.park-alert-rules tr[data-rule]').textContent()).to.contain(
      'Steel daily CO2e 钢铁日排放',
    );
  });

  it('acknowledges it: the row turns acknowledged and the API records the park key', async function () {
    await page.locator('.park-alerts tr[data-state="open"] button[data-action="acknowledge"]').click();
    await page.locator('.park-alerts tr[data-state="acknowledged"]').waitFor();
    await page.locator('.park-alerts').screenshot({ path: path.join(SCREENSHOTS, 'park-alerts.png') });
    const res = await call(t, park.key, 'GET', '/v1/alerts?state=acknowledged');
    expect(res.json()).to.have.length(1);
    expect(res.json()[0].acknowledgedBy).to.equal(park.keyId);
  });

  it('resolves it: the park has no open alerts left', async function () {
    await page.locator('.park-alerts tr[data-state="acknowledged"] button[data-action="resolve"]').click();
    await page.locator('.park-alerts p.notice').waitFor();
    expect(await page.locator('.park-alerts p.notice').textContent()).to.equal('园区没有未处理的告警。');
  });
});
