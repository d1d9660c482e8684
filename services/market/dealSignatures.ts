import { Contract, TypedDataEncoder, verifyTypedData, type Wallet } from 'ethers';
import { NengtanError } from '../lib/errors';
import { custodialWallet } from '../custody/chainAccounts';
import type { MarketDeps } from './allowances';
import { DEAL_TYPES, dealDomain, type DealValue } from './dealTypedData';

/**
 * The organisation's custodial wallet when it is `account`, the organisation's account in a deal; undefined when the
 * account is external. Deals name only registered accounts (accountOf), so a match is a registered custodial account.
 */
export async function custodialKeyOf(deps: MarketDeps, orgId: string, account: string): Promise<Wallet | undefined> {
  // Without the keystore secret no custodial key can be opened: every party signs and records itself.
  if (!deps.keystoreSecret) return undefined;
  const wallet = await custodialWallet(deps.db, deps.keystoreSecret, orgId);
  return wallet?.address.toLowerCase() === account.toLowerCase() ? wallet : undefined;
}

/** The deal signed with the organisation's custodial key when that is `account`; undefined for an external account. */
export async function custodialSignature(
  deps: MarketDeps,
  orgId: string,
  account: string,
  deal: DealValue,
): Promise<string | undefined> {
  const wallet = await custodialKeyOf(deps, orgId, account);
  return wallet?.signTypedData(dealDomain(deps.chain), DEAL_TYPES, deal);
}

/** The account that made `signature` over the deal, or null when it is no signature at all. */
function signerOfDeal(deps: MarketDeps, deal: DealValue, signature: string): string | null {
  try {
    return verifyTypedData(dealDomain(deps.chain), DEAL_TYPES, deal, signature);
  } catch {
    return null;
  }
}

const ERC1271_MAGIC = '0x1626ba7e';

/**
 * Whether `account` is a contract account (a multisig, a smart wallet) that accepts `signature` over the deal under
 * ERC-1271, as TradeLedger's SignatureChecker will.
 */
async function contractAccepts(deps: MarketDeps, account: string, deal: DealValue, signature: string) {
  if ((await deps.chain.provider.getCode(account)) === '0x') return false;
  const digest = TypedDataEncoder.hash(dealDomain(deps.chain), DEAL_TYPES, deal);
  const wallet = new Contract(
    account,
    ['function isValidSignature(bytes32, bytes) view returns (bytes4)'],
    deps.chain.provider,
  );
  try {
    return (await wallet.isValidSignature(digest, signature)) === ERC1271_MAGIC;
  } catch {
    return false;
  }
}

/**
 * A party's EIP-712 signature of the deal: made with its custodial key, or the one it sent, checked the way TradeLedger
 * will check it: it recovers to the party's account (ECDSA), or the account is a contract that accepts it (ERC-1271).
 */
export async function partySignature(
  deps: MarketDeps,
  orgId: string,
  account: string,
  deal: DealValue,
  given: string | undefined,
): Promise<string> {
  const custodial = await custodialSignature(deps, orgId, account, deal);
  if (custodial) return custodial;
  if (!given) {
    throw new NengtanError('NT_ERR_MARKET_SIGNATURE_REQUIRED', {
      message: `The deal needs the EIP-712 signature of ${account}, your external account in it`,
    });
  }
  const signer = signerOfDeal(deps, deal, given);
  if (signer?.toLowerCase() !== account.toLowerCase() && !(await contractAccepts(deps, account, deal, given))) {
    throw new NengtanError('NT_ERR_MARKET_SIGNATURE_INVALID', {
      message: signer
        ? `The signature recovers to ${signer}, not to ${account}: another key signed, or it signed other data`
        : `The signature is not a valid ECDSA signature; the deal needs one by ${account}`,
    });
  }
  return given;
}
