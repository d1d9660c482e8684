-- A chain that loses its state (a reset test network, a lost embedded-chain journal, a redeployed network) takes the
-- anchors of batches with it. Nengtan records which chain it anchors on (its genesis block, a final block and the code
-- of the deployed contracts) and checks it at start and periodically; batches whose anchor is gone become 'anchor_lost', are refused
-- receipts and go back to the anchoring outbox, and the lost anchor is kept in lost_anchors.

-- The chain this database anchors on, as first seen (or as accepted after a reset). One row.
create table chain_identity (
  singleton boolean primary key default true check (singleton),
  chain_id bigint not null,
  genesis_hash bytea not null check (length(genesis_hash) = 32),
  -- {"anchorRegistry": {"address": "0x...", "codeHash": "0x..."}, ...}: the deployed contracts and keccak256 of their code.
  contracts jsonb not null,
  recorded_at timestamptz not null default now(),
  checked_at timestamptz not null default now(),
  -- A block seen final at the last check: after a reset that kept the genesis block (a wiped network restarted from
  -- the same genesis file) it is gone or has another hash.
  checkpoint_block bigint not null,
  checkpoint_hash bytea not null check (length(checkpoint_hash) = 32),
  -- Anchors recorded up to this time have been re-checked on chain; later ones are checked by the next run.
  anchors_checked_through timestamptz not null default '-infinity',
  -- The last reset seen, for /health and operators.
  last_reset_at timestamptz,
  last_reset_reason text,
  -- Set while the check finds a problem it cannot repair by itself (contracts gone on a network Nengtan does not deploy to).
  last_check_problem text
);

alter table batches drop constraint batches_status_check;
alter table batches add constraint batches_status_check
  check (status in ('open', 'sealing', 'sealed', 'anchored', 'anchor_lost'));
alter table batches add column anchor_lost_at timestamptz;
alter table batches add column anchor_lost_reason text;

-- Lost batches wait in the outbox together with sealed ones.
drop index batches_to_anchor;
create index batches_to_anchor on batches (next_anchor_at) where status in ('sealed', 'anchor_lost');
create index anchors_recorded on anchors (recorded_at);

-- Anchors the chain no longer has: what a receipt handed out before the loss pointed at.
create table lost_anchors (
  id bigint generated always as identity primary key,
  batch_seq bigint not null references batches (seq),
  chain_id bigint not null,
  contract text not null,
  tx_hash bytea not null,
  block_number bigint not null,
  block_hash bytea not null,
  block_time timestamptz not null,
  log_index integer not null,
  recorded_at timestamptz not null,
  lost_at timestamptz not null default now(),
  reason text not null
);
create index lost_anchors_batch on lost_anchors (batch_seq);
