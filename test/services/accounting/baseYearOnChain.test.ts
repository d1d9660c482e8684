import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { embeddedDocumentStore } from '../../../services/documents/embeddedDocumentStore';
import { InventoryRegistry__factory } from '../../../types/contracts';
import { call, createParticipant, type Participant } from '../../helpers/participants';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * A notarized base year restated: the restatement is the next version of the base-year inventory, and notarizing it
 * calls InventoryRegistry.restate, so the original's record on chain is superseded and the lineage is on chain.
 * By hand (seeded clinker factor 0.52 t CO2/t): 2024 North 1,000 t + South 500 t = 780,000 kg; South divested →
 * restated 520,000 kg (the whole-kg total InventoryRegistry records).
 */
describe('a notarized base year restated on chain', function () {
  this.timeout(180_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let cement: Participant;
  let original: { id: string; chainInventoryId: string };
  let restated: { id: string; version: number; previousId: string; status: string };
  let notarized: { chainInventoryId: string; txHash: string };

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
  const registry = () =>
    InventoryRegistry__factory.connect(chain.deployment.inventoryRegistry as string, chain.provider);

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(
      db.db,
      chain,
      {},
      { keystoreSecret: randomBytes(32), documents: await embeddedDocumentStore(db.db) },
    );
    cement = await createParticipant(t, 'Chain Cement', ['enterprise']);
    const north = await call(t, cement.key, 'POST', '/v1/sites', { name: 'North' });
    const south = await call(t, cement.key, 'POST', '/v1/sites', { name: 'South' });
    await call(t, cement.key, 'POST', '/v1/activity-data', clinker(north.id, 2024, '1000'));
    await call(t, cement.key, 'POST', '/v1/activity-data', clinker(south.id, 2024, '500'));
    await call(t, cement.key, 'POST', '/v1/activity-data', clinker(north.id, 2025, '1100'));
    const base = await call(t, cement.key, 'POST', '/v1/inventories', { start: '2024-01-01', end: '2025-01-01' });
    const done = await call(t, cement.key, 'POST', `/v1/inventories/${base.id}/notarize`);
    original = { id: base.id, chainInventoryId: done.chainInventoryId };
    await call(t, cement.key, 'PUT', '/v1/base-year', { inventoryId: base.id });
    await call(t, cement.key, 'POST', '/v1/inventories', {
      start: '2025-01-01',
      end: '2026-01-01',
      siteIds: [north.id],
    });
    restated = (
      await call(t, cement.key, 'POST', '/v1/base-year/restatements', { reason: 'South site divested on 2025-01-01' })
    ).inventory;
    notarized = await call(t, cement.key, 'POST', `/v1/inventories/${restated.id}/notarize`);
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  it('stores the restatement as version 2 of the notarized base year', function () {
    expect([restated.version, restated.previousId]).to.deep.equal([2, original.id]);
  });

  it("marks the original's record superseded on chain", async function () {
    expect((await registry().inventory(original.chainInventoryId)).superseded).to.equal(true);
  });

  it('links the restated record to the original on chain', async function () {
    const record = await registry().inventory(notarized.chainInventoryId);
    expect([record.previousId, record.totalKgCO2e]).to.deep.equal([original.chainInventoryId, 520_000n]);
  });

  it('emits InventoryRestated with the reason', async function () {
    const receipt = await chain.provider.getTransactionReceipt(notarized.txHash);
    const events = (receipt?.logs ?? [])
      .map((log) => registry().interface.parseLog(log))
      .filter((e) => e?.name === 'InventoryRestated');
    expect(events.map((e) => [e?.args.previousId, e?.args.reason])).to.deep.equal([
      [original.chainInventoryId, 'South site divested on 2025-01-01'],
    ]);
  });

  it('keeps the original readable here, superseded', async function () {
    const res = await t.app.inject({ method: 'GET', url: `/v1/inventories/${original.id}`, headers: auth(cement.key) });
    expect([res.json().status, res.json().document.results.totalLocationBased]).to.deep.equal([
      'superseded',
      '780000.000',
    ]);
  });
});
