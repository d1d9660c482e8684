-- Computed greenhouse-gas inventories. The canonical document (RFC 8785 JSON) is kept byte for byte: its keccak256 is
-- what goes on chain, and anyone holding the document can check it. Drafts are recomputed freely; a notarized
-- inventory never changes, and a correction is a new version linked to the one it restates.
create table inventories (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  period_start date not null,
  period_end date not null,
  site_ids uuid[] not null,
  factor_set_id uuid not null references factor_sets (id),
  factor_set_hash bytea not null check (length(factor_set_hash) = 32),
  options jsonb not null,
  version integer not null default 1 check (version >= 1),
  previous_id uuid references inventories (id),
  restatement_reason text,
  canonical text not null,
  inventory_hash bytea not null check (length(inventory_hash) = 32),
  -- Whole-kg (and whole-kgce) values, rounded half to even, as the chain records them.
  totals jsonb not null,
  status text not null default 'draft' check (status in ('draft', 'notarized', 'superseded')),
  created_at timestamptz not null default now(),
  check (period_end > period_start),
  check ((version = 1) = (previous_id is null))
);
create index inventories_org_period on inventories (org_id, period_start, period_end, version);
