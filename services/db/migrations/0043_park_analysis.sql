-- Park analysis (issue 12 §1): shared utilities of a park allocated to its members, and park budgets on the members'
-- aggregated figures. Benchmarks are the park's own rows of `benchmarks`; compliance is read from `chain_events`.

-- A utility the park owns (a steam network, a rooftop PV plant) whose output is shared out to the members: by their
-- metered consumption of the same energy kind in the period ('metered'), or by a fixed key ('fixed').
create table park_utilities (
  id uuid primary key,
  park_org_id uuid not null references organisations (id),
  name text not null,
  energy_kind text not null,
  unit text not null,
  allocation text not null check (allocation in ('metered', 'fixed')),
  created_at timestamptz not null default now(),
  unique (park_org_id, name)
);

-- The fixed key of a utility: each member's weight (shares need not add up to anything; each gets weight / sum).
create table park_utility_keys (
  utility_id uuid not null references park_utilities (id) on delete cascade,
  member_org_id uuid not null references organisations (id),
  weight numeric not null check (weight > 0),
  primary key (utility_id, member_org_id)
);

-- What the utility delivered over a period (local dates, end exclusive), as measured at the plant.
create table park_utility_outputs (
  id uuid primary key,
  utility_id uuid not null references park_utilities (id) on delete cascade,
  period_start date not null,
  period_end date not null,
  quantity numeric not null check (quantity >= 0),
  recorded_at timestamptz not null default now(),
  check (period_end > period_start),
  unique (utility_id, period_start, period_end)
);

-- An energy (kgce) and CO2e (kg, location-based) budget of the park as a whole or of one member, for a period.
create table park_budgets (
  id uuid primary key,
  park_org_id uuid not null references organisations (id),
  member_org_id uuid references organisations (id),
  name text,
  period_start date not null,
  period_end date not null,
  energy_kgce numeric check (energy_kgce is null or energy_kgce >= 0),
  co2e_kg numeric check (co2e_kg is null or co2e_kg >= 0),
  created_at timestamptz not null default now(),
  check (period_end > period_start),
  check (energy_kgce is not null or co2e_kg is not null)
);
create index park_budgets_park on park_budgets (park_org_id, period_start);
