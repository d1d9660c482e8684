import { expect } from 'chai';
import { recordActivityData } from '../../../services/accounting/activityData';
import { createOrganisation } from '../../../services/registry/organisations';
import { createSite } from '../../../services/registry/sites';
import { recomputeFromPackage } from '../../helpers/recomputeFromPackage';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * A verifier recomputes an inventory with non-metered sources from the evidence package alone: the records are stated
 * in the document, the factors come from the package's (v2) factor set. The data centre records for 2025:
 *   R-410A 12 kg → 12 × 1,923.5 (AR5) = 23,082 kg CO2e; diesel 3 t (generators' fuel is stationary, but the
 *   company vans are mobile): 3 × 42.652 = 127.956 GJ; CO2 = 127.956 × 20.2 × 0.98 × 44/12 = 9,287.7289120 kg;
 *   CH4 = N2O = 127.956 × 3.9 / 1000 = 0.4990284 kg → × 28 = 13.9727952, × 265 = 132.242526;
 *   CO2e = 9,433.9442332 → 9,433.944. Scope 1 = 23,082 + 9,433.9442332 = 32,515.944.
 */
describe('a verifier recomputes an inventory with non-metered activity data', function () {
  let t: TestDb;
  let orgId: string;

  before(async function () {
    t = await createTestDb();
    orgId = (await createOrganisation(t.db, { name: 'Data Centre' })).id;
    const site = await createSite(t.db, orgId, { name: 'Hall A', gridRegion: 'East', province: 'Jiangsu' });
    const year = { periodStart: '2025-01-01', periodEnd: '2026-01-01', siteId: site.id };
    await recordActivityData(t.db, orgId, {
      ...year,
      sourceKind: 'fugitive',
      subject: 'R-410A',
      quantity: '12',
      unit: 'kg',
      evidence: 'Chiller maintenance log 2025',
    });
    await recordActivityData(t.db, orgId, {
      ...year,
      sourceKind: 'mobile_combustion',
      subject: 'diesel',
      quantity: '3',
      unit: 't',
      factorUncertaintyPct: '4',
      evidence: 'Fuel card statements 2025',
    });
  });
  after(async function () {
    await t.drop();
  });

  it('gets the same document and hash from the package as the enterprise did from the database', async function () {
    const { document, inventoryHash, recomputedHash } = await recomputeFromPackage(t.db, orgId, {
      start: '2025-01-01',
      end: '2026-01-01',
    });
    expect(document.results.scope1).to.equal('32515.944');
    expect(recomputedHash).to.equal(inventoryHash);
  });
});
