/**
 * npm run nengtan -- <command>: receipts and verification from the command line.
 *
 *   receipt --meter <uuid> --start <iso> [--revision n] [--out file]   fetch a receipt (API)
 *   receipt --reading <id> [--out file]
 *   verify-batch <batch id | seq>                                       re-hash a batch, compare with the chain
 *   verify-org [<organisation uuid>]                                    every batch of an organisation
 *   keygen --out <file> [--register]                                    X25519 key pair for evidence packages
 *   verify-inventory <inventory uuid> --key <file> [--materiality bps] [--out report.json]
 *                    [--attest [--opinion verified|qualified|rejected] [--assurance limited|reasonable]
 *                     [--chain-key <file>]]                            verifier: re-verify an assigned inventory and
 *                                                                       attest; with an external chain account, sign
 *                                                                       with the key in <file> (hex) and confirm
 *   verify-inventory <inventory uuid> --attest --tx <hash>              verifier: confirm an attestation sent before
 *   notarize <inventory uuid> [--key <file>] [--tx <hash>]             enterprise: notarize; with an external chain
 *   assign-verifier <inventory uuid> <verifier org uuid> [--key <file>] [--tx <hash>]
 *                                                                       account, sign with the key in <file> (hex),
 *                                                                       send to RPC_URL and confirm (--tx: confirm only)
 *   compliance <year> | positions | trades | market-stats [asset]       the market, as the key's organisation
 *   holdings [asset] [tokenId]                                          authority: who holds what
 *   allocate <year> <org uuid>=<t> ...                                  authority: allocate allowances
 *   surrender <year> <allowances> [<offset token id>=<t> ...]           enterprise: surrender against verified emissions
 *   transfer <allowance|certificate> <token id> <to org uuid> <quantity>
 *   approve-ledger <allowance|certificate> [true|false]                 let TradeLedger deliver your sales
 *   claim <certificate id> <MWh> <start> <end> <location> [beneficiary org uuid]
 *   otc-accept <deal uuid>                                              market transactions (prints txHash, blockNumber)
 *   api <METHOD> <route> [json body]                                    any API route (e.g. POST /v1/market/surrenders)
 *   rotate-platform-key                                                 operator: revoke every platform key, issue a
 *                                                                       new one into <dataDir>/platform-key (database
 *                                                                       access: DATABASE_URL or the stopped data dir)
 *   alerts [--state open|acknowledged|resolved] [--limit N]             warnings: alerts, newest first, subject in words
 *   alerts ack <alert id> | alerts resolve <alert id>                   acknowledge or resolve an alert
 *   alert-rules                                                         the organisation's alert rules
 *   budget-status <budget id> [--as-of YYYY-MM-DD]                      actual, forecast and headroom (default today)
 *   quota-estimate <year> [--outputs clinker=850000,...] [--method last_year|trend] [--as-of day] [--org uuid]
 *                                                                       allocation per product line, surplus/shortfall
 *   energy-balance <from> <to> [--site uuid]                            energy balance table (days, to exclusive)
 *   optimisation <from> <to> [--site uuid] [--loss-tolerance percent]   loss and efficiency points ranked by saving
 *                                                                       (these take --json: the API's answer; exit 1
 *                                                                       when refused, with the code and hint)
 *
 * Receipts come from the API (NENGTAN_URL, default http://127.0.0.1:8080, and NENGTAN_KEY). Verification reads the
 * database directly when it can (DATABASE_URL, or the embedded data directory while Nengtan is stopped) and the
 * chain at RPC_URL (default: the embedded chain's URL), trusting nothing the service says; with --api it asks the
 * API instead. Exit codes: 0 verified, 1 tampering found, 2 usage or connection error.
 */
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../services/runtime/config';
import { rpcProvider } from '../services/chain/connectChain';
import { defaultDeploymentFile, readDeployment } from '../services/chain/deployment';
import { lockDataDir } from '../services/runtime/dataDirLock';
import { migrate } from '../services/db/migrate';
import { openDb } from '../services/db/openDb';
import { rotatePlatformKey } from '../services/runtime/platformKey';
import { loadKeccak } from '../services/lib/keccak';
import {
  verifyStoredBatch,
  verifyStoredOrganisation,
  type BatchVerification,
  type RootLookup,
} from '../services/receipts/verifyStoredBatches';
import { AnchorRegistry__factory } from '../types/contracts';
import { apiClient } from './cli/apiClient';
import { marketCommand } from './cli/marketCommands';
import { MARKET_WRITE_COMMANDS, marketWriteCommand } from './cli/marketWriteCommands';
import { assignVerifier, attest, notarize } from './cli/signingCommands';
import { keygen, verifyInventory } from './cli/verifierCommands';
import { alertCommand } from './cli/alertCommands';
import { analysisCommand } from './cli/analysisCommands';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
};
const VALUE_FLAGS = new Set([
  '--meter',
  '--start',
  '--revision',
  '--out',
  '--reading',
  '--key',
  '--materiality',
  '--opinion',
  '--assurance',
  '--tx',
  '--chain-key',
  '--state',
  '--limit',
  '--as-of',
  '--outputs',
  '--method',
  '--org',
  '--site',
  '--loss-tolerance',
]);
const positional: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (VALUE_FLAGS.has(args[i])) i++;
  else if (!args[i].startsWith('--')) positional.push(args[i]);
}

