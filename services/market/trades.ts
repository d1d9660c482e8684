import { id as keccakText } from 'ethers';
import { eventInReceipt } from '../custody/eventInReceipt';
import { actedAnswer, actorOf } from '../custody/actAs';
import type { MarketDeps } from './allowances';
import { accountOf, marketContracts } from './marketContracts';
import { tradeTerms, type TradeTermsInput } from './tradeTerms';
export interface ExchangeTradeInput extends TradeTermsInput {
  /** The exchange's own reference of the deal; a reference is recorded once. */
  venueRef: string;
  buyerOrgId: string;
  sellerOrgId: string;
  venue: string;
}

/**
 * Records an exchange trade and settles its token leg atomically (exchange): TradeLedger moves the tokens from the
 * seller, who approved it beforehand, to the buyer in the same transaction as the record, or neither happens.
 */
export async function recordExchangeTrade(deps: MarketDeps, exchangeOrgId: string, input: ExchangeTradeInput) {
  const [buyer, seller, exchange] = await Promise.all([
    accountOf(deps.db, input.buyerOrgId),
    accountOf(deps.db, input.sellerOrgId),
    actorOf(deps, exchangeOrgId),
  ]);
  const { ledger } = marketContracts(deps.chain);
  const acted = await exchange.send(ledger, 'recordTrade', [
    keccakText(input.venueRef),
    tradeTerms(deps.chain, { buyer, seller }, input, input.venue),
  ]);
  const recorded = acted.status === 'mined' ? eventInReceipt(acted.receipt, ledger, 'TradeRecorded') : null;
  return { tradeId: recorded ? String(recorded.args.tradeId) : null, ...input, ...actedAnswer(acted) };
}
