-- Industrial parks (园区): an organisation of kind `park` sees the figures of the enterprises that consented to it.
alter table organisations drop constraint organisations_kinds_check;
alter table organisations add constraint organisations_kinds_check
  check (kinds <@ array['enterprise', 'verifier', 'exchange', 'certificate_issuer', 'authority', 'trader', 'park']::text[]
         and cardinality(kinds) > 0);

-- One invitation and, once accepted, the membership it became. Consent is the member's alone: it chooses the grant
-- (aggregated figures, or meter data too) and may leave at any time; every step keeps who (API key) and when.
create table park_memberships (
  id uuid primary key,
  park_org_id uuid not null references organisations (id),
  member_org_id uuid not null references organisations (id),
  status text not null check (status in ('invited', 'declined', 'withdrawn', 'active', 'left', 'removed')),
  grant_level text check (grant_level in ('aggregate', 'meters')),
  invited_by uuid not null references api_keys (id),
  invited_at timestamptz not null default now(),
  responded_by uuid references api_keys (id),
  responded_at timestamptz,
  ended_by uuid references api_keys (id),
  ended_at timestamptz,
  check (park_org_id <> member_org_id),
  check (status <> 'active' or (grant_level is not null and ended_at is null))
);
-- At most one open invitation or membership per park and enterprise.
create unique index park_memberships_open on park_memberships (park_org_id, member_org_id)
  where status in ('invited', 'active');
create index park_memberships_member on park_memberships (member_org_id);
