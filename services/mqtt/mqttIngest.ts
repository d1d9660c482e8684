import mqtt, { type IClientOptions, type IConnackPacket, type IPublishPacket, type MqttClient } from 'mqtt';
import type { VeeConfig } from '../runtime/config';
import type { Db } from '../db/db';
import { ingestReadings, sha256, type IngestResult } from '../ingest/ingestReadings';
import { parseReceivedReading, parseSignatures, type ReceivedBatch } from '../ingest/received';
import { NengtanError, type ReadingProblem } from '../lib/errors';
import { authenticateApiKey } from '../registry/apiKeys';
import { resolveMeters } from '../registry/meters';
import { acksTopic, parseReadingsTopic, readingsTopicFilter } from './topics';
import { redactUrl } from '../lib/redactUrl';

export interface MqttIngestOptions {
  url: string;
  topicPrefix: string;
  maxReadings: number;
  vee: VeeConfig;
  /**
   * This instance's client id, the same on every restart (config: mqttClientId). With a persistent session the broker
   * keeps QoS 1 messages while the instance is down; a new id per start would leave the old session subscribed.
   */
  clientId: string;
  /** How long the broker keeps the session while the instance is away (default one day). */
  sessionExpirySeconds?: number;
  log: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void };
}

export interface MqttIngest {
  client: MqttClient;
  stop(): Promise<void>;
}

const DEFAULT_SESSION_EXPIRY_SECONDS = 86_400;
const SESSION_TAKEN_OVER = 142;
/** How long a graceful stop waits for the message being ingested. */
const STOP_DRAIN_MS = 10_000;

type Outcome = { ok: true; result: IngestResult } | { ok: false; error: Record<string, unknown> };

/**
 * MQTT ingest: the same pipeline as HTTP behind a topic per organisation and meter. A message is acknowledged to the
 * broker (PUBACK) only after its readings are committed, so a crash before commit makes the broker redeliver it;
 * redelivery is harmless because the topic and payload hash are the idempotency key. Several instances share the
 * subscription ($share), each message going to one of them.
 *
 * Authentication: an MQTT 5 user property `authorization: Bearer nt_...` with an ingest key of the topic's
 * organisation, or, for a meter with a registered gateway, the gateway's signature in the payload (which only the
 * gateway can produce).
 */
export async function startMqttIngest(db: Db, options: MqttIngestOptions): Promise<MqttIngest> {
  let inFlight = 0;
  let stopping = false;
  const { client } = await connectIngestClient(
    db,
    options,
    options.clientId,
    (phase) => (inFlight += phase === 'start' ? 1 : -1),
    () => !stopping,
  );
  client.on('error', (error) => options.log.warn({ err: error }, 'mqtt error'));
  await client.subscribeAsync(sharedReadingsFilter(options.topicPrefix), { qos: 1 });
  options.log.info(
    { url: redactUrl(options.url), clientId: options.clientId, topics: readingsTopicFilter(options.topicPrefix) },
    'mqtt ingest subscribed',
  );
  return {
    client,
    /**
     * Drains before disconnecting: messages that arrive from now on stay unacknowledged (the broker keeps them in the
     * session for the next start), the one being ingested finishes and its answer goes out with the disconnect.
     */
    async stop() {
      stopping = true;
      const deadline = Date.now() + STOP_DRAIN_MS;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await client.endAsync();
    },
  };
}

export function sharedReadingsFilter(topicPrefix: string): string {
  return `$share/nengtan/${readingsTopicFilter(topicPrefix)}`;
}

/**
 * Connects as `clientId`, resuming its session, with every message it receives ingested. `onMessage` is told when a
 * message's processing starts and ends (retireMqttSession waits for the queue to run dry). While `accepting()` is
 * false, arriving messages are neither ingested nor acknowledged, so the broker redelivers them to the next connection.
 */
export async function connectIngestClient(
  db: Db,
  options: MqttIngestOptions,
  clientId: string,
  onMessage: (phase: 'start' | 'end') => void = () => undefined,
  accepting: () => boolean = () => true,
): Promise<{ client: MqttClient; sessionPresent: boolean }> {
  const clientOptions: IClientOptions = {
    protocolVersion: 5,
    clientId,
    clean: false,
    properties: { sessionExpiryInterval: options.sessionExpirySeconds ?? DEFAULT_SESSION_EXPIRY_SECONDS },
    reconnectPeriod: 1000,
  };
  const client = mqtt.connect(options.url, clientOptions);
  // Installed before the CONNACK can arrive: a resumed session's queued messages follow it at once, and mqtt.js's
  // default handler would acknowledge them unprocessed.
  client.handleMessage = (packet: IPublishPacket, done) => {
    if (!accepting()) return;
    onMessage('start');
    handle(db, client, options, packet).then(
      () => {
        onMessage('end');
        done();
      },
      (error) => {
        onMessage('end');
        options.log.error({ err: error, topic: packet.topic }, 'mqtt message not processed');
        done(error as Error);
      },
    );
  };
  client.on('disconnect', (packet) => {
    // 142: another connection took this client id over, so two instances share one id and steal each other's session.
    options.log.error(
      { clientId, reasonCode: packet.reasonCode },
      packet.reasonCode === SESSION_TAKEN_OVER
        ? 'mqtt session taken over by another connection with this client id: give each instance its own NENGTAN_INSTANCE or MQTT_CLIENT_ID'
        : 'mqtt broker disconnected the ingest',
    );
  });
  const sessionPresent = await new Promise<boolean>((resolve, reject) => {
    const onConnect = (connack: IConnackPacket) => {
      client.off('error', onError);
      resolve(connack.sessionPresent);
    };
    const onError = (error: Error) => {
      client.off('connect', onConnect);
      client.end(true);
      reject(error);
    };
    client.once('connect', onConnect);
    client.once('error', onError);
  });
  return { client, sessionPresent };
}

