import { randomBytes, randomUUID } from 'node:crypto';
import { hexlify, verifyTypedData, type TypedDataField } from 'ethers';
import { eventInReceipt } from '../chain/eventInReceipt';
import { NengtanError } from '../lib/errors';
import { custodialWallet } from '../registry/chainAccounts';
import { gasOverrides, signerOf } from '../chain/chainParties';
import type { MarketDeps } from './allowances';
import { accountOf, marketContracts } from './marketContracts';
import { tradeTerms, type TradeTermsInput } from './tradeTerms';

const TRADE: TypedDataField[] = [
  { name: 'buyer', type: 'address' },
  { name: 'seller', type: 'address' },
  { name: 'asset', type: 'address' },
  { name: 'tokenId', type: 'uint256' },
  { name: 'quantity', type: 'uint256' },
  { name: 'pricePerUnit', type: 'uint256' },
  { name: 'currency', type: 'bytes3' },
  { name: 'paymentRef', type: 'bytes32' },
  { name: 'venue', type: 'bytes32' },
];
/** The EIP-712 types TradeLedger verifies (domain "Nengtan TradeLedger", version "1"). */
export const DEAL_TYPES: Record<string, TypedDataField[]> = {
  Deal: [
    { name: 'dealId', type: 'bytes32' },
    { name: 'deadline', type: 'uint64' },
    { name: 'terms', type: 'Trade' },
  ],
  Trade: TRADE,
};

export interface DealValue {
  dealId: string;
  deadline: string;
  terms: {
    buyer: string;
    seller: string;
    asset: string;
    tokenId: string;
    quantity: string;
    pricePerUnit: string;
    currency: string;
    paymentRef: string;
    venue: string;
  };
}

export interface ProposeDealInput extends TradeTermsInput {
  side: 'sell' | 'buy';
  counterpartyOrgId: string;
  /** Until when the counterparty may accept and the deal be recorded (ISO 8601). */
  deadline: string;
  /** The proposer's own EIP-712 signature, required when its account is not custodial. */
  signature?: string;
}

function domainOf(deps: MarketDeps) {
  return {
    name: 'Nengtan TradeLedger',
    version: '1',
    chainId: deps.chain.chainId,
    verifyingContract: marketContracts(deps.chain).ledger.target.toString(),
  };
}

/** The organisation's signature of the deal: made with its custodial key, or the one it sent, checked. */
async function signatureOf(
  deps: MarketDeps,
  orgId: string,
  account: string,
  deal: DealValue,
  given: string | undefined,
): Promise<string> {
  const wallet = await custodialWallet(deps.db, deps.keystoreSecret, orgId);
  if (wallet && wallet.address.toLowerCase() === account.toLowerCase()) {
    return wallet.signTypedData(domainOf(deps), DEAL_TYPES, deal);
  }
  let signer: string | undefined;
  try {
    signer = given ? verifyTypedData(domainOf(deps), DEAL_TYPES, deal, given) : undefined;
  } catch {
    signer = undefined;
  }
  if (signer?.toLowerCase() !== account.toLowerCase()) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: `A signature by ${account} of the deal (EIP-712, domain "Nengtan TradeLedger" v1) is required`,
      hint: 'Sign the typedData of the deal (GET /v1/market/otc-deals) with the account and send it as "signature".',
    });
  }
  return given as string;
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
  status: string;
  trade_id: string | null;
  tx_hash: string | null;
}

function present(deps: MarketDeps, row: DealRow) {
  return {
    id: row.id,
    status: row.status,
    proposerOrgId: row.proposer_org_id,
    counterpartyOrgId: row.counterparty_org_id,
    buyerOrgId: row.buyer_org_id,
    sellerOrgId: row.seller_org_id,
    typedData: { domain: domainOf(deps), types: DEAL_TYPES, primaryType: 'Deal', message: row.deal },
    signed: { buyer: row.buyer_signature !== null, seller: row.seller_signature !== null },
    tradeId: row.trade_id,
    txHash: row.tx_hash,
  };
}

