import { expect } from 'chai';
import { anchorSealedBatches } from '../../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../../services/batching/sealBatches';
import { ingestReadings, sha256 } from '../../../services/ingest/ingestReadings';
import { parseJsonBatch } from '../../../services/ingest/received';
import { buildReceipt } from '../../../services/receipts/buildReceipt';
import { receiptIsValid, verifyReceipt } from '../../../services/receipts/verifyReceipt';
import { verifyStoredBatch, verifyStoredOrganisation } from '../../../services/receipts/verifyStoredBatches';
import type { Meter } from '../../../services/registry/meters';
import { meter, orgWithSite, VEE, type OrgFixture } from '../../helpers/fixtures';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const T0 = Date.parse('2026-11-01T00:00:00Z');
const NOW = Date.parse('2026-11-20T00:00:00Z');

describe('anchored batches and receipts', function () {
  let t: TestDb;
  let chain: TestChain;
  let f: OrgFixture;
  let m: Meter;
  let seq: number;

  before(async function () {
    [t, chain] = await Promise.all([createTestDb(), startTestChain()]);
    f = await orgWithSite(t.db);
    m = await meter(t.db, f, { externalId: 'E-1' });
    await meter(t.db, f, { externalId: 'R-1', registerType: 'cumulative', energyKind: 'natural_gas' });
    const readings = [
      ...Array.from({ length: 96 }, (_, i) => ({
        meter: 'E-1',
        start: new Date(T0 + i * 900_000).toISOString(),
        value: (10 + (i % 7)).toFixed(3),
      })),
      ...Array.from({ length: 9 }, (_, i) => ({
        meter: 'R-1',
        at: new Date(T0 + i * 900_000).toISOString(),
        value: String(5000 + i * i),
      })),
    ];
    const body = { readings };
    const { batch, problems } = parseJsonBatch(body, 1000);
    const result = await ingestReadings(
      t.db,
      VEE,
      { orgId: f.org.id, source: 'http', batch, problems, bodyHash: sha256(JSON.stringify(body)) },
      NOW,
    );
    seq = result.batch.seq;
    await sealDueBatches(t.db, { windowSeconds: 0, maxReadings: 1 });
    const round = await anchorSealedBatches(t.db, chain);
    expect(round.anchored).to.deep.equal([seq]);
  });

  after(async function () {
    await Promise.all([t?.drop(), chain?.close()]);
  });

  it('gives every reading a receipt that verifies with ethers and the RPC endpoint alone', async function () {
    const receipt = await buildReceipt(t.db, f.org.id, {
      meterId: m.id,
      start: new Date(T0 + 5 * 900_000).toISOString(),
    });
    const checks = await verifyReceipt(receipt, chain.rpcUrl);
    expect(checks.filter((c) => !c.ok)).to.deep.equal([]);
    expect(receiptIsValid(checks)).to.equal(true);
  });

  it('fails verification of a receipt whose quantity was edited', async function () {
    const receipt = await buildReceipt(t.db, f.org.id, { meterId: m.id, start: new Date(T0).toISOString() });
    const names = receipt.leafNames;
    receipt.leafValues[names.indexOf('quantity')] = '999000000';
    const checks = await verifyReceipt(receipt, chain.rpcUrl);
    expect(checks.filter((c) => !c.ok).map((c) => c.name)).to.include(
      'leaf = keccak256(keccak256(abi.encode(leafValues)))',
    );
  });

  it("refuses a receipt for another organisation's reading", async function () {
    const other = await orgWithSite(t.db, 'Other');
    const error = await buildReceipt(t.db, other.org.id, { meterId: m.id, start: new Date(T0).toISOString() }).catch(
      (e) => e,
    );
    expect(error.code).to.equal('NT_ERR_NOT_FOUND');
  });

  it('does not anchor a batch twice when asked again', async function () {
    await t.db.query("update batches set status = 'sealed', next_anchor_at = now() where seq = $1::bigint", [seq]);
    const round = await anchorSealedBatches(t.db, chain);
    expect(round).to.deep.include({ anchored: [], reconciled: [seq] });
  });

  it('verifies the stored batch against the chain', async function () {
    const report = await verifyStoredBatch(t.db, seq, (id) => chain.anchorRegistry.rootOf(id));
    expect(report).to.deep.include({ ok: true, findings: [], readingsChecked: 104 });
  });

  describe('when a stored reading is changed in SQL', function () {
    let readingId: number;
    before(async function () {
      const { rows } = await t.db.query<{ id: number }>(
        'update readings set quantity = quantity + 1 where meter_id = $1::uuid and interval_start = $2::timestamptz returning id',
        [m.id, new Date(T0 + 3 * 900_000).toISOString()],
      );
      readingId = Number(rows[0].id);
    });
    after(async function () {
      await t.db.query('update readings set quantity = quantity - 1 where id = $1::bigint', [readingId]);
    });

    it('names the reading and its batch', async function () {
      const report = await verifyStoredOrganisation(t.db, f.org.id, (id) => chain.anchorRegistry.rootOf(id));
      expect(report.ok).to.equal(false);
      expect(report.failed.map((b) => [b.seq, b.findings.map((x) => [x.kind, x.readingId])])).to.deep.equal([
        [seq, [['reading_changed', readingId]]],
      ]);
    });
  });

  describe('when a raw reading is changed in SQL', function () {
    it('names the raw readings and the cleaned reading derived from them', async function () {
      const { rows } = await t.db.query<{ id: number }>(
        'update raw_readings set value = value + 1 where meter_id = $1::uuid and reading_time = $2::timestamptz returning id',
        [m.id, new Date(T0 + 7 * 900_000).toISOString()],
      );
      const rawId = Number(rows[0].id);
      const report = await verifyStoredBatch(t.db, seq);
      await t.db.query('update raw_readings set value = value - 1 where id = $1::bigint', [rawId]);
      expect(report.findings.map((x) => [x.kind, x.rawIds])).to.deep.equal([['raw_changed', [rawId]]]);
    });
  });
});
