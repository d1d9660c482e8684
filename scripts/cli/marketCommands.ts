import type { ApiClient } from './apiClient';

function table(rows: Record<string, unknown>[]): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const flat = rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)]),
    ),
  );
  const keys = Object.keys(flat[0]);
  const widths = keys.map((k) => Math.max(k.length, ...flat.map((r) => (r[k] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd() + '\n';
  process.stdout.write(line(keys));
  for (const row of flat) process.stdout.write(line(keys.map((k) => row[k] ?? '')));
}

/**
 * The market from the command line, as the calling organisation (NENGTAN_KEY):
 *   compliance <year> | positions | trades | market-stats [allowance|certificate]   tables
 *   holdings [allowance|certificate] [tokenId]                                      the authority's register
 *   api <METHOD> <route> [json body]                                               any route, JSON out
 */
export async function marketCommand(api: ApiClient, command: string, args: string[]): Promise<number> {
  switch (command) {
    case 'compliance': {
      const rows = await api.json<Record<string, unknown>[]>('GET', `/v1/market/years/${Number(args[0])}/compliance`);
      table(
        rows.map(({ organisation, ...rest }) => ({ organisation: (organisation as { name: string }).name, ...rest })),
      );
      return 0;
    }
    case 'positions':
      table(await api.json('GET', '/v1/market/positions'));
      return 0;
    case 'trades':
      table(await api.json('GET', '/v1/market/trades'));
      return 0;
    case 'holdings': {
      const query = new URLSearchParams({ ...(args[0] && { asset: args[0] }), ...(args[1] && { tokenId: args[1] }) });
      const rows = await api.json<Record<string, unknown>[]>('GET', `/v1/market/holdings?${query.toString()}`);
      table(
        rows.map(({ organisation, ...rest }) => ({ organisation: (organisation as { name: string }).name, ...rest })),
      );
      return 0;
    }
    case 'market-stats':
      table(await api.json('GET', `/v1/market/statistics?asset=${args[0] ?? 'allowance'}`));
      return 0;
    case 'api': {
      const [method, route, body] = args;
      if (!method || !route) return 2;
      const result = await api.json(method.toUpperCase(), route, body === undefined ? undefined : JSON.parse(body));
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return 0;
    }
    default:
      return 2;
  }
}