const config = loadConfig();
const apiUrl = process.env.NENGTAN_URL ?? `http://${config.host}:${config.port}`;
const client = apiClient(apiUrl, process.env.NENGTAN_KEY);
const api = <T>(method: string, route: string) => client.json<T>(method, route);

function printBatch(v: BatchVerification): void {
  process.stdout.write(
    `${v.ok ? '✓' : '✗'} batch ${v.seq} ${v.batchId} (${v.status}, ${v.readingsChecked} readings)\n`,
  );
  for (const f of v.findings) {
    const where = [
      f.readingId && `reading ${f.readingId}`,
      f.meterId && `meter ${f.meterId}`,
      f.intervalStart,
      f.revision !== undefined && `revision ${f.revision}`,
      f.rawIds && `raw ${f.rawIds.join(',')}`,
      f.leafIndex !== undefined && `leaf ${f.leafIndex}`,
    ]
      .filter(Boolean)
      .join(', ');
    process.stdout.write(`    ${f.kind}: ${where ? `${where}: ` : ''}${f.detail}\n`);
  }
}

/** Database and chain, opened directly for independent verification. */
async function direct<T>(fn: (db: Awaited<ReturnType<typeof openDb>>, rootOf: RootLookup) => Promise<T>): Promise<T> {
  await loadKeccak();
  const unlock = config.dataDir && !config.databaseUrl ? lockDataDir(config.dataDir) : () => undefined;
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const provider = await rpcProvider(config.rpcUrl ?? `http://127.0.0.1:${config.chainPort}`);
  try {
    const chainId = Number((await provider.getNetwork()).chainId);
    const file = config.deploymentFile ?? defaultDeploymentFile(config.dataDir, chainId);
    const deployment = readDeployment(file);
    if (!deployment) throw new Error(`no deployment record at ${file}`);
    const registry = AnchorRegistry__factory.connect(deployment.anchorRegistry, provider);
    return await fn(db, (id) => registry.rootOf(id));
  } finally {
    provider.destroy();
    await db.close();
    unlock();
  }
}

