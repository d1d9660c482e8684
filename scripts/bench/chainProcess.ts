/**
 * A chain in its own process for benchmarks (as in production, where the chain is a separate node): the embedded
 * Hardhat network served over JSON-RPC. Prints `RPC <url>` when ready.
 */
import { startEmbeddedChain } from '../../services/chain/embeddedChain';

startEmbeddedChain({ dataDir: null, host: '127.0.0.1', port: 0 }).then(
  (chain) => process.stdout.write(`RPC ${chain.url}\n`),
  (error) => {
    process.stderr.write(`${error}\n`);
    process.exit(1);
  },
);
