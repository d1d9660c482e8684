-- Emission-factor library: versioned factor sets, each a list of factors with their unit, series, source document and
-- notice number. Public sets (org_id null) ship with Nengtan; an organisation derives its own sets from them, adding or
-- overriding factors (measured carbon content, supplier-specific electricity). A set is frozen once: its content hash
-- (sha256 of the RFC 8785 listing of its resolved factors, see services/factors/factorSetContentHash.ts) is recorded
-- and from then on neither the set nor its factors can change. Inventories pin a frozen set by id and content hash.

create table factor_sets (
  id uuid primary key,
  -- null for public sets, visible to every organisation.
  org_id uuid references organisations (id),
  name text not null check (length(name) between 1 and 100),
  version integer not null check (version >= 1),
  -- The set this one builds on: its factors apply unless this set has its own factor with the same key.
  based_on uuid references factor_sets (id),
  description text,
  -- sha256 of the canonical listing of the resolved factors, recorded when the set is frozen.
  content_hash bytea check (length(content_hash) = 32),
  frozen_at timestamptz,
  created_at timestamptz not null default now(),
  check ((frozen_at is null) = (content_hash is null)),
  check (based_on <> id),
  unique (org_id, name, version)
);

-- The unique constraint above treats null org ids as distinct, so public sets need their own index.
create unique index factor_sets_public_name_version on factor_sets (name, version) where org_id is null;
create index factor_sets_org on factor_sets (org_id, name, version);

-- Categories, their units (never converted silently: a factor in another unit is refused) and subjects:
--   grid_electricity     tCO2/MWh (= kgCO2/kWh). subject = series variant: 'compliance' (national ETS purchased
--                        electricity), 'average' (MEE/NBS national or regional average), 'residual' (excluding
--                        market-traded non-fossil electricity, the residual-mix-like rate for market-based Scope 2),
--                        'fossil' (fossil-fired generation only), 'supplier' (an organisation's supplier-specific
--                        rate). region = 'national', a grid region ('East') or a province ('Guangdong'); year = data
--                        year (vintage).
--   purchased_heat       tCO2/GJ. subject 'default'.
--   fuel_ncv             net calorific value per GB/T 32151: GJ/t for solid and liquid fuels, GJ/10^4 Nm3 for gases.
--   fuel_carbon_content  carbon content per unit of heat, tC/TJ (GB/T 32151).
--   fuel_oxidation       carbon oxidation rate as a fraction in (0, 1] (0.99, not 99 %).
--   fuel_co2_ipcc        IPCC 2006 default CO2 emission factor, kgCO2/TJ (oxidation 1 included).
--   fuel_ncv_ipcc        IPCC 2006 default net calorific value, TJ/Gg.
--   fuel_carbon_ipcc     IPCC 2006 default carbon content, kgC/GJ.
--   fuel_ch4, fuel_n2o   IPCC 2006 stationary combustion defaults, kgCH4/TJ and kgN2O/TJ; subject = fuel class
--                        'coal', 'oil' or 'gas'.
--   gwp                  100-year global warming potential, kgCO2e/kg; subject 'AR4', 'AR5', 'AR6' or 'AR6-fossil'
--                        (fossil methane), gas 'CO2', 'CH4', 'N2O'.
--   standard_coal        standard coal equivalent per physical unit (GB/T 2589-2020, 1 kgce = 29.3076 MJ): kgce/kWh
--                        (electricity, equivalent value), kgce/MJ (heat), kgce/m3 (gases), kgce/kg (solids, liquids).
-- Fuel and carrier subjects use the energy kind names of services/lib/energyKinds.ts where one exists.
-- Only grid_electricity factors have a region other than 'national' or a year; gas is set for gwp only.
create table emission_factors (
  id uuid primary key,
  factor_set_id uuid not null references factor_sets (id),
  category text not null check (category in ('grid_electricity', 'purchased_heat', 'fuel_ncv', 'fuel_carbon_content',
    'fuel_oxidation', 'fuel_co2_ipcc', 'fuel_ncv_ipcc', 'fuel_carbon_ipcc', 'fuel_ch4', 'fuel_n2o', 'gwp',
    'standard_coal')),
  subject text not null,
  gas text,
  region text not null default 'national',
  year integer,
  value numeric not null check (value > 0),
  unit text not null,
  -- The publication series a value belongs to; values of different series are never mixed.
  series text not null,
  -- Title of the source document.
  source text not null,
  -- Notice number of the publication, where it has one (e.g. 'MEE/NBS 2024 No.12').
  notice text,
  -- 'published': from the named document; 'check': seen in one secondary source only, to be confirmed or overridden;
  -- 'measured': the organisation's own measurement; 'supplier': stated by the supplier.
  quality text not null default 'published' check (quality in ('published', 'check', 'measured', 'supplier')),
  note text
);