async function handle(db: Db, client: MqttClient, options: MqttIngestOptions, packet: IPublishPacket): Promise<void> {
  const where = parseReadingsTopic(options.topicPrefix, packet.topic);
  if (!where) return;
  const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
  const outcome = await processMessage(db, options, packet, where.orgId, where.meter, payload);
  const responseTopic = packet.properties?.responseTopic ?? acksTopic(options.topicPrefix, where.orgId, where.meter);
  const body = outcome.ok ? { ok: true, ...outcome.result } : { ok: false, ...outcome.error };
  // Not awaited: the PUBACK for the answer is read by the same packet loop that waits for this handler to finish.
  client.publish(
    responseTopic,
    JSON.stringify(body),
    {
      qos: 1,
      properties: packet.properties?.correlationData ? { correlationData: packet.properties.correlationData } : {},
    },
    (error) => {
      if (error) options.log.warn({ err: error, topic: responseTopic }, 'mqtt answer not delivered');
    },
  );
}

async function processMessage(
  db: Db,
  options: MqttIngestOptions,
  packet: IPublishPacket,
  orgId: string,
  meter: string,
  payload: Buffer,
): Promise<Outcome> {
  try {
    const batch = parsePayload(payload, meter, options.maxReadings);
    await authorise(db, packet, orgId, meter, batch.signatureSent);
    // Retried until committed: the broker is acknowledged only afterwards, and a database blip should not cost
    // the gateway a redelivery cycle.
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await ingestReadings(db, options.vee, {
          orgId,
          source: 'mqtt',
          batch: batch.batch,
          problems: batch.problems,
          bodyHash: sha256(Buffer.concat([Buffer.from(`${orgId}/${meter}\u0000`), payload])),
        });
        return { ok: true, result };
      } catch (error) {
        if (error instanceof NengtanError || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
  } catch (error) {
    if (error instanceof NengtanError && error.statusCode < 500) return { ok: false, error: error.toJSON() };
    throw error;
  }
}

/** Accepts one reading object, an array of them, or `{ readings: [...], signature?: "0x..." }`. */
function parsePayload(
  payload: Buffer,
  meter: string,
  maxReadings: number,
): { batch: ReceivedBatch; problems: ReadingProblem[]; signatureSent: boolean } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: 'The MQTT payload is not valid JSON',
      hint: 'Publish a JSON reading, an array of readings or {"readings": [...]}.',
    });
  }
  const problems: ReadingProblem[] = [];
  let items: unknown[];
  let signature: unknown;
  if (Array.isArray(parsed)) items = parsed;
  else if (typeof parsed === 'object' && parsed !== null && 'readings' in parsed) {
    const { readings, signature: s, ...rest } = parsed as { readings: unknown; signature?: unknown };
    if (!Array.isArray(readings) || Object.keys(rest).length > 0) {
      throw new NengtanError('NT_ERR_REQUEST_INVALID', {
        message: 'Expected {"readings": [...], "signature"?: "0x..."}',
      });
    }
    items = readings;
    signature = s;
  } else items = [parsed];
  if (items.length > maxReadings) throw new NengtanError('NT_ERR_INGEST_TOO_LARGE', { details: { maxReadings } });
  const readings = items.flatMap((item, index) => parseReceivedReading(item, index, problems, meter) ?? []);
  const signatures = signature === undefined ? [] : parseSignatures([{ meter, signature }], problems);
  return { batch: { readings, signatures }, problems, signatureSent: signature !== undefined };
}

async function authorise(
  db: Db,
  packet: IPublishPacket,
  orgId: string,
  meterRef: string,
  signatureSent: boolean,
): Promise<void> {
  const header = packet.properties?.userProperties?.authorization;
  const text = Array.isArray(header) ? header[0] : header;
  if (text) {
    const principal = await authenticateApiKey(db, text.replace(/^Bearer\s+/i, '').trim());
    if (!principal) throw new NengtanError('NT_ERR_AUTH_INVALID');
    const allowed =
      principal.orgId === orgId && (principal.scopes.includes('ingest') || principal.scopes.includes('admin'));
    if (!allowed) throw new NengtanError('NT_ERR_AUTH_SCOPE', { details: { requiredScope: 'ingest' } });
    return;
  }
  // No key: only a gateway-bound meter, whose signature (checked, malformed or not, by the pipeline) authenticates
  // the message.
  const meter = (await resolveMeters(db, orgId, [meterRef])).get(meterRef);
  if (!meter?.gatewayAddress || !signatureSent) {
    throw new NengtanError('NT_ERR_AUTH_MISSING', {
      hint: 'Send the MQTT 5 user property "authorization: Bearer nt_..." or sign the readings with the meter\'s registered gateway.',
    });
  }
}