async function main(): Promise<number> {
  const [command, target] = positional;
  const viaApi = args.includes('--api');
  switch (command) {
    case 'receipt': {
      const route = flag('reading')
        ? `/v1/readings/${flag('reading')}/receipt`
        : `/v1/receipts?meter=${flag('meter')}&start=${encodeURIComponent(flag('start') ?? '')}${flag('revision') ? `&revision=${flag('revision')}` : ''}`;
      const receipt = await api<unknown>('GET', route);
      const out = flag('out');
      if (out) writeFileSync(out, JSON.stringify(receipt, null, 2) + '\n');
      else process.stdout.write(JSON.stringify(receipt, null, 2) + '\n');
      return 0;
    }
    case 'verify-batch': {
      if (!target) return usage();
      const v = viaApi
        ? await api<BatchVerification>('POST', `/v1/batches/${target}/verify`)
        : await direct(async (db, rootOf) => {
            const { rows } = await db.query<{ seq: number }>(
              /^0x/.test(target)
                ? 'select seq from batches where batch_id = $1'
                : 'select seq from batches where seq = $1::bigint',
              [/^0x/.test(target) ? Buffer.from(target.slice(2), 'hex') : target],
            );
            if (!rows[0]) throw new Error(`batch ${target} not found`);
            return verifyStoredBatch(db, Number(rows[0].seq), rootOf);
          });
      printBatch(v);
      return v.ok ? 0 : 1;
    }
    case 'verify-org': {
      const report = viaApi
        ? await api<Awaited<ReturnType<typeof verifyStoredOrganisation>>>('POST', '/v1/verify')
        : await direct(async (db, rootOf) => {
            if (!target) throw new Error('name the organisation: verify-org <organisation uuid>');
            return verifyStoredOrganisation(db, target, rootOf);
          });
      process.stdout.write(
        `${report.ok ? 'VERIFIED' : 'TAMPERING FOUND'}: organisation ${report.orgId}, ${report.batches} batches, ${report.readingsChecked} readings` +
          `${report.openBatches ? `, ${report.openBatches} batch(es) still open` : ''}\n`,
      );
      report.failed.forEach(printBatch);
      return report.ok ? 0 : 1;
    }
    case 'rotate-platform-key': {
      const unlock = config.dataDir && !config.databaseUrl ? lockDataDir(config.dataDir) : () => undefined;
      const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await migrate(db);
        const rotated = await rotatePlatformKey(db, { dataDir: config.dataDir });
        process.stdout.write(
          `${rotated.revoked} platform key(s) revoked; the new platform key is ${rotated.file ? `in ${rotated.file}` : rotated.key}\n`,
        );
        return 0;
      } finally {
        await db.close();
        unlock();
      }
    }
    case 'keygen':
      return keygen(client, flag('out'), args.includes('--register'));
    case 'verify-inventory': {
      const keyFile = flag('key');
      const attestTx = flag('tx');
      if (target && attestTx && args.includes('--attest')) {
        await attest(client, target, undefined, { rpcUrl: process.env.RPC_URL, txHash: attestTx });
        return 0;
      }
      if (!target || !keyFile) return usage();
      return verifyInventory(client, {
        inventoryId: target,
        keyFile,
        rpcUrl: process.env.RPC_URL,
        materialityBps: flag('materiality') === undefined ? undefined : Number(flag('materiality')),
        out: flag('out'),
        attest: args.includes('--attest')
          ? {
              opinion: flag('opinion') as 'verified' | 'qualified' | 'rejected' | undefined,
              assurance: (flag('assurance') ?? 'reasonable') as 'limited' | 'reasonable',
              chainKeyFile: flag('chain-key'),
            }
          : undefined,
      });
    }
    case 'notarize':
      if (!target) return usage();
      return notarize(client, target, { keyFile: flag('key'), rpcUrl: process.env.RPC_URL, txHash: flag('tx') });
    case 'assign-verifier': {
      const verifierOrgId = positional[2];
      if (!target || !verifierOrgId) return usage();
      return assignVerifier(client, target, verifierOrgId, {
        keyFile: flag('key'),
        rpcUrl: process.env.RPC_URL,
        txHash: flag('tx'),
      });
    }
    case 'compliance':
    case 'positions':
    case 'trades':
    case 'holdings':
    case 'market-stats':
    case 'api': {
      const code = await marketCommand(client, command, positional.slice(1));
      return code === 2 ? usage() : code;
    }
    case 'alerts':
    case 'alert-rules': {
      const code = await alertCommand(client, command, withoutCommand(command));
      return code === 2 ? usage() : code;
    }
    case 'budget-status':
    case 'quota-estimate':
    case 'energy-balance':
    case 'optimisation': {
      const code = await analysisCommand(client, command, withoutCommand(command));
      return code === 2 ? usage() : code;
    }
    default: {
      if (!MARKET_WRITE_COMMANDS.includes(command)) return usage();
      const code = await marketWriteCommand(client, command, positional.slice(1));
      return code === 2 ? usage() : code;
    }
  }
}

/** The arguments after the command word, flags included (the alert and analysis commands parse their own). */
function withoutCommand(command: string): string[] {
  const at = args.indexOf(command);
  return [...args.slice(0, at), ...args.slice(at + 1)];
}

function usage(): number {
  process.stderr.write(
    'usage: npm run nengtan -- receipt|verify-batch|verify-org|keygen|verify-inventory|notarize|assign-verifier|compliance|positions|trades|holdings|market-stats|allocate|surrender|transfer|approve-ledger|claim|otc-accept|api|rotate-platform-key|alerts|alert-rules|budget-status|quota-estimate|energy-balance|optimisation ... (see the header of scripts/cli.ts)\n',
  );
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
