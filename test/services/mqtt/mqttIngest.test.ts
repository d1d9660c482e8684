import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Wallet, type HDNodeWallet } from 'ethers';
import mqtt, { type IClientPublishOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import type { Db } from '../../../services/db/db';
import { parseReceivedReading, type ReceivedReading } from '../../../services/ingest/received';
import { canonicalSignedMessage } from '../../../services/ingest/signatures';
import type { ReadingProblem } from '../../../services/lib/errors';
import { QualityFlag } from '../../../services/lib/qualityFlags';
import { startMqttIngest, type MqttIngest } from '../../../services/mqtt/mqttIngest';
import { acksTopic, readingsTopic } from '../../../services/mqtt/topics';
import { issueApiKey, revokeApiKey, type IssuedKey, type Scope } from '../../../services/registry/apiKeys';
import { createMeter, updateMeter, type Meter } from '../../../services/registry/meters';
import { createOrganisation, type Organisation } from '../../../services/registry/organisations';
import { createSite, type Site } from '../../../services/registry/sites';
import { VEE } from '../../helpers/fixtures';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const BROKER = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
// One prefix and one set of client ids per run, so parallel runs on the same broker never see each other's messages.
const RUN = `nengtan-test-${randomBytes(6).toString('hex')}`;
const INGEST_CLIENT_ID = `${RUN}-ingest`;
const WAIT_MS = 10_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const silent = { info() {}, warn() {}, error() {} };

type Properties = NonNullable<IClientPublishOptions['properties']>;

interface Ack {
  body: Record<string, unknown>;
  correlationData?: Buffer;
}

interface StoredRow {
  start: string;
  quantity: string;
  flags: number;
}

function startIngest(db: Db): Promise<MqttIngest> {
  return startMqttIngest(db, {
    url: BROKER,
    topicPrefix: RUN,
    maxReadings: 1000,
    vee: VEE,
    clientId: INGEST_CLIENT_ID,
    log: silent,
  });
}

/** The next message on `topic`; listen before publishing what it answers. */
function nextMessage(client: MqttClient, topic: string): Promise<Ack> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error(`no message on ${topic} within ${WAIT_MS} ms`));
    }, WAIT_MS);
    function onMessage(received: string, payload: Buffer, packet: IPublishPacket) {
      if (received !== topic) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve({ body: JSON.parse(payload.toString('utf8')), correlationData: packet.properties?.correlationData });
    }
    client.on('message', onMessage);
  });
}

/** Reads until `done` holds or the time is up, and returns the last value read: the assertion shows what was there. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function stored(db: Db, m: Meter): Promise<StoredRow[]> {
  const { rows } = await db.query<StoredRow>(
    `select to_char(interval_start at time zone 'UTC', 'HH24:MI') as start, quantity::text as quantity, flags
     from readings where meter_id = $1::uuid order by interval_start, revision`,
    [m.id],
  );
  return rows;
}

const bearer = (key: IssuedKey | string): Properties => ({
  userProperties: { authorization: `Bearer ${typeof key === 'string' ? key : key.key}` },
});

/** What the gateway signs: the readings as the ingest parses them, under the meter as named in the topic. */
function parsedForTopic(meter: string, readings: unknown[]): ReceivedReading[] {
  const problems: ReadingProblem[] = [];
  const parsed = readings.map((r, i) => parseReceivedReading(r, i, problems, meter));
  if (problems.length > 0) throw new Error(`test readings do not parse: ${JSON.stringify(problems)}`);
  return parsed as ReceivedReading[];
}

