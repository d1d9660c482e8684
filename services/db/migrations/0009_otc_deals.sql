-- Bilateral over-the-counter deals: proposed by one party with its EIP-712 signature, accepted by the other with its
-- own, then recorded in TradeLedger, where the token leg settles in the same transaction.
create table otc_deals (
  id uuid primary key,
  deal_id bytea not null unique check (length(deal_id) = 32),
  proposer_org_id uuid not null references organisations (id),
  counterparty_org_id uuid not null references organisations (id),
  buyer_org_id uuid not null references organisations (id),
  seller_org_id uuid not null references organisations (id),
  -- The typed-data value both parties sign (integers as decimal strings).
  deal jsonb not null,
  buyer_signature text,
  seller_signature text,
  status text not null default 'proposed' check (status in ('proposed', 'recorded')),
  trade_id text,
  tx_hash text,
  created_at timestamptz not null default now(),
  recorded_at timestamptz,
  check (proposer_org_id <> counterparty_org_id)
);
create index otc_deals_proposer on otc_deals (proposer_org_id);
create index otc_deals_counterparty on otc_deals (counterparty_org_id);
