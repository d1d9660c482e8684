-- Evidence documents (invoices, meter calibration certificates, verification reports) in a content-addressed store.
-- Documents are encrypted before they are stored (services/documents/encryptForRecipients.ts): what IPFS holds, and
-- what a CID names, is the ciphertext envelope, never the plaintext.

-- The embedded IPFS block store (used when IPFS_API_URL is unset): raw IPLD blocks by CID, the same blocks Kubo would
-- hold. Blocks are shared by every organisation and deduplicated by content; that reveals nothing, since blocks are
-- envelope ciphertext under a fresh random data key, and a block is only ever read through a document row that the
-- reading organisation owns. Blocks are checked against their CID on every read.
create table ipfs_blocks (
  cid text primary key,
  bytes bytea not null,
  created_at timestamptz not null default now()
);

-- One row per document an organisation stored. The key is (org_id, cid), not cid alone: organisations are isolated
-- by org_id on every read, and one organisation recording a CID must neither reveal it to nor block it for another.
create table documents (
  org_id uuid not null references organisations (id),
  cid text not null,
  kind text not null check (kind ~ '^[a-z][a-z0-9-]{0,62}$'),
  media_type text not null check (length(media_type) <= 255 and media_type ~ '^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$'),
  -- Bytes of the plaintext.
  size bigint not null check (size >= 0),
  -- Bytes of the envelope the CID names (what the store holds).
  stored_size bigint not null check (stored_size >= 0),
  -- Every document is stored encrypted today; false is kept for public documents (published reports) that may be
  -- stored as they are later, so that readers never have to guess.
  encrypted boolean not null,
  -- Which store took the content: 'embedded' (ipfs_blocks) or 'kubo'. Moving between them is a CAR export and import.
  store text not null check (store in ('embedded', 'kubo')),
  created_at timestamptz not null default now(),
  primary key (org_id, cid)
);

create index documents_org_created on documents (org_id, created_at, cid);

-- Who can open a document: the recipient ids its envelope wraps the data key for. The envelope itself is the
-- authority (it carries the wrapped keys); this table answers "what may this verifier read" without fetching it.
create table document_recipients (
  org_id uuid not null,
  cid text not null,
  recipient text not null check (length(recipient) between 1 and 200),
  primary key (org_id, cid, recipient),
  foreign key (org_id, cid) references documents (org_id, cid)
);

create index document_recipients_recipient on document_recipients (recipient);
