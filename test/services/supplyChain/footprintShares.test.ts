import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Wallet } from 'ethers';
import { anchorSealedBatches } from '../../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../../services/batching/sealBatches';
import { embeddedDocumentStore } from '../../../services/documents/embeddedDocumentStore';
import { call, createParticipant, type Participant } from '../../helpers/participants';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

interface Share {
  shareId: string;
  supplier: { id: string; name: string };
  customer: { id: string; name: string };
  product: string;
  unit: string;
  kgCO2ePerUnit: string;
  inventoryHash: string;
  chainInventoryId: string;
  notarizedTx: string;
  revokedAt: string | null;
}

interface Verification {
  verified: boolean;
  checks: { name: string; pass: boolean; detail: string }[];
}

/** Half-to-even division of two non-negative integers. */
function divideHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r2 = (n % d) * 2n;
  return r2 > d || (r2 === d && q % 2n === 1n) ? q + 1n : q;
}

/** "1234.567" → 1234567n (thousandths), and back. */
const milli = (text: string) => BigInt(text.replace('.', '').replace(/^(-?)0+(?=\d)/, '$1'));
const fromMilli = (x: bigint) => `${x / 1000n}.${(x % 1000n).toString().padStart(3, '0')}`;

/**
 * Supply chain carbon: a steel mill shares the product footprint of its notarized inventory with a car maker, which
 * checks it against the chain and counts what it bought in Scope 3 category 1 of its own inventory; a third
 * organisation sees none of it.
 */
