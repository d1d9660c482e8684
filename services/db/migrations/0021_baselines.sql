-- Baseline models (issue 11 §3): what was fitted (meters, period, drivers), the model with its statistics and the
-- acceptance verdict. Savings are computed from the stored model; a model that failed acceptance never reports any.
create table baselines (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  name text,
  meter_ids uuid[] not null,
  unit text not null,
  period_start date not null,
  period_end date not null,
  temperature_driver text,
  drivers text[] not null,
  model jsonb not null,
  acceptance jsonb not null,
  accepted boolean not null,
  created_at timestamptz not null default now(),
  check (period_end > period_start)
);
create index baselines_org on baselines (org_id, created_at);
