import mqtt, { type MqttClient } from 'mqtt';
import type { Queryable } from '../db/db';

/** The topic an organisation's alert events are published on (QoS 1). */
export const alertTopic = (orgId: string) => `nengtan/${orgId}/alerts`;

export interface AlertPublisher {
  /** Publishes the events not yet sent, oldest first; stops at the first that the broker does not acknowledge. */
  publishPending(db: Queryable): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Publishes alert events from the outbox to the MQTT broker. An event is marked sent only after the broker's PUBACK,
 * so a broker that is down delays events and loses none (a crash between PUBACK and the mark may repeat one).
 */
export function startAlertPublisher(url: string, clientId: string): AlertPublisher {
  const client: MqttClient = mqtt.connect(url, { protocolVersion: 5, clientId, clean: true, reconnectPeriod: 1000 });
  client.on('error', () => undefined);
  return {
    async publishPending(db) {
      if (!client.connected) return 0;
      const { rows } = await db.query<{ id: string; org_id: string; body: unknown }>(
        'select id::text, org_id, body from alert_events where mqtt_sent_at is null order by id limit 100',
      );
      let sent = 0;
      for (const row of rows) {
        await client.publishAsync(alertTopic(row.org_id), JSON.stringify(row.body), { qos: 1 });
        await db.query('update alert_events set mqtt_sent_at = now() where id = $1::bigint', [row.id]);
        sent += 1;
      }
      return sent;
    },
    async stop() {
      await client.endAsync();
    },
  };
}
