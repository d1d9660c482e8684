-- Measured process inputs (issue 12 §2). Clinker from its measured composition (GB/T 32151.8 / the Chinese cement
-- guideline: CaO and MgO of the clinker and their non-carbonate parts, kiln dust, raw meal and its non-fuel carbon)
-- and the iron-and-steel carbon balance (GB/T 32151.5: carbon in minus carbon out). The inputs are a JSON document of
-- exact decimal strings, checked by services/accounting/processMeasurements.ts; null keeps the default-factor path.
alter table activity_data add column measured jsonb;

-- Supplier contracts for market-based Scope 2 (GHG Protocol Scope 2 Guidance, quality criteria): a power purchase
-- agreement, a direct line or a supplier-specific green tariff, with the emission factor it states and the kWh
-- contracted for one period. A contract over several periods is one row per period under the same reference. The
-- inventory applies them after certificate claims and before the supplier rate and the residual mix.
create table energy_contracts (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  contract_ref text not null check (length(contract_ref) between 1 and 128),
  instrument text not null check (instrument in ('ppa', 'direct_line', 'green_tariff')),
  counterparty text not null check (length(counterparty) between 1 and 256),
  period_start date not null,
  period_end date not null,
  contracted_kwh numeric not null check (contracted_kwh > 0),
  -- tCO2/MWh the contract states for its electricity (0 for renewable generation).
  factor numeric not null check (factor >= 0),
  evidence text not null check (length(evidence) between 1 and 2000),
  created_at timestamptz not null default now(),
  check (period_end > period_start),
  unique (org_id, contract_ref, period_start)
);

create index energy_contracts_org_period on energy_contracts (org_id, period_start);
