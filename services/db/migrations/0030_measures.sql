-- Energy-saving measures (节能降碳措施, issue 11 §4), the closed loop: what, where (meters and/or a site), who, the
-- expected annual savings and the cost (exact decimals), the IPMVP option and the baseline the savings are measured
-- against; the reporting period starts on the implementation date. Tasks go to their owners, with comments.
create table measures (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  title text not null,
  kind text not null check (kind in ('compressor_group_control', 'led_retrofit', 'pv', 'fuel_switch',
    'variable_speed_drive', 'waste_heat_recovery', 'other')),
  site_id uuid references sites (id),
  meter_ids uuid[] not null default '{}',
  owner text,
  expected_energy numeric,
  expected_kgce numeric,
  cost_cny numeric check (cost_cny is null or cost_cny >= 0),
  planned_start date,
  planned_end date,
  ipmvp_option text not null check (ipmvp_option in ('B', 'C')),
  baseline_id uuid references baselines (id),
  status text not null default 'planned' check (status in ('planned', 'in_progress', 'implemented', 'cancelled')),
  implemented_on date,
  status_changed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  check (planned_end is null or planned_start is null or planned_end >= planned_start),
  check ((status = 'implemented') = (implemented_on is not null))
);
create index measures_org on measures (org_id, created_at);

create table measure_tasks (
  id uuid primary key,
  measure_id uuid not null references measures (id) on delete cascade,
  org_id uuid not null references organisations (id),
  title text not null,
  owner text,
  due_on date,
  status text not null default 'open' check (status in ('open', 'done')),
  completed_at timestamptz,
  created_at timestamptz not null default now()
);
create index measure_tasks_measure on measure_tasks (measure_id, created_at);

create table measure_task_comments (
  id uuid primary key,
  task_id uuid not null references measure_tasks (id) on delete cascade,
  org_id uuid not null references organisations (id),
  author text,
  body text not null,
  created_at timestamptz not null default now()
);
create index measure_task_comments_task on measure_task_comments (task_id, created_at);
