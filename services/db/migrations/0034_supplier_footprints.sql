-- Supply chain carbon (供应链碳管理, issue 12 §3): a supplier shares the product footprint of one of its notarized
-- inventories with a customer, signed with its chain key; the customer records what it bought per period, and its
-- inventories count those purchases in Scope 3 category 1. Decimals are kept as the exact decimal text they were
-- computed or sent as.
create table footprint_shares (
  id uuid primary key,
  supplier_org_id uuid not null references organisations (id),
  customer_org_id uuid not null references organisations (id),
  inventory_id uuid not null references inventories (id),
  product text not null,
  unit text not null,
  basis text not null check (basis in ('location', 'market')),
  kg_co2e_per_unit text not null,
  inventory_hash bytea not null check (length(inventory_hash) = 32),
  chain_inventory_id bytea not null check (length(chain_inventory_id) = 32),
  notarized_tx bytea not null,
  notarized_block bigint not null,
  signer text not null,
  signature text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  check (supplier_org_id <> customer_org_id)
);
create index footprint_shares_customer on footprint_shares (customer_org_id, created_at);
create index footprint_shares_supplier on footprint_shares (supplier_org_id, created_at);

create table supplier_purchases (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  share_id uuid not null references footprint_shares (id),
  period_start date not null,
  period_end date not null,
  quantity text not null,
  created_at timestamptz not null default now(),
  check (period_end > period_start)
);
create index supplier_purchases_org on supplier_purchases (org_id, period_start);
