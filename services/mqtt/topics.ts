/**
 * The MQTT topic scheme (README: MQTT ingest):
 *   <prefix>/<organisation uuid>/meters/<meter external id>/readings   gateways publish readings here (QoS 1)
 *   <prefix>/<organisation uuid>/meters/<meter external id>/acks       Nengtan answers here unless the message
 *                                                                      names an MQTT 5 response topic
 * Meter ids in topics must not contain "/", "+" or "#".
 */
export function readingsTopicFilter(prefix: string): string {
  return `${prefix}/+/meters/+/readings`;
}

export function readingsTopic(prefix: string, orgId: string, meter: string): string {
  return `${prefix}/${orgId}/meters/${meter}/readings`;
}

export function acksTopic(prefix: string, orgId: string, meter: string): string {
  return `${prefix}/${orgId}/meters/${meter}/acks`;
}

/** The organisation and meter a readings topic names, or undefined when the topic is not one. */
export function parseReadingsTopic(prefix: string, topic: string): { orgId: string; meter: string } | undefined {
  if (!topic.startsWith(`${prefix}/`)) return undefined;
  const parts = topic.slice(prefix.length + 1).split('/');
  if (parts.length !== 4 || parts[1] !== 'meters' || parts[3] !== 'readings') return undefined;
  const [orgId, , meter] = parts;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(orgId) || meter.length === 0)
    return undefined;
  return { orgId: orgId.toLowerCase(), meter };
}
