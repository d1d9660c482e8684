import { hashMessage, TypedDataEncoder, verifyMessage, verifyTypedData, type Provider } from 'ethers';
import { NengtanError } from '../lib/errors';
import type { AccountChallenge } from './accountChallenges';
import { contractAccountAccepts } from './contractAccountAccepts';

/** The account an ECDSA signature recovers to, or null when `recover` finds none (not a signature at all). */
function recovered(recover: () => string): string | null {
  try {
    return recover().toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Refuses unless `signature` proves control of the challenge's account: an EOA's EIP-191 (personal_sign) signature of
 * the challenge text or EIP-712 signature of its typed data, or, for a contract account, its ERC-1271
 * `isValidSignature` accepting either digest on chain.
 */
export async function checkAccountControl(
  provider: Provider | undefined,
  challenge: AccountChallenge,
  signature: string,
): Promise<void> {
  const { domain, types, message } = challenge.typedData;
  const signers = [
    recovered(() => verifyMessage(challenge.message, signature)),
    recovered(() => verifyTypedData(domain, types, message, signature)),
  ];
  if (signers.includes(challenge.address)) return;
  if (provider) {
    for (const digest of [hashMessage(challenge.message), TypedDataEncoder.hash(domain, types, message)]) {
      if (await contractAccountAccepts(provider, challenge.address, digest, signature)) return;
    }
  }
  throw new NengtanError('NT_ERR_CHAIN_ACCOUNT_PROOF_INVALID', {
    message:
      signers[0] === null
        ? `The signature is not a valid ECDSA signature, and ${challenge.address} accepts it as no contract account`
        : `The signature recovers to ${signers[0]} (EIP-191) or ${signers[1]} (EIP-712), not to ${challenge.address}`,
  });
}
