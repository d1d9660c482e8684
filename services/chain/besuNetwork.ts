import { SigningKey, computeAddress, decodeRlp, encodeRlp, getAddress, toQuantity } from 'ethers';

/*
 * The configuration of a Hyperledger Besu QBFT network, as pure functions: node keys, genesis (with the QBFT extra
 * data), node configuration files, the local permissioning file and a start script. Writing the files, generating
 * keys and reading the participant registry are the caller's (scripts/besu/generateNetwork.ts).
 *
 * Besu reads relative paths in a configuration file against its working directory, not the file's: every node
 * directory is laid out to be started from inside it (`cd node-1 && besu --config-file=config.toml`).
 */

/** A validator's node key: Besu's node key is also the validator's identity in QBFT. */
export interface BesuValidator {
  /** `0x`-prefixed 32-byte secp256k1 private key. */
  privateKey: string;
  /** `0x`-prefixed 64-byte uncompressed public key without the `04` prefix: Besu's node id, as in enode URLs. */
  publicKey: string;
  /** Checksummed address, keccak256(publicKey)[12:]: the validator address in the QBFT extra data. */
  address: string;
}

/** One node of the generated network. */
export interface BesuNode {
  /** 1-based; the node's directory is `node-<index>`. */
  index: number;
  validator: BesuValidator;
  host: string;
  p2pPort: number;
  /** Set on the node that serves JSON-RPC over HTTP (node 1). */
  rpcPort?: number;
}

export interface QbftOptions {
  blockPeriodSeconds: number;
  epochLength: number;
  requestTimeoutSeconds: number;
}

export interface BesuNetworkSpec extends QbftOptions {
  chainId: number;
  /** Node keys, one validator per node, in node order. */
  validators: BesuValidator[];
  /** Accounts allowed to send transactions (Besu's accounts allow-list), funded in the genesis. */
  accounts: string[];
  /** Wei allocated to every allow-listed account (zero omits the alloc; gas is free anyway). */
  balanceWei: bigint;
  /** IP address the nodes listen on and advertise in their enode URLs (Besu needs an IP, not a host name). */
  host: string;
  /** P2P port of node 1; node n listens on p2pPortBase + n - 1. */
  p2pPortBase: number;
  /** JSON-RPC HTTP port of node 1. */
  rpcPort: number;
  /** Genesis block timestamp, unix seconds. */
  timestamp: number;
}

/** The genesis file Besu reads with `--genesis-file`. */
export interface BesuGenesis {
  config: {
    chainId: number;
    homesteadBlock: number;
    eip150Block: number;
    eip155Block: number;
    eip158Block: number;
    byzantiumBlock: number;
    constantinopleBlock: number;
    petersburgBlock: number;
    istanbulBlock: number;
    berlinBlock: number;
    londonBlock: number;
    shanghaiTime: number;
    cancunTime: number;
    zeroBaseFee: boolean;
    contractSizeLimit: number;
    qbft: { blockperiodseconds: number; epochlength: number; requesttimeoutseconds: number };
  };
  nonce: string;
  timestamp: string;
  gasLimit: string;
  difficulty: string;
  mixHash: string;
  coinbase: string;
  baseFeePerGas: string;
  extraData: string;
  alloc: Record<string, { balance: string }>;
}

/** The decoded QBFT extra data of a block header. */
export interface QbftExtraData {
  vanity: string;
  validators: string[];
  /** Empty: genesis carries no vote. */
  vote: unknown[];
  round: number;
  seals: string[];
}

export const DEFAULT_QBFT: QbftOptions = { blockPeriodSeconds: 2, epochLength: 30_000, requestTimeoutSeconds: 4 };

/** The mix hash IBFT 2.0 and QBFT require in every block: ASCII "ctical byzantine fault tolerance". */
export const BFT_MIX_HASH = '0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365';

/** The largest block gas limit common tools accept (2^53 - 1): gas stops mattering on a free-gas network. */
export const FREE_GAS_BLOCK_GAS_LIMIT = '0x1fffffffffffff';

/** Besu's largest contract size limit, recommended for free-gas networks. */
export const MAX_CONTRACT_SIZE_LIMIT = 2_147_483_647;

/** Besu's local permissioning file name (the default under its data path). */
export const PERMISSIONS_FILE = 'permissions_config.toml';

