import { expect } from 'chai';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Wallet, decodeRlp, getAddress, id as keccakId, parseEther } from 'ethers';
import { ethers } from 'hardhat';
import {
  BFT_MIX_HASH,
  DEFAULT_QBFT,
  PERMISSIONS_FILE,
  besuGenesis,
  besuNetworkFiles,
  besuNodes,
  decodeQbftExtraData,
  enodeUrl,
  keyFileContents,
  networkRecord,
  nodeConfigToml,
  normaliseAccounts,
  permissionsConfigToml,
  publicKeyFileContents,
  qbftExtraData,
  sortValidatorAddresses,
  validatorFromPrivateKey,
  type BesuGenesis,
  type BesuNetworkSpec,
} from '../../../services/chain/besuNetwork';
import { readParticipantAccounts } from '../../../services/chain/readParticipantAccounts';
import { startTestChain, type TestChain } from '../../helpers/testChain';

// Deterministic validator keys, so that the genesis can be compared with the sample file byte for byte.
const VALIDATORS = [1, 2, 3, 4].map((n) => validatorFromPrivateKey(keccakId(`nengtan besu test validator ${n}`)));
const AUTHORITY = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'; // lowercase on purpose: the files carry checksums
const ANCHORER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const GENESIS_TIME = 1_735_660_800; // 2025-01-01T00:00:00+08:00
const FIXTURES = path.resolve(__dirname, '../../fixtures/besu');
const SCRIPT = path.resolve(__dirname, '../../../scripts/besu/generateNetwork.ts');
const ROOT = path.resolve(__dirname, '../../..');

const SPEC: BesuNetworkSpec = {
  chainId: 1337,
  validators: VALIDATORS,
  accounts: [AUTHORITY, ANCHORER],
  balanceWei: parseEther('1000000'),
  host: '127.0.0.1',
  p2pPortBase: 30303,
  rpcPort: 8545,
  ...DEFAULT_QBFT,
  timestamp: GENESIS_TIME,
};

/** Parses TOML with Python's standard tomllib: an independent parser, which also proves the files are valid TOML. */
function parseToml(text: string): Record<string, unknown> {
  const out = execFileSync(
    'python3',
    ['-c', 'import json, sys, tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))'],
    { input: text, encoding: 'utf8' },
  );
  return JSON.parse(out) as Record<string, unknown>;
}

function hasTomllib(): boolean {
  return spawnSync('python3', ['-c', 'import tomllib'], { stdio: 'ignore' }).status === 0;
}

interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the generator as users do. Asynchronously: the JSON-RPC tests serve the chain from this process, which a
 * synchronous spawn would block.
 */
