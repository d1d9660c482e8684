import { ZeroHash, type Provider, type Signer } from 'ethers';
import {
  CarbonAllowance__factory,
  GreenCertificate__factory,
  ParticipantRegistry__factory,
  TradeLedger__factory,
} from '../../types/contracts';
import { OPERATOR_ORG_ID, type Deployment } from './deployment';

export const ALLOWANCE_URI = 'nengtan:allowance/{id}';
export const CERTIFICATE_URI = 'nengtan:green-certificate/{id}';

/**
 * Adds the market contracts to a deployment, each only if missing: CarbonAllowance (reading verified emissions from
 * InventoryRegistry), GreenCertificate and TradeLedger. The ledger settles by moving tokens as an operator, and the
 * tokens admit only registered participants as operators, so its address is linked to the operator organisation; the
 * authority (linked to it as well when it acts for no organisation yet) lists both tokens as tradable assets.
 * Idempotent.
 */
export async function deployMarketContracts(
  authority: Signer,
  deployment: Deployment,
  options: { gasPrice?: bigint } = {},
): Promise<Deployment> {
  const overrides = options.gasPrice === undefined ? {} : { gasPrice: options.gasPrice };
  if (!deployment.inventoryRegistry) throw new Error('deploy InventoryRegistry before the market contracts');
  const registry = ParticipantRegistry__factory.connect(deployment.participantRegistry, authority);
  const next = { ...deployment };
  if (!next.carbonAllowance) {
    const c = await new CarbonAllowance__factory(authority).deploy(
      deployment.participantRegistry,
      deployment.inventoryRegistry,
      ALLOWANCE_URI,
      overrides,
    );
    next.carbonAllowance = await (await c.waitForDeployment()).getAddress();
  }
  if (!next.greenCertificate) {
    // Registries deployed before the market existed lack the view GreenCertificate checks organisations with.
    await registry.isActiveOrganisation(ZeroHash).catch(() => {
      throw new Error(
        `ParticipantRegistry at ${deployment.participantRegistry} predates isActiveOrganisation, which GreenCertificate ` +
          'needs: deploy a new network (npm run deploy with a new DEPLOYMENT_FILE)',
      );
    });
    const c = await new GreenCertificate__factory(authority).deploy(
      deployment.participantRegistry,
      CERTIFICATE_URI,
      overrides,
    );
    next.greenCertificate = await (await c.waitForDeployment()).getAddress();
  }
  if (!next.tradeLedger) {
    const c = await new TradeLedger__factory(authority).deploy(deployment.participantRegistry, overrides);
    next.tradeLedger = await (await c.waitForDeployment()).getAddress();
  }
  for (const account of [await authority.getAddress(), next.tradeLedger]) {
    if ((await registry.organisationOf(account)) === ZeroHash) {
      await (await registry.linkAccount(account, OPERATOR_ORG_ID, overrides)).wait();
    }
  }
  const ledger = TradeLedger__factory.connect(next.tradeLedger, authority);
  for (const asset of [next.carbonAllowance, next.greenCertificate]) {
    if (!(await ledger.isListed(asset))) await (await ledger.setAssetListed(asset, true, overrides)).wait();
  }
  return next;
}

/** True when every market contract of the deployment has code. */
export async function marketContractsLive(provider: Provider, deployment: Deployment): Promise<boolean> {
  const addresses = [deployment.carbonAllowance, deployment.greenCertificate, deployment.tradeLedger];
  if (addresses.some((a) => !a)) return false;
  const codes = await Promise.all(addresses.map((a) => provider.getCode(a as string)));
  return codes.every((code) => code !== '0x');
}
