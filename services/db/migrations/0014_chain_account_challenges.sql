-- Proof of control of an external chain account. Before an organisation records an address it signs a challenge
-- the server issued: the message names the organisation, the address, the chain, a random nonce and an expiry. The
-- challenge is stored here so that only its own organisation can use it, only once and only before it expires.
create table chain_account_challenges (
  nonce bytea primary key check (length(nonce) = 32),
  org_id uuid not null references organisations (id),
  address text not null check (address ~ '^0x[0-9a-f]{40}$'),
  -- The chain the statement names (null when this instance runs without a chain).
  chain_id bigint,
  -- The exact EIP-191 text handed out; the EIP-712 form is rebuilt from the columns.
  message text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index chain_account_challenges_org on chain_account_challenges (org_id, created_at);
