import { expect } from 'chai';
import type { InventoryDocument } from '../../../services/accounting/computeInventory';
import { renderInventoryReport } from '../../../services/reports/renderInventoryReport';
import { issueApiKey } from '../../../services/registry/apiKeys';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * Base year and recalculation (GHG Protocol Corporate Standard ch. 5, ISO 14064-1 §6.4), through the API, on the
 * seeded nengtan-default set (clinker 0.52 t CO2/t clinker; R-134a GWP AR5 1,300, AR6 1,530). Worked by hand:
 *
 * Cement group, two sites, base year 2024:
 *   North 1,000 t clinker × 0.52 = 520,000 kg; South 500 t × 0.52 = 260,000 kg; base year 780,000.000 kg.
 *   South is divested; 2025 is reported for North alone (1,100 t → 572,000 kg).
 *   Recalculation: structural −260,000.000 kg (South out), nothing else; −260,000 / 780,000 = −33.3333 %, beyond 5 %:
 *   restatement required. Restated base year 520,000.000 kg. 2025 against it: +52,000 kg, +10.00 %.
 *
 * Lime works, one site, base year 2024: Kiln 1,000 t clinker → 520,000 kg.
 *   An error is found: 12 kg R-134a leaked in 2024 were never recorded: 12 × 1,300 = 15,600 kg = 3.0000 % of
 *   520,000, below 5 %: no restatement required (and refused unless the organisation chooses it).
 *   2025 then reported with AR6: method effect 12 × (1,530 − 1,300) = 2,760 kg; cumulative 18,360 kg = 3.5308 %
 *   (18,360 / 520,000 = 3.530769…). Restated by choice: 520,000 + 18,360 = 538,360.000 kg.
 */
