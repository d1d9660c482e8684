import { actedAnswer, actorOf } from '../custody/actAs';
import type { MarketDeps } from './allowances';
import { accountOf, assetAddress, marketContracts, type AssetName } from './marketContracts';

function tokenOf(deps: MarketDeps, asset: AssetName) {
  const market = marketContracts(deps.chain);
  return asset === 'allowance' ? market.allowances : market.certificates;
}

/** Moves tokens from the caller's account to another organisation's (both must be active participants on chain). */
export async function transferTokens(
  deps: MarketDeps,
  orgId: string,
  input: { asset: AssetName; tokenId: string; toOrgId: string; quantity: string },
) {
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

/** Lets TradeLedger deliver the caller's tokens of `asset` when an exchange records a sale (delivery versus payment). */
export async function approveLedger(deps: MarketDeps, orgId: string, asset: AssetName, approved: boolean) {
  const holder = await actorOf(deps, orgId);
  const ledger = marketContracts(deps.chain).ledger.target.toString();
  const acted = await holder.send(tokenOf(deps, asset), 'setApprovalForAll', [ledger, approved]);
  return { asset, assetAddress: assetAddress(deps.chain, asset), operator: ledger, approved, ...actedAnswer(acted) };
}
