import { encodeBytes32String, id as keccakText, toUtf8Bytes, hexlify } from 'ethers';
import { NengtanError } from '../lib/errors';
import { gasOverrides, signerOf } from '../notarization/chainParties';
import type { MarketDeps } from './allowances';
import { accountOf, assetAddress, marketContracts, type AssetName } from './marketContracts';

export interface ExchangeTradeInput {
  /** The exchange's own reference of the deal; a reference is recorded once. */
  venueRef: string;
  buyerOrgId: string;
  sellerOrgId: string;
  asset: AssetName;
  tokenId: string;
  quantity: string;
  /** Price per unit in minor units of the currency (fen for CNY). */
  pricePerUnit: string;
  currency: string;
  /** The payment's reference (bank transfer id); its keccak256 goes on chain. */
  paymentRef: string;
  venue: string;
}

/**
 * Records an exchange trade and settles its token leg atomically (exchange): TradeLedger moves the tokens from the
 * seller, who approved it beforehand, to the buyer in the same transaction as the record, or neither happens.
 */
export async function recordExchangeTrade(deps: MarketDeps, exchangeOrgId: string, input: ExchangeTradeInput) {
  if (!/^[A-Z]{3}$/.test(input.currency)) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', { message: 'currency must be an ISO 4217 code such as CNY' });
  }
  const [buyer, seller, signer] = await Promise.all([
    accountOf(deps.db, input.buyerOrgId),
    accountOf(deps.db, input.sellerOrgId),
    signerOf(deps.db, deps.chain, deps.keystoreSecret, exchangeOrgId),
  ]);
  const { ledger } = marketContracts(deps.chain);
  const tx = await ledger.connect(signer).recordTrade(
    keccakText(input.venueRef),
    {
      buyer,
      seller,
      asset: assetAddress(deps.chain, input.asset),
      tokenId: BigInt(input.tokenId),
      quantity: BigInt(input.quantity),
      pricePerUnit: BigInt(input.pricePerUnit),
      currency: hexlify(toUtf8Bytes(input.currency)),
      paymentRef: keccakText(input.paymentRef),
      venue: encodeBytes32String(input.venue.slice(0, 31)),
    },
    gasOverrides(deps.chain),
  );
  const receipt = await tx.wait();
  const recorded = receipt?.logs
    .map((log) => ledger.interface.parseLog(log))
    .find((parsed) => parsed?.name === 'TradeRecorded');
  return { tradeId: recorded ? String(recorded.args.tradeId) : null, ...input, txHash: tx.hash };
}
