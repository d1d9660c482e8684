import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { id as keccakId, type Provider, type Signer } from 'ethers';
import {
  AnchorRegistry__factory,
  InventoryRegistry__factory,
  ParticipantRegistry__factory,
} from '../../types/contracts';

/** Where a network's contracts are: written by deploy, read by every service start. */
export interface Deployment {
  chainId: number;
  participantRegistry: string;
  anchorRegistry: string;
  /** Absent in records written before inventories existed; the embedded chain adds it at start. */
  inventoryRegistry?: string;
  /** The market contracts (issue 4); absent in older records, added at start (embedded) or by npm run deploy. */
  carbonAllowance?: string;
  greenCertificate?: string;
  tradeLedger?: string;
  /** First block to scan for events. */
  deployedAtBlock: number;
  authority: string;
  anchorer: string;
  /** bytes32 id of the operator organisation the anchoring account acts for. */
  operatorOrgId: string;
  deployedAt: string;
}

export const OPERATOR_ORG_ID = keccakId('nengtan:operator');

export function defaultDeploymentFile(dataDir: string | null, chainId: number): string {
  return path.join(dataDir ?? path.resolve('.nengtan'), 'deployments', `${chainId}.json`);
}

export function readDeployment(file: string): Deployment | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as Deployment;
}

export function writeDeployment(file: string, deployment: Deployment): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(deployment, null, 2) + '\n');
}

/** True when both contracts of `deployment` have code on the chain `provider` talks to. */
export async function deploymentIsLive(provider: Provider, deployment: Deployment): Promise<boolean> {
  const network = await provider.getNetwork();
  if (Number(network.chainId) !== deployment.chainId) return false;
  const [a, b] = await Promise.all([
    provider.getCode(deployment.participantRegistry),
    provider.getCode(deployment.anchorRegistry),
  ]);
  return a !== '0x' && b !== '0x';
}

/**
 * Deploys the registries with `authority` as the network authority, registers the operator organisation, links the
 * anchoring account to it and grants it ANCHORER_ROLE. `gasPrice` 0n suits free-gas permissioned networks.
 */
export async function deployContracts(
  authority: Signer,
  anchorer: string,
  options: { gasPrice?: bigint; operatorName?: string } = {},
): Promise<Deployment> {
  const overrides = options.gasPrice === undefined ? {} : { gasPrice: options.gasPrice };
  const provider = authority.provider as Provider;
  const registry = await new ParticipantRegistry__factory(authority).deploy(await authority.getAddress(), overrides);
  const registryReceipt = await registry.deploymentTransaction()?.wait();
  const anchors = await new AnchorRegistry__factory(authority).deploy(await registry.getAddress(), overrides);
  await anchors.waitForDeployment();
  await (
    await registry.registerOrganisation(OPERATOR_ORG_ID, options.operatorName ?? 'Nengtan operator', overrides)
  ).wait();
  await (await registry.linkAccount(anchorer, OPERATOR_ORG_ID, overrides)).wait();
  await (await registry.grantRole(await registry.ANCHORER_ROLE(), anchorer, overrides)).wait();
  const inventories = await deployInventoryRegistry(authority, await registry.getAddress(), options);
  const network = await provider.getNetwork();
  return {
    chainId: Number(network.chainId),
    participantRegistry: await registry.getAddress(),
    anchorRegistry: await anchors.getAddress(),
    inventoryRegistry: inventories,
    deployedAtBlock: registryReceipt?.blockNumber ?? 0,
    authority: await authority.getAddress(),
    anchorer,
    operatorOrgId: OPERATOR_ORG_ID,
    deployedAt: new Date().toISOString(),
  };
}

/** Deploys InventoryRegistry on an existing ParticipantRegistry; returns its address. */
export async function deployInventoryRegistry(
  deployer: Signer,
  participantRegistry: string,
  options: { gasPrice?: bigint } = {},
): Promise<string> {
  const overrides = options.gasPrice === undefined ? {} : { gasPrice: options.gasPrice };
  const inventories = await new InventoryRegistry__factory(deployer).deploy(participantRegistry, overrides);
  await inventories.waitForDeployment();
  return inventories.getAddress();
}