/** JSON-RPC APIs node 1 serves: the usual ones, QBFT for validator votes and PERM to reload the allow-lists. */
export const RPC_APIS = ['ETH', 'NET', 'WEB3', 'QBFT', 'PERM', 'TXPOOL'];

const ZERO_VANITY = '0x' + '00'.repeat(32);

/** The validator behind a node private key (`0x`-prefixed or bare hex). */
export function validatorFromPrivateKey(privateKey: string): BesuValidator {
  const key = new SigningKey(privateKey.startsWith('0x') ? privateKey : `0x${privateKey}`);
  // Uncompressed SEC1: 0x04 || X || Y. Besu's node id is X || Y.
  const publicKey = '0x' + key.publicKey.slice(4);
  return { privateKey: key.privateKey, publicKey, address: computeAddress(key.publicKey) };
}

/** Contents of a node's `key` file: the private key as 64 hex digits, without `0x` (Besu accepts both). */
export function keyFileContents(validator: BesuValidator): string {
  return validator.privateKey.slice(2);
}

/** Contents of a node's `key.pub` file: the node id as 128 hex digits, without `0x`. */
export function publicKeyFileContents(validator: BesuValidator): string {
  return validator.publicKey.slice(2);
}

/**
 * Validators in the order the extra data lists them: ascending by address, as Besu's own generator writes them, so
 * that the same set always gives the same genesis.
 */
export function sortValidatorAddresses(addresses: string[]): string[] {
  return addresses
    .map((a) => getAddress(a))
    .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}

/**
 * The QBFT extra data of the genesis block: RLP([vanity (32 zero bytes), [validator addresses], vote (empty list: no
 * vote), round (0, an empty scalar), seals (empty list)]). Validators are sorted by address.
 */
export function qbftExtraData(validatorAddresses: string[]): string {
  if (validatorAddresses.length === 0) throw new Error('a QBFT network needs at least one validator');
  const validators = sortValidatorAddresses(validatorAddresses);
  if (new Set(validators).size !== validators.length) throw new Error('validator addresses must be distinct');
  return encodeRlp([ZERO_VANITY, validators.map((a) => a.toLowerCase()), [], '0x', []]);
}

/** Decodes QBFT extra data (the inverse of {@link qbftExtraData} for a genesis block; seals are kept as hex). */
export function decodeQbftExtraData(extraData: string): QbftExtraData {
  const decoded = decodeRlp(extraData);
  if (!Array.isArray(decoded) || decoded.length !== 5) throw new Error('QBFT extra data is a list of five items');
  const [vanity, validators, vote, round, seals] = decoded;
  if (typeof vanity !== 'string' || !Array.isArray(validators) || !Array.isArray(vote) || typeof round !== 'string') {
    throw new Error('QBFT extra data items have the wrong shape');
  }
  if (!Array.isArray(seals)) throw new Error('QBFT extra data seals are not a list');
  return {
    vanity,
    validators: validators.map((v) => getAddress(v as string)),
    vote,
    round: round === '0x' ? 0 : Number(BigInt(round)),
    seals: seals as string[],
  };
}

/** Checksummed, de-duplicated accounts in their first-seen order; throws on anything that is not an address. */
export function normaliseAccounts(addresses: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const raw of addresses) {
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    let address: string;
    try {
      address = getAddress(trimmed);
    } catch {
      throw new Error(`not an account address: ${trimmed}`);
    }
    seen.add(address);
  }
  return [...seen];
}

/**
 * The genesis of a free-gas QBFT network: every fork up to Cancun active from block 0, a zero base fee (`zeroBaseFee`
 * and `baseFeePerGas` 0, so transactions with gas price 0 are valid), the largest block gas limit and contract size,
 * and `accounts` funded with `balanceWei` each.
 */
