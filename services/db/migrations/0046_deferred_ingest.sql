-- Deferred ingest (POST /v1/readings with `Prefer: respond-async`): the request is checked whole, then its body is
-- stored here and acknowledged 202; a worker then runs the ordinary ingest on it, in arrival order per organisation.
-- The stored body is the acknowledged data: it is kept after processing (the answer lands in ingest_requests under the
-- same key), so nothing acknowledged depends on the worker having run.
create table deferred_ingests (
  seq bigint generated always as identity unique,
  org_id uuid not null references organisations (id),
  idempotency_key text not null,
  body_hash bytea not null,
  content_type text not null check (content_type in ('json', 'ndjson')),
  body bytea not null,
  -- The time the request was checked against: the worker checks it again as of then (the future-time tolerance).
  received_at timestamptz not null default now(),
  state text not null default 'pending' check (state in ('pending', 'done', 'failed')),
  attempts integer not null default 0,
  -- A worker's claim on a pending request; another worker takes it over when the claim is older than a minute.
  taken_at timestamptz,
  finished_at timestamptz,
  error jsonb,
  primary key (org_id, idempotency_key)
);
create index deferred_ingests_pending on deferred_ingests (seq) where state = 'pending';
