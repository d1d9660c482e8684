-- Who an organisation is on the network and how it signs. An organisation plays one or more kinds of part
-- (enterprise, verifier, exchange, certificate issuer, authority), which become roles in ParticipantRegistry. Its chain
-- accounts are either custodial (the key generated here, stored encrypted under the keystore secret, for the embedded
-- default and for organisations that ask Nengtan to sign for them) or external (the organisation signs itself).
alter table organisations add column kinds text[] not null default array['enterprise']::text[]
  check (kinds <@ array['enterprise', 'verifier', 'exchange', 'certificate_issuer', 'authority']::text[]
         and cardinality(kinds) > 0);

-- The X25519 public key evidence packages are encrypted to; the private key never reaches Nengtan.
alter table organisations add column encryption_public_key bytea check (length(encryption_public_key) = 32);

create table chain_accounts (
  address text primary key check (address ~ '^0x[0-9a-f]{40}$'),
  org_id uuid not null references organisations (id),
  custody text not null check (custody in ('custodial', 'external')),
  -- Custodial only: iv (12) || AES-256-GCM ciphertext of the 32-byte private key || tag (16), under a key derived
  -- from the keystore secret and the address.
  key_ciphertext bytea,
  -- Set once the authority has registered the organisation, linked the account and granted its roles on chain.
  registered_tx bytea,
  created_at timestamptz not null default now(),
  check ((custody = 'custodial') = (key_ciphertext is not null))
);
create unique index chain_accounts_one_custodial on chain_accounts (org_id) where custody = 'custodial';
