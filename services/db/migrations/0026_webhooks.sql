-- Webhooks for alerts: per-organisation endpoints with their own HMAC-SHA256 secret, and a delivery outbox with
-- retries under exponential backoff, so a slow or failing receiver never holds up ingest or evaluation.
create table webhooks (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  url text not null,
  secret text not null,
  description text,
  enabled boolean not null default true,
  created_at timestamptz not null default now()
);
create index webhooks_org on webhooks (org_id);

create table webhook_deliveries (
  id bigint generated always as identity primary key,
  webhook_id uuid not null references webhooks (id) on delete cascade,
  org_id uuid not null,
  event text not null,
  body text not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now()
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
