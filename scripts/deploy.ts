/**
 * npm run deploy: deploys ParticipantRegistry, AnchorRegistry and InventoryRegistry to RPC_URL and writes the deployment record that
 * services read at start (README: running on Besu).
 *
 *   RPC_URL            the chain's JSON-RPC endpoint (required)
 *   DEPLOYER_KEY       private key of the network authority (receives DEFAULT_ADMIN_ROLE)
 *   ANCHORER_ADDRESS   the anchoring service's account (default: the address of SIGNER_KEY)
 *   GAS_PRICE          "0" on free-gas networks (Besu with --min-gas-price=0 and zeroBaseFee)
 *   DEPLOYMENT_FILE    where to write the record (default <NENGTAN_DATA_DIR>/deployments/<chainId>.json)
 *   --force            deploy again even if the record names live contracts
 */
import { Wallet } from 'ethers';
import { loadConfig } from '../services/runtime/config';
import { rpcProvider } from '../services/chain/connectChain';
import {
  defaultDeploymentFile,
  deployInventoryRegistry,
  deployContracts,
  deploymentIsLive,
  readDeployment,
  writeDeployment,
} from '../services/chain/deployment';
import { deployMarketContracts, marketContractsLive } from '../services/chain/deployMarketContracts';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.rpcUrl) throw new Error('set RPC_URL (npm start deploys to its embedded chain by itself)');
  const deployerKey = process.env.DEPLOYER_KEY;
  if (!deployerKey) throw new Error("set DEPLOYER_KEY to the authority account's private key");
  const anchorer =
    process.env.ANCHORER_ADDRESS ?? (config.signerKey ? new Wallet(config.signerKey).address : undefined);
  if (!anchorer) throw new Error('set ANCHORER_ADDRESS (or SIGNER_KEY) to the anchoring service account');
  const provider = await rpcProvider(config.rpcUrl);
  const chainId = Number((await provider.getNetwork()).chainId);
  const file = config.deploymentFile ?? defaultDeploymentFile(config.dataDir, chainId);
  const existing = readDeployment(file);
  const authority = new Wallet(deployerKey, provider);
  if (existing && (await deploymentIsLive(provider, existing)) && !process.argv.includes('--force')) {
    let deployment = existing;
    if (!deployment.inventoryRegistry) {
      const inventoryRegistry = await deployInventoryRegistry(authority, existing.participantRegistry, {
        gasPrice: config.gasPrice,
      });
      deployment = { ...deployment, inventoryRegistry };
      process.stdout.write(`InventoryRegistry ${inventoryRegistry} added to ${file}\n`);
    }
    if (!(await marketContractsLive(provider, deployment))) {
      deployment = await deployMarketContracts(authority, deployment, { gasPrice: config.gasPrice });
      process.stdout.write(
        `CarbonAllowance ${deployment.carbonAllowance}, GreenCertificate ${deployment.greenCertificate}, ` +
          `TradeLedger ${deployment.tradeLedger} added to ${file}\n`,
      );
    }
    if (deployment === existing)
      process.stdout.write(`contracts already live per ${file}; use --force to deploy new ones\n`);
    writeDeployment(file, deployment);
    provider.destroy();
    return;
  }
  const deployment = await deployMarketContracts(
    authority,
    await deployContracts(authority, anchorer, { gasPrice: config.gasPrice }),
    { gasPrice: config.gasPrice },
  );
  writeDeployment(file, deployment);
  process.stdout.write(`${JSON.stringify(deployment, null, 2)}\nwritten to ${file}\n`);
  provider.destroy();
}

main().catch((error) => {
  process.stderr.write(`deploy failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
