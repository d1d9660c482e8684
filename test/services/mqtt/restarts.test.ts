import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Db } from '../../../services/db/db';
import { migrate } from '../../../services/db/migrate';
import { openDb } from '../../../services/db/openDb';
import { readingsTopic } from '../../../services/mqtt/topics';
import { issueApiKey, type IssuedKey } from '../../../services/registry/apiKeys';
import { createMeter, type Meter } from '../../../services/registry/meters';
import { createOrganisation, type Organisation } from '../../../services/registry/organisations';
import { createSite } from '../../../services/registry/sites';
import { loadKeccak } from '../../../services/lib/keccak';
import { loadConfig } from '../../../services/runtime/config';
import { createTestDb, TEST_DB_KIND, type TestDb } from '../../helpers/testDb';

const BROKER = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const RUN = `nengtan-test-${randomBytes(6).toString('hex')}`;
const RESTARTS = Number(process.env.RESTARTS ?? 10);
/** Messages each instance answers before it is stopped; more arrive while it is down. */
const ANSWERED_PER_INSTANCE = 5;
const PUBLISH_EVERY_MS = 250;
const WAIT_MS = 120_000;
// Far enough back that a long run's readings (one per 15 minutes) never reach the future.
const T0 = Date.parse('2026-01-01T00:00:00Z');

/** Polls `done` until it holds or the time is up. */
async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Restarts of the service under load: a gateway publishes QoS 1 readings without pause while the MQTT ingest process
 * is stopped and started again ten times. Each restart is a new process (a new pid), as when an operator restarts
 * Nengtan; every message the broker acknowledged must be stored exactly once.
 */
describe('MQTT ingest restarted ten times while a gateway publishes', function () {
  this.timeout(1_200_000);
  let dataDir: string;
  let t: TestDb | undefined;
  let env: Record<string, string>;
  let org: Organisation;
  let meter: Meter;
  let ingestKey: IssuedKey;
  let gateway: MqttClient;
  let running: ChildProcess | undefined;
  const acknowledged = new Set<number>();
  const answered = new Set<number>();

  /** The database the ingest process uses: PostgreSQL, or embedded PGlite in the data directory (opened in turn). */
  async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    if (t) return fn(t.db);
    const db = await openDb({ dataDir });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  function startIngest(): Promise<ChildProcess> {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'ingestProcess.ts')],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve(child);
      });
      child.once('exit', (code) => reject(new Error(`ingest process exited with ${code} before it was ready`)));
    });
  }

  function stopIngest(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    return new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  before(async function () {
    // Green on PostgreSQL (44 s; 188 s on a loaded machine) and on PGlite (265 s loaded). It runs in the PostgreSQL
    // pass; the PGlite pass (one process, one file) runs it only when asked, as it adds minutes and tests no other code.
    if (TEST_DB_KIND === 'pglite' && !process.env.TEST_MQTT_RESTARTS) this.skip();
    await loadKeccak();
    dataDir = mkdtempSync(path.join(tmpdir(), 'nengtan-mqtt-restarts-'));
    if (TEST_DB_KIND === 'postgres') t = await createTestDb();
    await withDb(async (db) => {
      if (!t) await migrate(db);
      org = await createOrganisation(db, { name: `MQTT restarts ${RUN}` });
      const site = await createSite(db, org.id, { name: 'Plant' });
      meter = await createMeter(db, org.id, { siteId: site.id, externalId: 'E-1', energyKind: 'electricity' });
      ingestKey = await issueApiKey(db, { orgId: org.id, name: 'gateway', scopes: ['ingest'] });
    });
    env = {
      NENGTAN_DATA_DIR: dataDir,
      DATABASE_URL: t?.url ?? '',
      MQTT_URL: BROKER,
      MQTT_TOPIC_PREFIX: RUN,
      MQTT_CLIENT_ID: '',
      NENGTAN_INSTANCE: '',
    };
    gateway = await mqtt.connectAsync(BROKER, { protocolVersion: 5, clientId: `${RUN}-gateway`, clean: true });
    gateway.on('message', (_topic, payload, packet) => {
      const body = JSON.parse(payload.toString('utf8')) as { ok: boolean };
      if (body.ok && packet.properties?.correlationData) answered.add(packet.properties.correlationData.readUInt32BE());
    });
    await gateway.subscribeAsync(`${RUN}/replies`, { qos: 1 });
  });

  after(async function () {
    if (!env) return;
    if (running) await stopIngest(running, 'SIGTERM');
    await gateway?.endAsync();
    // The ingest's session outlives it on the broker (that is the point); drop it so runs leave nothing behind.
    const forget = await mqtt.connectAsync(BROKER, {
      protocolVersion: 5,
      clientId: loadConfig(env).mqttClientId,
      clean: true,
      properties: { sessionExpiryInterval: 0 },
    });
    await forget.endAsync();
    await t?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores every acknowledged message exactly once', async function () {
    // The first start creates the session and its subscription; a message published before any subscription exists
    // is acknowledged by the broker and dropped (MQTT delivers to subscriptions, not to topics), so the gateway starts
    // after it. From then on the session outlives every restart.
    running = await startIngest();
    let publishing = true;
    const publisher = (async () => {
      for (let i = 0; publishing; i++) {
        const correlationData = Buffer.alloc(4);
        correlationData.writeUInt32BE(i);
        // Resolves on the broker's PUBACK: from here on the broker owes the message to a subscriber.
        await gateway.publishAsync(
          readingsTopic(RUN, org.id, 'E-1'),
          JSON.stringify({ start: new Date(T0 + i * 900_000).toISOString(), value: `${i}` }),
          {
            qos: 1,
            properties: {
              userProperties: { authorization: `Bearer ${ingestKey.key}` },
              responseTopic: `${RUN}/replies`,
              correlationData,
            },
          },
        );
        acknowledged.add(i);
        await new Promise((resolve) => setTimeout(resolve, PUBLISH_EVERY_MS));
      }
    })();
    for (let restart = 0; restart <= RESTARTS; restart++) {
      if (restart > 0) running = await startIngest();
      if (restart === RESTARTS) break;
      const target = answered.size + ANSWERED_PER_INSTANCE;
      await until(() => answered.size >= target, `instance ${restart} to answer ${ANSWERED_PER_INSTANCE} messages`);
      // Every other restart is a crash (PostgreSQL only: embedded PGlite is not made to survive kill -9 mid-write).
      await stopIngest(running!, restart % 2 === 1 && t ? 'SIGKILL' : 'SIGTERM');
      running = undefined;
    }
    publishing = false;
    await publisher;
    await until(() => answered.size >= acknowledged.size, 'every acknowledged message to be answered').catch(
      () => undefined,
    );
    await stopIngest(running!, 'SIGTERM');
    running = undefined;
    const { rows } = await withDb((db) =>
      db.query<{ stored: number; distinct: number }>(
        `select count(*)::int as stored, count(distinct reading_time)::int as distinct
         from raw_readings where meter_id = $1::uuid`,
        [meter.id],
      ),
    );
    expect({ acknowledged: acknowledged.size, ...rows[0] }).to.deep.equal({
      acknowledged: acknowledged.size,
      stored: acknowledged.size,
      distinct: acknowledged.size,
    });
  });
});
