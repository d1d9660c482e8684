import { Contract, type Provider } from 'ethers';

const ERC1271_MAGIC = '0x1626ba7e';

/**
 * Whether `account` is a contract account (a multisig, a smart wallet) that accepts `signature` over `digest` under
 * ERC-1271: its `isValidSignature(digest, signature)` answers the magic value. An account without code, a reverting
 * call or any other answer is a refusal.
 */
export async function contractAccountAccepts(
  provider: Provider,
  account: string,
  digest: string,
  signature: string,
): Promise<boolean> {
  if ((await provider.getCode(account)) === '0x') return false;
  const wallet = new Contract(account, ['function isValidSignature(bytes32, bytes) view returns (bytes4)'], provider);
  try {
    return (await wallet.isValidSignature(digest, signature)) === ERC1271_MAGIC;
  } catch {
    return false;
  }
}
