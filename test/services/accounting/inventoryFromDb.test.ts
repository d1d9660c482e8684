import { expect } from 'chai';
import { activityFromReadings } from '../../../services/accounting/activityFromReadings';
import { recordCertificateClaim } from '../../../services/accounting/certificateClaims';
import { computeInventory } from '../../../services/accounting/computeInventory';
import { factorSourceFromSet } from '../../../services/accounting/factorSourceFromSet';
import { loadInventoryInput } from '../../../services/accounting/loadInventoryInput';
import { DEFAULT_FACTOR_SET_ID } from '../../../services/factors/factorSets';
import { ingestReadings, sha256 } from '../../../services/ingest/ingestReadings';
import { parseJsonBatch } from '../../../services/ingest/received';
import { NengtanError } from '../../../services/lib/errors';
import { createSite } from '../../../services/registry/sites';
import { createOrganisation } from '../../../services/registry/organisations';
import { createMeter } from '../../../services/registry/meters';
import { VEE } from '../../helpers/fixtures';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * An inventory from the database: readings ingested through the pipeline, activity from the daily rollups, factors
 * from the seeded public set. Hand-computed with the seeded (DOMAIN.md) values:
 * - electricity 96 × 10 kWh = 960 kWh in the East grid in 2025. No 2025 factor is published: the latest, 2023 East
 *   0.5500, stands in → 960 × 0.5500 = 528 kg. Market-based: 0.96 MWh − 0.5 MWh of certificates = 0.46 MWh ×
 *   0.6096 (2023 residual-mix-like) = 280.416 kg.
 * - the sub-meter (96 × 5 kWh) is not in the boundary.
 * - natural gas register 1000 → 1096 m3: 96 m3 = 0.0096 × 10^4 Nm3 × 389.31 GJ = 3.737376 GJ; × 15.3 tC/TJ =
 *   57.1818528 kg C; × 0.99 × 44/12 = 207.570125664 kg CO2; CH4 0.003737376 kg × 28 = 0.104646528; N2O 0.0003737376 kg
 *   × 265 = 0.099040464; CO2e 207.773812656 → 207.774.
 * - heat 96 × 0.5 GJ = 48 GJ × 0.11 tCO2/GJ = 5,280 kg.
 */
describe('an inventory computed from the database', function () {
  let t: TestDb;
  let orgId: string;

  before(async function () {
    t = await createTestDb();
    const org = await createOrganisation(t.db, { name: 'Inventory Works' });
    orgId = org.id;
    const site = await createSite(t.db, orgId, { name: 'Plant', gridRegion: 'East', province: 'Jiangsu' });
    const m = (externalId: string, energyKind: string, extra = {}) =>
      createMeter(t.db, orgId, { siteId: site.id, externalId, energyKind, ...extra });
    await m('E', 'electricity');
    await m('SUB', 'electricity', { accountingRole: 'submeter' });
    await m('G', 'natural_gas', { registerType: 'cumulative' });
    await m('H', 'heat');
    const T0 = Date.parse('2025-02-28T16:00:00Z'); // 2025-03-01 00:00 in Asia/Shanghai
    const iso = (i: number) => new Date(T0 + i * 900_000).toISOString();
    const readings = [
      ...Array.from({ length: 96 }, (_, i) => ({ meter: 'E', start: iso(i), value: '10' })),
      ...Array.from({ length: 96 }, (_, i) => ({ meter: 'SUB', start: iso(i), value: '5' })),
      ...Array.from({ length: 97 }, (_, i) => ({ meter: 'G', at: iso(i), value: String(1000 + i) })),
      ...Array.from({ length: 96 }, (_, i) => ({ meter: 'H', start: iso(i), value: '0.5' })),
    ];
    const body = { readings };
    const { batch, problems } = parseJsonBatch(body, 1000);
    await ingestReadings(t.db, VEE, { orgId, source: 'http', batch, problems, bodyHash: sha256(JSON.stringify(body)) });
    await recordCertificateClaim(t.db, orgId, {
      certificateRef: 'GEC-2025-0001',
      mwh: '0.5',
      consumptionStart: '2025-03-01',
      consumptionEnd: '2025-03-02',
    });
  });
  after(async function () {
    await t.drop();
  });

  async function compute() {
    const factors = await factorSourceFromSet(t.db, orgId, DEFAULT_FACTOR_SET_ID);
    return loadInventoryInput(t.db, orgId, { start: '2025-03-01', end: '2025-03-02' }, factors);
  }

  it('matches the hand-computed results', async function () {
    const { document } = computeInventory(await compute());
    expect(document.results).to.include({
      scope1: '207.774',
      scope2LocationBased: '5808.000',
      scope2MarketBased: '5560.416',
      totalLocationBased: '6015.774',
      totalMarketBased: '5768.190',
    });
  });

  it('discloses that the 2023 grid factor stood in for 2025', async function () {
    const { document } = computeInventory(await compute());
    const electricity = document.sources.find((s) => s.meter.externalId === 'E');
    expect(electricity?.factors[0]).to.include({ value: '0.5500', year: 2023, usedForYear: 2025, region: 'East' });
  });

  it('leaves the sub-meter out of the boundary', async function () {
    const { document } = computeInventory(await compute());
    expect(document.sources.map((s) => s.meter.externalId)).to.deep.equal(['E', 'G', 'H']);
  });

  it('gives the same inventory from the readings as from the rollups', async function () {
    const input = await compute();
    const fromReadings = await activityFromReadings(
      t.db,
      input.activity.map((a) => a.meter),
      '2025-03-01',
      '2025-03-02',
    );
    expect(JSON.stringify(computeInventory({ ...input, activity: fromReadings }).document)).to.equal(
      JSON.stringify(computeInventory(input).document),
    );
  });

  it('refuses a period with no data with a code and a hint', async function () {
    const factors = await factorSourceFromSet(t.db, orgId, DEFAULT_FACTOR_SET_ID);
    const error = await loadInventoryInput(t.db, orgId, { start: '2024-01-01', end: '2024-02-01' }, factors).catch(
      (e) => e,
    );
    expect(error).to.be.instanceOf(NengtanError).and.to.include({ code: 'NT_ERR_ACCOUNTING_NO_DATA' });
  });

  it('refuses a malformed period', async function () {
    const factors = await factorSourceFromSet(t.db, orgId, DEFAULT_FACTOR_SET_ID);
    const error = await loadInventoryInput(t.db, orgId, { start: '2025-03-02', end: '2025-03-01' }, factors).catch(
      (e) => e,
    );
    expect(error).to.include({ code: 'NT_ERR_ACCOUNTING_PERIOD' });
  });

  it('refuses a second claim of the same certificate', async function () {
    const error = await recordCertificateClaim(t.db, orgId, {
      certificateRef: 'GEC-2025-0001',
      mwh: '0.5',
      consumptionStart: '2025-03-01',
      consumptionEnd: '2025-03-02',
    }).catch((e) => e);
    expect(error).to.include({ code: 'NT_ERR_CONFLICT' });
  });
});
