-- Console sessions: an API key exchanged for an HttpOnly cookie (README: Console). Only the sha256 of the session id
-- and of its CSRF token are stored, so a read of this table yields no usable session. A session lives only while its
-- key does: authentication joins api_keys and refuses revoked keys, so revoking a key ends its sessions.
create table console_sessions (
  id_hash bytea primary key check (length(id_hash) = 32),
  api_key_id uuid not null references api_keys (id),
  csrf_hash bytea not null check (length(csrf_hash) = 32),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);

create index console_sessions_key on console_sessions (api_key_id);
