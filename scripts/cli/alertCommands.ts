import type { ApiClient } from './apiClient';
import { USAGE, parseCommandArgs, refusalsPrinted, stdout, table, type Out } from './commandOutput';

interface Alert {
  id: string;
  subjectKind: string;
  subjectLabel: string;
  kind: string;
  state: string;
  day: string;
  message: string;
  observed: string | null;
  expected: string | null;
  openedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

interface AlertRule {
  id: string;
  name: string;
  kind: string;
  scope: string;
  meterIds: string[];
  params: Record<string, unknown>;
  enabled: boolean;
}

const STATES = ['open', 'acknowledged', 'resolved'];
const ACTIONS: Record<string, 'acknowledge' | 'resolve'> = { ack: 'acknowledge', resolve: 'resolve' };

function alertLine(a: Alert): string {
  const who =
    a.state === 'acknowledged'
      ? ` by key ${a.acknowledgedBy} at ${a.acknowledgedAt}`
      : a.state === 'resolved'
        ? ` by ${a.resolvedBy === 'system' ? 'the system' : `key ${a.resolvedBy}`} at ${a.resolvedAt}`
        : '';
  return `alert ${a.id} ${a.state}${who}\n  ${a.subjectLabel} (${a.kind}, ${a.day}): ${a.message}\n`;
}

/**
 * Warnings (预警) from the command line, as the organisation of NENGTAN_KEY:
 *   alerts [--state open|acknowledged|resolved] [--limit N] [--json]   GET /v1/alerts, newest first
 *   alerts ack <id> | alerts resolve <id> [--json]                     POST /v1/alerts/{id}/acknowledge|resolve
 *   alert-rules [--json]                                               GET /v1/alert-rules
 * Exit 0 done, 1 refused by the API (code, message and hint on stderr), 2 usage.
 */
export async function alertCommand(
  api: ApiClient,
  command: string,
  args: string[],
  out: Out = stdout,
): Promise<number> {
  const parsed = parseCommandArgs(args, ['state', 'limit']);
  if (!parsed) return USAGE;
  const { positionals, flags } = parsed;
  const o: Out = { ...out, json: parsed.json };
  if (command === 'alert-rules') {
    if (positionals.length > 0 || flags.state || flags.limit) return USAGE;
    return refusalsPrinted(o, async () => {
      const rules = await api.json<AlertRule[]>('GET', '/v1/alert-rules');
      if (o.json) o.write(JSON.stringify(rules, null, 2) + '\n');
      else
        table(
          o,
          rules.map((r) => ({
            id: r.id,
            name: r.name,
            kind: r.kind,
            scope: r.scope,
            meters: r.scope === 'organisation' ? 'all' : r.meterIds.length,
            params: JSON.stringify(r.params),
            enabled: r.enabled ? 'yes' : 'no',
          })),
        );
      return 0;
    });
  }
  if (command !== 'alerts') return USAGE;
  const [action, id] = positionals;
  if (action !== undefined) {
    if (!ACTIONS[action] || !id || positionals.length > 2 || flags.state || flags.limit) return USAGE;
    return refusalsPrinted(o, async () => {
      const alert = await api.json<Alert>('POST', `/v1/alerts/${encodeURIComponent(id)}/${ACTIONS[action]}`);
      o.write(o.json ? JSON.stringify(alert, null, 2) + '\n' : alertLine(alert));
      return 0;
    });
  }
  if (flags.state !== undefined && !STATES.includes(flags.state)) return USAGE;
  if (flags.limit !== undefined && !/^\d+$/.test(flags.limit)) return USAGE;
  const query = new URLSearchParams({
    ...(flags.state && { state: flags.state }),
    ...(flags.limit && { limit: flags.limit }),
  }).toString();
  return refusalsPrinted(o, async () => {
    const alerts = await api.json<Alert[]>('GET', `/v1/alerts${query ? `?${query}` : ''}`);
    if (o.json) o.write(JSON.stringify(alerts, null, 2) + '\n');
    else
      table(
        o,
        alerts.map((a) => ({
          id: a.id,
          state: a.state,
          kind: a.kind,
          subject: a.subjectLabel,
          day: a.day,
          message: a.message,
          observed: a.observed,
          expected: a.expected,
        })),
      );
    return 0;
  });
}
