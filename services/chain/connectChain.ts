import { readFileSync } from 'node:fs';
import { JsonRpcProvider, Wallet, type Signer } from 'ethers';
import type { Config } from '../runtime/config';
import {
  AnchorRegistry__factory,
  InventoryRegistry__factory,
  type AnchorRegistry,
  type InventoryRegistry,
} from '../../types/contracts';
import { DEV_ROLES, devAccount } from './devAccounts';
import {
  defaultDeploymentFile,
  deployContracts,
  deployInventoryRegistry,
  deploymentIsLive,
  readDeployment,
  writeDeployment,
  type Deployment,
} from './deployment';
import { startEmbeddedChain, type EmbeddedChain } from './embeddedChain';
import { deployMarketContracts, marketContractsLive } from './deployMarketContracts';

export interface ChainConnection {
  rpcUrl: string;
  chainId: number;
  provider: JsonRpcProvider;
  /** The anchoring account. */
  signer: Signer;
  /** The network authority, when this instance holds its key (always on the embedded chain). */
  authority?: Signer;
  deployment: Deployment;
  deploymentFile: string;
  anchorRegistry: AnchorRegistry;
  /** Read-only handle; transactions connect it to the signing organisation's account. */
  inventoryRegistry?: InventoryRegistry;
  /** Gas price override for every transaction (free-gas networks). */
  gasPrice?: bigint;
  confirmations: number;
  embedded?: EmbeddedChain;
  close(): Promise<void>;
}

/** A JSON-RPC provider pinned to the network's chain id (no re-detection per call) that polls briskly. */
export async function rpcProvider(url: string): Promise<JsonRpcProvider> {
  const probe = new JsonRpcProvider(url);
  const network = await probe.getNetwork();
  probe.destroy();
  // No response cache: ethers would otherwise answer a repeated nonce query from a 250 ms cache and reuse a nonce.
  const provider = new JsonRpcProvider(url, network, { staticNetwork: network, cacheTimeout: -1 });
  provider.pollingInterval = 250;
  return provider;
}

function loadSigner(config: Config): Wallet {
  if (config.signerKey) return new Wallet(config.signerKey);
  if (config.signerKeystore) {
    return Wallet.fromEncryptedJsonSync(
      readFileSync(config.signerKeystore, 'utf8'),
      config.signerKeystorePassword ?? '',
    ) as Wallet;
  }
  throw new Error(
    'RPC_URL is set but no anchoring key: set SIGNER_KEY, or SIGNER_KEYSTORE and SIGNER_KEYSTORE_PASSWORD',
  );
}

/**
 * The embedded chain's contracts, as `npm start` deploys them: the recorded ones while they are live, else deployed
 * afresh (a new or reset chain), completed with contracts added since (inventories, the market), and recorded in
 * `deploymentFile`.
 */
export async function ensureEmbeddedContracts(
  provider: JsonRpcProvider,
  anchorer: string,
  deploymentFile: string,
  recorded: Deployment | undefined,
): Promise<Deployment> {
  const authority = devAccount(DEV_ROLES.authority).connect(provider);
  let deployment = recorded;
  if (!deployment || !(await deploymentIsLive(provider, deployment))) {
    deployment = await deployContracts(authority, anchorer);
    writeDeployment(deploymentFile, deployment);
  }
  if (!deployment.inventoryRegistry) {
    // A data directory from before inventories: add the contract to the chain it already has.
    const address = await deployInventoryRegistry(authority, deployment.participantRegistry);
    deployment = { ...deployment, inventoryRegistry: address };
    writeDeployment(deploymentFile, deployment);
  }
  if (!(await marketContractsLive(provider, deployment))) {
    deployment = await deployMarketContracts(authority, deployment);
    writeDeployment(deploymentFile, deployment);
  }
  return deployment;
}

/**
 * Connects to the configured chain. Without RPC_URL it starts the embedded chain and deploys the contracts on first
 * start (reusing them afterwards); with RPC_URL it reads the deployment record written by `npm run deploy`.
 */
export async function connectChain(config: Config): Promise<ChainConnection> {
  let embedded: EmbeddedChain | undefined;
  let rpcUrl = config.rpcUrl;
  if (!rpcUrl) {
    embedded = await startEmbeddedChain({ dataDir: config.dataDir, host: '127.0.0.1', port: config.chainPort });
    rpcUrl = embedded.url;
  }
  try {
    const provider = await rpcProvider(rpcUrl);
    const chainId = Number((await provider.getNetwork()).chainId);
    const signer = (embedded ? devAccount(DEV_ROLES.anchorer) : loadSigner(config)).connect(provider);
    const deploymentFile = config.deploymentFile ?? defaultDeploymentFile(config.dataDir, chainId);
    let deployment = readDeployment(deploymentFile);
    if (embedded) {
      deployment = await ensureEmbeddedContracts(provider, await signer.getAddress(), deploymentFile, deployment);
    } else if (!deployment || !(await deploymentIsLive(provider, deployment))) {
      throw new Error(
        `no live Nengtan contracts on chain ${chainId} per ${deploymentFile}: run "npm run deploy" against RPC_URL ` +
          '(README: running on Besu) or set DEPLOYMENT_FILE',
      );
    }
    return {
      rpcUrl,
      chainId,
      provider,
      signer,
      deployment,
      deploymentFile,
      anchorRegistry: AnchorRegistry__factory.connect(deployment.anchorRegistry, signer),
      inventoryRegistry: deployment.inventoryRegistry
        ? InventoryRegistry__factory.connect(deployment.inventoryRegistry, provider)
        : undefined,
      authority: embedded
        ? devAccount(DEV_ROLES.authority).connect(provider)
        : config.authorityKey
          ? new Wallet(config.authorityKey, provider)
          : undefined,
      gasPrice: config.gasPrice,
      confirmations: config.confirmations,
      embedded,
      async close() {
        provider.destroy();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