-- One factor per key in a set. Expressions, because gas and year are nullable and null never equals null.
create unique index emission_factors_key
  on emission_factors (factor_set_id, category, subject, coalesce(gas, ''), region, coalesce(year, 0));

-- Frozen is final: the database refuses any change to a frozen set or its factors, whatever client writes. The service
-- checks first and answers NT_ERR_FACTOR_SET_FROZEN; these triggers guard against everything else.
create function factor_sets_refuse_frozen() returns trigger language plpgsql as $$
begin
  if old.frozen_at is not null then
    raise exception 'factor set % is frozen', old.id using errcode = 'object_not_in_prerequisite_state';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end
$$;

create trigger factor_sets_frozen before update or delete on factor_sets
  for each row execute function factor_sets_refuse_frozen();

create function emission_factors_refuse_frozen() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT'
      and exists (select 1 from factor_sets where id = old.factor_set_id and frozen_at is not null) then
    raise exception 'factor set % is frozen', old.factor_set_id using errcode = 'object_not_in_prerequisite_state';
  end if;
  if tg_op <> 'DELETE'
      and exists (select 1 from factor_sets where id = new.factor_set_id and frozen_at is not null) then
    raise exception 'factor set % is frozen', new.factor_set_id using errcode = 'object_not_in_prerequisite_state';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end
$$;

create trigger emission_factors_frozen before insert or update or delete on emission_factors
  for each row execute function emission_factors_refuse_frozen();

-- The public default set, nengtan-default version 1: every factor of the domain reference (DOMAIN.md §1–§3),
-- exactly as published. Ids are fixed so that the set id is the same in every installation.
-- Values are written as text and cast, so the stored numeric keeps the published scale ('19.570', '48.0').
insert into factor_sets (id, org_id, name, version, based_on, description)
values ('00000000-0000-4000-8000-000000000001', null, 'nengtan-default', 1, null,
  'Public defaults: China grid electricity (MEE compliance and MEE/NBS statistical series), purchased heat, '
  'GB/T 32151 and IPCC 2006 fuel defaults, IPCC AR4/AR5/AR6 GWP-100, GB/T 2589-2020 standard coal coefficients.');

-- Grid electricity, compliance series (national ETS, purchased electricity).
insert into emission_factors (id, factor_set_id, category, subject, region, year, value, unit, series, source, notice,
  quality, note)
select v.id::uuid, '00000000-0000-4000-8000-000000000001', 'grid_electricity', 'compliance', 'national', v.year,
  v.value::numeric, 'tCO2/MWh', 'MEE compliance', v.source, null, v.quality, v.note
from (values
  ('00000000-0000-4000-8001-000000000001', 2015, '0.6101', 'MEE supplementary data tables, Jan 2019', 'published',
    null),
  ('00000000-0000-4000-8001-000000000002', null, '0.5810', 'MEE 2022 notice', 'check',
    'vintage not stated; seen in one secondary source only'),
  ('00000000-0000-4000-8001-000000000003', 2022, '0.5703',
    'MEE notice on 2023–2025 power-sector GHG reporting, Feb 2023', 'published', null)
) as v (id, year, value, source, quality, note);

