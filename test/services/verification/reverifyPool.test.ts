import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { encryptForRecipients } from '../../../services/documents/encryptForRecipients';
import { serializeEnvelope } from '../../../services/documents/envelope';
import { generateRecipientKeyPair } from '../../../services/documents/recipientKeys';
import { loadKeccak } from '../../../services/lib/keccak';
import { leafHashReference } from '../../../services/lib/leafSchema';
import { MerkleTree } from '../../../services/lib/merkle';
import type { BatchExport } from '../../../services/evidence/evidenceFormat';
import { reverifyPool, type ReverifyPool } from '../../../services/verification/reverifyPool';

const ORG = '0b6f4c1e-8d2a-4f57-9c3e-2a7d5e1f9b40';
const METER = { id: 'meter-1', energyKind: 'electricity', flow: 'import', unit: 'kWh', timeZone: 'Asia/Shanghai' };

/** An export whose root is computed by the general ABI encoder, independently of the fast path under test. */
function batchExport(n: number): BatchExport {
  const rows: BatchExport['rows'] = Array.from({ length: n }, (_, i) => [
    0,
    1_740_758_400 + i * 900,
    1_740_758_400 + (i + 1) * 900,
    String(12_500_000 + i),
    0,
    0,
    randomBytes(32).toString('hex'),
    '',
  ]);
  const leaves = rows.map((r) =>
    leafHashReference({
      orgId: ORG,
      meterId: METER.id,
      energyKind: METER.energyKind,
      flow: 'import',
      intervalStart: r[1],
      intervalEnd: r[2],
      quantity: BigInt(r[3]),
      unit: METER.unit,
      flags: 0,
      revision: 0,
      rawHash: `0x${r[6]}`,
      signatureHash: null,
    }),
  );
  return {
    format: 'nengtan-batch-export/v1',
    batch: { id: `0x${'ab'.repeat(32)}`, root: MerkleTree.build(leaves).rootHex, leafCount: n },
    organisation: ORG,
    meters: [METER],
    rows,
  };
}

describe('reverifyPool', function () {
  const verifier = generateRecipientKeyPair();
  let pool: ReverifyPool;
  let exp: BatchExport;
  let envelope: Uint8Array;

  before(async function () {
    await loadKeccak();
    pool = reverifyPool(2);
    exp = batchExport(1000);
    envelope = serializeEnvelope(
      encryptForRecipients(gzipSync(JSON.stringify(exp)), [{ id: 'verifier', publicKey: verifier.publicKey }]),
    );
  });

  after(async function () {
    await pool?.close();
  });

  it('rebuilds the root on a worker thread', async function () {
    const result = await pool.reverify(envelope, 'verifier', verifier.privateKey);
    expect([result.root, result.matches, result.readings]).to.deep.equal([exp.batch.root, true, 1000]);
  });

  it('hands back the export it verified', async function () {
    const result = await pool.reverify(envelope, 'verifier', verifier.privateKey);
    expect(JSON.parse(Buffer.from(result.plaintext).toString('utf8'))).to.deep.equal(exp);
  });

  it('verifies many batches at once, each against its own root', async function () {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => pool.reverify(envelope, 'verifier', verifier.privateKey)),
    );
    expect(results.every((r) => r.matches)).to.equal(true);
  });

  it('reports a changed reading as a root that does not match', async function () {
    const changed = { ...exp, rows: exp.rows.map((r, i) => (i === 500 ? ([...r] as typeof r) : r)) };
    changed.rows[500][3] = String(BigInt(changed.rows[500][3]) + 1n);
    const tampered = serializeEnvelope(
      encryptForRecipients(gzipSync(JSON.stringify(changed)), [{ id: 'verifier', publicKey: verifier.publicKey }]),
    );
    expect((await pool.reverify(tampered, 'verifier', verifier.privateKey)).matches).to.equal(false);
  });

  it('rejects with the decryption error for the wrong key, and keeps working', async function () {
    const stranger = generateRecipientKeyPair();
    const refused = await pool.reverify(envelope, 'verifier', stranger.privateKey).then(
      () => 'accepted',
      (error: Error) => error.message,
    );
    const after = await pool.reverify(envelope, 'verifier', verifier.privateKey);
    expect([refused === 'accepted', after.matches]).to.deep.equal([false, true]);
  });

  it('verifies on the calling thread with size 0', async function () {
    const inline = reverifyPool(0);
    expect((await inline.reverify(envelope, 'verifier', verifier.privateKey)).root).to.equal(exp.batch.root);
  });
});
