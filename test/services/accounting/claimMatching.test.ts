import { expect } from 'chai';
import { computeInventory } from '../../../services/accounting/computeInventory';
import type { ClaimInput, InventoryInput } from '../../../services/accounting/inventoryTypes';
import { parseRational, ZERO } from '../../../services/accounting/rational';
import { loadKeccak } from '../../../services/lib/keccak';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { domainFactors } from '../../helpers/domainFactors';

/**
 * Certificates are matched to the consumption they cover (issue 12 §2, GHG Protocol Scope 2 Guidance), not spread by
 * calendar days. The case: 300 MWh claimed for Jul 2022 – Jun 2023 by a December-heavy consumer that bought
 * 400 MWh in Jul–Dec 2022 and 200 MWh in Jan–Jun 2023. By consumption, 2022 gets 300 × 400 / 600 = 200 MWh; by days it
 * got 300 × 184 / 365 = 151.23 MWh. Market-based 2022 with 500 MWh bought in the year (residual 0.5856 tCO2/MWh):
 * (500 − 200) × 0.5856 = 175.68 t = 175,680 kg.
 */
const CLAIM: ClaimInput = {
  ref: 'GEC-H2',
  source: 'api',
  mwh: parseRational('300'),
  start: '2022-07-01',
  end: '2023-07-01',
  generator: null,
};

function inventory2022(claim: ClaimInput) {
  const input: InventoryInput = {
    organisation: { id: 'org', name: 'December Co' },
    period: { start: '2022-01-01', end: '2023-01-01', timeZone: 'Asia/Shanghai' },
    sites: [{ id: 's', name: 'Plant', gridRegion: 'East', province: null }],
    activity: [
      {
        meter: {
          id: 'E',
          externalId: 'E',
          name: null,
          energyKind: 'electricity',
          flow: 'import',
          unit: 'kWh',
          siteId: 's',
        },
        years: new Map([[2022, { quantity: parseRational('500000'), estimated: ZERO, intervals: 96 }]]),
      },
    ],
    factors: domainFactors(),
    options: { gwp: 'AR5', electricityRegion: 'grid_region' },
    claims: [claim],
    production: [],
    evidence: [],
  };
  return computeInventory(input).document;
}

describe('certificate claims matched to the consumption they cover', function () {
  before(async function () {
    await loadKeccak();
  });

  it('applies a claim in proportion to the consumption inside the period', function () {
    const doc = inventory2022({
      ...CLAIM,
      consumption: { wholeKWh: '600000', inPeriodKWhByYear: { 2022: '400000' } },
    });
    expect(doc.marketBased.claims[0]).to.include({ appliedMWh: '200.000000', allocatedBy: 'consumption' });
    expect(doc.results.scope2MarketBased).to.equal('175680.000');
  });

  it('spreads by calendar days only where no consumption was recorded, as before', function () {
    const doc = inventory2022(CLAIM);
    expect(doc.marketBased.claims[0].appliedMWh).to.equal('151.232877');
    expect(doc.marketBased.claims[0]).to.not.have.property('allocatedBy');
  });

  describe('from stored readings (API)', function () {
    let db: TestDb;
    let t: TestApp;
    let a: { orgId: string; adminKey: string };
    const post = (url: string, payload: unknown) =>
      t.app.inject({ method: 'POST', url, headers: auth(a.adminKey), payload: payload as object });

    before(async function () {
      db = await createTestDb();
      t = await createTestApp(db.db);
      a = await createOrgViaApi(t, 'Claimant');
      const site = (await post('/v1/sites', { name: 'P', gridRegion: 'East' })).json();
      await post('/v1/meters', {
        siteId: site.id,
        externalId: 'E',
        energyKind: 'electricity',
        registerType: 'interval',
      });
      for (const [day, kwh] of [
        ['2022-12-31', '20'],
        ['2023-01-01', '10'],
      ]) {
        const t0 = Date.parse(`${day}T00:00:00+08:00`);
        const readings = Array.from({ length: 96 }, (_, i) => ({
          meter: 'E',
          start: new Date(t0 + i * 900_000).toISOString(),
          value: kwh,
        }));
        expect((await post('/v1/readings', { readings })).statusCode).to.equal(200);
      }
      const claim = {
        certificateRef: 'GEC-NY',
        mwh: '2',
        consumptionStart: '2022-12-31',
        consumptionEnd: '2023-01-02',
      };
      expect((await post('/v1/certificate-claims', claim)).statusCode).to.equal(201);
    });
    after(async function () {
      await t.app.close();
      await db.drop();
    });

    it('matches a claim across the new year to the heavier old-year day', async function () {
      // 1,920 kWh on 31 Dec, 960 on 1 Jan: 2 MWh × 1,920 / 2,880 = 4/3 MWh for 31 Dec (by days it was 1 MWh).
      // Market-based: (1.92 − 4/3) MWh × 0.5856 × 1000 = 44/75 × 585.6 = 343.552 kg.
      const res = await post('/v1/inventories/preview', { start: '2022-12-31', end: '2023-01-01' });
      expect(res.statusCode, res.body).to.equal(200);
      const doc = res.json().document;
      expect(doc.marketBased.claims[0]).to.deep.include({
        appliedMWh: '1.333333',
        allocatedBy: 'consumption',
      });
      expect(doc.results.scope2MarketBased).to.equal('343.552');
    });
  });
});
