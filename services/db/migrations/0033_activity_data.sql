-- Activity data that no meter measures (issue 12 §2): refrigerant and SF6 leaks, vehicle fuel, process inputs and
-- outputs (clinker, lime, carbonates), biomass burnt. One row is one quantity for a period, with the evidence it rests
-- on (an invoice, a maintenance log, a weighbridge record) named in text. Inventories state every row they use, so a
-- verifier recomputes them from the inventory document.
create table activity_data (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  -- null: the organisation as a whole.
  site_id uuid references sites (id),
  period_start date not null,
  period_end date not null,
  -- fugitive (mass leaked, kg), mobile_combustion (fuel, t), process (clinker or lime produced, carbonate calcined, t),
  -- biomass_combustion (biomass burnt, t; CO2 reported separately, outside the totals).
  source_kind text not null check (source_kind in ('fugitive', 'mobile_combustion', 'process', 'biomass_combustion')),
  -- The gas (R-134a, R-410A, R-32, SF6), fuel (gasoline, diesel), process material (clinker, lime, calcite, magnesite,
  -- dolomite) or biomass (wood).
  subject text not null check (length(subject) between 1 and 64),
  quantity numeric not null check (quantity > 0),
  unit text not null check (unit in ('kg', 't')),
  -- Carbonate method only: the fraction calcined, in (0, 1].
  calcination_fraction numeric check (calcination_fraction > 0 and calcination_fraction <= 1),
  -- Uncertainty at 95 % confidence, percent of the value; null takes Nengtan's default for the source kind.
  activity_uncertainty_pct numeric check (activity_uncertainty_pct >= 0 and activity_uncertainty_pct <= 1000),
  factor_uncertainty_pct numeric check (factor_uncertainty_pct >= 0 and factor_uncertainty_pct <= 1000),
  evidence text not null check (length(evidence) between 1 and 2000),
  created_at timestamptz not null default now(),
  check (period_end > period_start)
);

create index activity_data_org_period on activity_data (org_id, period_start);

-- New factor categories: mobile combustion CH4 and N2O per fuel (kg/TJ), and process CO2 per tonne of product or
-- carbonate (tCO2/t).
alter table emission_factors drop constraint emission_factors_category_check;
alter table emission_factors add constraint emission_factors_category_check check (category in ('grid_electricity',
  'purchased_heat', 'fuel_ncv', 'fuel_carbon_content', 'fuel_oxidation', 'fuel_co2_ipcc', 'fuel_ncv_ipcc',
  'fuel_carbon_ipcc', 'fuel_ch4', 'fuel_n2o', 'gwp', 'standard_coal', 'mobile_ch4', 'mobile_n2o', 'process_co2'));

-- nengtan-default version 2: version 1 (unchanged, inventories pinned to it still verify) plus the factors of the
-- sources above. Values not found in the project's domain reference (DOMAIN.md) carry quality 'check' and say where
-- they come from: confirm them or override them in an own set.
insert into factor_sets (id, org_id, name, version, based_on, description)
values ('00000000-0000-4000-8000-000000000002', null, 'nengtan-default', 2, '00000000-0000-4000-8000-000000000001',
  'Version 1 plus refrigerant and SF6 GWP-100 (AR4/AR5/AR6), mobile combustion CH4/N2O (IPCC 2006), process CO2 '
  '(clinker, lime, carbonates: IPCC 2006 Vol.3) and wood biomass (IPCC 2006 Vol.2).');

insert into emission_factors (id, factor_set_id, category, subject, gas, value, unit, series, source, quality, note)
select v.id::uuid, '00000000-0000-4000-8000-000000000002', 'gwp', v.subject, v.gas, v.value::numeric, 'kgCO2e/kg',
  'IPCC ' || v.subject,
  case v.subject
    when 'AR4' then 'IPCC AR4 WG1 Ch.2 Table 2.14, GWP-100 (not in DOMAIN.md: check)'
    when 'AR5' then 'IPCC AR5 WG1 Ch.8 Table 8.A.1, GWP-100 (not in DOMAIN.md: check)'
    when 'AR6' then 'IPCC AR6 WG1 Ch.7 Table 7.SM.7, GWP-100 (not in DOMAIN.md: check)'
  end,
  'check', v.note
from (values
  ('00000000-0000-4000-8002-000000000001', 'AR4', 'R-134a', '1430', 'HFC-134a'),
  ('00000000-0000-4000-8002-000000000002', 'AR4', 'R-32', '675', 'HFC-32'),
  ('00000000-0000-4000-8002-000000000003', 'AR4', 'R-125', '3500', 'HFC-125'),
  ('00000000-0000-4000-8002-000000000004', 'AR4', 'R-410A', '2087.5',
    'blend R-32/R-125 50/50 by mass: 0.5 × 675 + 0.5 × 3500'),
  ('00000000-0000-4000-8002-000000000005', 'AR4', 'SF6', '22800', null),
  ('00000000-0000-4000-8002-000000000006', 'AR5', 'R-134a', '1300', 'HFC-134a'),
  ('00000000-0000-4000-8002-000000000007', 'AR5', 'R-32', '677', 'HFC-32'),
  ('00000000-0000-4000-8002-000000000008', 'AR5', 'R-125', '3170', 'HFC-125'),
  ('00000000-0000-4000-8002-000000000009', 'AR5', 'R-410A', '1923.5',
    'blend R-32/R-125 50/50 by mass: 0.5 × 677 + 0.5 × 3170'),
  ('00000000-0000-4000-8002-000000000010', 'AR5', 'SF6', '23500', null),
  ('00000000-0000-4000-8002-000000000011', 'AR6', 'R-134a', '1530', 'HFC-134a'),
  ('00000000-0000-4000-8002-000000000012', 'AR6', 'R-32', '771', 'HFC-32'),
  ('00000000-0000-4000-8002-000000000013', 'AR6', 'R-125', '3740', 'HFC-125'),
  ('00000000-0000-4000-8002-000000000014', 'AR6', 'R-410A', '2255.5',
    'blend R-32/R-125 50/50 by mass: 0.5 × 771 + 0.5 × 3740'),
  ('00000000-0000-4000-8002-000000000015', 'AR6', 'SF6', '25200', null)
) as v (id, subject, gas, value, note);

