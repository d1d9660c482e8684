-- Nengtan foundation: organisations and access, sites and meters, raw and cleaned readings, batches and anchors.
-- Readings tables are range-partitioned by month on the reading's own time (partitions are created on demand by
-- services/db/partitions.ts), so per-meter and per-period queries touch only the months they ask for and old months
-- can be detached or archived without rewriting the table.

create table organisations (
  id uuid primary key,
  name text not null,
  -- The bytes32 id used on chain: keccak256(utf8(id)).
  chain_id bytea not null unique check (length(chain_id) = 32),
  created_at timestamptz not null default now()
);

create table api_keys (
  id uuid primary key,
  -- null for platform operator keys, which may create organisations and nothing else.
  org_id uuid references organisations (id),
  name text not null,
  key_prefix text not null unique,
  -- sha256 of the secret part; keys are 256-bit random, so a fast hash is as strong as a slow one here.
  secret_hash bytea not null check (length(secret_hash) = 32),
  scopes text[] not null check (scopes <@ array['ingest', 'read', 'admin', 'platform']::text[] and cardinality(scopes) > 0),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  check ((org_id is null) = ('platform' = any (scopes)))
);

create table sites (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  name text not null,
  grid_region text,
  province text,
  time_zone text not null,
  created_at timestamptz not null default now(),
  unique (org_id, name)
);

create table meters (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  site_id uuid not null references sites (id),
  external_id text not null,
  name text,
  energy_kind text not null,
  flow text not null check (flow in ('import', 'export')),
  -- 'interval': each reading is the quantity of one interval; 'cumulative': each reading is a register value.
  register_type text not null check (register_type in ('interval', 'cumulative')),
  interval_seconds integer not null check (interval_seconds between 60 and 86400),
  -- The unit raw readings come in when they name none.
  reading_unit text not null,
  ct_ratio numeric not null default 1 check (ct_ratio > 0),
  pt_ratio numeric not null default 1 check (pt_ratio > 0),
  -- Register modulus: the value at which a cumulative register wraps to zero (e.g. 100000000 for 8 digits).
  rollover_at numeric check (rollover_at > 0),
  -- Flag intervals above this quantity (normalised unit) as spikes.
  spike_limit numeric check (spike_limit > 0),
  -- Flag intervals more than this many times the previous one as spikes.
  spike_ratio numeric not null default 10 check (spike_ratio > 1),
  time_zone text not null,
  -- When set, readings must be signed by this secp256k1 address (EIP-191 over the canonical batch).
  gateway_address text check (gateway_address ~ '^0x[0-9a-f]{40}$'),
  created_at timestamptz not null default now(),
  unique (org_id, external_id)
);

-- Where each meter's cleaned series stands; the row is locked for the duration of an ingest that touches the meter,
-- which serialises VEE per meter (and only per meter) across service instances.
create table meter_state (
  meter_id uuid primary key references meters (id),
  last_interval_start timestamptz,
  last_quantity numeric,
  last_register_at timestamptz,
  last_register_value numeric,
  last_register_raw_id bigint,
  -- keccak256 of the last register read's raw item (README: raw hash), the lineage of the next delta.
  last_register_raw_hash bytea,
  last_register_flags integer,
  last_register_signature bytea,
  updated_at timestamptz not null default now()
);