describe('startMqttIngest', function () {
  let t: TestDb;
  let ingest: MqttIngest | undefined;
  let gateway: MqttClient;
  let org: Organisation;
  let site: Site;
  let m: Meter;
  let ingestKey: IssuedKey;

  async function send(meterRef: string, payload: unknown, properties: Properties = {}): Promise<Ack> {
    const answer = nextMessage(gateway, properties.responseTopic ?? acksTopic(RUN, org.id, meterRef));
    await gateway.publishAsync(
      readingsTopic(RUN, org.id, meterRef),
      typeof payload === 'string' ? payload : JSON.stringify(payload),
      { qos: 1, properties },
    );
    return answer;
  }

  async function key(scopes: Scope[], orgId: string | null = org.id): Promise<IssuedKey> {
    return issueApiKey(t.db, { orgId, name: `key ${scopes.join(' ')}`, scopes });
  }

  before(async function () {
    t = await createTestDb();
    ingest = await startIngest(t.db);
    gateway = await mqtt.connectAsync(BROKER, { protocolVersion: 5, clientId: `${RUN}-gateway`, clean: true });
    await gateway.subscribeAsync([`${RUN}/+/meters/+/acks`, `${RUN}/replies/#`], { qos: 1 });
  });

  after(async function () {
    await gateway?.endAsync();
    await ingest?.stop();
    // The ingest's session outlives it on the broker (that is the point); drop it so runs leave nothing behind.
    const forget = await mqtt.connectAsync(BROKER, {
      protocolVersion: 5,
      clientId: INGEST_CLIENT_ID,
      clean: true,
      properties: { sessionExpiryInterval: 0 },
    });
    await forget.endAsync();
    await t?.drop();
  });

  beforeEach(async function () {
    org = await createOrganisation(t.db, { name: `MQTT org ${randomBytes(4).toString('hex')}` });
    site = await createSite(t.db, org.id, { name: 'Plant 1' });
    m = await createMeter(t.db, org.id, { siteId: site.id, externalId: 'E-1', energyKind: 'electricity' });
    ingestKey = await key(['ingest']);
  });

  describe('a message with an ingest key of the organisation', function () {
    it('stores one reading object under the meter of the topic', async function () {
      await send('E-1', { start: at(0), value: '1.5' }, bearer(ingestKey));
      const rows = await eventually(
        () => stored(t.db, m),
        (r) => r.length > 0,
      );
      expect(rows.map((r) => [r.start, r.quantity])).to.deep.equal([['00:00', '1.500000']]);
    });
    it('acknowledges on the acks topic with the counts', async function () {
      const ack = await send('E-1', { start: at(0), value: '1.5' }, bearer(ingestKey));
      expect(ack.body).to.include({ ok: true, received: 1, accepted: 1, duplicates: 0, conflicts: 0, written: 1 });
    });
    it('stores an array of readings', async function () {
      const ack = await send(
        'E-1',
        [0, 15, 30].map((min) => ({ start: at(min), value: '2' })),
        bearer(ingestKey),
      );
      expect(ack.body).to.include({ ok: true, accepted: 3 });
      const rows = await eventually(
        () => stored(t.db, m),
        (r) => r.length >= 3,
      );
      expect(rows.map((r) => r.start)).to.deep.equal(['00:00', '00:15', '00:30']);
    });
    it('stores {readings: [...]}, each reading naming the meter of the topic or none', async function () {
      const ack = await send(
        'E-1',
        {
          readings: [
            { meter: 'E-1', start: at(0), value: '3' },
            { start: at(15), value: '4' },
          ],
        },
        bearer(ingestKey),
      );
      expect(ack.body).to.include({ ok: true, accepted: 2 });
      const rows = await eventually(
        () => stored(t.db, m),
        (r) => r.length >= 2,
      );
      expect(rows.map((r) => [r.start, r.quantity])).to.deep.equal([
        ['00:00', '3.000000'],
        ['00:15', '4.000000'],
      ]);
    });
    it('records the raw readings as received over MQTT', async function () {
      await send('E-1', { start: at(0), value: '1' }, bearer(ingestKey));
      const { rows } = await t.db.query<{ source: string }>(
        'select source from raw_readings where meter_id = $1::uuid',
        [m.id],
      );
      expect(rows).to.deep.equal([{ source: 'mqtt' }]);
    });
    it('accepts an admin key', async function () {
      const ack = await send('E-1', { start: at(0), value: '1' }, bearer(await key(['admin'])));
      expect(ack.body).to.include({ ok: true, accepted: 1 });
    });
    it('answers on the MQTT 5 response topic with the same correlation data', async function () {
      const correlationData = randomBytes(16);
      const ack = await send(
        'E-1',
        { start: at(0), value: '1' },
        { ...bearer(ingestKey), responseTopic: `${RUN}/replies/${org.id}`, correlationData },
      );
      expect([ack.body.ok, ack.correlationData?.toString('hex')]).to.deep.equal([
        true,
        correlationData.toString('hex'),
      ]);
    });
    it('refuses a reading naming another meter than the topic, storing nothing', async function () {
      await createMeter(t.db, org.id, { siteId: site.id, externalId: 'E-2', energyKind: 'electricity' });
      const ack = await send('E-1', { readings: [{ meter: 'E-2', start: at(0), value: '1' }] }, bearer(ingestKey));
      expect([ack.body.ok, ack.body.code, await stored(t.db, m)]).to.deep.equal([false, 'NT_ERR_INGEST_INVALID', []]);
    });
  });

  describe('a message that is not authorised', function () {
    it('without a key, for a meter without a gateway, is refused with NT_ERR_AUTH_MISSING', async function () {
      const ack = await send('E-1', { start: at(0), value: '1' });
      expect([ack.body.ok, ack.body.code]).to.deep.equal([false, 'NT_ERR_AUTH_MISSING']);
    });
    it('without a key stores nothing', async function () {
      await send('E-1', { start: at(0), value: '1' });
      expect(await stored(t.db, m)).to.deep.equal([]);
    });
    it("with another organisation's ingest key is refused with NT_ERR_AUTH_SCOPE", async function () {
      const other = await createOrganisation(t.db, { name: `other ${randomBytes(4).toString('hex')}` });
      const ack = await send('E-1', { start: at(0), value: '1' }, bearer(await key(['ingest', 'admin'], other.id)));
      expect([ack.body.ok, ack.body.code, await stored(t.db, m)]).to.deep.equal([false, 'NT_ERR_AUTH_SCOPE', []]);
    });
    it('with a read-only key is refused with NT_ERR_AUTH_SCOPE', async function () {
      const ack = await send('E-1', { start: at(0), value: '1' }, bearer(await key(['read'])));
      expect([ack.body.ok, ack.body.code, await stored(t.db, m)]).to.deep.equal([false, 'NT_ERR_AUTH_SCOPE', []]);
    });
    it('with a platform key (no organisation) is refused with NT_ERR_AUTH_SCOPE', async function () {
      const ack = await send('E-1', { start: at(0), value: '1' }, bearer(await key(['platform'], null)));
      expect([ack.body.ok, ack.body.code]).to.deep.equal([false, 'NT_ERR_AUTH_SCOPE']);
    });
    it('with an unknown key is refused with NT_ERR_AUTH_INVALID', async function () {
      const unknown = `nt_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('hex')}`;
      const ack = await send('E-1', { start: at(0), value: '1' }, bearer(unknown));
      expect([ack.body.ok, ack.body.code, await stored(t.db, m)]).to.deep.equal([false, 'NT_ERR_AUTH_INVALID', []]);
    });
    it('with a revoked key is refused with NT_ERR_AUTH_INVALID', async function () {
      await revokeApiKey(t.db, org.id, ingestKey.id);
      const ack = await send('E-1', { start: at(0), value: '1' }, bearer(ingestKey));
      expect([ack.body.ok, ack.body.code]).to.deep.equal([false, 'NT_ERR_AUTH_INVALID']);
    });
  });

  describe('a meter with a registered gateway', function () {
    let g: Meter;
    let wallet: HDNodeWallet;
    const readings = [
      { start: at(0), value: '5' },
      { start: at(15), value: '6' },
    ];

    beforeEach(async function () {
      wallet = Wallet.createRandom();
      g = await createMeter(t.db, org.id, { siteId: site.id, externalId: 'G-1', energyKind: 'electricity' });
      await updateMeter(t.db, org.id, g.id, { gatewayAddress: wallet.address });
    });
    it('accepts readings signed by the gateway without a key', async function () {
      const signature = await wallet.signMessage(canonicalSignedMessage('G-1', parsedForTopic('G-1', readings)));
      const ack = await send('G-1', { readings, signature });
      expect(ack.body).to.include({ ok: true, accepted: 2 });
    });
    it('stores the signed readings flagged as signed', async function () {
      const signature = await wallet.signMessage(canonicalSignedMessage('G-1', parsedForTopic('G-1', readings)));
      await send('G-1', { readings, signature });
      const rows = await eventually(
        () => stored(t.db, g),
        (r) => r.length >= 2,
      );
      expect(rows.map((r) => [r.start, (r.flags & QualityFlag.SIGNED) !== 0])).to.deep.equal([
        ['00:00', true],
        ['00:15', true],
      ]);
    });
    it('accepts a topic naming the meter by its UUID, signed over that UUID', async function () {
      const signature = await wallet.signMessage(canonicalSignedMessage(g.id, parsedForTopic(g.id, readings)));
      const ack = await send(g.id, { readings, signature });
      expect(ack.body).to.include({ ok: true, accepted: 2 });
    });
    it('refuses a signature by another key with NT_ERR_INGEST_INVALID and stores nothing', async function () {
      const forger = Wallet.createRandom();
      const signature = await forger.signMessage(canonicalSignedMessage('G-1', parsedForTopic('G-1', readings)));
      const ack = await send('G-1', { readings, signature });
      expect([ack.body.ok, ack.body.code, await stored(t.db, g)]).to.deep.equal([false, 'NT_ERR_INGEST_INVALID', []]);
    });
    it('refuses a signature over other readings with NT_ERR_INGEST_INVALID', async function () {
      const signature = await wallet.signMessage(canonicalSignedMessage('G-1', parsedForTopic('G-1', readings)));
      const ack = await send('G-1', { readings: [{ start: at(0), value: '50' }, readings[1]], signature });
      expect([ack.body.ok, ack.body.code]).to.deep.equal([false, 'NT_ERR_INGEST_INVALID']);
    });
    it('refuses unsigned readings without a key with NT_ERR_AUTH_MISSING', async function () {
      const ack = await send('G-1', { readings });
      expect([ack.body.ok, ack.body.code]).to.deep.equal([false, 'NT_ERR_AUTH_MISSING']);
    });
  });

  describe('a payload that is not valid JSON', function () {
    it('is refused with NT_ERR_REQUEST_INVALID and stores nothing', async function () {
      const ack = await send('E-1', '{"start": "2026-11-01T00:00:00Z", "value": ', bearer(ingestKey));
      expect([ack.body.ok, ack.body.code, await stored(t.db, m)]).to.deep.equal([false, 'NT_ERR_REQUEST_INVALID', []]);
    });
    it('does not stop the ingest: the next valid message is stored', async function () {
      await send('E-1', 'not json', bearer(ingestKey));
      const ack = await send('E-1', { start: at(0), value: '1' }, bearer(ingestKey));
      expect([ack.body.ok, (await stored(t.db, m)).length]).to.deep.equal([true, 1]);
    });
  });

  describe('the same message delivered twice', function () {
    const payload = { readings: [0, 15].map((min) => ({ start: at(min), value: '7' })) };
    it('is stored once', async function () {
      await send('E-1', payload, bearer(ingestKey));
      await send('E-1', payload, bearer(ingestKey));
      const { rows } = await t.db.query<{ n: number }>(
        'select count(*)::int as n from raw_readings where meter_id = $1::uuid',
        [m.id],
      );
      expect(rows[0].n).to.equal(2);
    });
    it('is acknowledged twice with the same answer', async function () {
      const first = await send('E-1', payload, bearer(ingestKey));
      const second = await send('E-1', payload, bearer(ingestKey));
      expect(second.body).to.deep.equal(first.body);
    });
  });

  describe('a restart', function () {
    it('stores a reading published while the ingest was down (persistent session)', async function () {
      await ingest?.stop();
      ingest = undefined;
      // PUBACK from the broker: it holds the message for the ingest's session from here on.
      await gateway.publishAsync(readingsTopic(RUN, org.id, 'E-1'), JSON.stringify({ start: at(0), value: '9' }), {
        qos: 1,
        properties: bearer(ingestKey),
      });
      ingest = await startIngest(t.db);
      const rows = await eventually(
        () => stored(t.db, m),
        (r) => r.length > 0,
      );
      expect(rows.map((r) => [r.start, r.quantity])).to.deep.equal([['00:00', '9.000000']]);
    });
  });
});
