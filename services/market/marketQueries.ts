import type { ChainConnection } from '../chain/connectChain';
import type { Queryable } from '../db/db';
import { marketContracts, type AssetName } from './marketContracts';
import { offsetField } from './offsetToken';

const ASSETS: Record<string, AssetName> = { CarbonAllowance: 'allowance', GreenCertificate: 'certificate' };

// Every ERC-1155 movement as (contract, account, token, signed quantity): single and batch transfers, mints and burns.
const MOVES = `
  with singles as (
    select contract, args->>'from' as sender, args->>'to' as receiver, args->>'id' as token_id,
      (args->>'value')::numeric as quantity
    from chain_events where event = 'TransferSingle' and contract in ('CarbonAllowance', 'GreenCertificate')
    union all
    select e.contract, e.args->>'from', e.args->>'to', i.token_id, (e.args->'values'->>(i.n::int - 1))::numeric
    from chain_events e, jsonb_array_elements_text(e.args->'ids') with ordinality as i(token_id, n)
    where e.event = 'TransferBatch' and e.contract in ('CarbonAllowance', 'GreenCertificate')
  ),
  moves as (
    select contract, receiver as account, token_id, quantity from singles
    union all
    select contract, sender, token_id, -quantity from singles
  )`;

/** An organisation's token balances, from the indexed transfer events of its accounts. */
export async function positions(db: Queryable, accounts: string[]) {
  const { rows } = await db.query<{ contract: string; token_id: string; quantity: string }>(
    `${MOVES}
     select contract, token_id, sum(quantity)::text as quantity from moves where account = any ($1::text[])
     group by contract, token_id having sum(quantity) <> 0 order by contract, token_id`,
    [accounts],
  );
  return rows.map((r) => ({
    asset: ASSETS[r.contract],
    tokenId: r.token_id,
    ...offsetField(ASSETS[r.contract], r.token_id),
    quantity: r.quantity,
  }));
}

/**
 * Who holds what (the authority's register): balances per organisation, account and token from the indexed transfer
 * events, optionally of one asset, token or organisation.
 */
export async function holdings(db: Queryable, filter: { asset?: AssetName; tokenId?: string; orgId?: string }) {
  const contract = filter.asset && Object.keys(ASSETS).find((c) => ASSETS[c] === filter.asset);
  const { rows } = await db.query<{
    org_id: string;
    name: string;
    account: string;
    contract: string;
    token_id: string;
    quantity: string;
  }>(
    `${MOVES},
     balances as (
       select contract, account, token_id, sum(quantity) as quantity from moves
       where ($1::text is null or contract = $1) and ($2::text is null or token_id = $2)
       group by 1, 2, 3 having sum(quantity) <> 0
     )
     select o.id as org_id, o.name, b.account, b.contract, b.token_id, b.quantity::text as quantity
     from balances b
       join chain_accounts ca on lower(ca.address) = b.account
       join organisations o on o.id = ca.org_id
     where $3::uuid is null or o.id = $3::uuid
     order by b.contract, b.token_id, b.quantity desc, o.name`,
    [contract ?? null, filter.tokenId ?? null, filter.orgId ?? null],
  );
  return rows.map((r) => ({
    organisation: { id: r.org_id, name: r.name },
    account: r.account,
    asset: ASSETS[r.contract],
    tokenId: r.token_id,
    ...offsetField(ASSETS[r.contract], r.token_id),
    quantity: r.quantity,
  }));
}

interface TradeRow {
  trade_id: string;
  kind: string;
  asset: string;
  token_id: string;
  quantity: string;
  price_per_unit: string;
  currency: string;
  seller: string;
  buyer: string;
  block_number: string;
  block_time: Date;
  tx_hash: Uint8Array;
}

/** Recorded trades (newest first), optionally those of some accounts only. */
export async function listTrades(
  chain: ChainConnection,
  db: Queryable,
  filter: { accounts?: string[]; limit: number },
) {
  const { allowances, certificates } = marketContracts(chain);
  const names = new Map([
    [allowances.target.toString().toLowerCase(), 'allowance'],
    [certificates.target.toString().toLowerCase(), 'certificate'],
  ]);
  const { rows } = await db.query<TradeRow>(
    `select args->>'tradeId' as trade_id, args->>'kind' as kind, args->'terms'->>'asset' as asset,
       args->'terms'->>'tokenId' as token_id, args->'terms'->>'quantity' as quantity,
       args->'terms'->>'pricePerUnit' as price_per_unit, args->'terms'->>'currency' as currency,
       args->>'seller' as seller, args->>'buyer' as buyer, block_number, block_time, tx_hash
     from chain_events where contract = 'TradeLedger' and event = 'TradeRecorded'
       and ($1::text[] is null or args->>'seller' = any ($1::text[]) or args->>'buyer' = any ($1::text[]))
     order by block_number desc, log_index desc limit $2`,
    [filter.accounts ?? null, filter.limit],
  );
  return rows.map((r) => {
    const asset = names.get(r.asset.toLowerCase()) ?? r.asset;
    return {
      tradeId: r.trade_id,
      kind: r.kind === '0' ? 'exchange' : 'otc',
      asset,
      tokenId: r.token_id,
      ...offsetField(asset, r.token_id),
      quantity: r.quantity,
      pricePerUnit: r.price_per_unit,
      currency: Buffer.from(r.currency.slice(2), 'hex').toString('ascii'),
      seller: r.seller,
      buyer: r.buyer,
      blockNumber: Number(r.block_number),
      time: new Date(r.block_time).toISOString(),
      txHash: `0x${Buffer.from(r.tx_hash).toString('hex')}`,
    };
  });
}

const PERIOD_FORMATS = { day: 'YYYY-MM-DD', month: 'YYYY-MM', year: 'YYYY' } as const;

/**
 * Market statistics per asset, token (vintage) and period (local day, month or year): trades, volume, and the volume-weighted average price in
 * minor units per unit (exact: numeric division, rounded half up to 2 decimals).
 */
export async function marketStatistics(
  chain: ChainConnection,
  db: Queryable,
  asset: AssetName,
  period: 'day' | 'month' | 'year' = 'month',
) {
  const { allowances, certificates } = marketContracts(chain);
  const address = (asset === 'allowance' ? allowances : certificates).target.toString().toLowerCase();
  const { rows } = await db.query<{
    token_id: string;
    period: string;
    currency: string;
    trades: string;
    volume: string;
    vwap: string;
  }>(
    `select args->'terms'->>'tokenId' as token_id, to_char(block_time at time zone 'Asia/Shanghai', $2) as period,
       args->'terms'->>'currency' as currency, count(*)::text as trades,
       sum((args->'terms'->>'quantity')::numeric)::text as volume,
       round(sum((args->'terms'->>'quantity')::numeric * (args->'terms'->>'pricePerUnit')::numeric)
         / sum((args->'terms'->>'quantity')::numeric), 2)::text as vwap
     from chain_events where contract = 'TradeLedger' and event = 'TradeRecorded'
       and lower(args->'terms'->>'asset') = $1
     group by 1, 2, 3 order by 1, 2, 3`,
    [address, PERIOD_FORMATS[period]],
  );
  return rows.map((r) => ({
    asset,
    tokenId: r.token_id,
    ...offsetField(asset, r.token_id),
    period: r.period,
    currency: Buffer.from(r.currency.slice(2), 'hex').toString('ascii'),
    trades: Number(r.trades),
    volume: r.volume,
    vwapMinorUnits: r.vwap,
  }));
}
