-- Energy and CO2e budgets (用能与碳排放预算, issue 11 §2) per organisation or site and period (local dates, end
-- exclusive): kgce of energy and kg CO2e (location-based), either or both. The status and forecast are computed.
create table budgets (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  site_id uuid references sites (id),
  name text,
  period_start date not null,
  period_end date not null,
  energy_kgce numeric check (energy_kgce is null or energy_kgce >= 0),
  co2e_kg numeric check (co2e_kg is null or co2e_kg >= 0),
  created_at timestamptz not null default now(),
  check (period_end > period_start),
  check (energy_kgce is not null or co2e_kg is not null)
);
create index budgets_org on budgets (org_id, period_start);
