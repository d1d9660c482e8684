import { expect } from 'chai';
import { recordActivityData } from '../../../services/accounting/activityData';
import { recordEnergyContract } from '../../../services/accounting/energyContracts';
import { createOrganisation } from '../../../services/registry/organisations';
import { createSite } from '../../../services/registry/sites';
import { recomputeFromPackage } from '../../helpers/recomputeFromPackage';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * A verifier recomputes an inventory with measured process inputs and a supplier contract from the evidence package
 * alone: the composition and the contract are stated in the document. Clinker 1,000 t with CaO 64.0 % (0.5 %
 * non-carbonate) and MgO 1.5 % (0.2 %): 1,000 × [0.635 × 44/56 + 0.013 × 44/40] = 1,000 × (27.94/56 + 0.0143)
 * = 498.928571… + 14.3 = 513.228571… t → 513,228.571 kg.
 */
describe('a verifier recomputes an inventory with measured process inputs and supplier contracts', function () {
  let t: TestDb;
  let orgId: string;

  before(async function () {
    t = await createTestDb();
    orgId = (await createOrganisation(t.db, { name: 'Cement Co' })).id;
    const site = await createSite(t.db, orgId, { name: 'Kiln 2', gridRegion: 'East', province: 'Jiangsu' });
    await recordActivityData(t.db, orgId, {
      periodStart: '2025-01-01',
      periodEnd: '2026-01-01',
      siteId: site.id,
      sourceKind: 'process',
      subject: 'clinker',
      quantity: '1000',
      unit: 't',
      evidence: 'Kiln 2 production and XRF 2025',
      measured: {
        method: 'clinker_composition',
        caoPct: '64.0',
        caoNonCarbonatePct: '0.5',
        mgoPct: '1.5',
        mgoNonCarbonatePct: '0.2',
      },
    });
    await recordEnergyContract(t.db, orgId, {
      contractRef: 'GT-2025',
      instrument: 'green_tariff',
      counterparty: 'Jiangsu Power Sales Co.',
      periodStart: '2025-01-01',
      periodEnd: '2026-01-01',
      contractedKWh: '1000000',
      factor: '0.05',
      evidence: 'Green tariff agreement GT-2025',
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
    expect(document.results.scope1).to.equal('513228.571');
    expect(document.marketBased.contracts?.map((c) => c.ref)).to.deep.equal(['GT-2025']);
    expect(recomputedHash).to.equal(inventoryHash);
  });
});
