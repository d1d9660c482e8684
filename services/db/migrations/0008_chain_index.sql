-- The chain mirrored into PostgreSQL: every event of Nengtan's contracts, decoded, with where it happened. Queries
-- (positions, trades, claims, compliance) read these rows instead of the chain. The indexer only writes blocks at
-- least `confirmations` deep, and keeps the hashes of the blocks it indexed so that a reorganisation is noticed and
-- the events of the abandoned blocks removed.
create table chain_index_cursors (
  name text primary key,
  chain_id bigint not null,
  -- The next block to index; everything below it is indexed.
  next_block bigint not null check (next_block >= 0),
  updated_at timestamptz not null default now()
);

create table chain_index_blocks (
  chain_id bigint not null,
  number bigint not null,
  hash bytea not null check (length(hash) = 32),
  primary key (chain_id, number)
);

create table chain_events (
  chain_id bigint not null,
  block_number bigint not null,
  log_index integer not null,
  block_hash bytea not null check (length(block_hash) = 32),
  block_time timestamptz not null,
  tx_hash bytea not null check (length(tx_hash) = 32),
  contract text not null,
  address text not null,
  event text not null,
  -- Named arguments; integers as decimal strings, bytes as 0x hex.
  args jsonb not null,
  primary key (chain_id, block_number, log_index)
);
create index chain_events_by_event on chain_events (contract, event, block_number);
