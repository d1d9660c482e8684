-- Monitoring and warnings (预警, issue 11 §1): rules per meter, group of meters or organisation; alerts with their
-- state (open -> acknowledged -> resolved, with who and when); the evaluation queue ingest fills in its own
-- transaction; an outbox of alert events that the alert worker publishes over MQTT and delivers to webhooks.
create table alert_rules (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  name text not null,
  kind text not null check (kind in ('threshold', 'completeness', 'zero_run', 'flat_line', 'schedule', 'anomaly')),
  -- 'meter': meter_ids holds one meter; 'group': the listed meters; 'organisation': every meter of the organisation.
  scope text not null check (scope in ('meter', 'group', 'organisation')),
  meter_ids uuid[] not null default '{}',
  params jsonb not null,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  check ((scope = 'organisation') = (cardinality(meter_ids) = 0)),
  check (scope <> 'meter' or cardinality(meter_ids) = 1)
);
create index alert_rules_org on alert_rules (org_id) where enabled;

create table alerts (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  rule_id uuid not null references alert_rules (id) on delete cascade,
  meter_id uuid not null references meters (id),
  kind text not null,
  state text not null check (state in ('open', 'acknowledged', 'resolved')),
  -- The local day (or first day of the month) the condition was last seen on, and what was seen there.
  day date not null,
  message text not null,
  observed text,
  expected text,
  deviation text,
  details jsonb not null default '{}',
  opened_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  acknowledged_by text,
  acknowledged_at timestamptz,
  resolved_by text,
  resolved_at timestamptz,
  check ((state = 'resolved') = (resolved_at is not null))
);
-- Deduplication: at most one unresolved alert per rule, meter and kind.
create unique index alerts_one_active on alerts (rule_id, meter_id, kind) where state <> 'resolved';
create index alerts_org on alerts (org_id, opened_at desc);

-- (meter, local day) pairs touched by ingest, waiting for the alert worker. Filled in the ingest transaction (one
-- small insert, only when the organisation has enabled rules); the worker deletes what it evaluated.
create table alert_queue (
  meter_id uuid not null,
  day date not null,
  org_id uuid not null,
  queued_at timestamptz not null default now(),
  primary key (meter_id, day)
);

-- Alert events (opened, updated, resolved ...) waiting to go out over MQTT.
create table alert_events (
  id bigint generated always as identity primary key,
  org_id uuid not null,
  alert_id uuid not null,
  event text not null,
  body jsonb not null,
  created_at timestamptz not null default now(),
  mqtt_sent_at timestamptz
);
create index alert_events_unsent on alert_events (id) where mqtt_sent_at is null;
