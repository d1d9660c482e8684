import type { Provider } from 'ethers';
import { AnchorRegistry__factory } from '../../types/contracts';
import { ZERO_BYTES32 } from '../lib/hex';

const registry = AnchorRegistry__factory.createInterface();

/**
 * The root AnchorRegistry at `contract` holds for `batchId`; zero when it holds none, or when the address has no code
 * any more (a reset chain answers an empty call). Network errors are thrown.
 */
export async function rootOnChain(provider: Provider, contract: string, batchId: string): Promise<string> {
  const result = await provider.call({ to: contract, data: registry.encodeFunctionData('rootOf', [batchId]) });
  if (result === '0x') return ZERO_BYTES32;
  return String(registry.decodeFunctionResult('rootOf', result)[0]).toLowerCase();
}
