import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { anchorSealedBatches } from '../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../services/batching/sealBatches';
import { embeddedDocumentStore } from '../../services/documents/embeddedDocumentStore';
import { ensureConsoleBundle } from '../helpers/consoleBundle';
import { launchChromium, signedInPage } from '../helpers/consoleBrowser';
import { call, createParticipant, type Participant } from '../helpers/participants';
import { createTestApp, type TestApp } from '../helpers/testApp';
import { startTestChain, type TestChain } from '../helpers/testChain';
import { createTestDb, type TestDb } from '../helpers/testDb';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/console');

describe('console in Chromium: notarization and verification', function () {
  this.timeout(240_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let steel: Participant;
  let verifier: Participant;
  let cement: Participant;

  async function threeDays(who: Participant) {
    const site = await call(t, who.key, 'POST', '/v1/sites', { name: 'Mill', gridRegion: 'East' });
    await call(t, who.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
    const midnight = Date.parse('2025-02-28T16:00:00Z');
    await call(t, who.key, 'POST', '/v1/readings', {
      readings: Array.from({ length: 24 }, (_, i) => ({
        meter: 'E',
        start: new Date(midnight + Math.floor(i / 8) * 86_400_000 + (i % 8) * 900_000).toISOString(),
        value: `${10 + (i % 5)}`,
      })),
    });
  }

  const signIn = (key: string) => signedInPage(browser, url, key, 'notarization', '公证与核查');

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
    steel = await createParticipant(t, 'Console Steel 控制台钢铁', ['enterprise']);
    verifier = await createParticipant(t, 'Independent Verification Co', ['verifier']);
    cement = await createParticipant(t, 'Console Cement', ['enterprise']);
    await threeDays(steel);
    await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1 });
    await anchorSealedBatches(db.db, chain);
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
    await t?.app.close();
    await db?.drop();
    await chain?.close();
  });

  it('shows a refused inventory with its code and hint (a period without readings)', async function () {
    const page = await signIn(steel.key);
    await page.getByLabel('起始日期').fill('2024-01-01');
    await page.getByLabel('截止日期（不含）').fill('2024-02-01');
    await page.getByRole('button', { name: '保存清单' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('.error-code').textContent()).to.equal('NT_ERR_ACCOUNTING_NO_DATA');
    expect(await alert.locator('.error-hint').textContent()).to.match(/\S{6,}/);
    await page.close();
  });

  it('lets the enterprise store, notarize and assign a verifier found by name', async function () {
    const page = await signIn(steel.key);
    await page.getByLabel('起始日期').fill('2025-03-01');
    await page.getByLabel('截止日期（不含）').fill('2025-03-04');
    await page.getByRole('button', { name: '保存清单' }).click();
    const row = page.locator('tr[data-status="draft"]');
    await row.waitFor();
    const inventoryId = (await row.getAttribute('data-inventory')) as string;
    const stored = await call(t, steel.key, 'GET', `/v1/inventories/${inventoryId}`);
    expect(await row.locator('td').nth(3).textContent()).to.equal(stored.totals.totalKgCO2e);

    await row.getByRole('button', { name: '公证上链' }).click();
    const notarized = page.locator(`tr[data-inventory="${inventoryId}"][data-status="notarized"]`);
    await notarized.waitFor({ timeout: 60_000 });
    expect(await notarized.locator('[data-outcome="notarized"] code').textContent()).to.match(/^0x[0-9a-f]{64}$/);

    await notarized.getByRole('button', { name: '指派核查机构' }).click();
    await notarized.getByLabel('按名称查找核查机构').fill('independent');
    const choice = notarized.locator('li[data-verifier="Independent Verification Co"]');
    await choice.waitFor();
    expect(await notarized.locator('li[data-verifier]').count()).to.equal(1);
    await choice.getByRole('button', { name: '指派' }).click();
    await notarized.locator('[data-outcome="assigned"]').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notarization-enterprise.png'), fullPage: true });
    await page.close();
  });

  it('lets the verifier open its report.json and lists the measure checks of the difference report', async function () {
    const [listed] = await call(t, verifier.key, 'GET', '/v1/verifications');
    // As verify-inventory --out writes it: one measure as reported, one whose avoided energy differs.
    const report = {
      assignment: { inventoryId: listed.inventoryId },
      ok: false,
      checks: [
        {
          name: 'measure "LED retrofit": the results recomputed from the anchored readings match the reported ones',
          ok: false,
          detail: 'avoided: reported 30.300, recomputed 30.250',
        },
      ],
      measures: [
        {
          measureId: 'm-1',
          title: 'Compressor group control 空压机群控',
          reportingPeriod: { start: '2025-01-01', end: '2026-01-01' },
          identical: true,
          differences: [],
          moreDifferingDays: 0,
          recomputed: { avoided: '26386.474', uncertainty: '835.101', unit: 'kWh' },
          notRecomputed: ['energyKgce', 'co2eLocationKg', 'co2eMarketKg'],
        },
        {
          measureId: 'm-2',
          title: 'LED retrofit',
          reportingPeriod: { start: '2025-03-01', end: '2025-03-05' },
          identical: false,
          differences: [{ figure: 'avoided', reported: '30.300', recomputed: '30.250', difference: '0.050' }],
          moreDifferingDays: 0,
          recomputed: { avoided: '30.250', uncertainty: '18.044', unit: 'kWh' },
          notRecomputed: [],
        },
      ],
      readingsReverified: 24,
    };
    const page = await signIn(verifier.key);
    const assignment = page.locator('article[data-assignment]');
    await assignment.waitFor();
    await assignment.locator('input[name="report"]').setInputFiles({
      name: 'report.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(report)),
    });
    await assignment.locator('tr[data-measure="m-2"]').waitFor();
    expect(await assignment.locator('[data-ok]').textContent()).to.include('复核未通过');
    expect(await assignment.locator('tr[data-measure="m-1"]').getAttribute('data-identical')).to.equal('true');
    expect(await assignment.locator('tr[data-measure="m-1"]').textContent()).to.include('26386.474 ± 835.101 kWh');
    expect(await assignment.locator('tr[data-measure="m-2"] li[data-figure="avoided"]').textContent()).to.equal(
      'avoided: 报告值 30.300, 重算值 30.250, 差额 0.050',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notarization-difference-report.png'), fullPage: true });
    await assignment.locator('input[name="report"]').setInputFiles({
      name: 'other.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...report, assignment: { inventoryId: 'another' } })),
    });
    expect(await assignment.locator('.difference-report .error').textContent()).to.equal('该报告属于另一份清单。');
    await page.getByRole('button', { name: 'English' }).click();
    await assignment.locator('input[name="report"]').setInputFiles({
      name: 'report.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(report)),
    });
    await assignment.getByText('Energy-saving measure results re-checked (same readings, same formulas)').waitFor();
    expect(await assignment.locator('tr[data-measure="m-2"] strong').textContent()).to.equal('differs from the report');
    await page.close();
  });

  it('lets the verifier see its assignment, the re-verification command, and attest on chain', async function () {
    const page = await signIn(verifier.key);
    const assignment = page.locator('article[data-assignment]');
    await assignment.waitFor();
    expect(await assignment.locator('h3').textContent()).to.include('Console Steel 控制台钢铁');
    expect(await assignment.locator('pre').textContent()).to.match(
      /^npm run nengtan -- verify-inventory [0-9a-f-]{36} --key/,
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notarization-verifier.png'), fullPage: true });
    await assignment.getByLabel('核查声明').fill('Recomputed from the anchored readings; no differences.');
    await assignment.getByRole('button', { name: '签署并上链' }).click();
    await page.locator('[data-opinion="verified"]').waitFor({ timeout: 60_000 });
    const [listed] = await call(t, verifier.key, 'GET', '/v1/verifications');
    expect(listed.opinion).to.equal('verified');
    expect(await page.locator('[data-opinion="verified"] code').textContent()).to.equal(listed.attestedTx);
    await page.close();
  });

  it('shows another enterprise none of it, and speaks English when asked', async function () {
    const page = await signIn(cement.key);
    await page.locator('.notice').first().waitFor();
    expect(await page.locator('tr[data-inventory]').count()).to.equal(0);
    expect(await page.content()).not.to.include('控制台钢铁');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'GHG inventories' }).waitFor();
    await page.close();
  });
});
