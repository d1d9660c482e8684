import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/db';

export const SCOPES = ['ingest', 'read', 'admin', 'platform'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: an organisation's key (with its scopes) or a platform operator key (orgId null). */
export interface Principal {
  keyId: string;
  orgId: string | null;
  scopes: Scope[];
}

export interface IssuedKey {
  id: string;
  name: string;
  orgId: string | null;
  scopes: Scope[];
  /** The whole key, shown once and never stored: `nt_<prefix>_<secret>`. */
  key: string;
  prefix: string;
}

const KEY_PATTERN = /^nt_([0-9a-f]{12})_([0-9a-f]{64})$/;

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/**
 * Issues a key. The secret is 256 random bits and only its sha256 is stored: a stolen database yields no usable key.
 * `secret` may be given to install a key the operator chose (NENGTAN_PLATFORM_KEY); it must have the same form.
 */
export async function issueApiKey(
  db: Queryable,
  input: { orgId: string | null; name: string; scopes: Scope[]; key?: string },
): Promise<IssuedKey> {
  let prefix: string;
  let secret: string;
  if (input.key) {
    const match = KEY_PATTERN.exec(input.key);
    if (!match) throw new Error('a chosen key must look like nt_<12 hex>_<64 hex>');
    [, prefix, secret] = match;
  } else {
    [, prefix, secret] = KEY_PATTERN.exec(newApiKey())!;
  }
  const id = randomUUID();
  await db.query(
    `insert into api_keys (id, org_id, name, key_prefix, secret_hash, scopes)
     values ($1::uuid, $2::uuid, $3, $4, $5, $6::text[])`,
    [id, input.orgId, input.name, prefix, hashSecret(secret), input.scopes],
  );
  return { id, name: input.name, orgId: input.orgId, scopes: input.scopes, key: `nt_${prefix}_${secret}`, prefix };
}

/** A fresh key `nt_<prefix>_<secret>`: 48 random bits of prefix (the lookup) and 256 of secret. */
export function newApiKey(): string {
  return `nt_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('hex')}`;
}

/** The principal of a presented key, or undefined when it is malformed, unknown or revoked. */
export async function authenticateApiKey(db: Queryable, presented: string): Promise<Principal | undefined> {
  const match = KEY_PATTERN.exec(presented);
  if (!match) return undefined;
  const [, prefix, secret] = match;
  const { rows } = await db.query<{ id: string; org_id: string | null; secret_hash: Uint8Array; scopes: Scope[] }>(
    'select id, org_id, secret_hash, scopes from api_keys where key_prefix = $1 and revoked_at is null',
    [prefix],
  );
  const row = rows[0];
  if (!row) return undefined;
  // Constant-time comparison of the hashes so response timing reveals nothing about the secret.
  if (!timingSafeEqual(Buffer.from(row.secret_hash), hashSecret(secret))) return undefined;
  return { keyId: row.id, orgId: row.org_id, scopes: row.scopes };
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  revokedAt: Date | null;
}

export async function listApiKeys(db: Queryable, orgId: string): Promise<ApiKeyInfo[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    key_prefix: string;
    scopes: Scope[];
    created_at: Date;
    revoked_at: Date | null;
  }>('select * from api_keys where org_id = $1::uuid order by created_at, id', [orgId]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.key_prefix,
    scopes: r.scopes,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}

/**
 * Revokes key `id` of `orgId`: 'missing' when no such live key belongs to that organisation, 'last-admin' (and nothing
 * changes) when it is the organisation's last live admin key, which would leave nobody able to administer it. Run in a
 * transaction: the live admin keys are locked, so two admins revoking each other's keys cannot both succeed.
 */
export async function revokeApiKey(
  tx: Queryable,
  orgId: string,
  id: string,
): Promise<'revoked' | 'missing' | 'last-admin'> {
  const { rows } = await tx.query<{ id: string; admin: boolean }>(
    `select id, 'admin' = any(scopes) as admin from api_keys
      where org_id = $1::uuid and revoked_at is null order by id for update`,
    [orgId],
  );
  const key = rows.find((r) => r.id === id);
  if (!key) return 'missing';
  if (key.admin && rows.filter((r) => r.admin).length === 1) return 'last-admin';
  await tx.query('update api_keys set revoked_at = now() where id = $1::uuid', [id]);
  return 'revoked';
}

/** True when a live platform key exists. */
export async function hasPlatformKey(db: Queryable): Promise<boolean> {
  const { rows } = await db.query(
    "select 1 from api_keys where org_id is null and revoked_at is null and 'platform' = any (scopes) limit 1",
  );
  return rows.length > 0;
}

export async function findKeyByPrefix(
  db: Queryable,
  prefix: string,
): Promise<{ id: string; revoked: boolean } | undefined> {
  const { rows } = await db.query<{ id: string; revoked: boolean }>(
    'select id, revoked_at is not null as revoked from api_keys where key_prefix = $1',
    [prefix],
  );
  return rows[0];
}
