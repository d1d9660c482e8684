import { expect } from 'chai';
import { anchorSealedBatches } from '../../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../../services/batching/sealBatches';
import { connectChain } from '../../../services/chain/connectChain';
import { DEV_ROLES, devAccount } from '../../../services/chain/devAccounts';
import { postgresDb } from '../../../services/db/postgresDb';
import type { Db } from '../../../services/db/db';
import { ingestReadings, sha256 } from '../../../services/ingest/ingestReadings';
import { parseJsonBatch } from '../../../services/ingest/received';
import { loadConfig } from '../../../services/runtime/config';
import { meter, orgWithSite, VEE } from '../../helpers/fixtures';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, TEST_DB_KIND, type TestDb } from '../../helpers/testDb';

/**
 * Two service instances on one database and one chain, with the same anchoring key, ingesting, sealing and anchoring
 * at the same time: every batch ends anchored exactly once.
 */
describe('two instances on one database', function () {
  this.timeout(120_000);
  let t: TestDb;
  let chain: TestChain;
  let second: { db: Db; close(): Promise<void>; chain: Awaited<ReturnType<typeof connectChain>> };

  before(async function () {
    if (TEST_DB_KIND === 'pglite') this.skip(); // PGlite is one process's database by design
    [t, chain] = await Promise.all([createTestDb(), startTestChain()]);
    const db = postgresDb(t.url as string, { max: 4 });
    const chain2 = await connectChain({
      ...loadConfig({}),
      rpcUrl: chain.rpcUrl,
      signerKey: devAccount(DEV_ROLES.anchorer).privateKey,
      deploymentFile: chain.deploymentFile,
    });
    second = {
      db,
      chain: chain2,
      async close() {
        await chain2.close();
        await db.close();
      },
    };
  });

  after(async function () {
    await second?.close();
    await Promise.all([t?.drop(), chain?.close()]);
  });

  it('anchors every batch once while both ingest, seal and anchor', async function () {
    const orgs = await Promise.all([0, 1, 2].map((i) => orgWithSite(t.db, `Org ${i}`)));
    for (const f of orgs) await meter(t.db, f, { externalId: 'E' });
    const instances = [
      { db: t.db, chain: chain as typeof second.chain },
      { db: second.db, chain: second.chain },
    ];
    const T0 = Date.parse('2026-06-01T00:00:00Z');
    let stop = false;
    const workers = instances.map(async ({ db, chain: c }) => {
      while (!stop) {
        await sealDueBatches(db, { windowSeconds: 0, maxReadings: 50 });
        await anchorSealedBatches(db, c, { leaseSeconds: 1 });
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    // Both instances take ingest requests for every organisation, interleaved.
    for (let n = 0; n < 30; n++) {
      await Promise.all(
        orgs.map(async (f, i) => {
          const readings = Array.from({ length: 10 }, (_, k) => ({
            meter: 'E',
            start: new Date(T0 + (n * 10 + k) * 900_000).toISOString(),
            value: `${k}`,
          }));
          const body = { readings };
          const { batch, problems } = parseJsonBatch(body, 100);
          const { db } = instances[(n + i) % 2];
          await ingestReadings(db, VEE, {
            orgId: f.org.id,
            source: 'http',
            batch,
            problems,
            bodyHash: sha256(JSON.stringify(body)),
          });
        }),
      );
    }
    for (let i = 0; ; i++) {
      const { rows } = await t.db.query<{ n: number }>(
        "select count(*)::int as n from batches where status <> 'anchored' and exists (select 1 from readings r where r.batch_seq = batches.seq)",
      );
      if (rows[0].n === 0) break;
      if (i > 300) throw new Error('not all batches anchored');
      await new Promise((r) => setTimeout(r, 100));
    }
    stop = true;
    await Promise.all(workers);

    const { rows: batches } = await t.db.query<{ batch_id: Uint8Array; n: number }>(
      "select b.batch_id, (select count(*)::int from readings r where r.batch_seq = b.seq) as n from batches b where b.status = 'anchored'",
    );
    const events = await chain.anchorRegistry.queryFilter(chain.anchorRegistry.filters.BatchAnchored());
    const ids = events.map((e) => e.args.batchId);
    expect(new Set(ids).size, 'no batch anchored twice').to.equal(ids.length);
    expect(ids.length).to.equal(batches.length);
    expect(batches.reduce((sum, b) => sum + b.n, 0)).to.equal(3 * 30 * 10);
    const { rows: anchors } = await t.db.query<{ n: number }>('select count(*)::int as n from anchors');
    expect(anchors[0].n).to.equal(batches.length);
  });
});
