import { randomBytes, randomUUID } from 'node:crypto';
import { hexlify } from 'ethers';
import { withTransaction, type Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import type { MarketDeps } from './allowances';
import {
  recordDealTransaction,
  recordOnChain,
  recordSignedDeal,
  reconcileSignedDeals,
  type DealRecord,
  type DealSignatures,
} from './dealRecords';
import { custodialKeyOf, custodialSignature, partySignature } from './dealSignatures';
import { DEAL_TYPES, dealDomain, dealTradeId, type DealValue } from './dealTypedData';
import { accountOf, marketContracts } from './marketContracts';
import { clientTransactionReceipt } from '../custody/clientTransactionReceipt';
import { eventInReceipt } from '../custody/eventInReceipt';
import { tradeTerms, type TradeTermsInput } from './tradeTerms';

export interface ProposeDealInput extends TradeTermsInput {
  side: 'sell' | 'buy';
  counterpartyOrgId: string;
  /** Until when the counterparty may accept and the deal be recorded (ISO 8601). */
  deadline: string;
}

interface DealRow {
  id: string;
  proposer_org_id: string;
  counterparty_org_id: string;
  buyer_org_id: string;
  seller_org_id: string;
  deal: DealValue;
  buyer_signature: string | null;
  seller_signature: string | null;
  status: 'proposed' | 'signed' | 'recorded';
  trade_id: string | null;
  tx_hash: string | null;
}

type Side = 'buyer' | 'seller';

/** The organisation's side of the deal and its account in the terms. */
function sideOf(row: DealRow, orgId: string): { side: Side; account: string } {
  return row.buyer_org_id === orgId
    ? { side: 'buyer', account: row.deal.terms.buyer }
    : { side: 'seller', account: row.deal.terms.seller };
}

function signaturesOf(row: DealRow): DealSignatures | null {
  return row.buyer_signature && row.seller_signature
    ? { buyer: row.buyer_signature, seller: row.seller_signature }
    : null;
}

function present(deps: MarketDeps, row: DealRow) {
  const signatures = signaturesOf(row);
  return {
    id: row.id,
    status: row.status,
    proposerOrgId: row.proposer_org_id,
    counterpartyOrgId: row.counterparty_org_id,
    buyerOrgId: row.buyer_org_id,
    sellerOrgId: row.seller_org_id,
    typedData: { domain: dealDomain(deps.chain), types: DEAL_TYPES, primaryType: 'Deal', message: row.deal },
    signed: { buyer: row.buyer_signature !== null, seller: row.seller_signature !== null },
    // A signed deal that no party's custodial key recorded: either party sends this from its account in the deal.
    transaction: row.status === 'signed' && signatures ? recordDealTransaction(deps, row.deal, signatures) : null,
    tradeId: row.trade_id,
    txHash: row.tx_hash,
  };
}

function stateRefusal(message: string, hint?: string): NengtanError {
  return new NengtanError('NT_ERR_MARKET_DEAL_STATE', { message, hint });
}

const PARTIES = {
  proposer: 'proposer_org_id = $2::uuid',
  counterparty: 'counterparty_org_id = $2::uuid',
  party: '(proposer_org_id = $2::uuid or counterparty_org_id = $2::uuid)',
} as const;

/** The deal with that id in which the organisation plays `role`; another organisation's deal is not found. */
async function dealOf(db: Queryable, id: string, orgId: string, role: keyof typeof PARTIES): Promise<DealRow> {
  const { rows } = await db.query<DealRow>(`select * from otc_deals where id = $1::uuid and ${PARTIES[role]}`, [
    id,
    orgId,
  ]);
  if (!rows[0]) {
    throw new NengtanError('NT_ERR_NOT_FOUND', {
      message:
        role === 'counterparty' ? 'No deal offered to your organisation with that id' : 'No deal of yours with that id',
    });
  }
  return rows[0];
}

async function markRecorded(db: Queryable, id: string, record: DealRecord): Promise<DealRow> {
  const { rows } = await db.query<DealRow>(
    `update otc_deals set status = 'recorded', trade_id = $2, tx_hash = $3, recorded_at = now()
     where id = $1::uuid returning *`,
    [id, record.tradeId, record.txHash],
  );
  return rows[0];
}

const DEFAULT_OPEN_PROPOSALS_PER_HOUR = 20;

/**
 * Refuses a proposal when the proposer already has `openPerHour` proposals created in the last hour that this
 * counterparty has not accepted: one organisation cannot flood another's list of offers. Accepted deals do not count.
 */
async function refuseProposalFlood(tx: Queryable, orgId: string, counterpartyOrgId: string, openPerHour: number) {
  const { rows } = await tx.query<{ open: number; oldest_age_seconds: number | null }>(
    `select count(*)::integer as open, extract(epoch from now() - min(created_at))::integer as oldest_age_seconds
     from otc_deals where proposer_org_id = $1::uuid and counterparty_org_id = $2::uuid and status = 'proposed'
       and created_at > now() - interval '1 hour'`,
    [orgId, counterpartyOrgId],
  );
  const { open, oldest_age_seconds: oldestAge } = rows[0];
  if (open < openPerHour) return;
  throw new NengtanError('NT_ERR_OTC_PROPOSAL_LIMIT', {
    message: `You have ${open} open proposals to this counterparty from the last hour; the limit is ${openPerHour}`,
    details: { limit: openPerHour, retryAfterSeconds: Math.max(1, 3600 - (oldestAge ?? 0)) },
  });
}

/** Proposes an over-the-counter deal to another organisation, signed by the proposer's custodial key if it has one. */
export async function proposeDeal(
  deps: MarketDeps,
  orgId: string,
  input: ProposeDealInput,
  limits: { openPerHour: number } = { openPerHour: DEFAULT_OPEN_PROPOSALS_PER_HOUR },
) {
  if (input.counterpartyOrgId === orgId) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', { message: 'A deal needs two different organisations' });
  }
  const deadline = Math.floor(Date.parse(input.deadline) / 1000);
  if (!Number.isFinite(deadline) || deadline * 1000 <= Date.now()) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', { message: 'deadline must be an ISO 8601 time in the future' });
  }
  // Checked first to refuse cheaply, and again under the pair's lock when storing, so concurrent proposals count too.
  await refuseProposalFlood(deps.db, orgId, input.counterpartyOrgId, limits.openPerHour);
  const [buyerOrgId, sellerOrgId] =
    input.side === 'sell' ? [input.counterpartyOrgId, orgId] : [orgId, input.counterpartyOrgId];
  const [buyer, seller] = await Promise.all([accountOf(deps.db, buyerOrgId), accountOf(deps.db, sellerOrgId)]);
  const deal: DealValue = {
    dealId: hexlify(randomBytes(32)),
    deadline: String(deadline),
    terms: tradeTerms(deps.chain, { buyer, seller }, input, 'OTC'),
  };
  // The deal id is chosen here, so an external proposer can only sign the stored deal: POST .../{id}/signature.
  const signature = (await custodialSignature(deps, orgId, input.side === 'sell' ? seller : buyer, deal)) ?? null;
  const rows = await withTransaction(deps.db, async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`otc-proposals:${orgId}:${input.counterpartyOrgId}`]);
    await refuseProposalFlood(tx, orgId, input.counterpartyOrgId, limits.openPerHour);
    return (
      await tx.query<DealRow>(
        `insert into otc_deals (id, deal_id, proposer_org_id, counterparty_org_id, buyer_org_id, seller_org_id, deal,
       buyer_signature, seller_signature)
     values ($1::uuid, $2, $3::uuid, $4::uuid, $5::uuid, $6::uuid, $7::jsonb, $8, $9) returning *`,
        [
          randomUUID(),
          Buffer.from(deal.dealId.slice(2), 'hex'),
          orgId,
          input.counterpartyOrgId,
          buyerOrgId,
          sellerOrgId,
          JSON.stringify(deal),
          input.side === 'buy' ? signature : null,
          input.side === 'sell' ? signature : null,
        ],
      )
    ).rows;
  });
  return present(deps, rows[0]);
}

