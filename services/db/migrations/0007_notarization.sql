-- Notarized inventories: where the evidence package lives and where the inventory was recorded on chain. Verifier
-- assignments grant the verifier organisation read access to one inventory and its evidence, nothing else.
alter table inventories add column manifest_cid text;
alter table inventories add column chain_inventory_id bytea check (length(chain_inventory_id) = 32);
alter table inventories add column notarized_tx bytea;
alter table inventories add column notarized_block bigint;
alter table inventories add column notarized_at timestamptz;

create table inventory_verifiers (
  inventory_id uuid not null references inventories (id),
  verifier_org_id uuid not null references organisations (id),
  verifier_address text not null,
  -- The verifier's copy of the evidence package (encrypted to its key).
  manifest_cid text not null,
  assigned_tx bytea not null,
  assigned_at timestamptz not null default now(),
  -- The attestation, once made.
  opinion text check (opinion in ('verified', 'qualified', 'rejected')),
  assurance text check (assurance in ('limited', 'reasonable')),
  materiality_bps integer,
  statement_cid text,
  attested_tx bytea,
  attested_at timestamptz,
  primary key (inventory_id, verifier_org_id)
);
create index inventory_verifiers_verifier on inventory_verifiers (verifier_org_id);
