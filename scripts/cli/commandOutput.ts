import { parseArgs } from 'node:util';
import { ApiError } from './apiClient';

/** A usage error: cli.ts prints the usage line and exits 2. */
export const USAGE = 2;
/** The API refused (its code, message and hint are printed). */
export const REFUSED = 1;

/** Output of the alert and analysis commands: a table (or lines) for people, the API's JSON with --json. */
export interface Out {
  json: boolean;
  write(text: string): void;
}

export const stdout: Out = { json: false, write: (text) => process.stdout.write(text) };

/** Rows as aligned columns, every cell as given (the API's exact decimals are not reformatted). */
export function table(out: Out, rows: Record<string, string | number | boolean | null | undefined>[]): void {
  if (rows.length === 0) {
    out.write('(none)\n');
    return;
  }
  const keys = Object.keys(rows[0]);
  const cells = rows.map((row) => keys.map((k) => (row[k] === null || row[k] === undefined ? '—' : String(row[k]))));
  const widths = keys.map((k, i) => Math.max(k.length, ...cells.map((c) => c[i].length)));
  const line = (values: string[]) =>
    values
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd() + '\n';
  out.write(line(keys));
  for (const c of cells) out.write(line(c));
}

/**
 * Splits a command's arguments into positionals and the flags it knows; an unknown flag or a missing value is a usage
 * error (null). `--json` is known to every command.
 */
export function parseCommandArgs(
  args: string[],
  valueFlags: string[],
): { positionals: string[]; flags: Record<string, string | undefined>; json: boolean } | null {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        ...Object.fromEntries(valueFlags.map((f) => [f, { type: 'string' as const }])),
      },
    });
    const flags: Record<string, string | undefined> = {};
    const given = values as Record<string, string | boolean | undefined>;
    for (const f of valueFlags) flags[f] = given[f] as string | undefined;
    return { positionals, flags, json: values.json === true };
  } catch {
    return null;
  }
}

/**
 * Runs a command; an API refusal is printed as its code, message and hint (stderr; with --json also the API's error
 * body on stdout) and exits 1. Anything else (no connection, no key) propagates to cli.ts, which exits 2.
 */
export async function refusalsPrinted(out: Out, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const body = error.body ?? {};
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const code = error.code ?? `HTTP ${error.status}`;
    const message = text(body.message) ?? error.message;
    process.stderr.write(`refused (${error.status}) ${code}: ${message}\n`);
    if (text(body.hint)) process.stderr.write(`hint: ${text(body.hint)}\n`);
    if (out.json)
      out.write(JSON.stringify(error.body ?? { status: error.status, message: error.message }, null, 2) + '\n');
    return REFUSED;
  }
}

/** Today in China Standard Time, the calendar Nengtan's days are in. */
export const todayCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
