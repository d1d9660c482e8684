import { subtask } from 'hardhat/config';
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from 'hardhat/builtin-tasks/task-names';
import type { HardhatUserConfig } from 'hardhat/config';
import '@nomicfoundation/hardhat-toolbox';

// Compile offline with the pinned `solc` npm package (soljson.js) instead of downloading a compiler.
// This is what makes builds work on machines without internet, including air-gapped enterprise sites.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solcPackageVersion: string = require('solc/package.json').version;
  if (args.solcVersion !== solcPackageVersion) return runSuper();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require('solc');
  return {
    compilerPath: require.resolve('solc/soljson.js'),
    isSolcJs: true,
    version: args.solcVersion,
    longVersion: solc.version(),
  };
});

const config: HardhatUserConfig = {
  solidity: {
    version: '0.8.28',
    settings: { evmVersion: 'cancun', optimizer: { enabled: true, runs: 10_000 } },
  },
  networks: {
    hardhat: { hardfork: 'cancun' },
    localhost: { url: process.env.RPC_URL ?? 'http://127.0.0.1:8545' },
  },
  gasReporter: {
    enabled: process.env.REPORT_GAS === '1',
    currency: 'CNY',
    outputFile: process.env.REPORT_GAS_FILE,
    noColors: Boolean(process.env.REPORT_GAS_FILE),
  },
  mocha: { timeout: 120_000 },
  typechain: { outDir: 'types/contracts', target: 'ethers-v6' },
};

export default config;
