import { actedAnswer, actorOf } from '../custody/actAs';
import type { MarketDeps } from './allowances';
import { confirmLedgerApproval, confirmTransfer, tokenOf, type TransferInput } from './confirmTransfer';
import { accountOf, assetAddress, marketContracts, type AssetName } from './marketContracts';

/**
 * Moves tokens from the caller's account to another organisation's (both must be active participants on chain). An
 * organisation that signs itself gets the transaction to send (`awaiting-signature`) and confirms it by asking again
 * with the same transfer and the transaction's hash.
 */
export async function transferTokens(
  deps: MarketDeps,
  orgId: string,
  { txHash, ...input }: TransferInput & { txHash?: string },
) {
  if (txHash) return confirmTransfer(deps, orgId, input, txHash);
  const holder = await actorOf(deps, orgId);
  const to = await accountOf(deps.db, input.toOrgId);
  const acted = await holder.send(tokenOf(deps, input.asset), 'safeTransferFrom', [
    holder.address,
    to,
    BigInt(input.tokenId),
    BigInt(input.quantity),
    '0x',
  ]);
  return { ...input, to, ...actedAnswer(acted) };
}

/**
 * Lets TradeLedger deliver the caller's tokens of `asset` when an exchange records a sale (delivery versus payment).
 * An organisation that signs itself confirms the approval it sent with the transaction's hash (`txHash`).
 */
export async function approveLedger(
  deps: MarketDeps,
  orgId: string,
  asset: AssetName,
  approved: boolean,
  txHash?: string,
) {
  if (txHash) return confirmLedgerApproval(deps, orgId, asset, approved, txHash);
  const holder = await actorOf(deps, orgId);
  const ledger = marketContracts(deps.chain).ledger.target.toString();
  const acted = await holder.send(tokenOf(deps, asset), 'setApprovalForAll', [ledger, approved]);
  return { asset, assetAddress: assetAddress(deps.chain, asset), operator: ledger, approved, ...actedAnswer(acted) };
}