describe('supply chain: shared product footprints in the customer’s Scope 3', function () {
  this.timeout(180_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let supplier: Participant;
  let customer: Participant;
  let outsider: Participant;
  /** A supplier that signs with its own key (external account): its key and notarized inventory. */
  const ownKey = Wallet.createRandom();
  let selfSigning: Participant;
  let supplierInventory: { id: string; inventoryHash: string };
  let supplierDraft: { id: string };
  let supplierResults: Record<string, string>;
  let notarizedTx: string;
  let hashWithoutPurchases: string;
  let share: Share;

  const req = (who: Participant, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: auth(who.key), payload });

  async function meter(who: Participant) {
    const site = await call(t, who.key, 'POST', '/v1/sites', { name: 'Works', gridRegion: 'East' });
    await call(t, who.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
  }

  async function dayReadings(who: Participant, day: string, kwh: string) {
    const midnight = Date.parse(`${day}T00:00:00+08:00`);
    await call(t, who.key, 'POST', '/v1/readings', {
      readings: Array.from({ length: 96 }, (_, i) => ({
        meter: 'E',
        start: new Date(midnight + i * 900_000).toISOString(),
        value: kwh,
      })),
    });
  }

  const customerPreview = async () =>
    (await call(t, customer.key, 'POST', '/v1/inventories/preview', { start: '2025-03-01', end: '2025-03-02' })) as {
      hash: string;
      document: { scope3?: { kgCO2e: string; category1PurchasedGoods: { lines: Record<string, unknown>[] } } };
    };

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(
      db.db,
      chain,
      {},
      { keystoreSecret: randomBytes(32), documents: await embeddedDocumentStore(db.db) },
    );
    supplier = await createParticipant(t, 'Baoshan Steel Supplier', ['enterprise']);
    customer = await createParticipant(t, 'Changan Car Maker', ['enterprise']);
    outsider = await createParticipant(t, 'Unrelated Outsider', ['enterprise']);
    selfSigning = await createParticipant(t, 'Self-Signing Copper', ['enterprise'], ownKey);
    await meter(supplier);
    await meter(customer);
    await dayReadings(supplier, '2025-03-01', '10.25');
    await dayReadings(supplier, '2025-03-02', '11');
    await dayReadings(customer, '2025-03-01', '3');
    await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1000 });
    await anchorSealedBatches(db.db, chain);
    for (const [start, end, tonnes] of [
      ['2025-03-01', '2025-03-02', '37'],
      ['2025-03-02', '2025-03-03', '30'],
    ]) {
      await call(t, supplier.key, 'POST', '/v1/production-volumes', {
        product: 'hot-rolled coil',
        periodStart: start,
        periodEnd: end,
        quantity: tonnes,
        unit: 't',
      });
    }
    supplierInventory = await call(t, supplier.key, 'POST', '/v1/inventories', {
      start: '2025-03-01',
      end: '2025-03-02',
    });
    notarizedTx = (await call(t, supplier.key, 'POST', `/v1/inventories/${supplierInventory.id}/notarize`)).txHash;
    supplierDraft = await call(t, supplier.key, 'POST', '/v1/inventories', { start: '2025-03-02', end: '2025-03-03' });
    const preview = await call(t, supplier.key, 'POST', '/v1/inventories/preview', {
      start: '2025-03-01',
      end: '2025-03-02',
    });
    supplierResults = preview.document.results;
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  describe('the supplier shares a footprint', function () {
    let res: Awaited<ReturnType<typeof req>>;

    before(async function () {
      const found = await call(t, supplier.key, 'GET', '/v1/directory?q=changan');
      expect(found.participants).to.have.length(1);
      res = await req(supplier, 'POST', '/v1/footprint-shares', {
        customerOrgId: found.participants[0].id,
        inventoryId: supplierInventory.id,
        product: 'hot-rolled coil',
      });
      share = res.json();
    });

    it('is created', function () {
      expect(res.statusCode, res.body).to.equal(201);
    });

    it('carries the figure of the product footprint: (Scope 1 + Scope 2 location) ÷ production, half to even', function () {
      const kg = milli(supplierResults.scope1) + milli(supplierResults.scope2LocationBased);
      expect(kg > 0n).to.equal(true);
      expect(share.kgCO2ePerUnit).to.equal(fromMilli(divideHalfEven(kg, 37n)));
    });

    it('carries the notarized inventory hash and its transaction', function () {
      expect([share.inventoryHash, share.notarizedTx]).to.deep.equal([supplierInventory.inventoryHash, notarizedTx]);
    });

    it('refuses a figure typed in that differs from the inventory’s', async function () {
      const wrong = await req(supplier, 'POST', '/v1/footprint-shares', {
        customerOrgId: customer.orgId,
        inventoryId: supplierInventory.id,
        product: 'hot-rolled coil',
        kgCO2ePerUnit: '1.000',
      });
      expect([wrong.statusCode, wrong.json().code]).to.deep.equal([422, 'NT_ERR_SUPPLY_FOOTPRINT']);
    });

    it('refuses an inventory that is not notarized', async function () {
      const draft = await req(supplier, 'POST', '/v1/footprint-shares', {
        customerOrgId: customer.orgId,
        inventoryId: supplierDraft.id,
        product: 'hot-rolled coil',
      });
      expect([draft.statusCode, draft.json().code]).to.deep.equal([422, 'NT_ERR_SUPPLY_FOOTPRINT']);
    });

    it('refuses a product the inventory does not list', async function () {
      const other = await req(supplier, 'POST', '/v1/footprint-shares', {
        customerOrgId: customer.orgId,
        inventoryId: supplierInventory.id,
        product: 'rebar',
      });
      expect(other.statusCode).to.equal(422);
      expect(other.json().hint).to.contain('/v1/inventories/{id}/report?kind=product-footprint');
    });

    it('refuses an unknown customer with a hint to the directory', async function () {
      const unknown = await req(supplier, 'POST', '/v1/footprint-shares', {
        customerOrgId: '00000000-0000-4000-8000-000000000000',
        inventoryId: supplierInventory.id,
        product: 'hot-rolled coil',
      });
      expect([unknown.statusCode, unknown.json().hint]).to.deep.equal([
        404,
        'Find the customer by name with GET /v1/directory?q=… and send its id.',
      ]);
    });

    it('refuses another organisation’s inventory', async function () {
      const foreign = await req(outsider, 'POST', '/v1/footprint-shares', {
        customerOrgId: customer.orgId,
        inventoryId: supplierInventory.id,
        product: 'hot-rolled coil',
      });
      expect(foreign.statusCode).to.equal(404);
    });
  });

  describe('the customer', function () {
    it('lists the share it received, with the supplier', async function () {
      const received: Share[] = await call(t, customer.key, 'GET', '/v1/footprint-shares/received');
      expect(received.map((s) => [s.shareId, s.supplier.name])).to.deep.equal([
        [share.shareId, 'Baoshan Steel Supplier'],
      ]);
    });

    it('verifies it: every check named and passing', async function () {
      const v: Verification = await call(t, customer.key, 'GET', `/v1/footprint-shares/${share.shareId}/verify`);
      expect(v.checks.map((c) => [c.name, c.pass])).to.deep.equal([
        ['chain-record', true],
        ['chain-current', true],
        ['signature', true],
        ['signer-account', true],
        ['inventory-hash', true],
        ['figure', true],
        ['not-revoked', true],
      ]);
    });

    describe('its inventory', function () {
      let before0: Awaited<ReturnType<typeof customerPreview>>;
      let withPurchases: Awaited<ReturnType<typeof customerPreview>>;

      before(async function () {
        before0 = await customerPreview();
        hashWithoutPurchases = before0.hash;
        for (const [period, quantity] of [
          ['2025-03-01', '12.5'],
          ['2025-03-01', '0.75'],
          ['2025-04', '1000'],
        ]) {
          const res = await req(customer, 'POST', '/v1/supplier-purchases', {
            shareId: share.shareId,
            period,
            quantity,
          });
          expect(res.statusCode, res.body).to.equal(201);
        }
        withPurchases = await customerPreview();
      });

      it('has no Scope 3 section before purchases are recorded', function () {
        expect(before0.document).to.not.have.property('scope3');
      });

      it('counts the purchases of its period in Scope 3 category 1: quantity × kg CO2e per unit, exact', function () {
        const perUnit = milli(share.kgCO2ePerUnit);
        // 12.5 + 0.75 = 13.25 units; 13.25 × x.xxx has 5 decimals, kept exactly.
        const expected = perUnit * 1325n;
        const text = `${expected / 100000n}.${(expected % 100000n).toString().padStart(5, '0')}`;
        expect(withPurchases.document.scope3?.kgCO2e).to.equal(text);
      });

      it('lists each purchase of the period as its own line, with the supplier and its inventory hash', function () {
        const lines = withPurchases.document.scope3?.category1PurchasedGoods.lines ?? [];
        expect(
          lines.map((l) => [l.quantity, (l.supplier as { name: string }).name, l.supplierInventoryHash]),
        ).to.have.deep.members([
          ['12.5', 'Baoshan Steel Supplier', share.inventoryHash],
          ['0.75', 'Baoshan Steel Supplier', share.inventoryHash],
        ]);
      });

      it('changes its hash with the purchases', function () {
        expect(withPurchases.hash).to.not.equal(before0.hash);
      });
    });

    it('refuses a purchase period that is not a date', async function () {
      const res = await req(customer, 'POST', '/v1/supplier-purchases', {
        shareId: share.shareId,
        period: '2025-13',
        quantity: '1',
      });
      expect([res.statusCode, res.json().code]).to.deep.equal([400, 'NT_ERR_REQUEST_INVALID']);
    });

    it('refuses a quantity of zero', async function () {
      const res = await req(customer, 'POST', '/v1/supplier-purchases', {
        shareId: share.shareId,
        period: '2025-03',
        quantity: '0',
      });
      expect([res.statusCode, res.json().code]).to.deep.equal([400, 'NT_ERR_REQUEST_INVALID']);
    });
  });

  describe('isolation', function () {
    it('a third organisation receives nothing', async function () {
      expect(await call(t, outsider.key, 'GET', '/v1/footprint-shares/received')).to.deep.equal([]);
    });

    it('a third organisation cannot verify the share', async function () {
      const res = await req(outsider, 'GET', `/v1/footprint-shares/${share.shareId}/verify`);
      expect(res.statusCode).to.equal(404);
    });

    it('a third organisation cannot record purchases against it', async function () {
      const res = await req(outsider, 'POST', '/v1/supplier-purchases', {
        shareId: share.shareId,
        period: '2025-03',
        quantity: '1',
      });
      expect(res.statusCode).to.equal(404);
    });

    it('the supplier sees which customer it shared with', async function () {
      const sent: Share[] = await call(t, supplier.key, 'GET', '/v1/footprint-shares/sent');
      expect(sent.map((s) => s.customer.name)).to.deep.equal(['Changan Car Maker']);
    });

    it('the supplier does not see the customer’s purchases', async function () {
      expect(await call(t, supplier.key, 'GET', '/v1/supplier-purchases')).to.deep.equal([]);
    });

    it('the customer cannot revoke the supplier’s share', async function () {
      const res = await req(customer, 'POST', `/v1/footprint-shares/${share.shareId}/revoke`);
      expect(res.statusCode).to.equal(404);
    });
  });

  describe('a supplier that signs with its own account', function () {
    let statement: { shareId: string; statement: string };
    let body: Record<string, string>;

    before(async function () {
      await meter(selfSigning);
      await dayReadings(selfSigning, '2025-03-01', '4');
      await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1000 });
      await anchorSealedBatches(db.db, chain);
      await call(t, selfSigning.key, 'POST', '/v1/production-volumes', {
        product: 'copper rod',
        periodStart: '2025-03-01',
        periodEnd: '2025-03-02',
        quantity: '8',
        unit: 't',
      });
      const inventory = await call(t, selfSigning.key, 'POST', '/v1/inventories', {
        start: '2025-03-01',
        end: '2025-03-02',
      });
      const prepared = await call(t, selfSigning.key, 'POST', `/v1/inventories/${inventory.id}/notarize`);
      const sent = await ownKey
        .connect(chain.provider)
        .sendTransaction({ to: prepared.transaction.to, data: prepared.transaction.data });
      await sent.wait();
      await call(t, selfSigning.key, 'POST', `/v1/inventories/${inventory.id}/notarize`, { txHash: sent.hash });
      body = { customerOrgId: customer.orgId, inventoryId: inventory.id, product: 'copper rod' };
    });

    it('is refused without a signature, with a hint to the statement route', async function () {
      const res = await req(selfSigning, 'POST', '/v1/footprint-shares', body);
      expect([res.statusCode, res.json().hint]).to.deep.equal([
        422,
        'Get the statement from POST /v1/footprint-shares/statement, sign it (EIP-191) with your registered account and send shareId and signature to POST /v1/footprint-shares.',
      ]);
    });

    it('is refused with a signature by a key that is not its account', async function () {
      statement = await call(t, selfSigning.key, 'POST', '/v1/footprint-shares/statement', body);
      const signature = await Wallet.createRandom().signMessage(statement.statement);
      const res = await req(selfSigning, 'POST', '/v1/footprint-shares', {
        ...body,
        shareId: statement.shareId,
        signature,
      });
      expect([res.statusCode, res.json().code]).to.deep.equal([422, 'NT_ERR_SUPPLY_FOOTPRINT']);
    });

    it('shares once it signs the statement itself, and the customer verifies it', async function () {
      const signature = await ownKey.signMessage(statement.statement);
      const res = await req(selfSigning, 'POST', '/v1/footprint-shares', {
        ...body,
        shareId: statement.shareId,
        signature,
      });
      expect(res.statusCode, res.body).to.equal(201);
      const v: Verification = await call(t, customer.key, 'GET', `/v1/footprint-shares/${statement.shareId}/verify`);
      expect([v.verified, res.json().signer]).to.deep.equal([true, ownKey.address.toLowerCase()]);
    });

    it('refuses the same share id twice', async function () {
      const signature = await ownKey.signMessage(statement.statement);
      const res = await req(selfSigning, 'POST', '/v1/footprint-shares', {
        ...body,
        shareId: statement.shareId,
        signature,
      });
      expect(res.statusCode).to.equal(409);
    });
  });

  describe('when the stored share is altered', function () {
    let altered: Verification;

    before(async function () {
      await db.db.query("update footprint_shares set kg_co2e_per_unit = '0.001' where id = $1::uuid", [share.shareId]);
      altered = await call(t, customer.key, 'GET', `/v1/footprint-shares/${share.shareId}/verify`);
      await db.db.query('update footprint_shares set kg_co2e_per_unit = $2 where id = $1::uuid', [
        share.shareId,
        share.kgCO2ePerUnit,
      ]);
    });

    it('fails the signature and figure checks only', function () {
      expect(altered.checks.filter((c) => !c.pass).map((c) => c.name)).to.deep.equal(['signature', 'figure']);
    });
  });

  describe('when the share names another hash than the chain holds', function () {
    let altered: Verification;

    before(async function () {
      await db.db.query('update footprint_shares set inventory_hash = $2 where id = $1::uuid', [
        share.shareId,
        randomBytes(32),
      ]);
      altered = await call(t, customer.key, 'GET', `/v1/footprint-shares/${share.shareId}/verify`);
      await db.db.query('update footprint_shares set inventory_hash = $2 where id = $1::uuid', [
        share.shareId,
        Buffer.from(share.inventoryHash.slice(2), 'hex'),
      ]);
    });

    it('fails the chain record, signature and inventory hash checks', function () {
      expect(altered.checks.filter((c) => !c.pass).map((c) => c.name)).to.deep.equal([
        'chain-record',
        'signature',
        'inventory-hash',
      ]);
    });
  });

  describe('when the supplier revokes the share', function () {
    let revoked: Share;

    before(async function () {
      revoked = await call(t, supplier.key, 'POST', `/v1/footprint-shares/${share.shareId}/revoke`);
    });

    it('is marked revoked', function () {
      expect(revoked.revokedAt).to.be.a('string');
    });

    it('fails the not-revoked check', async function () {
      const v: Verification = await call(t, customer.key, 'GET', `/v1/footprint-shares/${share.shareId}/verify`);
      expect([v.verified, v.checks.find((c) => c.name === 'not-revoked')?.pass]).to.deep.equal([false, false]);
    });

    it('leaves the customer’s inventory as it was without purchases, hash included', async function () {
      const now = await customerPreview();
      expect([now.document.scope3, now.hash]).to.deep.equal([undefined, hashWithoutPurchases]);
    });

    it('refuses new purchases against it', async function () {
      const res = await req(customer, 'POST', '/v1/supplier-purchases', {
        shareId: share.shareId,
        period: '2025-03',
        quantity: '1',
      });
      expect([res.statusCode, res.json().code]).to.deep.equal([409, 'NT_ERR_SUPPLY_SHARE_REVOKED']);
    });
  });
});