describe('base year and recalculation (/v1/base-year)', function () {
  let db: TestDb;
  let t: TestApp;
  let cement: { orgId: string; adminKey: string };
  let lime: { orgId: string; adminKey: string };
  let northId: string;
  let southId: string;
  let kilnId: string;
  let base2024: string;
  let cement2025: string;

  const send = (method: 'GET' | 'POST' | 'PUT', key: string, url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload: payload as object }) });
  const clinker = (siteId: string, year: number, tonnes: string) => ({
    siteId,
    periodStart: `${year}-03-01`,
    periodEnd: `${year}-04-01`,
    sourceKind: 'process',
    subject: 'clinker',
    quantity: tonnes,
    unit: 't',
    evidence: `Kiln production log March ${year}`,
  });
  const record = async (key: string, body: unknown) => {
    const res = await send('POST', key, '/v1/activity-data', body);
    expect(res.statusCode, res.body).to.equal(201);
  };
  const inventory = async (key: string, year: number, extra: Record<string, unknown> = {}) => {
    const res = await send('POST', key, '/v1/inventories', {
      start: `${year}-01-01`,
      end: `${year + 1}-01-01`,
      ...extra,
    });
    expect(res.statusCode, res.body).to.equal(201);
    return res.json() as { id: string; totals: Record<string, string> };
  };

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    cement = await createOrgViaApi(t, 'Cement group');
    lime = await createOrgViaApi(t, 'Lime works');
    northId = (await send('POST', cement.adminKey, '/v1/sites', { name: 'North' })).json().id;
    southId = (await send('POST', cement.adminKey, '/v1/sites', { name: 'South' })).json().id;
    kilnId = (await send('POST', lime.adminKey, '/v1/sites', { name: 'Kiln' })).json().id;
    await record(cement.adminKey, clinker(northId, 2024, '1000'));
    await record(cement.adminKey, clinker(southId, 2024, '500'));
    await record(cement.adminKey, clinker(northId, 2025, '1100'));
    await record(lime.adminKey, clinker(kilnId, 2024, '1000'));
    await record(lime.adminKey, clinker(kilnId, 2025, '1000'));
    base2024 = (await inventory(cement.adminKey, 2024)).id;
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  describe('setting the base year', function () {
    it('has none until an admin sets one', async function () {
      const res = await send('GET', cement.adminKey, '/v1/base-year');
      expect(res.statusCode).to.equal(404);
      expect(res.json().code).to.equal('NT_ERR_BASE_YEAR_UNSET');
    });

    it('leaves the report of an organisation without a base year as it was, byte for byte', async function () {
      const res = await send('GET', cement.adminKey, `/v1/inventories/${base2024}/report?lang=en`);
      const stored = (await send('GET', cement.adminKey, `/v1/inventories/${base2024}`)).json();
      const before = renderInventoryReport(stored.document as InventoryDocument, {
        lang: 'en',
        inventoryHash: stored.inventoryHash,
      });
      expect(res.body).to.equal(before);
    });

    it('refuses a read key', async function () {
      const reader = await issueApiKey(db.db, { orgId: cement.orgId, name: 'reader', scopes: ['read'] });
      const res = await send('PUT', reader.key, '/v1/base-year', { inventoryId: base2024 });
      expect(res.statusCode).to.equal(403);
    });

    it("refuses another organisation's inventory as if it did not exist", async function () {
      const res = await send('PUT', lime.adminKey, '/v1/base-year', { inventoryId: base2024 });
      expect(res.statusCode).to.equal(404);
    });

    it('refuses an inventory that is not one calendar year', async function () {
      const march = await send('POST', cement.adminKey, '/v1/inventories', { start: '2024-03-01', end: '2024-04-01' });
      const res = await send('PUT', cement.adminKey, '/v1/base-year', { inventoryId: march.json().id });
      expect(res.statusCode).to.equal(422);
      expect(res.json().code).to.equal('NT_ERR_BASE_YEAR_INVENTORY');
    });

    it('refuses a threshold of 0 % with a hint', async function () {
      const res = await send('PUT', cement.adminKey, '/v1/base-year', { inventoryId: base2024, thresholdPct: '0' });
      expect(res.statusCode).to.equal(400);
      expect(res.json().hint).to.match(/above 0/);
    });

    it('sets 2024 with the default policy: 5 %, all four triggers', async function () {
      const res = await send('PUT', cement.adminKey, '/v1/base-year', { inventoryId: base2024 });
      expect(res.statusCode, res.body).to.equal(200);
      expect(res.json()).to.deep.include({
        year: 2024,
        originalInventoryId: base2024,
        currentInventoryId: base2024,
        restated: false,
        policy: { thresholdPct: '5', triggers: ['structural', 'method', 'factor', 'error'] },
        restatements: [],
      });
    });

    it('keeps the base-year draft from being recomputed in place', async function () {
      const res = await send('POST', cement.adminKey, '/v1/inventories', { start: '2024-01-01', end: '2025-01-01' });
      expect(res.statusCode).to.equal(409);
      expect(res.json().code).to.equal('NT_ERR_BASE_YEAR_PINNED');
    });
  });

  describe('when a site is divested', function () {
    before(async function () {
      cement2025 = (await inventory(cement.adminKey, 2025, { siteIds: [northId] })).id;
    });

    it('states the base year as 780,000 kg (two sites)', async function () {
      const res = await send('GET', cement.adminKey, '/v1/base-year/recalculation');
      expect(res.statusCode, res.body).to.equal(200);
      expect(res.json().statedKgCO2e).to.equal('780000.000');
    });

    it('takes the current boundary from the 2025 inventory', async function () {
      const check = (await send('GET', cement.adminKey, '/v1/base-year/recalculation')).json();
      expect(check.current).to.deep.include({ fromInventoryId: cement2025, siteIds: [northId] });
    });

    it('attributes −260,000 kg to the structural change, naming South', async function () {
      const check = (await send('GET', cement.adminKey, '/v1/base-year/recalculation')).json();
      const structural = check.triggers.find((x: { trigger: string }) => x.trigger === 'structural');
      expect(structural).to.deep.include({
        counted: true,
        changed: true,
        effectKgCO2e: '-260000.000',
        totalAfterKgCO2e: '520000.000',
        sitesRemoved: [{ id: southId, name: 'South' }],
        sitesAdded: [],
      });
    });

    it('finds no error, method or factor effect', async function () {
      const check = (await send('GET', cement.adminKey, '/v1/base-year/recalculation')).json();
      const others = check.triggers.filter((x: { trigger: string }) => x.trigger !== 'structural');
      expect(others.map((x: { trigger: string; effectKgCO2e: string }) => [x.trigger, x.effectKgCO2e])).to.deep.equal([
        ['error', '0.000'],
        ['method', '0.000'],
        ['factor', '0.000'],
      ]);
    });

    it('finds −33.3333 %, beyond the 5 % threshold: restatement required', async function () {
      const check = (await send('GET', cement.adminKey, '/v1/base-year/recalculation')).json();
      expect(check).to.deep.include({
        recalculatedKgCO2e: '520000.000',
        cumulativeChangeKgCO2e: '-260000.000',
        cumulativeChangePct: '-33.3333',
        thresholdPct: '5',
        exceedsThreshold: true,
        restatementRequired: true,
      });
    });

    it('refuses a restatement by a read key', async function () {
      const reader = await issueApiKey(db.db, { orgId: cement.orgId, name: 'reader 2', scopes: ['read'] });
      const res = await send('POST', reader.key, '/v1/base-year/restatements', { reason: 'South divested' });
      expect(res.statusCode).to.equal(403);
    });

    describe('and the base year is restated', function () {
      let restated: { baseYear: Record<string, unknown>; inventory: { id: string; totals: Record<string, string> } };

      before(async function () {
        const res = await send('POST', cement.adminKey, '/v1/base-year/restatements', {
          reason: 'South site divested on 2025-01-01 (GHG Protocol ch. 5 structural change)',
        });
        expect(res.statusCode, res.body).to.equal(201);
        restated = res.json();
      });

      it('stores a restated 2024 of 520,000 kg without South', async function () {
        const res = await send('GET', cement.adminKey, `/v1/inventories/${restated.inventory.id}`);
        const body = res.json();
        expect([
          body.document.results.totalLocationBased,
          body.document.boundary.sites.map((s: { id: string }) => s.id),
        ]).to.deep.equal(['520000.000', [northId]]);
      });

      it('makes the restatement the base year, keeping the original', async function () {
        expect(restated.baseYear).to.deep.include({
          originalInventoryId: base2024,
          currentInventoryId: restated.inventory.id,
          restated: true,
        });
      });

      it('keeps the original readable, marked superseded, with its figures', async function () {
        const body = (await send('GET', cement.adminKey, `/v1/inventories/${base2024}`)).json();
        expect([body.status, body.document.results.totalLocationBased]).to.deep.equal(['superseded', '780000.000']);
      });

      it('records the reason, the key and the time', async function () {
        const baseYear = (await send('GET', cement.adminKey, '/v1/base-year')).json();
        expect(baseYear.restatements).to.have.length(1);
        expect(baseYear.restatements[0]).to.deep.include({
          restatedInventoryId: base2024,
          restatementInventoryId: restated.inventory.id,
          reason: 'South site divested on 2025-01-01 (GHG Protocol ch. 5 structural change)',
          required: true,
          cumulativeChangeKgCO2e: '-260000.000',
          cumulativeChangePct: '-33.3333',
        });
        expect(baseYear.restatements[0].restatedBy.keyName).to.equal('admin');
        expect(Date.parse(baseYear.restatements[0].restatedAt)).to.be.closeTo(Date.now(), 60_000);
      });

      it('finds nothing left to recalculate against the restated base year', async function () {
        const check = (await send('GET', cement.adminKey, '/v1/base-year/recalculation')).json();
        expect([check.statedKgCO2e, check.cumulativeChangeKgCO2e, check.exceedsThreshold]).to.deep.equal([
          '520000.000',
          '0.000',
          false,
        ]);
      });

      it('compares 2025 with the restated base year in the English report: +52,000 kg, +10.00 %', async function () {
        const res = await send('GET', cement.adminKey, `/v1/inventories/${cement2025}/report?lang=en`);
        expect(res.statusCode).to.equal(200);
        const text = res.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
        expect(text).to.include('Base year 2024 (restated)');
        expect(text).to.include('Base-year total 520,000.000');
        expect(text).to.include('Change against the base year +52,000.000 kgCO2e (+10.00 %)');
      });

      it('adds no comparison to the report of the base year itself', async function () {
        const res = await send('GET', cement.adminKey, `/v1/inventories/${restated.inventory.id}/report?lang=en`);
        expect([res.statusCode, res.body.includes('Base-year comparison')]).to.deep.equal([200, false]);
      });

      it('says the same in the Chinese report', async function () {
        const res = await send('GET', cement.adminKey, `/v1/inventories/${cement2025}/report?lang=zh`);
        const text = res.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
        expect(text).to.include('基准年 2024（已重新计算）');
        expect(text).to.include('+52,000.000 kgCO2e（+10.00 %）');
      });
    });
  });

  describe('when an error below the threshold is found', function () {
    let lime2024: string;

    before(async function () {
      lime2024 = (await inventory(lime.adminKey, 2024)).id;
      const set = await send('PUT', lime.adminKey, '/v1/base-year', { inventoryId: lime2024 });
      expect(set.statusCode, set.body).to.equal(200);
      await inventory(lime.adminKey, 2025);
      await record(lime.adminKey, {
        siteId: kilnId,
        periodStart: '2024-06-01',
        periodEnd: '2024-07-01',
        sourceKind: 'fugitive',
        subject: 'R-134a',
        quantity: '12',
        unit: 'kg',
        evidence: 'Chiller service report found in the 2025 audit',
      });
    });

    it('attributes +15,600 kg to the error: 3.0000 %, no restatement required', async function () {
      const check = (await send('GET', lime.adminKey, '/v1/base-year/recalculation')).json();
      expect([
        check.triggers[0].trigger,
        check.triggers[0].effectKgCO2e,
        check.cumulativeChangePct,
        check.restatementRequired,
      ]).to.deep.equal(['error', '15600.000', '3.0000', false]);
    });

    it('refuses a restatement that is not required, with a hint', async function () {
      const res = await send('POST', lime.adminKey, '/v1/base-year/restatements', { reason: 'leak found' });
      expect(res.statusCode).to.equal(422);
      expect([res.json().code, res.json().message]).to.deep.equal([
        'NT_ERR_BASE_YEAR_NOT_SIGNIFICANT',
        'The counted change of 15600.000 kg CO2e (3.0000 %) does not exceed the threshold of 5 %',
      ]);
    });

    it('counts nothing when the policy leaves errors out', async function () {
      await send('PUT', lime.adminKey, '/v1/base-year', { inventoryId: lime2024, triggers: ['structural', 'method'] });
      const check = (await send('GET', lime.adminKey, '/v1/base-year/recalculation')).json();
      expect([check.triggers[0].counted, check.cumulativeChangeKgCO2e]).to.deep.equal([false, '0.000']);
      await send('PUT', lime.adminKey, '/v1/base-year', { inventoryId: lime2024 });
    });

    it('exceeds a 2.5 % threshold', async function () {
      await send('PUT', lime.adminKey, '/v1/base-year', { inventoryId: lime2024, thresholdPct: '2.5' });
      const check = (await send('GET', lime.adminKey, '/v1/base-year/recalculation')).json();
      await send('PUT', lime.adminKey, '/v1/base-year', { inventoryId: lime2024 });
      expect([check.thresholdPct, check.exceedsThreshold]).to.deep.equal(['2.5', true]);
    });

    it('adds the method effect of AR6 stated as current: +2,760 kg, 3.5308 % in all', async function () {
      const res = await send('POST', lime.adminKey, '/v1/base-year/recalculation', { gwp: 'AR6' });
      expect(res.statusCode, res.body).to.equal(200);
      const check = res.json();
      const method = check.triggers.find((x: { trigger: string }) => x.trigger === 'method');
      expect([method.effectKgCO2e, method.methodChanges, check.cumulativeChangePct]).to.deep.equal([
        '2760.000',
        [{ option: 'gwp', from: 'AR5', to: 'AR6' }],
        '3.5308',
      ]);
    });

    it('restates when the organisation chooses to: 538,360 kg, marked not required', async function () {
      const res = await send('POST', lime.adminKey, '/v1/base-year/restatements', {
        reason: 'Unrecorded R-134a leak of 2024 found in audit; AR6 GWPs adopted',
        gwp: 'AR6',
        belowThreshold: true,
      });
      expect(res.statusCode, res.body).to.equal(201);
      const body = res.json();
      expect([body.inventory.totals.totalKgCO2e, body.baseYear.restatements[0].required]).to.deep.equal([
        '538360',
        false,
      ]);
    });
  });
});
