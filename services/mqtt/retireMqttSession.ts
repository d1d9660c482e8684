import type { Db } from '../db/db';
import { connectIngestClient, sharedReadingsFilter, type MqttIngestOptions } from './mqttIngest';

/**
 * Ends the broker session of a client id this instance no longer uses (its id was changed), without losing what the
 * broker queued for it: resumes the session, leaves the shared subscription so no new messages are routed to it,
 * ingests the queued messages until none has arrived for `quietMs`, then disconnects with session expiry 0, which
 * makes the broker discard the session. Returns the number of messages ingested from it.
 */
export async function retireMqttSession(
  db: Db,
  options: MqttIngestOptions,
  clientId: string,
  quietMs = 1_000,
): Promise<number> {
  let inFlight = 0;
  let handled = 0;
  let lastActivity = Date.now();
  const { client, sessionPresent } = await connectIngestClient(db, options, clientId, (phase) => {
    lastActivity = Date.now();
    if (phase === 'start') inFlight++;
    else {
      inFlight--;
      handled++;
    }
  });
  try {
    if (sessionPresent) {
      await client.unsubscribeAsync(sharedReadingsFilter(options.topicPrefix));
      // Messages queued before the UNSUBSCRIBE keep arriving after its acknowledgement; the broker sends no marker
      // for the end of the queue, so a quiet period stands for it.
      while (inFlight > 0 || Date.now() - lastActivity < quietMs) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    await client.endAsync({ properties: { sessionExpiryInterval: 0 } });
  }
  options.log.info({ clientId, handled, sessionPresent }, 'previous mqtt session ended');
  return handled;
}
