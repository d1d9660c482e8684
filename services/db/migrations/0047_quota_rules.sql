-- Allowance allocation rules of an organisation (碳资产管理, next-period quota estimate): per covered product line a
-- benchmark in t CO2 per unit of output and named correction factors, as the national ETS intensity-based method
-- allocates (allocation = benchmark × output × Π corrections). Rules are versioned and never deleted: a new rule for
-- a product line retires the one in force (superseded), and who created or retired each version is kept.
create table quota_rules (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  product text not null,
  unit text not null,
  version integer not null check (version > 0),
  benchmark_t_per_unit numeric not null check (benchmark_t_per_unit > 0),
  -- [{"name": "cooling method", "factor": "0.99"}, ...] in the order entered; factors are decimal strings.
  corrections jsonb not null default '[]'::jsonb,
  production_product text not null,
  source text not null,
  created_at timestamptz not null default now(),
  created_by_key uuid references api_keys (id),
  retired_at timestamptz,
  retired_by_key uuid references api_keys (id),
  retired_reason text,
  unique (org_id, product, version)
);
-- At most one version of a product line in force per organisation.
create unique index quota_rules_in_force on quota_rules (org_id, product) where retired_at is null;
