import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import {
  SCREENSHOTS,
  closeConsole,
  openConsole,
  orgWithSite,
  signedInPage,
  startConsoleApp,
} from '../helpers/consoleBrowser';
import type { TestApp } from '../helpers/testApp';
import type { TestDb } from '../helpers/testDb';
import { api, day, siteWithMeters } from '../services/alerts/helpers';

/**
 * Site Plant (East grid), meter E at 10 kWh a quarter hour on 1 March 2025: 960 kWh, 528 kg CO2e location-based
 * (0.5500 t/MWh). 0.5 MWh of own PV leaves 460 kWh, 253 kg (test/services/scenarios/scenariosApi.test.ts).
 */
describe('console in Chromium: the scenarios page compares a what-if with the base case', function () {
  let db: TestDb;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let org: { orgId: string; adminKey: string };

  before(async function () {
    ({ db, t } = await startConsoleApp());
    org = await orgWithSite(
      t,
      'Scenario Paper 情景造纸',
      'Plant',
      ['E'],
      day('E', '2025-03-01', () => '10'),
    );
    await siteWithMeters(t, org.adminKey, 'Yard', []);
    await orgWithSite(
      t,
      'Other Chemicals',
      'OTHER-SITE',
      ['X'],
      day('X', '2025-03-01', () => '5000'),
    );
    ({ url, browser } = await openConsole(t));
    page = await signedInPage(browser, url, org.adminKey, 'scenarios', '情景模拟');
  });

  after(async function () {
    await closeConsole({ browser, t, db });
  });

  async function addChange(kind: string, fields: Record<string, string>) {
    const form = page.locator('form[data-form="change"]');
    await form.locator('select[name="kind"]').selectOption(kind);
    for (const [name, value] of Object.entries(fields)) {
      const field = form.locator(`[name="${name}"]`);
      if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    await form.getByRole('button', { name: '添加' }).click();
  }

  async function simulate(start: string, end: string) {
    const form = page.locator('form[data-form="scenario"]');
    await form.locator('input[name="start"]').fill(start);
    await form.locator('input[name="end"]').fill(end);
    await form.getByRole('button', { name: '模拟' }).click();
  }

  it('shows base and scenario side by side as the API computed them', async function () {
    await addChange('production', { percent: '10' });
    await addChange('pv', { mwh: '0.5' });
    expect(await page.locator('li[data-change]').count()).to.equal(2);
    await page.locator('li[data-change="production"] [data-action="remove"]').click();
    expect(await page.locator('li[data-change]').count()).to.equal(1);
    await simulate('2025-03-01', '2025-03-02');
    const row = page.locator('tr[data-figure="scope2Location"]');
    await row.waitFor();
    expect(await row.locator('[data-field="base"]').textContent()).to.equal('528.000');
    expect(await row.locator('[data-field="scenario"]').textContent()).to.equal('253.000');
    expect(await row.locator('[data-field="difference"]').textContent()).to.equal('-275.000');
    expect(await row.locator('[data-field="change"]').textContent()).to.equal('-52.1 %');
    const answer = (
      await api(t).post(org.adminKey, '/v1/scenarios/preview', {
        start: '2025-03-01',
        end: '2025-03-02',
        changes: [{ kind: 'pv', mwh: '0.5' }],
      })
    ).json();
    for (const key of ['energyKgce', 'scope1', 'scope2Market', 'totalLocation', 'totalMarket']) {
      const shown = page.locator(`tr[data-figure="${key}"]`);
      expect(await shown.locator('[data-field="base"]').textContent()).to.equal(answer.figures[key].base);
      expect(await shown.locator('[data-field="scenario"]').textContent()).to.equal(answer.figures[key].scenario);
    }
    expect(await page.locator('tr[data-applied="pv"]').textContent()).to.include('0.5 MWh');
    await page.getByText('期间不是完整的履约年度').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'scenarios.png'), fullPage: true });
  });

  it('states the allowance position of a compliance year', async function () {
    await page.locator('li[data-change="pv"] [data-action="remove"]').click();
    await addChange('production', { percent: '200' });
    await simulate('2025-01-01', '2026-01-01');
    const obligation = page.locator('table[data-table="allowances"] tr[data-row="obligation"]');
    await obligation.waitFor();
    expect(await obligation.locator('[data-field="base"]').textContent()).to.equal('1');
    expect(await obligation.locator('[data-field="scenario"]').textContent()).to.equal('2');
    const position = page.locator('tr[data-row="position"]');
    expect(await position.locator('[data-field="base"]').textContent()).to.equal('-1');
    expect(await position.locator('[data-field="scenario"]').textContent()).to.equal('-2');
    expect(await page.locator('tr[data-figure="totalLocation"] [data-field="change"]').textContent()).to.equal(
      '+200.0 %',
    );
  });

  it('shows a change the inventory cannot take, refused with its code and hint', async function () {
    await addChange('fuel_switch', { from: 'diesel', to: 'electricity' });
    await simulate('2025-03-01', '2025-03-02');
    const refusal = page.locator('[data-panel="scenario"]').getByRole('alert');
    await refusal.waitFor();
    const answer = (
      await api(t).post(org.adminKey, '/v1/scenarios/preview', {
        start: '2025-03-01',
        end: '2025-03-02',
        changes: [{ kind: 'fuel_switch', from: 'diesel', to: 'electricity' }],
      })
    ).json();
    expect(answer.hint).to.be.a('string').and.not.equal('');
    expect(await refusal.textContent())
      .to.include('NT_ERR_SCENARIO_INVALID')
      .and.include('The boundary imports no diesel')
      .and.include(answer.hint);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'scenarios-refused.png'), fullPage: true });
  });

  it('switches to English and back', async function () {
    await page.locator('li[data-change="fuel_switch"] [data-action="remove"]').click();
    await simulate('2025-03-01', '2025-03-02');
    await page.locator('tr[data-figure="totalLocation"]').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Scenarios', level: 1 }).waitFor();
    await page.getByText('Scope 2 location-based (kgCO2e)').waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '情景模拟', level: 1 }).waitFor();
  });

  it("computes over the organisation's own readings and sites only", async function () {
    // The other organisation's 480,000 kWh on the same day would show in the base case if it leaked.
    expect(await page.locator('tr[data-figure="scope2Location"] [data-field="base"]').textContent()).to.equal(
      '528.000',
    );
    const content = await page.content();
    expect(content).not.to.include('OTHER-SITE');
    expect(await page.locator('select[name="siteIds"] option').allTextContents()).to.deep.equal(['Plant', 'Yard']);
  });
});