export function besuGenesis(options: {
  chainId: number;
  validators: string[];
  accounts: string[];
  balanceWei: bigint;
  timestamp: number;
  qbft?: QbftOptions;
}): BesuGenesis {
  const qbft = options.qbft ?? DEFAULT_QBFT;
  if (!Number.isSafeInteger(options.chainId) || options.chainId <= 0) {
    throw new Error(`chain id must be a positive integer, not ${options.chainId}`);
  }
  const alloc: BesuGenesis['alloc'] = {};
  if (options.balanceWei > 0n) {
    for (const account of normaliseAccounts(options.accounts)) {
      alloc[account.slice(2).toLowerCase()] = { balance: toQuantity(options.balanceWei) };
    }
  }
  return {
    config: {
      chainId: options.chainId,
      homesteadBlock: 0,
      eip150Block: 0,
      eip155Block: 0,
      eip158Block: 0,
      byzantiumBlock: 0,
      constantinopleBlock: 0,
      petersburgBlock: 0,
      istanbulBlock: 0,
      berlinBlock: 0,
      londonBlock: 0,
      shanghaiTime: 0,
      cancunTime: 0,
      zeroBaseFee: true,
      contractSizeLimit: MAX_CONTRACT_SIZE_LIMIT,
      qbft: {
        blockperiodseconds: qbft.blockPeriodSeconds,
        epochlength: qbft.epochLength,
        requesttimeoutseconds: qbft.requestTimeoutSeconds,
      },
    },
    nonce: '0x0',
    timestamp: toQuantity(options.timestamp),
    gasLimit: FREE_GAS_BLOCK_GAS_LIMIT,
    difficulty: '0x1',
    mixHash: BFT_MIX_HASH,
    coinbase: '0x' + '00'.repeat(20),
    baseFeePerGas: '0x0',
    extraData: qbftExtraData(options.validators),
    alloc,
  };
}

/** The enode URL of a node: `enode://<node id>@<ip>:<port>`. */
export function enodeUrl(validator: BesuValidator, host: string, p2pPort: number): string {
  return `enode://${validator.publicKey.slice(2)}@${host}:${p2pPort}`;
}

/** The nodes of `spec` with their ports; node 1 serves JSON-RPC. */
export function besuNodes(spec: BesuNetworkSpec): BesuNode[] {
  return spec.validators.map((validator, i) => ({
    index: i + 1,
    validator,
    host: spec.host,
    p2pPort: spec.p2pPortBase + i,
    ...(i === 0 ? { rpcPort: spec.rpcPort } : {}),
  }));
}

function tomlString(value: string): string {
  // JSON string escapes are valid TOML basic-string escapes for everything we write (ASCII, quotes, backslashes).
  return JSON.stringify(value);
}

function tomlArray(values: string[]): string {
  if (values.length === 0) return '[]';
  return `[\n${values.map((v) => `  ${tomlString(v)},`).join('\n')}\n]`;
}

/**
 * Besu's local permissioning file: the accounts allowed to send transactions (checksummed) and the nodes allowed to
 * connect (the validators' enode URLs).
 */
export function permissionsConfigToml(accounts: string[], nodeEnodes: string[]): string {
  return [
    '# Besu local permissioning (generated by Nengtan: scripts/besu/generateNetwork.ts).',
    '# Accounts: the transaction senders, from ParticipantRegistry and --accounts. Reload a running node with the',
    '# perm_reloadPermissionsFromFile JSON-RPC method (PERM API) or restart it.',
    `accounts-allowlist=${tomlArray(normaliseAccounts(accounts))}`,
    '',
    '# Nodes: the validators.',
    `nodes-allowlist=${tomlArray(nodeEnodes)}`,
    '',
  ].join('\n');
}

/** The `config.toml` of `node`, to be started from the node's directory. */
export function nodeConfigToml(node: BesuNode, nodes: BesuNode[], total: number): string {
  const bootnodes = nodes.filter((n) => n.index !== node.index).map((n) => enodeUrl(n.validator, n.host, n.p2pPort));
  const lines = [
    `# Nengtan QBFT node ${node.index} of ${total}, validator ${node.validator.address}.`,
    `# Start from this directory: besu --config-file=config.toml`,
    'data-path="data"',
    'genesis-file="../genesis.json"',
    'node-private-key-file="key"',
    '',
    `p2p-host=${tomlString(node.host)}`,
    `p2p-port=${node.p2pPort}`,
    `bootnodes=${tomlArray(bootnodes)}`,
    '',
    '# Free gas: with zeroBaseFee in the genesis, transactions are sent with gasPrice 0.',
    'min-gas-price=0',
    '',
    `permissions-accounts-config-file-enabled=true`,
    `permissions-accounts-config-file=${tomlString(`../${PERMISSIONS_FILE}`)}`,
    `permissions-nodes-config-file-enabled=true`,
    `permissions-nodes-config-file=${tomlString(`../${PERMISSIONS_FILE}`)}`,
    '',
  ];
  if (node.rpcPort === undefined) {
    lines.push('rpc-http-enabled=false', '');
  } else {
    lines.push(
      'rpc-http-enabled=true',
      `rpc-http-host=${tomlString(node.host)}`,
      `rpc-http-port=${node.rpcPort}`,
      `rpc-http-api=${tomlArray(RPC_APIS)}`,
      `host-allowlist=${tomlArray(['localhost', node.host])}`,
      '',
    );
  }
  return lines.join('\n');
}

