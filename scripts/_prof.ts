import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../services/db/migrate';
import { postgresDb } from '../services/db/postgresDb';
import { loadKeccak } from '../services/lib/keccak';
import { createMeter } from '../services/registry/meters';
import { createOrganisation } from '../services/registry/organisations';
import { createSite } from '../services/registry/sites';
import { ingestReadings, sha256 } from '../services/ingest/ingestReadings';
import { parseJsonBatch } from '../services/ingest/received';
import { loadConfig } from '../services/config';
async function main() {
  await loadKeccak();
  const name = `nengtan_prof_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const db0 = postgresDb(`postgres://postgres@127.0.0.1:5432/${name}`);
  const times = new Map<string, number>();
  const wrapQ = (q: any) => ({
    ...q,
    async query(sql: string, params?: any) {
      const t = performance.now();
      try {
        return await q.query(sql, params);
      } finally {
        const k = sql.replace(/\s+/g, ' ').slice(0, 60);
        times.set(k, (times.get(k) ?? 0) + performance.now() - t);
      }
    },
  });
  const db: any = {
    ...wrapQ(db0),
    exec: db0.exec,
    kind: db0.kind,
    close: db0.close,
    transaction: (fn: any) => db0.transaction((tx: any) => fn(wrapQ(tx))),
  };
  await migrate(db);
  const org = await createOrganisation(db, { name: 'p' });
  const site = await createSite(db, org.id, { name: 's' });
  for (let m = 0; m < 25; m++)
    await createMeter(db, org.id, { siteId: site.id, externalId: `M${m}`, energyKind: 'electricity' });
  const vee = loadConfig({}).vee;
  for (let r = 0; r < 6; r++) {
    const readings = [];
    for (let m = 0; m < 25; m++)
      for (let k = 0; k < 200; k++)
        readings.push({
          meter: `M${m}`,
          start: new Date(Date.parse('2026-01-01T00:00:00Z') + (r * 200 + k) * 900000).toISOString(),
          value: '12.345',
        });
    const body = JSON.stringify({ readings });
    const t0 = performance.now();
    const parsed = JSON.parse(body);
    const { batch, problems } = parseJsonBatch(parsed, 50000);
    const t1 = performance.now();
    await ingestReadings(db, vee, { orgId: org.id, source: 'http', batch, problems, bodyHash: sha256(body) });
    const t2 = performance.now();
    console.log(`parse ${(t1 - t0).toFixed(0)} ms, ingest ${(t2 - t1).toFixed(0)} ms`);
  }
  console.log(
    [...times]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([k, v]) => v.toFixed(0).padStart(6) + ' ' + k)
      .join('\n'),
  );
  await db.close();
  await admin.query(`drop database ${name} with (force)`);
  await admin.end();
}
main();
