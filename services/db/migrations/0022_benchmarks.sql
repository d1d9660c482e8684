-- Energy-efficiency benchmarks (能效对标): an organisation's table of advanced (标杆) and baseline (基准) levels per
-- product, e.g. from the national energy-consumption limit standards, in kgce or kgCO2e per unit of product. Lower is
-- better: the baseline level is the most a plant may use, the advanced level what the best achieve.
create table benchmarks (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  product text not null,
  unit text not null,
  indicator text not null check (indicator in ('kgce_per_unit', 'kgco2e_per_unit')),
  advanced numeric check (advanced is null or advanced >= 0),
  baseline numeric check (baseline is null or baseline >= 0),
  source text,
  updated_at timestamptz not null default now(),
  check (advanced is not null or baseline is not null),
  check (advanced is null or baseline is null or advanced <= baseline),
  unique (org_id, product, unit, indicator)
);