/** The proposer's own signature of a deal it proposed with an external account. */
export async function signProposedDeal(deps: MarketDeps, orgId: string, id: string, given: string) {
  const row = await dealOf(deps.db, id, orgId, 'proposer');
  const { side, account } = sideOf(row, orgId);
  if (row.status !== 'proposed' || row[`${side}_signature`] !== null) {
    throw stateRefusal(`The deal is ${row.status} and already signed by you`);
  }
  const signature = await partySignature(deps, orgId, account, row.deal, given);
  const { rows } = await deps.db.query<DealRow>(
    `update otc_deals set ${side}_signature = $2
     where id = $1::uuid and status = 'proposed' and ${side}_signature is null returning *`,
    [id, signature],
  );
  if (!rows[0]) throw stateRefusal('The deal was signed by you meanwhile');
  return present(deps, rows[0]);
}

/** The deals an organisation proposed or was offered; signed deals the chain shows recorded are marked so first. */
export async function listDeals(deps: MarketDeps, orgId: string) {
  await reconcileSignedDeals(deps, orgId);
  const { rows } = await deps.db.query<DealRow>(
    `select * from otc_deals where proposer_org_id = $1::uuid or counterparty_org_id = $1::uuid
     order by created_at desc limit 200`,
    [orgId],
  );
  return rows.map((row) => present(deps, row));
}

