import { encodeBytes32String, hexlify, id as keccakText, toUtf8Bytes } from 'ethers';
import type { ChainConnection } from '../chain/connectChain';
import { NengtanError } from '../lib/errors';
import { assetAddress, type AssetName } from './marketContracts';

/** What a trade is about, as the API takes it; exchange trades and OTC deals share it. */
export interface TradeTermsInput {
  asset: AssetName;
  tokenId: string;
  quantity: string;
  /** Price per unit in minor units of the currency (fen for CNY). */
  pricePerUnit: string;
  currency: string;
  /** The payment's reference (bank transfer id); its keccak256 goes on chain. */
  paymentRef: string;
}

/** TradeLedger's Trade struct (EIP-712 `Trade`), with integers as decimal strings. */
export function tradeTerms(
  chain: ChainConnection,
  parties: { buyer: string; seller: string },
  input: TradeTermsInput,
  venue: string,
) {
  if (!/^[A-Z]{3}$/.test(input.currency)) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', { message: 'currency must be an ISO 4217 code such as CNY' });
  }
  return {
    buyer: parties.buyer,
    seller: parties.seller,
    asset: assetAddress(chain, input.asset),
    tokenId: input.tokenId,
    quantity: input.quantity,
    pricePerUnit: input.pricePerUnit,
    currency: hexlify(toUtf8Bytes(input.currency)),
    paymentRef: keccakText(input.paymentRef),
    venue: encodeBytes32String(venue.slice(0, 31)),
  };
}