/** Proposes an over-the-counter deal to another organisation, signed by the proposer. */
export async function proposeDeal(deps: MarketDeps, orgId: string, input: ProposeDealInput) {
  if (input.counterpartyOrgId === orgId) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', { message: 'A deal needs two different organisations' });
  }
  const deadline = Math.floor(Date.parse(input.deadline) / 1000);
  if (!Number.isFinite(deadline) || deadline * 1000 <= Date.now()) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', { message: 'deadline must be an ISO 8601 time in the future' });
  }
  const [buyerOrgId, sellerOrgId] =
    input.side === 'sell' ? [input.counterpartyOrgId, orgId] : [orgId, input.counterpartyOrgId];
  const [buyer, seller] = await Promise.all([accountOf(deps.db, buyerOrgId), accountOf(deps.db, sellerOrgId)]);
  const deal: DealValue = {
    dealId: hexlify(randomBytes(32)),
    deadline: String(deadline),
    terms: tradeTerms(deps.chain, { buyer, seller }, input, 'OTC'),
  };
  const mine = input.side === 'sell' ? seller : buyer;
  const signature = await signatureOf(deps, orgId, mine, deal, input.signature);
  const id = randomUUID();
  const { rows } = await deps.db.query<DealRow>(
    `insert into otc_deals (id, deal_id, proposer_org_id, counterparty_org_id, buyer_org_id, seller_org_id, deal,
       buyer_signature, seller_signature)
     values ($1::uuid, $2, $3::uuid, $4::uuid, $5::uuid, $6::uuid, $7::jsonb, $8, $9) returning *`,
    [
      id,
      Buffer.from(deal.dealId.slice(2), 'hex'),
      orgId,
      input.counterpartyOrgId,
      buyerOrgId,
      sellerOrgId,
      JSON.stringify(deal),
      input.side === 'buy' ? signature : null,
      input.side === 'sell' ? signature : null,
    ],
  );
  return present(deps, rows[0]);
}

/** The deals an organisation proposed or was offered. */
export async function listDeals(deps: MarketDeps, orgId: string) {
  const { rows } = await deps.db.query<DealRow>(
    `select * from otc_deals where proposer_org_id = $1::uuid or counterparty_org_id = $1::uuid
     order by created_at desc limit 200`,
    [orgId],
  );
  return rows.map((row) => present(deps, row));
}

/**
 * Accepts a deal offered to the organisation: its signature is added and the deal recorded in TradeLedger by the
 * accepting party's account, the tokens moving from the seller (who approved the ledger) in the same transaction.
 */
export async function acceptDeal(deps: MarketDeps, orgId: string, id: string, given?: string) {
  const { rows } = await deps.db.query<DealRow>(
    'select * from otc_deals where id = $1::uuid and counterparty_org_id = $2::uuid',
    [id, orgId],
  );
  const row = rows[0];
  if (!row)
    throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'No deal offered to your organisation with that id' });
  if (row.status !== 'proposed') throw new NengtanError('NT_ERR_CONFLICT', { message: `The deal is ${row.status}` });
  const buying = row.buyer_org_id === orgId;
  const signature = await signatureOf(
    deps,
    orgId,
    buying ? row.deal.terms.buyer : row.deal.terms.seller,
    row.deal,
    given,
  );
  const buyerSignature = buying ? signature : (row.buyer_signature as string);
  const sellerSignature = buying ? (row.seller_signature as string) : signature;
  const signer = await signerOf(deps.db, deps.chain, deps.keystoreSecret, orgId);
  const { ledger } = marketContracts(deps.chain);
  const tx = await ledger
    .connect(signer)
    .recordDeal(row.deal, buyerSignature, sellerSignature, gasOverrides(deps.chain));
  const recorded = eventInReceipt(await tx.wait(), ledger, 'TradeRecorded');
  const { rows: updated } = await deps.db.query<DealRow>(
    `update otc_deals set buyer_signature = $2, seller_signature = $3, status = 'recorded', trade_id = $4, tx_hash = $5,
       recorded_at = now()
     where id = $1::uuid returning *`,
    [id, buyerSignature, sellerSignature, recorded ? String(recorded.args.tradeId) : null, tx.hash],
  );
  return present(deps, updated[0]);
}
