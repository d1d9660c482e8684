import { clientTransactionReceipt } from '../custody/clientTransactionReceipt';
import { differingFields } from '../custody/differingFields';
import { eventInReceipt } from '../custody/eventInReceipt';
import { NengtanError } from '../lib/errors';
import type { MarketDeps } from './allowances';
import { accountOf, marketContracts, type AssetName } from './marketContracts';

/** A transfer as POST /v1/market/transfers takes it. */
export interface TransferInput {
  asset: AssetName;
  tokenId: string;
  toOrgId: string;
  quantity: string;
}

/** The token contract of an asset: CarbonAllowance or GreenCertificate. */
export function tokenOf(deps: MarketDeps, asset: AssetName) {
  const market = marketContracts(deps.chain);
  return asset === 'allowance' ? market.allowances : market.certificates;
}

/**
 * Confirms a transfer the organisation signed and sent itself with the request it was prepared from: mined,
 * successful, sent by one of its registered accounts straight to the asset's token contract
 * (clientTransactionReceipt), and moving exactly this quantity of this token from that account (its own tokens, not as
 * an operator) to the receiving organisation's account (`TransferSingle`). Nothing is stored: the indexer mirrors the
 * transfer into positions and holdings, and the client reads on from the block answered.
 */
export async function confirmTransfer(deps: MarketDeps, orgId: string, input: TransferInput, txHash: string) {
  const token = tokenOf(deps, input.asset);
  const receipt = await clientTransactionReceipt(deps.db, deps.chain, orgId, txHash, token.target.toString());
  const moved = eventInReceipt(receipt, token, 'TransferSingle');
  if (!moved) {
    throw new NengtanError('NT_ERR_CHAIN_TX_MISMATCH', { message: `Transaction ${txHash} transfers nothing` });
  }
  const to = await accountOf(deps.db, input.toOrgId);
  const { args } = moved;
  const differing = differingFields([
    ['from', args.from, receipt.from],
    ['operator', args.operator, receipt.from],
    ['to', args.to, to],
    ['tokenId', args.id, BigInt(input.tokenId)],
    ['quantity', args.value, BigInt(input.quantity)],
  ]);
  if (differing.length > 0) {
    throw new NengtanError('NT_ERR_CHAIN_TX_MISMATCH', {
      message: `Transaction ${txHash} is a transfer, but not this one: its ${differing.join(', ')} differ`,
    });
  }
  return { ...input, to, status: 'mined' as const, txHash: receipt.hash, blockNumber: receipt.blockNumber };
}

/**
 * Confirms a ledger approval the organisation signed and sent itself: to the asset's token contract, from one of its
 * registered accounts, and setting exactly this approval of TradeLedger for that account (`ApprovalForAll`).
 */
export async function confirmLedgerApproval(
  deps: MarketDeps,
  orgId: string,
  asset: AssetName,
  approved: boolean,
  txHash: string,
) {
  const token = tokenOf(deps, asset);
  const assetAddress = token.target.toString();
  const receipt = await clientTransactionReceipt(deps.db, deps.chain, orgId, txHash, assetAddress);
  const approval = eventInReceipt(receipt, token, 'ApprovalForAll');
  if (!approval) {
    throw new NengtanError('NT_ERR_CHAIN_TX_MISMATCH', { message: `Transaction ${txHash} approves no operator` });
  }
  const operator = marketContracts(deps.chain).ledger.target.toString();
  const { args } = approval;
  const differing = differingFields([
    ['account', args.account, receipt.from],
    ['operator', args.operator, operator],
    ['approved', args.approved, approved],
  ]);
  if (differing.length > 0) {
    throw new NengtanError('NT_ERR_CHAIN_TX_MISMATCH', {
      message: `Transaction ${txHash} is a ledger approval, but not this one: its ${differing.join(', ')} differ`,
    });
  }
  return {
    asset,
    assetAddress,
    operator,
    approved,
    status: 'mined' as const,
    txHash: receipt.hash,
    blockNumber: receipt.blockNumber,
  };
}
