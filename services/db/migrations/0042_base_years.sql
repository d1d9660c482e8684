-- Base year and its recalculation (issue 12 §2; GHG Protocol Corporate Standard ch. 5, ISO 14064-1:2018 §6.4). One
-- base year per organisation: a stored inventory of one calendar year, with the policy that says when it must be
-- recalculated (a significance threshold in percent of the base-year total, and which triggers count towards it).
-- A restatement is a new inventory of the same year under the current boundary and methods; the one it restates stays
-- stored and readable, and the row below says why, who and when.
create table base_years (
  org_id uuid primary key references organisations (id),
  year integer not null check (year between 1990 and 2200),
  -- The inventory the base year was set with, and the one that stands now (the latest restatement, or the same).
  original_inventory_id uuid not null references inventories (id),
  current_inventory_id uuid not null references inventories (id),
  -- Exact percent, e.g. 5 or 2.5: a recalculation is required when the counted cumulative change exceeds it.
  threshold_pct numeric not null check (threshold_pct > 0 and threshold_pct <= 100),
  -- Which triggers count: structural (sites acquired or divested), method (method choices), factor (factor set),
  -- error (discovered errors and data corrections in the base year).
  triggers text[] not null check (triggers <@ array['structural', 'method', 'factor', 'error']::text[]),
  set_by uuid not null references api_keys (id),
  set_at timestamptz not null default now()
);

create table base_year_restatements (
  id bigint generated always as identity primary key,
  org_id uuid not null references organisations (id),
  year integer not null,
  restated_inventory_id uuid not null references inventories (id),
  restatement_inventory_id uuid not null unique references inventories (id),
  reason text not null check (length(reason) between 1 and 2000),
  -- The recalculation check the restatement rests on (triggers, effects, threshold), as it was answered.
  recalculation jsonb not null,
  -- True when the threshold was exceeded; false when the organisation chose to restate below it.
  required boolean not null,
  restated_by uuid not null references api_keys (id),
  restated_at timestamptz not null default now()
);

create index base_year_restatements_org on base_year_restatements (org_id, id);
