import { expect } from 'chai';
import { recordActivityData } from '../../../services/accounting/activityData';
import { computeInventory } from '../../../services/accounting/computeInventory';
import { recordEnergyContract } from '../../../services/accounting/energyContracts';
import { factorSourceFromResolved } from '../../../services/accounting/factorSourceFromSet';
import { canonicalInventory } from '../../../services/accounting/inventories';
import { loadInventoryInput } from '../../../services/accounting/loadInventoryInput';
import { DEFAULT_FACTOR_SET_V2_ID } from '../../../services/factors/factorSets';
import { resolveFactorSet } from '../../../services/factors/resolveFactorSet';
import { createMeter } from '../../../services/registry/meters';
import { createOrganisation } from '../../../services/registry/organisations';
import { createSite } from '../../../services/registry/sites';
import { recomputeInventory } from '../../../services/verification/recomputeInventory';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * Supplier contracts bound to delivery points (meters), on PostgreSQL and PGlite. By hand, at the works (East grid,
 * Jiangsu): meter A on site Works reads 96 quarter hours × 1.25 kWh = 120 kWh on 1 March 2025 and 96 × 1.875 = 180 kWh
 * on 1 April 2025 (300 kWh); meter B on site Annex reads 96 × 5 = 480 kWh on 1 March 2025.
 * PPA-A, 1 March – 1 May 2025, 500 kWh at 0.1 tCO2/MWh on meter A only, allocated by A's consumption over its period:
 * March 500 × 120 / 300 = 200 kWh (A consumed 120: 120 applied, 80 not applied), April 500 × 180 / 300 = 300 kWh (180
 * applied, 120 not): 300 kWh applied, 200 kWh not applied (never moved to B).
 * Market-based Scope 2 (residual factor 0.6096 tCO2/MWh, 2023 standing in for 2025, no supplier rate):
 *   A: 0.300 MWh × 0.1 × 1000 = 30 kg; B: 0.480 MWh × 0.6096 × 1000 = 292.608 kg; total 322.608 kg.
 * The same contract without meters would cover 500 of the 780 kWh: 0.5 × 100 + 0.28 × 609.6 = 220.688 kg.
 * Boundary of Annex alone: A is outside, all 500 kWh are not applied; B 292.608 kg.
 */
