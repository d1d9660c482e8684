/**
 * Writes the configuration of a Hyperledger Besu QBFT network for Nengtan: node keys, genesis, node configuration,
 * the account allow-list and a start script (README: running on Besu).
 *
 *   node -r ts-node/register/transpile-only scripts/besu/generateNetwork.ts --out <dir> [options]
 *
 *   --out <dir>                    output directory (required)
 *   --validators <n>               number of validator nodes (default 4; QBFT tolerates one faulty node from 4)
 *   --chain-id <n>                 chain id (default 1337)
 *   --accounts <a,b,...>           accounts allowed to send transactions; repeatable. Include the authority
 *                                  (DEPLOYER_KEY's address) and the anchoring account when bootstrapping.
 *   --rpc <url> --participant-registry <address>
 *                                  also allow every account linked in that ParticipantRegistry
 *   --host <ip>                    IP address the nodes listen on and advertise (default 127.0.0.1)
 *   --p2p-port <n>                 P2P port of node 1; node n uses p2p-port + n - 1 (default 30303)
 *   --rpc-port <n>                 JSON-RPC HTTP port of node 1 (default 8545)
 *   --block-period <s>             QBFT block period in seconds (default 2)
 *   --epoch-length <n>             QBFT epoch length in blocks (default 30000)
 *   --request-timeout <s>          QBFT round timeout in seconds (default 4)
 *   --balance-eth <n>              genesis balance of every allowed account in ether (default 1000000; 0 for none)
 *   --permissions-only             only rewrite <dir>/permissions_config.toml of an existing network (keys and
 *                                  genesis untouched), e.g. after new participants were linked on chain
 *   --force                        overwrite an existing network in <dir> (new keys: a new chain)
 *
 * Exits 0 on success, 1 on failure, 2 on usage errors.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Wallet, isAddress, parseEther } from 'ethers';
import {
  DEFAULT_QBFT,
  PERMISSIONS_FILE,
  besuNetworkFiles,
  normaliseAccounts,
  permissionsConfigToml,
  validatorFromPrivateKey,
  type BesuNetworkRecord,
  type BesuNetworkSpec,
} from '../../services/chain/besuNetwork';
import { rpcProvider } from '../../services/chain/connectChain';
import { readParticipantAccounts } from '../../services/chain/readParticipantAccounts';

class UsageError extends Error {}

const OPTIONS = {
  out: { type: 'string' },
  validators: { type: 'string', default: '4' },
  'chain-id': { type: 'string', default: '1337' },
  accounts: { type: 'string', multiple: true, default: [] as string[] },
  rpc: { type: 'string' },
  'participant-registry': { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  'p2p-port': { type: 'string', default: '30303' },
  'rpc-port': { type: 'string', default: '8545' },
  'block-period': { type: 'string', default: String(DEFAULT_QBFT.blockPeriodSeconds) },
  'epoch-length': { type: 'string', default: String(DEFAULT_QBFT.epochLength) },
  'request-timeout': { type: 'string', default: String(DEFAULT_QBFT.requestTimeoutSeconds) },
  'balance-eth': { type: 'string', default: '1000000' },
  'permissions-only': { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} satisfies ParseArgsConfig['options'];

function parseOptions() {
  return parseArgs({ options: OPTIONS, allowPositionals: false, strict: true }).values;
}

type Options = ReturnType<typeof parseOptions>;

function integer(name: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not "${value}"`);
  }
  return Number(value);
}

function ipv4(value: string): string {
  // Enode URLs carry an IP address: Besu does not resolve host names in them unless DNS support is switched on.
  const parts = value.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new UsageError(`--host must be an IPv4 address (enode URLs need an IP), not "${value}"`);
  }
  return value;
}

async function collectAccounts(values: Options): Promise<string[]> {
  const given = values.accounts.flatMap((list) => list.split(','));
  for (const a of given) if (a.trim() !== '' && !isAddress(a.trim())) throw new UsageError(`not an address: ${a}`);
  const rpc = values.rpc;
  const registry = values['participant-registry'];
  if ((rpc === undefined) !== (registry === undefined)) {
    throw new UsageError('--rpc and --participant-registry go together');
  }
  let fromRegistry: string[] = [];
  if (rpc !== undefined && registry !== undefined) {
    if (!isAddress(registry)) throw new UsageError(`--participant-registry is not an address: ${registry}`);
    const provider = await rpcProvider(rpc);
    try {
      fromRegistry = await readParticipantAccounts(provider, registry);
    } finally {
      provider.destroy();
    }
    process.stdout.write(`read ${fromRegistry.length} linked account(s) from ParticipantRegistry ${registry}\n`);
  }
  const accounts = normaliseAccounts([...given, ...fromRegistry]);
  if (accounts.length === 0) {
    throw new UsageError(
      'no account would be allowed to send transactions: pass --accounts (at least the authority that deploys the ' +
        'contracts) and/or --rpc with --participant-registry',
    );
  }
  return accounts;
}

function writeFiles(out: string, files: Record<string, string>): void {
  for (const [relative, contents] of Object.entries(files)) {
    const file = path.join(out, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = path.basename(file) === 'key';
    writeFileSync(file, contents, { mode: secret ? 0o600 : 0o644 });
    // writeFileSync's mode only applies to new files.
    chmodSync(file, secret ? 0o600 : relative === 'start.sh' ? 0o755 : 0o644);
  }
}

async function main(): Promise<number> {
  const values = parseOptions();
  if (values.help) {
    process.stdout.write(
      readFileSync(__filename, 'utf8')
        .split('*/')[0]
        .replace(/^\/\*\*?|^ \* ?/gm, '') + '\n',
    );
    return 0;
  }
  if (!values.out) throw new UsageError('--out <dir> is required');
  const out = path.resolve(values.out);
  const accounts = await collectAccounts(values);

  if (values['permissions-only']) {
    const recordFile = path.join(out, 'network.json');
    if (!existsSync(recordFile)) throw new Error(`no network in ${out} (${recordFile} is missing)`);
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as BesuNetworkRecord;
    writeFiles(out, {
      [PERMISSIONS_FILE]: permissionsConfigToml(
        accounts,
        record.nodes.map((n) => n.enode),
      ),
    });
    process.stdout.write(
      `wrote ${path.join(out, PERMISSIONS_FILE)} with ${accounts.length} account(s); reload node 1 with ` +
        `perm_reloadPermissionsFromFile at ${record.rpcUrl} and restart the other nodes\n`,
    );
    return 0;
  }

  if (existsSync(path.join(out, 'genesis.json')) && !values.force) {
    throw new Error(
      `${out} already holds a network: use --permissions-only to refresh its allow-list, or --force to replace it ` +
        '(new keys and genesis: a new chain)',
    );
  }
  const count = integer('validators', values.validators, 1, 64);
  if (count < 4) process.stderr.write(`warning: ${count} validator(s) tolerate no faulty node; QBFT needs 4 for one\n`);
  const balanceEth = values['balance-eth'];
  if (!/^\d+(\.\d+)?$/.test(balanceEth)) throw new UsageError(`--balance-eth must be a decimal, not "${balanceEth}"`);

  const spec: BesuNetworkSpec = {
    chainId: integer('chain-id', values['chain-id'], 1),
    validators: Array.from({ length: count }, () => validatorFromPrivateKey(Wallet.createRandom().privateKey)),
    accounts,
    balanceWei: parseEther(balanceEth),
    host: ipv4(values.host),
    p2pPortBase: integer('p2p-port', values['p2p-port'], 1, 65_535 - count + 1),
    rpcPort: integer('rpc-port', values['rpc-port'], 1, 65_535),
    blockPeriodSeconds: integer('block-period', values['block-period'], 1),
    epochLength: integer('epoch-length', values['epoch-length'], 1),
    requestTimeoutSeconds: integer('request-timeout', values['request-timeout'], 1),
    timestamp: Math.floor(Date.now() / 1000),
  };
  writeFiles(out, besuNetworkFiles(spec));

  const lines = [
    `wrote a ${count}-validator QBFT network (chain id ${spec.chainId}) to ${out}`,
    ...spec.validators.map((v, i) => `  node-${i + 1}: validator ${v.address}, p2p port ${spec.p2pPortBase + i}`),
    `  ${accounts.length} account(s) allowed to send transactions`,
    `start: ${path.join(out, 'start.sh')} <1-${count}> (one per terminal; without an argument it prints the commands)`,
    `then:  RPC_URL=http://${spec.host}:${spec.rpcPort} DEPLOYER_KEY=0x<authority> SIGNER_KEY=0x<anchorer> GAS_PRICE=0 npm run deploy`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`generateNetwork failed: ${message}\n`);
    process.exit(usage ? 2 : 1);
  },
);