/** Adds the accepting party's signature; the deal becomes 'signed', once: a concurrent acceptance finds it signed. */
async function storeAcceptance(deps: MarketDeps, row: DealRow, side: Side, signature: string): Promise<DealRow> {
  const { rows } = await deps.db.query<DealRow>(
    `update otc_deals set ${side}_signature = $2, status = 'signed' where id = $1::uuid and status = 'proposed'
     returning *`,
    [row.id, signature],
  );
  if (!rows[0]) throw stateRefusal('The deal was accepted meanwhile');
  return rows[0];
}

/** Records the signed deal with the first of `orgIds` that has a custodial account in it; else leaves it signed. */
async function recordByCustodian(deps: MarketDeps, row: DealRow, orgIds: string[]) {
  for (const orgId of orgIds) {
    const wallet = await custodialKeyOf(deps, orgId, sideOf(row, orgId).account);
    if (!wallet) continue;
    const record = await recordSignedDeal(deps, row.deal, signaturesOf(row) as DealSignatures, wallet);
    return present(deps, await markRecorded(deps.db, row.id, record));
  }
  return present(deps, row);
}

/**
 * Accepts a deal offered to the organisation: its signature (custodial, or the one it sent) is added, and the deal
 * recorded in TradeLedger by the accepter's custodial account, else the proposer's, the tokens moving from the seller
 * (who approved the ledger) in the same transaction. With two external accounts the deal stays 'signed' with the
 * transaction either party sends itself. Signatures are kept even if recording fails: the deal stays 'signed'.
 */
export async function acceptDeal(deps: MarketDeps, orgId: string, id: string, given?: string) {
  await reconcileSignedDeals(deps, orgId);
  const row = await dealOf(deps.db, id, orgId, 'counterparty');
  if (row.status !== 'proposed') throw stateRefusal(`The deal is ${row.status}: a deal is accepted once`);
  if (row[`${sideOf(row, row.proposer_org_id).side}_signature`] === null) {
    throw stateRefusal(
      'The proposer has not signed the deal yet',
      'The proposer signs it with POST /v1/market/otc-deals/{id}/signature; accept it after that.',
    );
  }
  const mine = sideOf(row, orgId);
  const signature = await partySignature(deps, orgId, mine.account, row.deal, given);
  const signed = await storeAcceptance(deps, row, mine.side, signature);
  return recordByCustodian(deps, signed, [orgId, row.proposer_org_id]);
}

/**
 * Has Nengtan record a signed deal with the calling party's custodial account. Idempotent: a deal already recorded
 * on chain (by either party, with any key) is only marked recorded. A party whose account in the deal is external gets
 * the transaction to sign and send itself (`awaiting-signature`, with `from` its account), and confirms it by asking
 * again with the transaction's hash.
 */
export async function recordDeal(deps: MarketDeps, orgId: string, id: string, txHash?: string) {
  await reconcileSignedDeals(deps, orgId);
  const row = await dealOf(deps.db, id, orgId, 'party');
  if (row.status === 'recorded') return present(deps, row);
  const signatures = signaturesOf(row);
  if (row.status !== 'signed' || !signatures) {
    throw stateRefusal('The deal is proposed: it is recorded once both parties signed it (accepted)');
  }
  if (txHash)
    return present(deps, await markRecorded(deps.db, row.id, await confirmDealRecord(deps, orgId, row, txHash)));
  const { account } = sideOf(row, orgId);
  const wallet = await custodialKeyOf(deps, orgId, account);
  const record = wallet
    ? await recordSignedDeal(deps, row.deal, signatures, wallet)
    : await recordOnChain(deps, row.deal);
  if (record) return present(deps, await markRecorded(deps.db, row.id, record));
  const { to, data } = recordDealTransaction(deps, row.deal, signatures);
  return {
    status: 'awaiting-signature' as const,
    deal: present(deps, row),
    transaction: { to, from: account, data, chainId: deps.chain.chainId },
  };
}

/**
 * The record of a deal from the transaction a party sent itself: mined, successful, sent by one of its registered
 * accounts straight to TradeLedger (clientTransactionReceipt), and recording exactly this deal's trade.
 */
async function confirmDealRecord(deps: MarketDeps, orgId: string, row: DealRow, txHash: string): Promise<DealRecord> {
  const { ledger } = marketContracts(deps.chain);
  const receipt = await clientTransactionReceipt(deps.db, deps.chain, orgId, txHash, ledger.target.toString());
  const recorded = eventInReceipt(receipt, ledger, 'TradeRecorded');
  const tradeId = dealTradeId(row.deal);
  if (!recorded || String(recorded.args.tradeId) !== tradeId) {
    throw new NengtanError('NT_ERR_CHAIN_TX_MISMATCH', {
      message: `Transaction ${txHash} does not record this deal (trade ${tradeId})`,
    });
  }
  return { tradeId, txHash: receipt.hash };
}
