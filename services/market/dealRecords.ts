import type { Wallet } from 'ethers';
import { gasOverrides } from '../custody/chainParties';
import { eventInReceipt } from '../custody/eventInReceipt';
import type { MarketDeps } from './allowances';
import { dealTradeId, type DealValue } from './dealTypedData';
import { marketContracts } from './marketContracts';

/** ITradeLedger.TradeKind.Otc as the indexer stores it (a uint8, in decimal). */
const OTC_KIND = '1';

/** Both parties' signatures of a deal. */
export interface DealSignatures {
  buyer: string;
  seller: string;
}

/** Where a deal is recorded in TradeLedger. */
export interface DealRecord {
  tradeId: string;
  txHash: string | null;
}

/** The transaction that records the signed deal (TradeLedger.recordDeal), for the buyer's or the seller's account. */
export function recordDealTransaction(deps: MarketDeps, deal: DealValue, signatures: DealSignatures) {
  const { ledger } = marketContracts(deps.chain);
  return {
    to: ledger.target.toString(),
    data: ledger.interface.encodeFunctionData('recordDeal', [deal, signatures.buyer, signatures.seller]),
  };
}

/** The deal's record read from the chain itself (the indexer may lag behind), or null while it is not recorded. */
export async function recordOnChain(deps: MarketDeps, deal: DealValue): Promise<DealRecord | null> {
  const { ledger } = marketContracts(deps.chain);
  const tradeId = dealTradeId(deal);
  if (!(await ledger.isRecorded(tradeId))) return null;
  const [event] = await ledger.queryFilter(
    ledger.filters.TradeRecorded(tradeId),
    deps.chain.deployment.deployedAtBlock,
  );
  return { tradeId, txHash: event?.transactionHash ?? null };
}

/**
 * Records the signed deal in TradeLedger with `wallet`, a party's custodial account; the tokens move in the same
 * transaction. Idempotent: a deal already on chain (recorded by the other party with its own key, or by a concurrent
 * request) is not sent again; its existing record is returned.
 */
export async function recordSignedDeal(
  deps: MarketDeps,
  deal: DealValue,
  signatures: DealSignatures,
  wallet: Wallet,
): Promise<DealRecord> {
  const existing = await recordOnChain(deps, deal);
  if (existing) return existing;
  const { ledger } = marketContracts(deps.chain);
  try {
    const tx = await ledger
      .connect(wallet.connect(deps.chain.provider))
      .recordDeal(deal, signatures.buyer, signatures.seller, gasOverrides(deps.chain));
    const recorded = eventInReceipt(await tx.wait(), ledger, 'TradeRecorded');
    return { tradeId: recorded ? String(recorded.args.tradeId) : dealTradeId(deal), txHash: tx.hash };
  } catch (error) {
    // The other party may have recorded it between the check and the send: then TradeLedger refused a second record.
    const raced = await recordOnChain(deps, deal).catch(() => null);
    if (raced) return raced;
    throw error;
  }
}

/**
 * Marks the organisation's signed deals recorded whose TradeRecorded event the indexer has mirrored. The event's ref
 * is the deal id; buyer, seller and kind are matched too, which together fix the trade id
 * (keccak256(buyer, seller, dealId)), so a deal of other accounts that reused the id cannot pass for this one.
 */
export async function reconcileSignedDeals(deps: MarketDeps, orgId: string): Promise<void> {
  await deps.db.query(
    `update otc_deals d set status = 'recorded', trade_id = e.args->>'tradeId',
       tx_hash = '0x' || encode(e.tx_hash, 'hex'), recorded_at = e.block_time
     from chain_events e
     where d.status = 'signed' and (d.proposer_org_id = $1::uuid or d.counterparty_org_id = $1::uuid)
       and e.contract = 'TradeLedger' and e.event = 'TradeRecorded' and e.chain_id = $2::bigint and e.address = $3
       and e.args->>'ref' = '0x' || encode(d.deal_id, 'hex') and e.args->>'kind' = $4
       and e.args->>'buyer' = lower(d.deal->'terms'->>'buyer')
       and e.args->>'seller' = lower(d.deal->'terms'->>'seller')`,
    [orgId, deps.chain.chainId, marketContracts(deps.chain).ledger.target.toString().toLowerCase(), OTC_KIND],
  );
}