-- Grid electricity, statistical series (MEE/NBS 电力二氧化碳排放因子): national average, excluding market-traded
-- non-fossil electricity, and fossil only; then the regional grid and provincial averages of the same publications.
insert into emission_factors (id, factor_set_id, category, subject, region, year, value, unit, series, source, notice,
  note)
select v.id::uuid, '00000000-0000-4000-8000-000000000001', 'grid_electricity', v.subject, v.region, v.year,
  v.value::numeric, 'tCO2/MWh', 'MEE/NBS statistical', 'MEE/NBS 电力二氧化碳排放因子', v.notice,
  case v.subject
    when 'residual' then 'excluding market-traded non-fossil electricity (residual-mix-like)'
    when 'fossil' then 'fossil-fired generation only'
  end
from (values
  ('00000000-0000-4000-8001-000000000004', 'average', 'national', 2021, '0.5568', 'MEE/NBS 2024 No.12'),
  ('00000000-0000-4000-8001-000000000005', 'residual', 'national', 2021, '0.5942', 'MEE/NBS 2024 No.12'),
  ('00000000-0000-4000-8001-000000000006', 'fossil', 'national', 2021, '0.8426', 'MEE/NBS 2024 No.12'),
  ('00000000-0000-4000-8001-000000000007', 'average', 'national', 2022, '0.5366', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000008', 'residual', 'national', 2022, '0.5856', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000009', 'fossil', 'national', 2022, '0.8325', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000010', 'average', 'national', 2023, '0.5306', 'MEE/NBS 2025 No.47'),
  ('00000000-0000-4000-8001-000000000011', 'residual', 'national', 2023, '0.6096', 'MEE/NBS 2025 No.47'),
  ('00000000-0000-4000-8001-000000000012', 'fossil', 'national', 2023, '0.8273', 'MEE/NBS 2025 No.47'),
  ('00000000-0000-4000-8001-000000000013', 'average', 'North', 2022, '0.6776', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000014', 'average', 'Northeast', 2022, '0.5564', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000015', 'average', 'East', 2022, '0.5617', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000016', 'average', 'Central', 2022, '0.5395', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000017', 'average', 'Northwest', 2022, '0.5857', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000018', 'average', 'South', 2022, '0.3869', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000019', 'average', 'Southwest', 2022, '0.2268', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000020', 'average', 'North', 2023, '0.6361', 'MEE/NBS 2025 No.47'),
  ('00000000-0000-4000-8001-000000000021', 'average', 'East', 2023, '0.5500', 'MEE/NBS 2025 No.47'),
  ('00000000-0000-4000-8001-000000000022', 'average', 'South', 2023, '0.4042', 'MEE/NBS 2025 No.47'),
  ('00000000-0000-4000-8001-000000000023', 'average', 'Hebei', 2022, '0.7252', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000024', 'average', 'Shanxi', 2022, '0.7096', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000025', 'average', 'Guangdong', 2022, '0.4403', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000026', 'average', 'Yunnan', 2022, '0.1073', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000027', 'average', 'Sichuan', 2022, '0.1404', 'MEE/NBS 2024 No.33'),
  ('00000000-0000-4000-8001-000000000028', 'average', 'Guangdong', 2023, '0.4419', 'MEE/NBS 2025 No.47'),
  ('00000000-0000-4000-8001-000000000029', 'average', 'Beijing', 2023, '0.5554', 'MEE/NBS 2025 No.47'),
  ('00000000-0000-4000-8001-000000000030', 'average', 'Shanghai', 2023, '0.5737', 'MEE/NBS 2025 No.47'),
  ('00000000-0000-4000-8001-000000000031', 'average', 'Zhejiang', 2023, '0.4974', 'MEE/NBS 2025 No.47'),
  ('00000000-0000-4000-8001-000000000032', 'average', 'Jiangsu', 2023, '0.5827', 'MEE/NBS 2025 No.47')
) as v (id, subject, region, year, value, notice);

-- Purchased heat.
insert into emission_factors (id, factor_set_id, category, subject, value, unit, series, source)
values ('00000000-0000-4000-8001-000000000033', '00000000-0000-4000-8000-000000000001', 'purchased_heat', 'default',
  '0.11'::numeric, 'tCO2/GJ', 'China guideline default', 'Chinese GHG accounting guidelines, purchased heat default');

-- IPCC 2006 Vol.2 Ch.1 fuel defaults (oxidation 1): NCV, carbon content, CO2 emission factor. The note names the
-- IPCC fuel where it differs from the energy kind name.
insert into emission_factors (id, factor_set_id, category, subject, value, unit, series, source, note)
select v.id::uuid, '00000000-0000-4000-8000-000000000001', v.category, v.subject, v.value::numeric,
  case v.category when 'fuel_ncv_ipcc' then 'TJ/Gg' when 'fuel_carbon_ipcc' then 'kgC/GJ' else 'kgCO2/TJ' end,
  'IPCC 2006', '2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol.2 Energy, Ch.1', v.note
from (values
  ('00000000-0000-4000-8001-000000000034', 'fuel_ncv_ipcc', 'natural_gas', '48.0', null),
  ('00000000-0000-4000-8001-000000000035', 'fuel_carbon_ipcc', 'natural_gas', '15.3', null),
  ('00000000-0000-4000-8001-000000000036', 'fuel_co2_ipcc', 'natural_gas', '56100', null),
  ('00000000-0000-4000-8001-000000000037', 'fuel_ncv_ipcc', 'anthracite', '26.7', null),
  ('00000000-0000-4000-8001-000000000038', 'fuel_carbon_ipcc', 'anthracite', '26.8', null),
  ('00000000-0000-4000-8001-000000000039', 'fuel_co2_ipcc', 'anthracite', '98300', null),
  ('00000000-0000-4000-8001-000000000040', 'fuel_ncv_ipcc', 'bituminous_coal', '25.8', 'IPCC: other bituminous coal'),
  ('00000000-0000-4000-8001-000000000041', 'fuel_carbon_ipcc', 'bituminous_coal', '25.8',
    'IPCC: other bituminous coal'),
  ('00000000-0000-4000-8001-000000000042', 'fuel_co2_ipcc', 'bituminous_coal', '94600', 'IPCC: other bituminous coal'),
  ('00000000-0000-4000-8001-000000000043', 'fuel_ncv_ipcc', 'sub_bituminous', '18.9', null),
  ('00000000-0000-4000-8001-000000000044', 'fuel_carbon_ipcc', 'sub_bituminous', '26.2', null),
  ('00000000-0000-4000-8001-000000000045', 'fuel_co2_ipcc', 'sub_bituminous', '96100', null),
  ('00000000-0000-4000-8001-000000000046', 'fuel_ncv_ipcc', 'lignite', '11.9', null),
  ('00000000-0000-4000-8001-000000000047', 'fuel_carbon_ipcc', 'lignite', '27.6', null),
  ('00000000-0000-4000-8001-000000000048', 'fuel_co2_ipcc', 'lignite', '101000', null),
  ('00000000-0000-4000-8001-000000000049', 'fuel_ncv_ipcc', 'coke', '28.2', 'IPCC: coke oven coke'),
  ('00000000-0000-4000-8001-000000000050', 'fuel_carbon_ipcc', 'coke', '29.2', 'IPCC: coke oven coke'),
  ('00000000-0000-4000-8001-000000000051', 'fuel_co2_ipcc', 'coke', '107000', 'IPCC: coke oven coke'),
  ('00000000-0000-4000-8001-000000000052', 'fuel_ncv_ipcc', 'diesel', '43.0', 'IPCC: gas/diesel oil'),
  ('00000000-0000-4000-8001-000000000053', 'fuel_carbon_ipcc', 'diesel', '20.2', 'IPCC: gas/diesel oil'),
  ('00000000-0000-4000-8001-000000000054', 'fuel_co2_ipcc', 'diesel', '74100', 'IPCC: gas/diesel oil'),
  ('00000000-0000-4000-8001-000000000055', 'fuel_ncv_ipcc', 'gasoline', '44.3', 'IPCC: motor gasoline'),
  ('00000000-0000-4000-8001-000000000056', 'fuel_carbon_ipcc', 'gasoline', '18.9', 'IPCC: motor gasoline'),
  ('00000000-0000-4000-8001-000000000057', 'fuel_co2_ipcc', 'gasoline', '69300', 'IPCC: motor gasoline'),
  ('00000000-0000-4000-8001-000000000058', 'fuel_ncv_ipcc', 'fuel_oil', '40.4', 'IPCC: residual fuel oil'),
  ('00000000-0000-4000-8001-000000000059', 'fuel_carbon_ipcc', 'fuel_oil', '21.1', 'IPCC: residual fuel oil'),
  ('00000000-0000-4000-8001-000000000060', 'fuel_co2_ipcc', 'fuel_oil', '77400', 'IPCC: residual fuel oil'),
  ('00000000-0000-4000-8001-000000000061', 'fuel_ncv_ipcc', 'lpg', '47.3', null),
  ('00000000-0000-4000-8001-000000000062', 'fuel_carbon_ipcc', 'lpg', '17.2', null),
  ('00000000-0000-4000-8001-000000000063', 'fuel_co2_ipcc', 'lpg', '63100', null),
  ('00000000-0000-4000-8001-000000000064', 'fuel_ncv_ipcc', 'coke_oven_gas', '38.7', null),
  ('00000000-0000-4000-8001-000000000065', 'fuel_carbon_ipcc', 'coke_oven_gas', '12.1', null),
  ('00000000-0000-4000-8001-000000000066', 'fuel_co2_ipcc', 'coke_oven_gas', '44400', null),
  ('00000000-0000-4000-8001-000000000067', 'fuel_ncv_ipcc', 'blast_furnace_gas', '2.47', null),
  ('00000000-0000-4000-8001-000000000068', 'fuel_carbon_ipcc', 'blast_furnace_gas', '70.8', null),
  ('00000000-0000-4000-8001-000000000069', 'fuel_co2_ipcc', 'blast_furnace_gas', '260000', null)
) as v (id, category, subject, value, note);

-- IPCC 2006 stationary combustion CH4 and N2O (manufacturing industries), by fuel class.
insert into emission_factors (id, factor_set_id, category, subject, value, unit, series, source, quality)
select v.id::uuid, '00000000-0000-4000-8000-000000000001', v.category, v.subject, v.value::numeric,
  case v.category when 'fuel_ch4' then 'kgCH4/TJ' else 'kgN2O/TJ' end, 'IPCC 2006',
  '2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol.2 Energy, stationary combustion '
  '(manufacturing industries)', v.quality
from (values
  ('00000000-0000-4000-8001-000000000070', 'fuel_ch4', 'coal', '10', 'published'),
  ('00000000-0000-4000-8001-000000000071', 'fuel_n2o', 'coal', '1.5', 'published'),
  ('00000000-0000-4000-8001-000000000072', 'fuel_ch4', 'oil', '3', 'published'),
  ('00000000-0000-4000-8001-000000000073', 'fuel_n2o', 'oil', '0.6', 'published'),
  ('00000000-0000-4000-8001-000000000074', 'fuel_ch4', 'gas', '1', 'published'),
  ('00000000-0000-4000-8001-000000000075', 'fuel_n2o', 'gas', '0.1', 'check')
) as v (id, category, subject, value, quality);

-- GWP-100 of the IPCC assessment reports; CO2 is 1 by definition and stored so that every gas is looked up alike.
insert into emission_factors (id, factor_set_id, category, subject, gas, value, unit, series, source, note)
select v.id::uuid, '00000000-0000-4000-8000-000000000001', 'gwp', v.subject, v.gas, v.value::numeric, 'kgCO2e/kg',
  'IPCC ' || left(v.subject, 3),
  case left(v.subject, 3)
    when 'AR4' then 'IPCC Fourth Assessment Report (AR4), GWP-100'
    when 'AR5' then 'IPCC Fifth Assessment Report (AR5), GWP-100'
    when 'AR6' then 'IPCC Sixth Assessment Report (AR6), GWP-100'
  end,
  v.note
from (values
  ('00000000-0000-4000-8001-000000000076', 'AR4', 'CO2', '1', null),
  ('00000000-0000-4000-8001-000000000077', 'AR4', 'CH4', '25', null),
  ('00000000-0000-4000-8001-000000000078', 'AR4', 'N2O', '298', null),
  ('00000000-0000-4000-8001-000000000079', 'AR5', 'CO2', '1', null),
  ('00000000-0000-4000-8001-000000000080', 'AR5', 'CH4', '28', null),
  ('00000000-0000-4000-8001-000000000081', 'AR5', 'N2O', '265', null),
  ('00000000-0000-4000-8001-000000000082', 'AR6', 'CO2', '1', null),
  ('00000000-0000-4000-8001-000000000083', 'AR6', 'CH4', '27.9', 'non-fossil methane'),
  ('00000000-0000-4000-8001-000000000084', 'AR6', 'N2O', '273', null),
  ('00000000-0000-4000-8001-000000000085', 'AR6-fossil', 'CH4', '29.8', 'fossil methane')
) as v (id, subject, gas, value, note);

-- Chinese guideline defaults (GB/T 32151 series annex): NCV, carbon content per heat, oxidation rate (as a fraction).
insert into emission_factors (id, factor_set_id, category, subject, value, unit, series, source)
select v.id::uuid, '00000000-0000-4000-8000-000000000001', v.category, v.subject, v.value::numeric, v.unit,
  'GB/T 32151 annex', 'GB/T 32151 series (requirements of GHG emission accounting and reporting), annex defaults'
from (values
  ('00000000-0000-4000-8001-000000000086', 'fuel_ncv', 'anthracite', '26.7', 'GJ/t'),
  ('00000000-0000-4000-8001-000000000087', 'fuel_carbon_content', 'anthracite', '27.4', 'tC/TJ'),
  ('00000000-0000-4000-8001-000000000088', 'fuel_oxidation', 'anthracite', '0.94', 'fraction'),
  ('00000000-0000-4000-8001-000000000089', 'fuel_ncv', 'bituminous_coal', '19.570', 'GJ/t'),
  ('00000000-0000-4000-8001-000000000090', 'fuel_carbon_content', 'bituminous_coal', '26.1', 'tC/TJ'),
  ('00000000-0000-4000-8001-000000000091', 'fuel_oxidation', 'bituminous_coal', '0.93', 'fraction'),
  ('00000000-0000-4000-8001-000000000092', 'fuel_ncv', 'coke', '28.435', 'GJ/t'),
  ('00000000-0000-4000-8001-000000000093', 'fuel_carbon_content', 'coke', '29.5', 'tC/TJ'),
  ('00000000-0000-4000-8001-000000000094', 'fuel_oxidation', 'coke', '0.93', 'fraction'),
  ('00000000-0000-4000-8001-000000000095', 'fuel_ncv', 'crude_oil', '41.816', 'GJ/t'),
  ('00000000-0000-4000-8001-000000000096', 'fuel_carbon_content', 'crude_oil', '20.1', 'tC/TJ'),
  ('00000000-0000-4000-8001-000000000097', 'fuel_oxidation', 'crude_oil', '0.98', 'fraction'),
  ('00000000-0000-4000-8001-000000000098', 'fuel_ncv', 'fuel_oil', '41.816', 'GJ/t'),
  ('00000000-0000-4000-8001-000000000099', 'fuel_carbon_content', 'fuel_oil', '21.1', 'tC/TJ'),
  ('00000000-0000-4000-8001-000000000100', 'fuel_oxidation', 'fuel_oil', '0.98', 'fraction'),
  ('00000000-0000-4000-8001-000000000101', 'fuel_ncv', 'gasoline', '43.070', 'GJ/t'),
  ('00000000-0000-4000-8001-000000000102', 'fuel_carbon_content', 'gasoline', '18.9', 'tC/TJ'),
  ('00000000-0000-4000-8001-000000000103', 'fuel_oxidation', 'gasoline', '0.98', 'fraction'),
  ('00000000-0000-4000-8001-000000000104', 'fuel_ncv', 'diesel', '42.652', 'GJ/t'),
  ('00000000-0000-4000-8001-000000000105', 'fuel_carbon_content', 'diesel', '20.2', 'tC/TJ'),
  ('00000000-0000-4000-8001-000000000106', 'fuel_oxidation', 'diesel', '0.98', 'fraction'),
  ('00000000-0000-4000-8001-000000000107', 'fuel_ncv', 'lpg', '50.179', 'GJ/t'),
  ('00000000-0000-4000-8001-000000000108', 'fuel_carbon_content', 'lpg', '17.2', 'tC/TJ'),
  ('00000000-0000-4000-8001-000000000109', 'fuel_oxidation', 'lpg', '0.98', 'fraction'),
  ('00000000-0000-4000-8001-000000000110', 'fuel_ncv', 'natural_gas', '389.31', 'GJ/10^4 Nm3'),
  ('00000000-0000-4000-8001-000000000111', 'fuel_carbon_content', 'natural_gas', '15.3', 'tC/TJ'),
  ('00000000-0000-4000-8001-000000000112', 'fuel_oxidation', 'natural_gas', '0.99', 'fraction'),
  ('00000000-0000-4000-8001-000000000113', 'fuel_ncv', 'coke_oven_gas', '179.81', 'GJ/10^4 Nm3'),
  ('00000000-0000-4000-8001-000000000114', 'fuel_carbon_content', 'coke_oven_gas', '13.58', 'tC/TJ'),
  ('00000000-0000-4000-8001-000000000115', 'fuel_oxidation', 'coke_oven_gas', '0.99', 'fraction')
) as v (id, category, subject, value, unit);

-- Standard coal coefficients (GB/T 2589-2020).
insert into emission_factors (id, factor_set_id, category, subject, value, unit, series, source, quality, note)
select v.id::uuid, '00000000-0000-4000-8000-000000000001', 'standard_coal', v.subject, v.value::numeric, v.unit,
  'GB/T 2589-2020', 'GB/T 2589-2020 General principles for calculation of the comprehensive energy consumption',
  v.quality, v.note
from (values
  ('00000000-0000-4000-8001-000000000116', 'electricity', '0.1229', 'kgce/kWh', 'published', 'equivalent value'),
  ('00000000-0000-4000-8001-000000000117', 'raw_coal', '0.7143', 'kgce/kg', 'published', null),
  ('00000000-0000-4000-8001-000000000118', 'crude_oil', '1.4286', 'kgce/kg', 'published', null),
  ('00000000-0000-4000-8001-000000000119', 'fuel_oil', '1.4286', 'kgce/kg', 'published', null),
  ('00000000-0000-4000-8001-000000000120', 'gasoline', '1.4714', 'kgce/kg', 'published', null),
  ('00000000-0000-4000-8001-000000000121', 'diesel', '1.4571', 'kgce/kg', 'published', null),
  ('00000000-0000-4000-8001-000000000122', 'lpg', '1.7143', 'kgce/kg', 'published', null),
  ('00000000-0000-4000-8001-000000000123', 'natural_gas', '1.2143', 'kgce/m3', 'published', 'gas field'),
  ('00000000-0000-4000-8001-000000000124', 'natural_gas_oil_field', '1.3300', 'kgce/m3', 'published', 'oil field'),
  ('00000000-0000-4000-8001-000000000125', 'heat', '0.03412', 'kgce/MJ', 'published', '1 kgce = 29.3076 MJ'),
  ('00000000-0000-4000-8001-000000000126', 'coke', '0.9714', 'kgce/kg', 'check', null)
) as v (id, subject, value, unit, quality, note);

-- Freeze the set. The hash is what services/factors/factorSetContentHash.ts computes over the rows above; the tests
-- recompute it, and resolving the set refuses it if the rows ever stop matching.
update factor_sets
set content_hash = decode('5e0a3771ca6a2b338e4e68af89602765533d6f15ee2fc19874a5edf4649eff1b', 'hex'), frozen_at = now()
where id = '00000000-0000-4000-8000-000000000001';