-- Idempotency: the answer to every ingest request, by organisation and key (the Idempotency-Key header, or the
-- body's hash when none is sent). A repeated request gets the stored answer and writes nothing.
create table ingest_requests (
  -- Raw readings point at the request that brought them by this number (compact, unlike the key).
  seq bigint generated always as identity unique,
  org_id uuid not null references organisations (id),
  idempotency_key text not null,
  body_hash bytea not null,
  source text not null check (source in ('http', 'csv', 'mqtt')),
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (org_id, idempotency_key)
);

-- Raw readings exactly as received: value with its received scale, unit and time text as sent. Never updated except
-- for the status a later reading gives them; never deleted.
-- Raw reading ids are handed out in blocks of 2^20 per ingest request (one sequence call instead of one per reading):
-- id = block * 1048576 + position. Ids are unique and grow with time, not dense.
create sequence raw_reading_id_blocks;

create table raw_readings (
  id bigint not null,
  org_id uuid not null,
  meter_id uuid not null,
  -- Which field carried the time: 'at' (register read), 'start' or 'end' (interval).
  time_field text not null check (time_field in ('at', 'start', 'end')),
  reading_time timestamptz not null,
  time_text text not null,
  value numeric not null,
  unit text not null,
  source text not null check (source in ('http', 'csv', 'mqtt')),
  request_seq bigint not null,
  signature_hash bytea,
  -- 'accepted', or 'conflict' when a different value for the same time was already accepted.
  status text not null check (status in ('accepted', 'conflict')),
  received_at timestamptz not null default now(),
  primary key (meter_id, reading_time, id)
) partition by range (reading_time);

-- Lineage lookups (cleaned reading -> raw ids) for receipts, VEE and verification. Ids grow monotonically, so this
-- index only ever appends at its right edge.
create index raw_readings_id on raw_readings (id);

-- Cleaned readings, one row per meter, interval and revision; the highest revision is current. Rows are written once
-- and never updated: a later value for the same interval is a new revision, anchored in a later batch. Meter
-- attributes that the leaf commits to (energy kind, flow) are copied in, so a later meter edit cannot change what an
-- anchored reading means.
create table readings (
  id bigint generated always as identity,
  org_id uuid not null,
  meter_id uuid not null,
  interval_start timestamptz not null,
  interval_end timestamptz not null,
  revision integer not null check (revision >= 0),
  energy_kind text not null,
  flow text not null,
  quantity numeric(38, 6) not null,
  unit text not null,
  flags integer not null,
  raw_ids bigint[] not null,
  raw_hash bytea,
  signature_hash bytea,
  batch_seq bigint not null,
  leaf bytea not null,
  created_at timestamptz not null default now(),
  primary key (meter_id, interval_start, revision)
) partition by range (interval_start);

-- Sealing, receipts and verification read a batch's readings in id order. Accounting reads per meter and period
-- through the primary key.
create index readings_batch on readings (batch_seq, id);

create table batches (
  seq bigint generated always as identity primary key,
  org_id uuid not null references organisations (id),
  -- bytes32 batch id on chain: keccak256(abi.encode(organisation chain id, seq)).
  batch_id bytea not null unique check (length(batch_id) = 32),
  -- open (taking readings) -> sealing (closed, tree being built) -> sealed (root known, in the anchoring outbox)
  -- -> anchored.
  status text not null check (status in ('open', 'sealing', 'sealed', 'anchored')),
  leaf_schema smallint not null default 1,
  opened_at timestamptz not null default now(),
  sealed_at timestamptz,
  leaf_count integer,
  period_start timestamptz,
  period_end timestamptz,
  root bytea check (length(root) = 32),
  -- The sealed leaves in tree order, packed 32 bytes each: receipts are built from it without touching readings,
  -- and verification compares every stored reading with the leaf that was sealed.
  leaves bytea,
  anchor_attempts integer not null default 0,
  next_anchor_at timestamptz,
  last_anchor_error text,
  check ((status in ('open', 'sealing')) = (root is null))
);

create unique index batches_one_open_per_org on batches (org_id) where status = 'open';
create index batches_to_anchor on batches (next_anchor_at) where status = 'sealed';
create index batches_org on batches (org_id, seq);

create table anchors (
  batch_seq bigint primary key references batches (seq),
  chain_id bigint not null,
  contract text not null,
  tx_hash bytea not null,
  block_number bigint not null,
  block_hash bytea not null,
  block_time timestamptz not null,
  log_index integer not null,
  recorded_at timestamptz not null default now()
);
