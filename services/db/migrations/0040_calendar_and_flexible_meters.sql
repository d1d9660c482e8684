-- Working-day calendar per organisation (issue 11 §1, §6): days that override the weekday rule, a public holiday
-- (节假日) on a weekday or an adjusted working day (调休) on a weekend. Alert schedule rules and the energy analysis read
-- it. Every change is kept with who made it and when, so a verdict can be traced to the calendar it was made with.
create table calendar_days (
  org_id uuid not null references organisations (id),
  day date not null,
  kind text not null check (kind in ('holiday', 'workday')),
  name text check (name is null or length(name) between 1 and 100),
  changed_at timestamptz not null default now(),
  changed_by uuid not null references api_keys (id),
  primary key (org_id, day)
);

create table calendar_changes (
  id bigint generated always as identity primary key,
  org_id uuid not null references organisations (id),
  day date not null,
  -- null before: the day was added; null after: the day was removed.
  kind_before text,
  kind_after text,
  name_before text,
  name_after text,
  changed_at timestamptz not null default now(),
  changed_by uuid not null references api_keys (id)
);
create index calendar_changes_org on calendar_changes (org_id, id);

-- Flexible (shiftable) loads (issue 11 §6): electricity meters whose use can move in time (compressors, chillers, EV
-- chargers, electric boilers), with the largest share of their peak use that may move. The energy analysis's load
-- shifting potential is computed from these meters when any are flagged.
create table flexible_meters (
  meter_id uuid primary key references meters (id),
  org_id uuid not null references organisations (id),
  -- Per cent of the meter's peak and sharp use that may move; null: the analysis's movable share applies.
  max_shift_percent numeric check (max_shift_percent > 0 and max_shift_percent <= 100),
  note text check (note is null or length(note) between 1 and 200),
  changed_at timestamptz not null default now(),
  changed_by uuid not null references api_keys (id)
);
create index flexible_meters_org on flexible_meters (org_id);