describe('supplier contracts bound to meters (POST /v1/energy-contracts meterIds, market-based Scope 2 per meter)', function () {
  let db: TestDb;
  let t: TestApp;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  const meter: Record<string, string> = {};
  let annexId: string;
  let otherMeter: string;

  const post = (key: string, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: auth(key), payload: payload as object });
  const get = (key: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(key) });
  const preview = async (body: Record<string, unknown> = {}) => {
    const res = await post(a.adminKey, '/v1/inventories/preview', { start: '2025-03-01', end: '2025-05-01', ...body });
    expect(res.statusCode, res.body).to.equal(200);
    return res.json().document;
  };
  const ppa = {
    contractRef: 'PPA-A',
    instrument: 'ppa',
    counterparty: 'Kunlun Solar Co.',
    periodStart: '2025-03-01',
    periodEnd: '2025-05-01',
    contractedKWh: '500',
    factor: '0.1',
    evidence: 'PPA KS-A, delivery point meter A',
  };
  const readings = async (key: string, externalId: string, day: string, value: string) => {
    const t0 = Date.parse(`${day}T00:00:00+08:00`);
    const rows = Array.from({ length: 96 }, (_, i) => ({
      meter: externalId,
      start: new Date(t0 + i * 900_000).toISOString(),
      value,
    }));
    const res = await post(key, '/v1/readings', { readings: rows });
    expect(res.statusCode, res.body).to.equal(200);
  };
  const addMeter = async (key: string, siteId: string, externalId: string, extra: Record<string, unknown> = {}) => {
    const res = await post(key, '/v1/meters', {
      siteId,
      externalId,
      energyKind: 'electricity',
      registerType: 'interval',
      ...extra,
    });
    expect(res.statusCode, res.body).to.be.oneOf([200, 201]);
    return res.json().id as string;
  };

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    a = await createOrgViaApi(t, 'Works');
    b = await createOrgViaApi(t, 'Other');
    const works = await post(a.adminKey, '/v1/sites', { name: 'Works', gridRegion: 'East', province: 'Jiangsu' });
    const annex = await post(a.adminKey, '/v1/sites', { name: 'Annex', gridRegion: 'East', province: 'Jiangsu' });
    expect(works.statusCode, works.body).to.be.oneOf([200, 201]);
    annexId = annex.json().id;
    meter.A = await addMeter(a.adminKey, works.json().id, 'A');
    meter.B = await addMeter(a.adminKey, annexId, 'B');
    meter.G = await addMeter(a.adminKey, works.json().id, 'G', { energyKind: 'natural_gas' });
    meter.X = await addMeter(a.adminKey, works.json().id, 'X', { flow: 'export' });
    meter.S = await addMeter(a.adminKey, works.json().id, 'S', { accountingRole: 'submeter' });
    const otherSite = await post(b.adminKey, '/v1/sites', { name: 'Other', gridRegion: 'East', province: 'Jiangsu' });
    otherMeter = await addMeter(b.adminKey, otherSite.json().id, 'O');
    await readings(a.adminKey, 'A', '2025-03-01', '1.25');
    await readings(a.adminKey, 'A', '2025-04-01', '1.875');
    await readings(a.adminKey, 'B', '2025-03-01', '5');
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  it('refuses meters that are not electricity import boundary meters of the organisation, storing nothing', async function () {
    for (const [ids, status, code] of [
      [[meter.G], 422, 'NT_ERR_ENERGY_CONTRACT_METER'],
      [[meter.X], 422, 'NT_ERR_ENERGY_CONTRACT_METER'],
      [[meter.S], 422, 'NT_ERR_ENERGY_CONTRACT_METER'],
      [[meter.A, meter.A], 422, 'NT_ERR_ENERGY_CONTRACT_METER'],
      [[otherMeter], 404, 'NT_ERR_NOT_FOUND'],
      [['00000000-0000-4000-8000-000000000000'], 404, 'NT_ERR_NOT_FOUND'],
      [['not-a-meter'], 404, 'NT_ERR_NOT_FOUND'],
    ] as const) {
      const res = await post(a.adminKey, '/v1/energy-contracts', { ...ppa, meterIds: ids });
      expect(res.statusCode, `${ids.join(',')}: ${res.body}`).to.equal(status);
      expect(res.json().code).to.equal(code);
      expect(res.json().hint).to.be.a('string').and.not.equal('');
    }
    // Another organisation cannot bind its contract to this organisation's meter either.
    const cross = await post(b.adminKey, '/v1/energy-contracts', { ...ppa, meterIds: [meter.A] });
    expect(cross.statusCode, cross.body).to.equal(404);
    expect((await get(a.adminKey, '/v1/energy-contracts')).json()).to.deep.equal([]);
  });

  it('records a contract on meter A and lists its meters to its organisation only', async function () {
    const res = await post(a.adminKey, '/v1/energy-contracts', { ...ppa, meterIds: [meter.A] });
    expect(res.statusCode, res.body).to.equal(201);
    expect(res.json().meterIds).to.deep.equal([meter.A]);
    const listed = (await get(a.adminKey, '/v1/energy-contracts')).json();
    expect(listed).to.have.length(1);
    expect(listed[0].meterIds).to.deep.equal([meter.A]);
    expect((await get(b.adminKey, '/v1/energy-contracts')).json()).to.deep.equal([]);
  });

  it('applies 300 kWh on meter A at the contract factor, reports 200 kWh not applied, and B at the residual mix', async function () {
    const doc = await preview();
    expect(doc.results.scope2MarketBased).to.equal('322.608');
    const [contract] = doc.marketBased.contracts;
    expect(contract).to.include({
      ref: 'PPA-A',
      allocatedBy: 'meter consumption',
      allocatedMWh: '0.500000',
      appliedMWh: '0.300000',
      notAppliedMWh: '0.200000',
    });
    expect(contract.meters).to.deep.equal(['A']);
    expect(contract.meterIds).to.deep.equal([meter.A]);
    expect(contract.notApplied).to.have.length(1);
    expect(contract.notApplied[0]).to.include({ reason: 'consumption_below_contract', mwh: '0.200000' });
    expect(doc.marketBased.contractsCoveredMWh).to.equal('0.300000');
    expect(doc.marketBased.unusedContractMWh).to.equal('0.200000');
    expect(doc.marketBased.residualMWh).to.equal('0.480000');
    const rows = doc.marketBased.byMeterMonth.map((r: Record<string, unknown>) => [
      r.meter,
      r.month,
      r.purchasedMWh,
      (r.contracts as { mwh: string }[]).map((c) => c.mwh).join(','),
      r.residualMWh,
      (r.levels as string[]).join(','),
    ]);
    expect(rows).to.deep.equal([
      ['A', '2025-03', '0.120000', '0.120000', '0.000000', 'contracts'],
      ['A', '2025-04', '0.180000', '0.180000', '0.000000', 'contracts'],
      ['B', '2025-03', '0.480000', '', '0.480000', 'residual'],
    ]);
    expect(doc.marketBased.byYear[0].contracts[0]).to.include({ appliedMWh: '0.300000', notAppliedMWh: '0.200000' });
    expect(doc.method.scope2MarketBased ?? JSON.stringify(doc.method)).to.contain('not applied');
  });

  it('does not apply a contract whose meters are outside the boundary of the inventory', async function () {
    const doc = await preview({ siteIds: [annexId] });
    expect(doc.results.scope2MarketBased).to.equal('292.608');
    const [contract] = doc.marketBased.contracts;
    expect(contract).to.include({ appliedMWh: '0.000000', notAppliedMWh: '0.500000' });
    expect(contract.notApplied.map((r: { reason: string; mwh: string }) => [r.reason, r.mwh])).to.deep.equal([
      ['meter_outside_boundary', '0.500000'],
    ]);
    expect(doc.marketBased.byMeterMonth.map((r: { meter: string }) => r.meter)).to.deep.equal(['B']);
  });

  it('keeps a contract without meters covering all purchased electricity, as before', async function () {
    const res = await post(b.adminKey, '/v1/energy-contracts', { ...ppa, contractRef: 'ALL' });
    expect(res.statusCode, res.body).to.equal(201);
    expect(res.json().meterIds).to.deep.equal([]);
    // Organisation b has no readings: the same contract on organisation a's data, recorded without meters, in a copy.
    const c = await createOrgViaApi(t, 'Copy');
    const site = await post(c.adminKey, '/v1/sites', { name: 'Works', gridRegion: 'East', province: 'Jiangsu' });
    await addMeter(c.adminKey, site.json().id, 'A');
    await addMeter(c.adminKey, site.json().id, 'B');
    await readings(c.adminKey, 'A', '2025-03-01', '1.25');
    await readings(c.adminKey, 'A', '2025-04-01', '1.875');
    await readings(c.adminKey, 'B', '2025-03-01', '5');
    expect((await post(c.adminKey, '/v1/energy-contracts', ppa)).statusCode).to.equal(201);
    const inv = await post(c.adminKey, '/v1/inventories/preview', { start: '2025-03-01', end: '2025-05-01' });
    expect(inv.statusCode, inv.body).to.equal(200);
    const doc = inv.json().document;
    expect(doc.results.scope2MarketBased).to.equal('220.688');
    expect(doc.marketBased).to.not.have.property('byMeterMonth');
    expect(doc.marketBased).to.not.have.property('meterConsumptionKWh');
    expect(doc.marketBased.contracts[0]).to.not.have.property('meters');
  });

  it('keeps the meters of a contract ended early', async function () {
    const [contract] = (await get(a.adminKey, '/v1/energy-contracts')).json();
    const res = await post(a.adminKey, `/v1/energy-contracts/${contract.id}/end`, {
      end: '2025-04-01',
      deliveredKWh: '120',
      evidence: 'Termination KS-T',
    });
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json().meterIds).to.deep.equal([meter.A]);
    // March only now: 120 kWh over A's 120 kWh of the period, all applied; April at the residual mix.
    const doc = await preview();
    expect(doc.marketBased.contracts[0]).to.include({ appliedMWh: '0.120000', notAppliedMWh: '0.000000' });
    // 0.12 × 100 + (0.18 + 0.48) × 609.6 = 12 + 402.336 = 414.336 kg
    expect(doc.results.scope2MarketBased).to.equal('414.336');
  });
});

