import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../services/runtime/config';
import { connectChain, type ChainConnection } from '../../services/chain/connectChain';

export interface TestChain extends ChainConnection {
  dataDir: string;
}

/**
 * A real Hardhat network for a test file: the embedded chain, served over JSON-RPC on a free port, with the contracts
 * deployed, and nothing persisted beyond the test.
 */
export async function startTestChain(): Promise<TestChain> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nengtan-chain-'));
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
