import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium, signedInPage } from '../helpers/consoleBrowser';
import { call, createParticipant, type Participant } from '../helpers/participants';
import { createTestApp, type TestApp } from '../helpers/testApp';
import { startTestChain, type TestChain } from '../helpers/testChain';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');
const PARK = '滨海工业园区 Binhai Park';
const STEEL = 'Park Steel 园区钢铁';
const CEMENT = 'Park Cement 园区水泥';

/**
 * The park (园区) in two browsers: the park finds Steel in the directory and invites it; Steel, signed in elsewhere,
 * accepts; the park sees Steel's figures (960 kWh on 1 March 2025 in the East grid: 528.000 kgCO2e, 117.984 kgce)
 * beside Cement's (a member already); Steel leaves and the park no longer sees it.
 */
describe('console in Chromium: the industrial park (园区)', function () {
  this.timeout(240_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let park: Participant;
  let steel: Participant;
  let parkPage: Page;
  let steelPage: Page;

  async function dayOf(org: Participant, value: string, local: string, tonnes: string) {
    const site = await call(t, org.key, 'POST', '/v1/sites', { name: 'Works', gridRegion: 'East' });
    await call(t, org.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
    const t0 = Date.parse(`${local}T00:00:00+08:00`);
    await call(t, org.key, 'POST', '/v1/readings', {
      readings: Array.from({ length: 96 }, (_, i) => ({
        meter: 'E',
        start: new Date(t0 + i * 900_000).toISOString(),
        value,
      })),
    });
    const next = new Date(Date.parse(`${local}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await call(t, org.key, 'POST', '/v1/production-volumes', {
      product: 'billet',
      periodStart: local,
      periodEnd: next,
      quantity: tonnes,
      unit: 't',
    });
  }

  async function showPeriod(page: Page) {
    await page.locator('input[name=from]').fill('2025-03-01');
    await page.locator('input[name=to]').fill('2025-04-01');
    await page.getByRole('button', { name: '查看' }).click();
  }

  before(async function () {
    await ensureConsoleBundle();
    mkdirSync(SCREENSHOTS, { recursive: true });
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain, {}, { keystoreSecret: randomBytes(32) });
    park = await createParticipant(t, PARK, ['park']);
    steel = await createParticipant(t, STEEL, ['enterprise']);
    const cement = await createParticipant(t, CEMENT, ['enterprise']);
    await dayOf(steel, '10', '2025-03-01', '2');
    await dayOf(cement, '30', '2025-03-02', '4');
    const invitation = await call(t, park.key, 'POST', '/v1/park/invitations', { enterpriseId: cement.orgId });
    await call(t, cement.key, 'POST', `/v1/park-invitations/${invitation.id}/accept`, { grantLevel: 'meters' });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    parkPage = await signedInPage(browser, url, park.key, 'park', '园区');
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  it('lets the park find an enterprise by name in the directory and invite it', async function () {
    await parkPage.locator(`tr[data-membership="${CEMENT}"][data-status="active"]`).waitFor();
    await parkPage.getByLabel('按名称查找企业').fill('Steel');
    await parkPage.locator(`li[data-enterprise="${STEEL}"]`).getByRole('button', { name: '邀请' }).click();
    await parkPage.locator(`tr[data-membership="${STEEL}"][data-status="invited"]`).waitFor();
    expect(await parkPage.locator('[data-outcome="invited"]').textContent()).to.contain(STEEL);
  });

  it('lets the enterprise, signed in elsewhere, accept the invitation with the grant it chooses', async function () {
    steelPage = await signedInPage(browser, url, steel.key, 'park', '园区');
    const row = steelPage.locator(`tr[data-invitation="${PARK}"]`);
    await row.getByLabel('授权范围').selectOption('aggregate');
    await row.getByRole('button', { name: '接受' }).click();
    await steelPage.locator(`tr[data-invitation="${PARK}"][data-status="active"]`).waitFor();
    expect(await steelPage.locator(`tr[data-invitation="${PARK}"]`).textContent()).to.contain('汇总数据');
    await steelPage.screenshot({ path: path.join(SCREENSHOTS, 'park-enterprise.png'), fullPage: true });
  });

  it("shows the park its members' figures, the exact total and the ranking", async function () {
    await showPeriod(parkPage);
    const steelRow = parkPage.locator(`tr[data-member="${STEEL}"]`);
    await steelRow.waitFor();
    expect(await steelRow.locator('[data-co2e]').textContent()).to.equal('528.000');
    expect(await steelRow.locator('[data-energy]').textContent()).to.equal('117.984');
    const overview = await call(t, park.key, 'GET', '/v1/park/overview?from=2025-03-01&to=2025-04-01');
    expect(await parkPage.locator('tr[data-row="park"] [data-co2e]').textContent()).to.equal(overview.park.co2eKg);
    expect(await parkPage.locator(`tr[data-membership="${STEEL}"][data-status="active"]`).count()).to.equal(1);
    const electricity = parkPage.locator('tr[data-row="electricity"]', { hasText: 'Electricity 电力' });
    await electricity.waitFor();
    expect(await electricity.locator('[data-co2e]').textContent()).to.equal(overview.park.co2eKg);
    // Ranked by CO2e per tonne: Cement 2,880 kWh / 4 t = 396 kg/t, Steel 960 kWh / 2 t = 264 kg/t.
    const bars = parkPage.locator('[data-product="billet"] [data-bar]');
    expect(await bars.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-bar')))).to.deep.equal([STEEL, CEMENT]);
    await parkPage.screenshot({ path: path.join(SCREENSHOTS, 'park.png'), fullPage: true });
  });

  it('refuses a second invitation in words, with the code and the hint', async function () {
    await parkPage.getByLabel('按名称查找企业').fill('Steel');
    await parkPage.locator(`li[data-enterprise="${STEEL}"]`).getByRole('button', { name: '邀请' }).click();
    const alert = parkPage.locator('.invite').getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('.error-code').textContent()).to.equal('NT_ERR_PARK_INVITATION_OPEN');
    expect(await alert.locator('.error-hint').textContent()).to.contain('GET /v1/park/members');
  });

  it('forgets the enterprise in the park views once it leaves', async function () {
    await steelPage.locator(`tr[data-invitation="${PARK}"]`).getByRole('button', { name: '退出园区' }).click();
    await steelPage.locator(`tr[data-invitation="${PARK}"][data-status="left"]`).waitFor();
    await showPeriod(parkPage);
    await parkPage.locator(`tr[data-membership="${STEEL}"][data-status="left"]`).waitFor();
    // The figures reload after Show: Steel's row goes (bounded by the locator's timeout), Cement's stays.
    await parkPage.locator(`tr[data-member="${STEEL}"]`).waitFor({ state: 'detached' });
    expect(await parkPage.locator(`tr[data-member="${CEMENT}"]`).count()).to.equal(1);
    expect(await parkPage.locator(`[data-bar="${STEEL}"]`).count()).to.equal(0);
    const cementCo2e = await parkPage.locator(`tr[data-member="${CEMENT}"] [data-co2e]`).textContent();
    expect(await parkPage.locator('tr[data-row="park"] [data-co2e]').textContent()).to.equal(cementCo2e);
    await parkPage.screenshot({ path: path.join(SCREENSHOTS, 'park-after-leave.png'), fullPage: true });
  });

  it('switches to English', async function () {
    await parkPage.getByRole('button', { name: 'English' }).click();
    await parkPage.getByRole('heading', { name: 'Industrial park', exact: true }).waitFor();
    expect(await parkPage.getByRole('heading', { name: 'Member enterprises' }).count()).to.equal(1);
    expect(await parkPage.locator(`tr[data-membership="${STEEL}"]`).textContent()).to.contain('left');
    await parkPage.getByRole('button', { name: '中文' }).click();
  });
});