/**
 * A verifier recomputes an inventory with a meter-bound contract from the package alone: the contract's meters, their
 * consumption and the purchased electricity per meter and month are stated in the document. Meter M has no readings
 * in the period, so the contract's 1,000 kWh over 2025 are not applied (no consumption recorded on its meters) and the
 * inventory rests on the clinker record (1,000 t at the default factor).
 */
describe('a verifier recomputes an inventory with a contract bound to meters', function () {
  let t: TestDb;
  let orgId: string;

  before(async function () {
    t = await createTestDb();
    orgId = (await createOrganisation(t.db, { name: 'Cement Co' })).id;
    const site = await createSite(t.db, orgId, { name: 'Kiln 2', gridRegion: 'East', province: 'Jiangsu' });
    const meter = await createMeter(t.db, orgId, { siteId: site.id, externalId: 'M', energyKind: 'electricity' });
    await recordActivityData(t.db, orgId, {
      periodStart: '2025-01-01',
      periodEnd: '2026-01-01',
      siteId: site.id,
      sourceKind: 'process',
      subject: 'clinker',
      quantity: '1000',
      unit: 't',
      evidence: 'Kiln 2 production 2025',
    });
    await recordEnergyContract(t.db, orgId, {
      contractRef: 'DL-M',
      instrument: 'direct_line',
      counterparty: 'Kiln Solar Co.',
      periodStart: '2025-01-01',
      periodEnd: '2026-01-01',
      contractedKWh: '1000',
      factor: '0',
      evidence: 'Direct line DL-M',
      meterIds: [meter.id],
    });
  });
  after(async function () {
    await t.drop();
  });

  it('gets the same document and hash from the package as the enterprise did from the database', async function () {
    const resolved = await resolveFactorSet(t.db, orgId, DEFAULT_FACTOR_SET_V2_ID);
    const input = await loadInventoryInput(
      t.db,
      orgId,
      { start: '2025-01-01', end: '2026-01-01' },
      factorSourceFromResolved(resolved),
    );
    const { document } = computeInventory(input);
    const [contract] = document.marketBased.contracts ?? [];
    expect(contract).to.include({ ref: 'DL-M', appliedMWh: '0.000000', notAppliedMWh: '1.000000' });
    expect(contract.meters).to.deep.equal(['M']);
    expect(contract.notApplied?.map((r) => r.reason)).to.deep.equal(['no_meter_consumption']);
    expect(document.marketBased.meterConsumptionKWh).to.deep.equal({});
    const manifest = {
      format: 'nengtan-evidence/v1' as const,
      inventoryHash: canonicalInventory(document).hash,
      inventory: JSON.parse(JSON.stringify(document)),
      factorSet: {
        set: resolved.set,
        chain: resolved.chain,
        factors: resolved.factors,
        contentHash: resolved.contentHash,
      },
      batches: [],
    };
    const again = recomputeInventory(manifest, []).document;
    expect(canonicalInventory(again).hash).to.equal(manifest.inventoryHash);
  });
});
