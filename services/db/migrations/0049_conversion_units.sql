-- Energy conversion units (加工转换, GB/T 3484 / GB/T 28751 energy balance): a meter marked as the output of a unit
-- (a boiler's steam meter, a generator's electricity meter) with the meters of the energy it consumes (coal, gas). The
-- energy balance shows their input and output, and the conversion efficiency = output kgce / input kgce; the
-- optimisation list ranks units below the reference efficiency the organisation enters for each.
create table conversion_units (
  output_meter_id uuid primary key references meters (id),
  org_id uuid not null references organisations (id),
  name text check (name is null or length(name) between 1 and 100),
  -- Per cent; above 100 is allowed (a heat pump's heat out per kgce of electricity in).
  reference_efficiency_percent numeric check (reference_efficiency_percent > 0 and reference_efficiency_percent <= 1000),
  changed_at timestamptz not null default now(),
  changed_by uuid not null references api_keys (id)
);
create index conversion_units_org on conversion_units (org_id);

create table conversion_unit_inputs (
  output_meter_id uuid not null references conversion_units (output_meter_id) on delete cascade,
  input_meter_id uuid not null references meters (id),
  primary key (output_meter_id, input_meter_id)
);
create index conversion_unit_inputs_input on conversion_unit_inputs (input_meter_id);
