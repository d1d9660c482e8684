import { gasOverrides, signerOf } from '../chain/chainParties';
import { mined } from '../chain/mined';
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
  const signer = await signerOf(deps.db, deps.chain, deps.keystoreSecret, orgId);
  const to = await accountOf(deps.db, input.toOrgId);
  const tx = await tokenOf(deps, input.asset)
    .connect(signer)
    .safeTransferFrom(
      await signer.getAddress(),
      to,
      BigInt(input.tokenId),
      BigInt(input.quantity),
      '0x',
      gasOverrides(deps.chain),
    );
  const { landed } = await mined(tx);
  return { ...input, to, ...landed };
}

/** Lets TradeLedger deliver the caller's tokens of `asset` when an exchange records a sale (delivery versus payment). */
export async function approveLedger(deps: MarketDeps, orgId: string, asset: AssetName, approved: boolean) {
  const signer = await signerOf(deps.db, deps.chain, deps.keystoreSecret, orgId);
  const ledger = marketContracts(deps.chain).ledger.target.toString();
  const tx = await tokenOf(deps, asset).connect(signer).setApprovalForAll(ledger, approved, gasOverrides(deps.chain));
  const { landed } = await mined(tx);
  return { asset, assetAddress: assetAddress(deps.chain, asset), operator: ledger, approved, ...landed };
}
