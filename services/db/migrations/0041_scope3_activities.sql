-- Scope 3 categories 3, 4, 6 and 7 (issue 12 §2): an organisation's own Scope 3 factor sets, versioned and never
-- changed once created (a new version is a new set), and the activities it records per period against one factor of
-- a set: activity-based (t·km, passenger·km, kWh ... × kgCO2e per unit) or spend-based (CNY × kgCO2e per CNY).
-- Decimals are kept as the exact decimal text they were sent as, so an inventory states them unchanged.
create table scope3_factor_sets (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  name text not null check (length(name) between 1 and 100),
  version integer not null check (version >= 1),
  description text not null check (length(description) <= 2000),
  created_at timestamptz not null default now(),
  unique (org_id, name, version)
);

create table scope3_factors (
  id uuid primary key,
  factor_set_id uuid not null references scope3_factor_sets (id),
  -- GHG Protocol Scope 3 category: 3 fuel- and energy-related activities, 4 upstream transportation and distribution,
  -- 6 business travel, 7 employee commuting.
  category smallint not null check (category in (3, 4, 6, 7)),
  -- What the factor applies to: a transport mode ("road", "rail", "air economy"), "spend", or for category 3 a fuel's
  -- well-to-tank factor ("well_to_tank:diesel") and the T&D loss factor of purchased electricity ("td_losses").
  subject text not null check (length(subject) between 1 and 64),
  -- The activity unit ("t·km", "passenger·km", "kWh", "t", "m3") or the currency ("CNY": spend-based).
  unit text not null check (length(unit) between 1 and 32),
  kg_co2e_per_unit text not null,
  source text not null check (length(source) between 1 and 2000),
  unique (factor_set_id, category, subject)
);

create table scope3_activities (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  period_start date not null,
  period_end date not null,
  category smallint not null check (category in (3, 4, 6, 7)),
  factor_id uuid not null references scope3_factors (id),
  description text not null check (length(description) between 1 and 500),
  -- In the factor's unit; the product of `terms` when those were sent (staff × days × trips × km).
  quantity text not null,
  terms jsonb,
  evidence text not null check (length(evidence) between 1 and 2000),
  created_at timestamptz not null default now(),
  check (period_end > period_start)
);

create index scope3_activities_org_period on scope3_activities (org_id, period_start);
