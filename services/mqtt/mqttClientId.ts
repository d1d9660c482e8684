import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * The MQTT client id of this instance: the same on every restart, so a restart resumes the instance's persistent
 * session (and receives what the broker queued for it) instead of leaving a dead session behind that keeps taking its
 * share of the shared subscription. Distinct per instance: named by NENGTAN_INSTANCE, else by the host and the data
 * directory (two instances never share a data directory; see dataDirLock).
 */
export function defaultMqttClientId(options: { instance?: string; dataDir: string | null; host?: string }): string {
  if (options.instance) return `nengtan-${options.instance}`;
  const host = (options.host ?? hostname()).replace(/[^A-Za-z0-9._-]/g, '_');
  const place = options.dataDir ?? ':memory:';
  return `nengtan-${host}-${createHash('sha256').update(place).digest('hex').slice(0, 12)}`;
}
