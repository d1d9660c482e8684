import { AnchorRegistry__factory, InventoryRegistry__factory } from '../../types/contracts';
import { ensureEmbeddedContracts, type ChainConnection } from './connectChain';

/**
 * After the embedded chain lost its contracts (a reset), deploys them again as `npm start` does and points `chain` at
 * them, so that anchoring resumes. Only the embedded chain: on a network Nengtan does not own, deploying is the
 * operator's decision (`npm run deploy`). Returns false when it did not redeploy.
 */
export async function redeployEmbeddedContracts(chain: ChainConnection): Promise<boolean> {
  if (!chain.embedded) return false;
  const deployment = await ensureEmbeddedContracts(
    chain.provider,
    await chain.signer.getAddress(),
    chain.deploymentFile,
    chain.deployment,
  );
  chain.deployment = deployment;
  chain.anchorRegistry = AnchorRegistry__factory.connect(deployment.anchorRegistry, chain.signer);
  chain.inventoryRegistry = deployment.inventoryRegistry
    ? InventoryRegistry__factory.connect(deployment.inventoryRegistry, chain.provider)
    : undefined;
  return true;
}
