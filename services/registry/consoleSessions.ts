import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/db';
import type { Principal, Scope } from './apiKeys';

export interface OpenedSession {
  /** The cookie value, 256 random bits; only its hash is stored. */
  sessionId: string;
  /** Sent back on every write in the x-csrf-token header. */
  csrfToken: string;
  expiresAt: Date;
}

export interface ActiveSession {
  principal: Principal;
  keyPrefix: string;
  expiresAt: Date;
  csrfHash: Buffer;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export async function openSession(db: Queryable, keyId: string, ttlSeconds: number): Promise<OpenedSession> {
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const { rows } = await db.query<{ expires_at: Date }>(
    `insert into console_sessions (id_hash, api_key_id, csrf_hash, expires_at)
     values ($1, $2::uuid, $3, now() + make_interval(secs => $4::int))
     returning expires_at`,
    [sha256(sessionId), keyId, sha256(csrfToken), ttlSeconds],
  );
  return { sessionId, csrfToken, expiresAt: rows[0].expires_at };
}

/** The session behind a cookie value, or undefined when it is unknown, expired, signed out or its key was revoked. */
export async function findSession(db: Queryable, sessionId: string): Promise<ActiveSession | undefined> {
  const { rows } = await db.query<{
    key_id: string;
    org_id: string | null;
    scopes: Scope[];
    key_prefix: string;
    expires_at: Date;
    csrf_hash: Uint8Array;
  }>(
    `select k.id as key_id, k.org_id, k.scopes, k.key_prefix, s.expires_at, s.csrf_hash
       from console_sessions s join api_keys k on k.id = s.api_key_id
      where s.id_hash = $1 and s.revoked_at is null and s.expires_at > now() and k.revoked_at is null`,
    [sha256(sessionId)],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    principal: { keyId: row.key_id, orgId: row.org_id, scopes: row.scopes },
    keyPrefix: row.key_prefix,
    expiresAt: row.expires_at,
    csrfHash: Buffer.from(row.csrf_hash),
  };
}

/** Constant-time check of a presented CSRF token against the session's. */
export function csrfTokenMatches(session: ActiveSession, presented: string | undefined): boolean {
  return presented !== undefined && timingSafeEqual(sha256(presented), session.csrfHash);
}

export async function revokeSession(db: Queryable, sessionId: string): Promise<void> {
  await db.query('update console_sessions set revoked_at = now() where id_hash = $1 and revoked_at is null', [
    sha256(sessionId),
  ]);
}