/** A POSIX shell script that starts node N (`./start.sh N`) or, without an argument, prints how to start each. */
export function startScript(nodes: BesuNode[], chainId: number): string {
  const rpc = nodes.find((n) => n.rpcPort !== undefined);
  const indices = nodes.map((n) => n.index).join('|');
  return [
    '#!/bin/sh',
    '# Starts one node of the Nengtan QBFT network with Hyperledger Besu (on PATH, or BESU=/path/to/bin/besu).',
    `# Usage: ./start.sh <node 1-${nodes.length}>, one node per terminal; without an argument, prints the commands.`,
    'set -eu',
    'cd "$(dirname "$0")"',
    'BESU="${BESU:-besu}"',
    'if [ "$#" -eq 0 ]; then',
    '  echo "Start each node in its own terminal (or under a process supervisor):"',
    ...nodes.map((n) => `  echo "  (cd node-${n.index} && \\"$BESU\\" --config-file=config.toml)"`),
    ...(rpc
      ? [`  echo "JSON-RPC: http://${rpc.host}:${rpc.rpcPort} (node ${rpc.index}), chain id ${chainId}, gas price 0"`]
      : []),
    '  exit 0',
    'fi',
    'case "$1" in',
    `  ${indices}) ;;`,
    `  *) echo "usage: $0 [${nodes.map((n) => n.index).join('|')}]" >&2; exit 2 ;;`,
    'esac',
    'cd "node-$1"',
    'exec "$BESU" --config-file=config.toml',
    '',
  ].join('\n');
}

/** The machine-readable description of the network written next to the genesis (`network.json`). */
export interface BesuNetworkRecord {
  format: 'nengtan-besu-network/v1';
  chainId: number;
  rpcUrl: string;
  nodes: { index: number; address: string; publicKey: string; enode: string; p2pPort: number; rpcPort?: number }[];
}

export function networkRecord(spec: BesuNetworkSpec): BesuNetworkRecord {
  const nodes = besuNodes(spec);
  return {
    format: 'nengtan-besu-network/v1',
    chainId: spec.chainId,
    rpcUrl: `http://${spec.host}:${spec.rpcPort}`,
    nodes: nodes.map((n) => ({
      index: n.index,
      address: n.validator.address,
      publicKey: n.validator.publicKey,
      enode: enodeUrl(n.validator, n.host, n.p2pPort),
      p2pPort: n.p2pPort,
      ...(n.rpcPort === undefined ? {} : { rpcPort: n.rpcPort }),
    })),
  };
}

/**
 * Every file of the network, by path relative to the output directory: `genesis.json`, `network.json`,
 * `permissions_config.toml`, `start.sh` and, per node, `node-<n>/key`, `node-<n>/key.pub` and `node-<n>/config.toml`.
 */
export function besuNetworkFiles(spec: BesuNetworkSpec): Record<string, string> {
  if (spec.validators.length === 0) throw new Error('a QBFT network needs at least one validator');
  const nodes = besuNodes(spec);
  const record = networkRecord(spec);
  const genesis = besuGenesis({
    chainId: spec.chainId,
    validators: spec.validators.map((v) => v.address),
    accounts: spec.accounts,
    balanceWei: spec.balanceWei,
    timestamp: spec.timestamp,
    qbft: spec,
  });
  const files: Record<string, string> = {
    'genesis.json': JSON.stringify(genesis, null, 2) + '\n',
    'network.json': JSON.stringify(record, null, 2) + '\n',
    [PERMISSIONS_FILE]: permissionsConfigToml(
      spec.accounts,
      record.nodes.map((n) => n.enode),
    ),
    'start.sh': startScript(nodes, spec.chainId),
  };
  for (const node of nodes) {
    files[`node-${node.index}/key`] = keyFileContents(node.validator);
    files[`node-${node.index}/key.pub`] = publicKeyFileContents(node.validator);
    files[`node-${node.index}/config.toml`] = nodeConfigToml(node, nodes, nodes.length);
  }
  return files;
}