-- Mobile combustion (road transport) CH4 and N2O, IPCC 2006 Vol.2 Ch.3 Table 3.2.2; gasoline: uncontrolled vehicles
-- (the most conservative row; an own set can take the catalyst rows). CO2 of vehicle fuel uses the fuel's GB/T 32151
-- defaults of version 1, like stationary combustion.
insert into emission_factors (id, factor_set_id, category, subject, value, unit, series, source, quality, note)
select v.id::uuid, '00000000-0000-4000-8000-000000000002', v.category, v.subject, v.value::numeric, v.unit,
  'IPCC 2006', 'IPCC 2006 Guidelines Vol.2 Ch.3 Table 3.2.2, road transport defaults (not in DOMAIN.md: check)',
  'check', v.note
from (values
  ('00000000-0000-4000-8002-000000000021', 'mobile_ch4', 'gasoline', '33', 'kgCH4/TJ', 'motor gasoline, uncontrolled'),
  ('00000000-0000-4000-8002-000000000022', 'mobile_n2o', 'gasoline', '3.2', 'kgN2O/TJ', 'motor gasoline, uncontrolled'),
  ('00000000-0000-4000-8002-000000000023', 'mobile_ch4', 'diesel', '3.9', 'kgCH4/TJ', 'gas/diesel oil'),
  ('00000000-0000-4000-8002-000000000024', 'mobile_n2o', 'diesel', '3.9', 'kgN2O/TJ', 'gas/diesel oil')
) as v (id, category, subject, value, unit, note);

-- Process CO2 (tCO2 per tonne). Clinker and lime: per tonne produced; carbonates: the stoichiometric CO2 released per
-- tonne calcined (molar mass ratio), used with the fraction calcined (GB/T 32151 sector guides, carbonate method).
insert into emission_factors (id, factor_set_id, category, subject, value, unit, series, source, quality, note)
select v.id::uuid, '00000000-0000-4000-8000-000000000002', 'process_co2', v.subject, v.value::numeric, 'tCO2/t',
  'IPCC 2006', v.source, 'check', v.note
from (values
  ('00000000-0000-4000-8002-000000000031', 'clinker', '0.52',
    'IPCC 2006 Guidelines Vol.3 Ch.2 Eq.2.4 default clinker factor (not in DOMAIN.md: check)',
    '65 % CaO in clinker, 2 % cement kiln dust correction; prefer the plant''s measured CaO and MgO'),
  ('00000000-0000-4000-8002-000000000032', 'lime', '0.75',
    'IPCC 2006 Guidelines Vol.3 Ch.2 Table 2.4, high-calcium lime (not in DOMAIN.md: check)', 'high-calcium lime'),
  ('00000000-0000-4000-8002-000000000033', 'calcite', '0.43971',
    'IPCC 2006 Guidelines Vol.3 Ch.2 Table 2.1, stoichiometric (not in DOMAIN.md: check)', 'CaCO3'),
  ('00000000-0000-4000-8002-000000000034', 'magnesite', '0.52197',
    'IPCC 2006 Guidelines Vol.3 Ch.2 Table 2.1, stoichiometric (not in DOMAIN.md: check)', 'MgCO3'),
  ('00000000-0000-4000-8002-000000000035', 'dolomite', '0.47732',
    'IPCC 2006 Guidelines Vol.3 Ch.2 Table 2.1, stoichiometric (not in DOMAIN.md: check)', 'CaMg(CO3)2')
) as v (id, subject, value, source, note);

-- Wood biomass: IPCC 2006 defaults, its CO2 reported separately from the totals.
insert into emission_factors (id, factor_set_id, category, subject, value, unit, series, source, quality, note)
select v.id::uuid, '00000000-0000-4000-8000-000000000002', v.category, 'wood', v.value::numeric, v.unit, 'IPCC 2006',
  'IPCC 2006 Guidelines Vol.2 Ch.1 Tables 1.2, 1.3 and 1.4, wood/wood waste (not in DOMAIN.md: check)', 'check',
  'biomass: CO2 reported separately, not in the totals'
from (values
  ('00000000-0000-4000-8002-000000000041', 'fuel_ncv_ipcc', '15.6', 'TJ/Gg'),
  ('00000000-0000-4000-8002-000000000042', 'fuel_co2_ipcc', '112000', 'kgCO2/TJ'),
  ('00000000-0000-4000-8002-000000000043', 'fuel_carbon_ipcc', '30.5', 'kgC/GJ')
) as v (id, category, value, unit);

-- Freeze version 2 with the hash services/factors/factorSetContentHash.ts computes over its resolved factors
-- (version 1's and the rows above); test/services/factors tests recompute it.
update factor_sets
set content_hash = decode('2e26e10df8d33c072ed7cd3a20f869cbc4bb5cd8ecedf925934be4eca89843b6', 'hex'), frozen_at = now()
where id = '00000000-0000-4000-8000-000000000002';
