import { clientTransactionReceipt } from '../custody/clientTransactionReceipt';
import { differingFields } from '../custody/differingFields';
import { eventInReceipt } from '../custody/eventInReceipt';
import { NengtanError } from '../lib/errors';
import type { MarketDeps } from './allowances';
import { marketContracts } from './marketContracts';

/** A claim as GreenCertificate.claim takes it (ids and times as the contract's integers, location as bytes32). */
export interface ClaimCall {
  certificateId: bigint;
  amount: number;
  beneficiaryOrgId: string;
  consumptionStart: number;
  consumptionEnd: number;
  location: string;
}

/**
 * Confirms a claim the holder signed and sent itself, with the request it was prepared from: mined, successful, sent
 * by one of its registered accounts straight to GreenCertificate (clientTransactionReceipt), and claiming exactly
 * these units of this certificate for this beneficiary, period and location, by this organisation. Nothing is stored:
 * the indexer mirrors `CertificateClaimed` into the organisation's claims. Answers the claim id and where it landed.
 */
export async function confirmClaim(
  deps: MarketDeps,
  claimant: { id: string; chainId: string },
  call: ClaimCall,
  txHash: string,
): Promise<{ claimId: string; status: 'mined'; txHash: string; blockNumber: number }> {
  const { certificates } = marketContracts(deps.chain);
  const receipt = await clientTransactionReceipt(
    deps.db,
    deps.chain,
    claimant.id,
    txHash,
    certificates.target.toString(),
  );
  const claimed = eventInReceipt(receipt, certificates, 'CertificateClaimed');
  if (!claimed) {
    throw new NengtanError('NT_ERR_CHAIN_TX_MISMATCH', { message: `Transaction ${txHash} claims no certificate` });
  }
  const claim = claimed.args.claim;
  const differing = differingFields([
    ['claimant', claim.claimantOrgId, claimant.chainId],
    ['certificateId', claim.certificateId, call.certificateId],
    ['mwh', claim.amount, call.amount],
    ['beneficiary', claim.beneficiaryOrgId, call.beneficiaryOrgId],
    ['consumptionStart', claim.consumptionStart, call.consumptionStart],
    ['consumptionEnd', claim.consumptionEnd, call.consumptionEnd],
    ['location', claim.location, call.location],
  ]);
  if (differing.length > 0) {
    throw new NengtanError('NT_ERR_CHAIN_TX_MISMATCH', {
      message: `Transaction ${txHash} is a claim, but not this one: its ${differing.join(', ')} differ`,
    });
  }
  return {
    claimId: claimed.args.claimId.toString(),
    status: 'mined',
    txHash: receipt.hash,
    blockNumber: receipt.blockNumber,
  };
}
