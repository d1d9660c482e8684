import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEV_ROLES, devAccount } from '../../services/chain/devAccounts';
import { issueApiKey } from '../../services/registry/apiKeys';
import { verifyStoredOrganisation } from '../../services/receipts/verifyStoredBatches';
import { meter, orgWithSite, type OrgFixture } from '../helpers/fixtures';
import { startTestChain, type TestChain } from '../helpers/testChain';
import type { Db } from '../../services/db/db';
import { migrate } from '../../services/db/migrate';
import { pgliteDb } from '../../services/db/pgliteDb';
import { loadKeccak } from '../../services/lib/keccak';
import { createTestDb, TEST_DB_KIND, type TestDb } from '../helpers/testDb';

const ROOT = path.resolve(__dirname, '../..');
const PLATFORM_KEY = `nt_c0ffee000001_${'ab'.repeat(32)}`;
const METERS = 5;
const PER_REQUEST = 200; // readings: 40 intervals of each meter
const T0 = Date.parse('2024-01-01T00:00:00Z');

interface Service {
  child: ChildProcess;
  url: string;
}

const children = new Set<ChildProcess>();
/** The test organisation's ingest key (set up in before). */
let key = '';

/** Starts the real service (scripts/start.ts) as a child process against the test database and chain. */
async function startService(env: Record<string, string>): Promise<Service> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'warn', TS_NODE_TRANSPILE_ONLY: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /API\s+(http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`service exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

function kill9(service: Service): Promise<void> {
  return new Promise((resolve) => {
    if (service.child.exitCode !== null) return resolve();
    service.child.once('exit', () => resolve());
    service.child.kill('SIGKILL');
  });
}

/** Every third request asks for the deferred acknowledgement (Prefer: respond-async: 202 once its body is stored). */
const deferred = (n: number) => n % 3 === 0;

function post(service: Service, n: number): Promise<Response> {
  return fetch(`${service.url}/v1/readings`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'idempotency-key': `crash-${n}`,
      ...(deferred(n) ? { prefer: 'respond-async' } : {}),
    },
    body: requestBody(n),
  });
}

function requestBody(n: number): string {
  const readings = [];
  for (let m = 0; m < METERS; m++) {
    for (let k = 0; k < PER_REQUEST / METERS; k++) {
      const i = n * (PER_REQUEST / METERS) + k;
      readings.push({ meter: `C-${m}`, start: new Date(T0 + i * 900_000).toISOString(), value: `${(i % 50) + m}.25` });
    }
  }
  return JSON.stringify({ readings });
}

describe('crash safety: kill -9 during ingest and anchoring', function () {
  this.timeout(900_000);
  let t: TestDb;
  let chain: TestChain;
  let f: OrgFixture;
  let dataDir: string;
  let env: Record<string, string>;

  // PostgreSQL: the test's database, shared with the service. Embedded PGlite: the service's own data directory,
  // which only one process may open at a time, so the test opens it before the first start and after the last kill.
  const embedded = TEST_DB_KIND === 'pglite';
  let db: Db;
  const openDb = async (): Promise<Db> => {
    if (!embedded) return t.db;
    await loadKeccak();
    const pglite = await pgliteDb(path.join(dataDir, 'pglite'));
    await migrate(pglite);
    return pglite;
  };

  before(async function () {
    dataDir = mkdtempSync(path.join(tmpdir(), 'nengtan-crash-'));
    [t, chain] = await Promise.all([embedded ? (undefined as unknown as TestDb) : createTestDb(), startTestChain()]);
    db = await openDb();
    f = await orgWithSite(db, 'Crash Test Works');
    for (let m = 0; m < METERS; m++) await meter(db, f, { externalId: `C-${m}` });
    key = (await issueApiKey(db, { orgId: f.org.id, name: 'crash', scopes: ['ingest', 'read'] })).key;
    if (embedded) await db.close();
    env = {
      ...(embedded ? {} : { DATABASE_URL: t.url as string }),
      RPC_URL: chain.rpcUrl,
      SIGNER_KEY: devAccount(DEV_ROLES.anchorer).privateKey,
      DEPLOYMENT_FILE: chain.deploymentFile,
      NENGTAN_DATA_DIR: dataDir,
      NENGTAN_PLATFORM_KEY: PLATFORM_KEY,
      BATCH_WINDOW_SECONDS: '1',
      BATCH_MAX_READINGS: '500',
      WORKER_INTERVAL_MS: '100',
      ANCHOR_LEASE_SECONDS: '2',
    };
  });

  after(async function () {
    for (const child of children) child.kill('SIGKILL'); // a failed assertion must not leave services running
    if (embedded) await db?.close().catch(() => undefined);
    await Promise.all([t?.drop(), chain?.close()]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged reading, stored once and anchored once', async function () {
    const acked = new Set<number>();
    let next = 0;
    const pending: number[] = []; // sent but not acknowledged: retried with the same idempotency key
    let kills = 0;
    for (let cycle = 0; cycle < 6; cycle++) {
      const service = await startService(env);
      const deadline = Date.now() + 300 + Math.floor(Math.random() * 1500);
      const send = async (n: number) => {
        try {
          const res = await post(service, n);
          if (res.status === 200 || (deferred(n) && res.status === 202)) acked.add(n);
          else if (res.status < 500) throw new Error(`refused: ${res.status} ${(await res.text()).slice(0, 300)}`);
          else pending.push(n);
        } catch (error) {
          if (String(error).includes('refused')) throw error;
          pending.push(n); // connection reset by the kill: outcome unknown, the client retries
        }
      };
      const clients = [0, 1].map(async () => {
        while (Date.now() < deadline) {
          const n = pending.length > 0 ? (pending.shift() as number) : next++;
          await send(n);
        }
      });
      await new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())));
      await kill9(service);
      kills++;
      await Promise.all(clients);
    }
    // A last, calm run: retry what was never acknowledged, then let everything seal and anchor.
    const service = await startService(env);
    while (pending.length > 0) {
      const n = pending.shift() as number;
      const res = await post(service, n);
      expect(res.status).to.equal(deferred(n) ? 202 : 200);
      acked.add(n);
    }
    // Every deferred request acknowledged (202) before a kill is ingested by the restarted service's worker.
    for (const n of [...acked].filter(deferred)) {
      for (let tries = 0; ; tries++) {
        const res = await fetch(`${service.url}/v1/readings/requests/crash-${n}`, {
          headers: { authorization: `Bearer ${key}` },
        });
        const { state } = (await res.json()) as { state: string };
        if (state === 'done') break;
        expect(state, `deferred request crash-${n}`).to.equal('pending');
        if (tries > 600) throw new Error(`deferred request crash-${n} still pending after 60 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    // Wait until the service has sealed and anchored everything: no batch sealing or sealed for longer than the
    // batch window plus a few worker passes.
    let quietSince = Date.now();
    for (const started = Date.now(); Date.now() - quietSince < 2500;) {
      if (Date.now() - started > 90_000) throw new Error('batches were not all anchored within 90 s');
      const res = await fetch(`${service.url}/v1/batches?limit=1000`, { headers: { authorization: `Bearer ${key}` } });
      const batches = (await res.json()) as { status: string }[];
      if (batches.some((b) => b.status === 'sealing' || b.status === 'sealed')) quietSince = Date.now();
      await new Promise((r) => setTimeout(r, 100));
    }
    await kill9(service);
    if (embedded) db = await openDb(); // the PGlite data directory as the killed service left it

    expect(kills).to.equal(6);
    expect(acked.size).to.be.greaterThan(5);
    // Every acknowledged reading is stored exactly once as received, and is the current, measured value of its
    // interval (requests crossing each other may first leave estimates, which later revisions replace).
    const expected = [...acked].flatMap(
      (n) => JSON.parse(requestBody(n)).readings as { meter: string; start: string; value: string }[],
    );
    const { rows: raw } = await db.query<{ external_id: string; time: Date; value: string; n: number }>(
      `select m.external_id, r.reading_time as time, min(r.value::text) as value, count(*)::int as n
       from raw_readings r join meters m on m.id = r.meter_id group by 1, 2`,
    );
    const rawByKey = new Map(raw.map((r) => [`${r.external_id}@${r.time.toISOString()}`, r]));
    const notOnce = expected.filter((r) => rawByKey.get(`${r.meter}@${new Date(r.start).toISOString()}`)?.n !== 1);
    expect(notOnce, 'acknowledged readings missing or stored twice').to.deep.equal([]);
    const { rows: current } = await db.query<{ external_id: string; start: Date; quantity: string; flags: number }>(
      `select distinct on (r.meter_id, r.interval_start) m.external_id, r.interval_start as start, r.quantity::text as quantity, r.flags
       from readings r join meters m on m.id = r.meter_id order by r.meter_id, r.interval_start, r.revision desc`,
    );
    const currentByKey = new Map(current.map((r) => [`${r.external_id}@${r.start.toISOString()}`, r]));
    const wrong = expected.filter((r) => {
      const c = currentByKey.get(`${r.meter}@${new Date(r.start).toISOString()}`);
      return !c || Number(c.quantity) !== Number(r.value) || (c.flags & 1) !== 0;
    });
    expect(wrong, 'acknowledged readings not current').to.deep.equal([]);
    expect(raw.length).to.equal(expected.length);
    // Every batch with readings is anchored, once, with the root the chain holds.
    const { rows: batches } = await db.query<{ seq: number; batch_id: Uint8Array; root: Uint8Array; status: string }>(
      'select seq, batch_id, root, status from batches where exists (select 1 from readings r where r.batch_seq = batches.seq)',
    );
    expect(batches.every((b) => b.status === 'anchored')).to.equal(true);
    const events = await chain.anchorRegistry.queryFilter(chain.anchorRegistry.filters.BatchAnchored());
    const ids = events.map((e) => e.args.batchId);
    expect(new Set(ids).size, 'a batch anchored twice').to.equal(ids.length);
    for (const b of batches) {
      expect(await chain.anchorRegistry.rootOf('0x' + Buffer.from(b.batch_id).toString('hex'))).to.equal(
        '0x' + Buffer.from(b.root).toString('hex'),
      );
    }
    const report = await verifyStoredOrganisation(db, f.org.id, (id) => chain.anchorRegistry.rootOf(id));
    expect(report.ok).to.equal(true);
  });
});