function runGenerator(args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', SCRIPT, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('besuNetwork', function () {
  describe('validatorFromPrivateKey', function () {
    const wallet = new Wallet(keccakId('nengtan besu test validator 1'));

    it('derives the address Ethereum derives from the key', function () {
      expect(VALIDATORS[0].address).to.equal(wallet.address);
    });

    it('gives the 64-byte node id: the uncompressed public key without its 04 prefix', function () {
      expect('0x04' + VALIDATORS[0].publicKey.slice(2)).to.equal(wallet.signingKey.publicKey);
    });

    it('accepts a key without 0x', function () {
      expect(validatorFromPrivateKey(wallet.privateKey.slice(2)).address).to.equal(wallet.address);
    });

    it('writes the key file as 64 hex digits without 0x', function () {
      expect(keyFileContents(VALIDATORS[0])).to.match(/^[0-9a-f]{64}$/);
    });

    it('writes a key file the key can be read back from', function () {
      expect(new Wallet('0x' + keyFileContents(VALIDATORS[0])).address).to.equal(VALIDATORS[0].address);
    });

    it('writes the key.pub file as 128 hex digits without 0x', function () {
      expect(publicKeyFileContents(VALIDATORS[0])).to.match(/^[0-9a-f]{128}$/);
    });

    it('rejects something that is not a key', function () {
      expect(() => validatorFromPrivateKey('0x1234')).to.throw();
    });
  });

  describe('qbftExtraData', function () {
    const addresses = VALIDATORS.map((v) => v.address);
    const sorted = sortValidatorAddresses(addresses);

    it('decodes with ethers to [32 zero bytes, the sorted validators, no vote, round 0, no seals]', function () {
      expect(decodeRlp(qbftExtraData(addresses))).to.deep.equal([
        '0x' + '00'.repeat(32),
        sorted.map((a) => a.toLowerCase()),
        [],
        '0x',
        [],
      ]);
    });

    it('matches the RLP layout assembled by hand', function () {
      // List of 122 bytes (f8 7a): 32-byte string (a0), list of four 20-byte strings (f8 54, then 94 + address
      // each), empty vote list (c0), round 0 as the empty string (80), empty seal list (c0).
      const byHand =
        '0xf87a' +
        'a0' +
        '00'.repeat(32) +
        'f854' +
        sorted.map((a) => '94' + a.slice(2).toLowerCase()).join('') +
        'c0' +
        '80' +
        'c0';
      expect(qbftExtraData(addresses)).to.equal(byHand);
    });

    it('sorts the validators by address whatever the input order', function () {
      expect(qbftExtraData([...addresses].reverse())).to.equal(qbftExtraData(addresses));
    });

    it('lists the validators in ascending order', function () {
      expect(sorted.map((a) => BigInt(a))).to.deep.equal(
        sorted.map((a) => BigInt(a)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    });

    it('round-trips through decodeQbftExtraData', function () {
      expect(decodeQbftExtraData(qbftExtraData(addresses))).to.deep.equal({
        vanity: '0x' + '00'.repeat(32),
        validators: sorted,
        vote: [],
        round: 0,
        seals: [],
      });
    });

    it('encodes a single validator', function () {
      expect(decodeQbftExtraData(qbftExtraData([addresses[0]])).validators).to.deep.equal([addresses[0]]);
    });

    it('refuses an empty validator list', function () {
      expect(() => qbftExtraData([])).to.throw('at least one validator');
    });

    it('refuses a validator listed twice, whatever its case', function () {
      expect(() => qbftExtraData([addresses[0], addresses[0].toLowerCase()])).to.throw('distinct');
    });

    it('refuses something that is not an address', function () {
      expect(() => qbftExtraData(['0x1234'])).to.throw();
    });

    it('decodeQbftExtraData refuses data that is not a five-item list', function () {
      expect(() => decodeQbftExtraData('0xc0')).to.throw('five items');
    });
  });

  describe('besuGenesis', function () {
    let genesis: BesuGenesis;

    before(function () {
      genesis = besuGenesis({
        chainId: 1337,
        validators: VALIDATORS.map((v) => v.address),
        accounts: [AUTHORITY, ANCHORER],
        balanceWei: parseEther('1000000'),
        timestamp: GENESIS_TIME,
      });
    });

    it('activates Cancun at genesis (cancunTime 0)', function () {
      expect(genesis.config.cancunTime).to.equal(0);
    });

    it('activates Shanghai at genesis (shanghaiTime 0)', function () {
      expect(genesis.config.shanghaiTime).to.equal(0);
    });

    it('activates every block-numbered fork up to London at block 0', function () {
      const {
        chainId: _chainId,
        shanghaiTime: _s,
        cancunTime: _c,
        zeroBaseFee: _z,
        contractSizeLimit: _l,
        qbft: _q,
        ...forks
      } = genesis.config;
      expect(Object.values(forks)).to.deep.equal(Array(10).fill(0));
    });

    it('sets zeroBaseFee', function () {
      expect(genesis.config.zeroBaseFee).to.equal(true);
    });

    it('starts with a zero base fee', function () {
      expect(genesis.baseFeePerGas).to.equal('0x0');
    });

    it('carries the QBFT block period, epoch length and round timeout', function () {
      expect(genesis.config.qbft).to.deep.equal({
        blockperiodseconds: 2,
        epochlength: 30_000,
        requesttimeoutseconds: 4,
      });
    });

    it('uses the BFT mix hash', function () {
      expect(genesis.mixHash).to.equal(BFT_MIX_HASH);
    });

    it('spells out the BFT mix hash', function () {
      expect(Buffer.from(BFT_MIX_HASH.slice(2), 'hex').toString('ascii')).to.equal('ctical byzantine fault tolerance');
    });

    it('sets the largest block gas limit and contract size', function () {
      expect([genesis.gasLimit, genesis.config.contractSizeLimit]).to.deep.equal(['0x1fffffffffffff', 2_147_483_647]);
    });

    it('sets the chain id', function () {
      expect(genesis.config.chainId).to.equal(1337);
    });

    it('sets the timestamp', function () {
      expect(Number(genesis.timestamp)).to.equal(GENESIS_TIME);
    });

    it('lists the validators in the extra data', function () {
      expect(decodeQbftExtraData(genesis.extraData).validators).to.have.members(VALIDATORS.map((v) => v.address));
    });

    it('funds the accounts', function () {
      expect(genesis.alloc).to.deep.equal({
        [AUTHORITY.slice(2)]: { balance: '0xd3c21bcecceda1000000' },
        [ANCHORER.slice(2)]: { balance: '0xd3c21bcecceda1000000' },
      });
    });

    it('funds nobody when the balance is zero', function () {
      const unfunded = besuGenesis({
        chainId: 1337,
        validators: [VALIDATORS[0].address],
        accounts: [AUTHORITY],
        balanceWei: 0n,
        timestamp: 0,
      });
      expect(unfunded.alloc).to.deep.equal({});
    });

    it('refuses a chain id of zero', function () {
      expect(() =>
        besuGenesis({ chainId: 0, validators: [VALIDATORS[0].address], accounts: [], balanceWei: 0n, timestamp: 0 }),
      ).to.throw('chain id');
    });

    it('equals the sample genesis (test/fixtures/besu/genesis.json), the format Besu reads', function () {
      const sample = JSON.parse(readFileSync(path.join(FIXTURES, 'genesis.json'), 'utf8'));
      expect(JSON.parse(besuNetworkFiles(SPEC)['genesis.json'])).to.deep.equal(sample);
    });
  });

  describe('normaliseAccounts', function () {
    it('checksums, drops blanks and duplicates, and keeps the first-seen order', function () {
      expect(normaliseAccounts([ANCHORER, ' ', AUTHORITY, getAddress(ANCHORER)])).to.deep.equal([
        getAddress(ANCHORER),
        getAddress(AUTHORITY),
      ]);
    });

    it('refuses something that is not an address', function () {
      expect(() => normaliseAccounts(['0xnot-an-address'])).to.throw('not an account address: 0xnot-an-address');
    });
  });

  describe('TOML files', function () {
    const nodes = besuNodes(SPEC);

    before(function () {
      if (!hasTomllib()) this.skip(); // Python 3.11+ (tomllib) is the independent TOML parser
    });

    describe('permissions_config.toml', function () {
      let permissions: Record<string, unknown>;

      before(function () {
        permissions = parseToml(
          permissionsConfigToml(
            [AUTHORITY, ANCHORER, AUTHORITY],
            nodes.map((n) => enodeUrl(n.validator, n.host, n.p2pPort)),
          ),
        );
      });

      it('allows the given accounts, checksummed and once each', function () {
        expect(permissions['accounts-allowlist']).to.deep.equal([getAddress(AUTHORITY), getAddress(ANCHORER)]);
      });

      it('allows the validator nodes by enode URL', function () {
        expect(permissions['nodes-allowlist']).to.deep.equal(
          VALIDATORS.map((v, i) => `enode://${v.publicKey.slice(2)}@127.0.0.1:${30303 + i}`),
        );
      });
    });

    describe('config.toml of node 1', function () {
      let config: Record<string, unknown>;

      before(function () {
        config = parseToml(nodeConfigToml(nodes[0], nodes, nodes.length));
      });

      it('serves JSON-RPC over HTTP with the QBFT and PERM APIs', function () {
        expect([config['rpc-http-enabled'], config['rpc-http-port'], config['rpc-http-api']]).to.deep.equal([
          true,
          8545,
          ['ETH', 'NET', 'WEB3', 'QBFT', 'PERM', 'TXPOOL'],
        ]);
      });

      it('accepts transactions with gas price 0', function () {
        expect(config['min-gas-price']).to.equal(0);
      });

      it('enables account and node permissioning from the shared file', function () {
        expect([
          config['permissions-accounts-config-file-enabled'],
          config['permissions-accounts-config-file'],
          config['permissions-nodes-config-file-enabled'],
          config['permissions-nodes-config-file'],
        ]).to.deep.equal([true, `../${PERMISSIONS_FILE}`, true, `../${PERMISSIONS_FILE}`]);
      });

      it('reads its key, the genesis and its data from paths relative to its directory', function () {
        expect([config['node-private-key-file'], config['genesis-file'], config['data-path']]).to.deep.equal([
          'key',
          '../genesis.json',
          'data',
        ]);
      });

      it('listens on the first P2P port', function () {
        expect([config['p2p-host'], config['p2p-port']]).to.deep.equal(['127.0.0.1', 30303]);
      });

      it('boots from the other three nodes', function () {
        expect(config.bootnodes).to.deep.equal(nodes.slice(1).map((n) => enodeUrl(n.validator, n.host, n.p2pPort)));
      });
    });

    describe('config.toml of node 3', function () {
      let config: Record<string, unknown>;

      before(function () {
        config = parseToml(nodeConfigToml(nodes[2], nodes, nodes.length));
      });

      it('does not serve JSON-RPC', function () {
        expect(config['rpc-http-enabled']).to.equal(false);
      });

      it('listens on the third P2P port', function () {
        expect(config['p2p-port']).to.equal(30305);
      });

      it('does not list itself among its boot nodes', function () {
        expect(config.bootnodes).not.to.include(enodeUrl(nodes[2].validator, '127.0.0.1', 30305));
      });

      it('accepts transactions with gas price 0', function () {
        expect(config['min-gas-price']).to.equal(0);
      });
    });
  });

  describe('besuNetworkFiles', function () {
    const files = besuNetworkFiles(SPEC);

    it('writes the genesis, the network record, the permissions, the start script and three files per node', async function () {
      expect(Object.keys(files).sort()).to.deep.equal(
        [
          'genesis.json',
          'network.json',
          PERMISSIONS_FILE,
          'start.sh',
          ...[1, 2, 3, 4].flatMap((n) => [`node-${n}/config.toml`, `node-${n}/key`, `node-${n}/key.pub`]),
        ].sort(),
      );
    });

    it("lists in the extra data exactly the validators derived from the nodes' key files", function () {
      const fromKeys = [1, 2, 3, 4].map((n) => new Wallet('0x' + files[`node-${n}/key`]).address);
      const genesis = JSON.parse(files['genesis.json']) as BesuGenesis;
      expect(decodeQbftExtraData(genesis.extraData).validators).to.deep.equal(sortValidatorAddresses(fromKeys));
    });

    it("writes each key.pub with the node id of the node's key", function () {
      const ids = [1, 2, 3, 4].map((n) => validatorFromPrivateKey(files[`node-${n}/key`]).publicKey.slice(2));
      expect(ids).to.deep.equal([1, 2, 3, 4].map((n) => files[`node-${n}/key.pub`]));
    });

    it('records the network (test/fixtures/besu/network.json is a sample of the format)', function () {
      const sample = JSON.parse(readFileSync(path.join(FIXTURES, 'network.json'), 'utf8'));
      expect(JSON.parse(files['network.json'])).to.deep.equal(sample);
    });

    it('writes the allow-list as in the sample (test/fixtures/besu/permissions_config.toml)', function () {
      expect(files[PERMISSIONS_FILE]).to.equal(readFileSync(path.join(FIXTURES, PERMISSIONS_FILE), 'utf8'));
    });

    it('records node 1 as the JSON-RPC endpoint', function () {
      expect(networkRecord(SPEC).rpcUrl).to.equal('http://127.0.0.1:8545');
    });

    it('writes a start script that starts one node by number', function () {
      expect(files['start.sh']).to.include('exec "$BESU" --config-file=config.toml');
    });

    it('refuses a network without validators', function () {
      expect(() => besuNetworkFiles({ ...SPEC, validators: [] })).to.throw('at least one validator');
    });
  });

  describe('readParticipantAccounts (Hardhat network)', function () {
    const ORG = keccakId('0b6f4c1e-8d2a-4f57-9c3e-2a7d5e1f9b40');

    async function registryWithAccounts() {
      const [authority, a, b, c] = await ethers.getSigners();
      const registry = await ethers.deployContract('ParticipantRegistry', [authority.address]);
      await registry.registerOrganisation(ORG, 'Suzhou Steel');
      for (const s of [a, b, c]) await registry.linkAccount(s.address, ORG);
      return { registry, address: await registry.getAddress(), linked: [a.address, b.address, c.address] };
    }

    it('reads every linked account', async function () {
      const { address, linked } = await registryWithAccounts();
      expect(await readParticipantAccounts(ethers.provider, address)).to.have.members(linked);
    });

    it('leaves out an unlinked account', async function () {
      const { registry, address, linked } = await registryWithAccounts();
      await registry.unlinkAccount(linked[0]);
      expect(await readParticipantAccounts(ethers.provider, address)).to.have.members(linked.slice(1));
    });

    it('reads the accounts as of a given block', async function () {
      const { registry, address, linked } = await registryWithAccounts();
      const before = await ethers.provider.getBlockNumber();
      await registry.unlinkAccount(linked[0]);
      expect(await readParticipantAccounts(ethers.provider, address, before)).to.have.members(linked);
    });

    it('reads nothing from a registry without linked accounts', async function () {
      const [authority] = await ethers.getSigners();
      const registry = await ethers.deployContract('ParticipantRegistry', [authority.address]);
      expect(await readParticipantAccounts(ethers.provider, await registry.getAddress())).to.deep.equal([]);
    });

    it('refuses an address without a contract', async function () {
      const [, someone] = await ethers.getSigners();
      let message = '';
      await readParticipantAccounts(ethers.provider, someone.address).catch((e: Error) => (message = e.message));
      expect(message).to.include(`no contract at ${someone.address}`);
    });
  });

  describe('scripts/besu/generateNetwork.ts', function () {
    this.timeout(120_000);
    let dir: string;

    function freshDirectory() {
      beforeEach(function () {
        dir = mkdtempSync(path.join(tmpdir(), 'nengtan-besu-'));
      });

      afterEach(function () {
        rmSync(dir, { recursive: true, force: true });
      });
    }

    describe('when given --accounts', function () {
      let out: string;
      let result: RunResult;

      // One run for the whole block (each run compiles the script anew); the tests that run it again come last.
      before(async function () {
        dir = mkdtempSync(path.join(tmpdir(), 'nengtan-besu-'));
        out = path.join(dir, 'net');
        result = await runGenerator(['--out', out, '--accounts', `${AUTHORITY},${ANCHORER}`, '--chain-id', '2024']);
      });

      it('exits 0', function () {
        expect(result.status, result.stderr).to.equal(0);
      });

      it('writes four nodes with a key each, readable only by the owner', function () {
        const modes = [1, 2, 3, 4].map((n) => statSync(path.join(out, `node-${n}`, 'key')).mode & 0o777);
        expect(modes).to.deep.equal([0o600, 0o600, 0o600, 0o600]);
      });

      it('lists in the extra data the validators derived from the key files it wrote', function () {
        const fromKeys = [1, 2, 3, 4].map(
          (n) => new Wallet('0x' + readFileSync(path.join(out, `node-${n}`, 'key'), 'utf8')).address,
        );
        const genesis = JSON.parse(readFileSync(path.join(out, 'genesis.json'), 'utf8')) as BesuGenesis;
        expect(decodeQbftExtraData(genesis.extraData).validators).to.deep.equal(sortValidatorAddresses(fromKeys));
      });

      it('generates distinct keys', function () {
        const keys = new Set([1, 2, 3, 4].map((n) => readFileSync(path.join(out, `node-${n}`, 'key'), 'utf8')));
        expect(keys.size).to.equal(4);
      });

      it('uses the chain id', function () {
        expect(JSON.parse(readFileSync(path.join(out, 'genesis.json'), 'utf8')).config.chainId).to.equal(2024);
      });

      it('allows the given accounts, checksummed', function () {
        const text = readFileSync(path.join(out, PERMISSIONS_FILE), 'utf8');
        expect([text.includes(getAddress(AUTHORITY)), text.includes(getAddress(ANCHORER))]).to.deep.equal([true, true]);
      });

      it('writes an executable start script', function () {
        expect(statSync(path.join(out, 'start.sh')).mode & 0o111).to.equal(0o111);
      });

      it('prints the start commands from the start script', function () {
        const printed = execFileSync('sh', [path.join(out, 'start.sh')], { encoding: 'utf8' });
        expect(printed).to.include('(cd node-4 && "besu" --config-file=config.toml)');
      });

      it('refuses to replace the network without --force (exit 1)', async function () {
        expect((await runGenerator(['--out', out, '--accounts', AUTHORITY])).status).to.equal(1);
      });

      it('replaces it with --force', async function () {
        const before = readFileSync(path.join(out, 'node-1', 'key'), 'utf8');
        await runGenerator(['--out', out, '--accounts', AUTHORITY, '--force']);
        expect(readFileSync(path.join(out, 'node-1', 'key'), 'utf8')).not.to.equal(before);
      });

      after(function () {
        rmSync(dir, { recursive: true, force: true });
      });
    });

    describe('when the arguments are wrong', function () {
      freshDirectory();

      // `OUT` stands for a fresh output directory.
      const cases: [string, string[]][] = [
        ['--out is missing', ['--accounts', AUTHORITY]],
        ['an account is not an address', ['--out', 'OUT', '--accounts', '0x1234']],
        ['no account would be allowed', ['--out', 'OUT']],
        ['--rpc comes without --participant-registry', ['--out', 'OUT', '--rpc', 'http://127.0.0.1:1']],
        ['the host is a name, not an IP address', ['--out', 'OUT', '--accounts', AUTHORITY, '--host', 'besu-1']],
        ['the chain id is not a number', ['--out', 'OUT', '--accounts', AUTHORITY, '--chain-id', 'nengtan']],
        ['an option is unknown', ['--out', 'OUT', '--accounts', AUTHORITY, '--validator-count', '4']],
      ];

      for (const [description, args] of cases) {
        it(`exits 2 when ${description}`, async function () {
          const result = await runGenerator(args.map((a) => (a === 'OUT' ? path.join(dir, 'net') : a)));
          expect(result.status, result.stderr).to.equal(2);
        });
      }

      it('writes nothing', async function () {
        await runGenerator(['--out', path.join(dir, 'net'), '--accounts', '0x1234']);
        expect(existsSync(path.join(dir, 'net'))).to.equal(false);
      });
    });

    describe('when reading the allow-list from a ParticipantRegistry over JSON-RPC', function () {
      let chain: TestChain;
      freshDirectory();

      before(async function () {
        chain = await startTestChain();
      });

      after(async function () {
        await chain?.close();
      });

      it('refreshes the allow-list of an existing network with the linked accounts (--permissions-only)', async function () {
        const out = path.join(dir, 'net');
        cpSync(FIXTURES, out, { recursive: true });
        const result = await runGenerator([
          '--out',
          out,
          '--permissions-only',
          '--accounts',
          AUTHORITY,
          '--rpc',
          chain.rpcUrl,
          '--participant-registry',
          chain.deployment.participantRegistry,
        ]);
        expect(result.status, result.stderr).to.equal(0);
        const text = readFileSync(path.join(out, PERMISSIONS_FILE), 'utf8');
        // The embedded chain's deployment links the anchoring account in ParticipantRegistry.
        expect([
          text.includes(getAddress(AUTHORITY)),
          text.includes(getAddress(chain.deployment.anchorer)),
        ]).to.deep.equal([true, true]);
      });

      it('leaves the genesis and the network record of the existing network alone', async function () {
        const out = path.join(dir, 'net');
        cpSync(FIXTURES, out, { recursive: true });
        await runGenerator([
          '--out',
          out,
          '--permissions-only',
          '--rpc',
          chain.rpcUrl,
          '--participant-registry',
          chain.deployment.participantRegistry,
        ]);
        const unchanged = readdirSync(FIXTURES).filter((name) => name !== PERMISSIONS_FILE);
        expect(unchanged.map((name) => readFileSync(path.join(out, name), 'utf8'))).to.deep.equal(
          unchanged.map((name) => readFileSync(path.join(FIXTURES, name), 'utf8')),
        );
      });

      it('generates a new network allowing the linked accounts', async function () {
        const out = path.join(dir, 'net');
        const result = await runGenerator([
          '--out',
          out,
          '--rpc',
          chain.rpcUrl,
          '--participant-registry',
          chain.deployment.participantRegistry,
        ]);
        expect(result.status, result.stderr).to.equal(0);
        expect(readFileSync(path.join(out, PERMISSIONS_FILE), 'utf8')).to.include(
          getAddress(chain.deployment.anchorer),
        );
      });

      it('fails (exit 1) when the registry address holds no contract', async function () {
        const result = await runGenerator([
          '--out',
          path.join(dir, 'net'),
          '--rpc',
          chain.rpcUrl,
          '--participant-registry',
          AUTHORITY,
        ]);
        expect(result.status).to.equal(1);
      });
    });
  });
});
