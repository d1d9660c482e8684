import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../services/runtime/config';
import { connectChain, rpcProvider, type ChainConnection } from '../../services/chain/connectChain';
import { deployContracts, writeDeployment } from '../../services/chain/deployment';
import { deployMarketContracts } from '../../services/chain/deployMarketContracts';
import { DEV_ROLES, devAccount } from '../../services/chain/devAccounts';

export interface TestChain extends ChainConnection {
  dataDir: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `npx hardhat node` in its own process, answering JSON-RPC on `port`. */
async function startHardhatNode(port: number): Promise<ChildProcess> {
  const node = spawn(process.execPath, [require.resolve('hardhat/internal/cli/cli'), 'node', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`hardhat node did not start: ${output.slice(-500)}`)), 60_000);
    node.stdout?.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Started HTTP')) {
        clearTimeout(timer);
        resolve();
      }
    });
    node.on('exit', (code) => reject(new Error(`hardhat node exited with ${code}: ${output.slice(-500)}`)));
  });
  return node;
}

/**
 * A real chain for a test file, with the contracts deployed, and nothing persisted beyond the test. By default the
 * embedded Hardhat network served over JSON-RPC on a free port; with TEST_CHAIN=node a separately started
 * `hardhat node` reached only over HTTP JSON-RPC, deployed to and configured exactly as a production chain is
 * (RPC_URL, SIGNER_KEY, AUTHORITY_KEY, a deployment record).
 */
export async function startTestChain(): Promise<TestChain> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nengtan-chain-'));
  if (process.env.TEST_CHAIN !== 'node') {
    const chain = await connectChain({ ...loadConfig({}), dataDir, chainPort: 0, rpcUrl: undefined });
    return {
      ...chain,
      dataDir,
      async close() {
        await chain.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const port = await freePort();
  const node = await startHardhatNode(port);
  const rpcUrl = `http://127.0.0.1:${port}`;
  const authority = devAccount(DEV_ROLES.authority);
  const anchorer = devAccount(DEV_ROLES.anchorer);
  const deploymentFile = path.join(dataDir, 'deployment.json');
  const deployer = await rpcProvider(rpcUrl);
  const deployment = await deployMarketContracts(
    authority.connect(deployer),
    await deployContracts(authority.connect(deployer), anchorer.address),
  );
  deployer.destroy();
  writeDeployment(deploymentFile, deployment);
  const chain = await connectChain({
    ...loadConfig({}),
    dataDir,
    rpcUrl,
    signerKey: anchorer.privateKey,
    authorityKey: authority.privateKey,
    deploymentFile,
  });
  return {
    ...chain,
    dataDir,
    async close() {
      await chain.close();
      node.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
