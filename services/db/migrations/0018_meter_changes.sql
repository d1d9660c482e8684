-- Meter corrections with an audit trail (README: Meters). CT/PT ratios and the reading unit shape how raw values are
-- normalised at ingest; a correction applies to readings received after it commits and never rewrites raw or already
-- cleaned readings (they are anchored). Every change keeps who made it, when, the attributes before and after, and why.
alter table meters add column retired_at timestamptz;

create table meter_changes (
  id bigint generated always as identity primary key,
  org_id uuid not null references organisations (id),
  meter_id uuid not null references meters (id),
  -- 'correct' (ratios, unit, other attributes) or 'retire'.
  action text not null check (action in ('correct', 'retire')),
  changed_at timestamptz not null default now(),
  -- The API key that made the change (a console session acts with its key).
  changed_by uuid not null references api_keys (id),
  before jsonb not null,
  after jsonb not null,
  reason text check (reason is null or length(reason) between 1 and 500)
);

create index meter_changes_meter on meter_changes (meter_id, id);
