import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/db';
import { startMqttIngest, type MqttIngest, type MqttIngestOptions } from '../mqtt/mqttIngest';
import { retireMqttSession } from '../mqtt/retireMqttSession';
import type { Config } from './config';

/**
 * MQTT ingest as configured (off without MQTT_URL), under this instance's stable client id. The id in use is recorded
 * in <dataDir>/mqtt-client-id; when the configured id differs from the recorded one, the previous session is drained
 * and ended once the new one is subscribed, so it stops taking a share of the shared subscription.
 */
export async function startConfiguredMqttIngest(
  db: Db,
  config: Config,
  log: MqttIngestOptions['log'],
): Promise<MqttIngest | undefined> {
  if (!config.mqttUrl) return undefined;
  const options: MqttIngestOptions = {
    url: config.mqttUrl,
    topicPrefix: config.mqttTopicPrefix,
    maxReadings: config.ingestMaxReadings,
    vee: config.vee,
    clientId: config.mqttClientId,
    sessionExpirySeconds: config.mqttSessionExpirySeconds,
    log,
  };
  const record = config.dataDir ? path.join(config.dataDir, 'mqtt-client-id') : null;
  const previous = record && existsSync(record) ? readFileSync(record, 'utf8').trim() : '';
  const ingest = await startMqttIngest(db, options);
  if (record && previous !== config.mqttClientId) {
    try {
      if (previous) await retireMqttSession(db, options, previous);
      writeFileSync(record, config.mqttClientId + '\n');
    } catch (error) {
      await ingest.stop();
      throw error;
    }
  }
  return ingest;
}
