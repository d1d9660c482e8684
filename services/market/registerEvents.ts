import type { Queryable } from '../db/db';
import { offsetField } from './offsetToken';
import { holderPattern } from './oversightRegister';

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
const ASSETS: Record<string, 'allowance' | 'certificate'> = {
  CarbonAllowance: 'allowance',
  GreenCertificate: 'certificate',
};

interface EventRow {
  block_number: string;
  log_index: number;
  block_time: Date;
  tx_hash: Uint8Array;
  contract: string;
  sender: string;
  receiver: string;
  token_id: string;
  quantity: string;
  sender_org_id: string | null;
  sender_name: string | null;
  receiver_org_id: string | null;
  receiver_name: string | null;
}

/**
 * What a token movement was: minted (issuance: allocation, offset or certificate issuance), burnt (an allowance or
 * offset burns only when surrendered; a certificate when claimed or revoked, a retirement), or moved between holders.
 */
function kindOf(row: Pick<EventRow, 'contract' | 'sender' | 'receiver'>) {
  if (row.sender === ZERO_ADDRESS) return 'issuance' as const;
  if (row.receiver === ZERO_ADDRESS)
    return row.contract === 'CarbonAllowance' ? ('surrender' as const) : ('retirement' as const);
  return 'transfer' as const;
}

const party = (account: string, orgId: string | null, name: string | null) =>
  account === ZERO_ADDRESS ? null : { account, organisation: orgId && name ? { id: orgId, name } : null };

/**
 * The most recent issuances, transfers and surrenders of allowances, offsets and certificates (newest first), from
 * the indexed ERC-1155 transfer events, each side named by its organisation; `holder` keeps those where either side's
 * name matches (any case, part of it).
 */
export async function registerEvents(db: Queryable, filter: { holder?: string; limit: number }) {
  const { rows } = await db.query<EventRow>(
    `with moves as (
       select block_number, log_index, block_time, tx_hash, contract, args->>'from' as sender,
         args->>'to' as receiver, args->>'id' as token_id, args->>'value' as quantity
       from chain_events where event = 'TransferSingle' and contract in ('CarbonAllowance', 'GreenCertificate')
       union all
       select e.block_number, e.log_index, e.block_time, e.tx_hash, e.contract, e.args->>'from', e.args->>'to',
         i.token_id, e.args->'values'->>(i.n::int - 1)
       from chain_events e, jsonb_array_elements_text(e.args->'ids') with ordinality as i(token_id, n)
       where e.event = 'TransferBatch' and e.contract in ('CarbonAllowance', 'GreenCertificate')
     )
     select m.block_number, m.log_index, m.block_time, m.tx_hash, m.contract, m.sender, m.receiver, m.token_id,
       m.quantity, so.id as sender_org_id, so.name as sender_name, ro.id as receiver_org_id, ro.name as receiver_name
     from moves m
       left join chain_accounts sa on lower(sa.address) = m.sender
       left join organisations so on so.id = sa.org_id
       left join chain_accounts ra on lower(ra.address) = m.receiver
       left join organisations ro on ro.id = ra.org_id
     where $1::text is null or so.name ilike $1 or ro.name ilike $1
     order by m.block_number desc, m.log_index desc, m.token_id
     limit $2`,
    [holderPattern(filter.holder), filter.limit],
  );
  return rows.map((r) => ({
    kind: kindOf(r),
    asset: ASSETS[r.contract],
    tokenId: r.token_id,
    ...offsetField(ASSETS[r.contract], r.token_id),
    quantity: r.quantity,
    from: party(r.sender, r.sender_org_id, r.sender_name),
    to: party(r.receiver, r.receiver_org_id, r.receiver_name),
    blockNumber: Number(r.block_number),
    time: new Date(r.block_time).toISOString(),
    txHash: `0x${Buffer.from(r.tx_hash).toString('hex')}`,
  }));
}
