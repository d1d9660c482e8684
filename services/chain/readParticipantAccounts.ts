import type { Provider } from 'ethers';
import { ParticipantRegistry__factory } from '../../types/contracts';

/**
 * Every account linked in the ParticipantRegistry at `registryAddress`, checksummed, read with accountCount and
 * accountAt. All calls are pinned to one block: the registry's enumeration order changes on unlink, and reads spread
 * over several blocks could miss or repeat an account.
 */
export async function readParticipantAccounts(
  provider: Provider,
  registryAddress: string,
  blockTag?: number,
): Promise<string[]> {
  if ((await provider.getCode(registryAddress)) === '0x') {
    throw new Error(`no contract at ${registryAddress}: is --participant-registry the ParticipantRegistry address?`);
  }
  const registry = ParticipantRegistry__factory.connect(registryAddress, provider);
  const block = blockTag ?? (await provider.getBlockNumber());
  const count = Number(await registry.accountCount({ blockTag: block }));
  const indices = Array.from({ length: count }, (_, i) => i);
  return Promise.all(indices.map((i) => registry.accountAt(i, { blockTag: block })));
}
