import type { Db, Queryable } from '../db/db';
import { parseInt8, pgErrorCode, PG_ERROR } from '../db/db';
import { NengtanError } from '../lib/errors';
import { cidKey, parseCid } from './cids';
import type { DocumentStore } from './documentStore';
import { encryptForRecipients, type Recipient } from './encryptForRecipients';
import { serializeEnvelope } from './envelope';

/** What an organisation knows about one of its documents; the content itself is the envelope in the store. */
export interface DocumentInfo {
  cid: string;
  orgId: string;
  kind: string;
  mediaType: string;
  /** Bytes of the plaintext. */
  size: number;
  /** Bytes of the envelope in the store. */
  storedSize: number;
  encrypted: boolean;
  store: DocumentStore['kind'];
  /** Recipient ids, sorted. */
  recipients: string[];
  createdAt: Date;
}

export interface StoreDocumentInput {
  orgId: string;
  /** What the document is: lowercase letters, digits and dashes ("invoice", "calibration-certificate"). */
  kind: string;
  /** The plaintext's media type, e.g. "application/pdf". */
  mediaType: string;
  plaintext: Uint8Array;
  recipients: readonly Recipient[];
}

const KIND = /^[a-z][a-z0-9-]{0,62}$/;
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Encrypts the plaintext for the recipients, adds the envelope to the store and records it for the organisation.
 * The plaintext never reaches the store or the database: the CID returned names the envelope.
 */
export async function storeDocument(
  db: Db,
  store: DocumentStore,
  input: StoreDocumentInput,
): Promise<{ cid: string; size: number }> {
  const mediaType = typeof input.mediaType === 'string' ? input.mediaType.trim().toLowerCase() : '';
  if (typeof input.kind !== 'string' || !KIND.test(input.kind)) {
    throw new NengtanError('NT_ERR_DOCUMENT_INVALID', { details: { field: 'kind', value: input.kind } });
  }
  if (mediaType.length > 255 || !MEDIA_TYPE.test(mediaType)) {
    throw new NengtanError('NT_ERR_DOCUMENT_INVALID', { details: { field: 'mediaType', value: input.mediaType } });
  }
  if (!(input.plaintext instanceof Uint8Array)) {
    throw new NengtanError('NT_ERR_DOCUMENT_INVALID', { details: { field: 'plaintext', problem: 'not bytes' } });
  }
  if (typeof input.orgId !== 'string' || !UUID.test(input.orgId)) {
    throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Organisation not found', details: { orgId: input.orgId } });
  }
  const envelope = serializeEnvelope(encryptForRecipients(input.plaintext, input.recipients));
  const cid = await store.add(envelope);
  // Blocks added for a document whose row then fails to insert stay in the store unreferenced; they are envelope
  // ciphertext that nobody can list or read through the repository.
  try {
    await db.transaction(async (tx) => {
      await tx.query(
        `insert into documents (org_id, cid, kind, media_type, size, stored_size, encrypted, store)
         values ($1::uuid, $2, $3, $4, $5::bigint, $6::bigint, true, $7)
         on conflict (org_id, cid) do nothing`,
        [input.orgId, cid, input.kind, mediaType, input.plaintext.byteLength, envelope.byteLength, store.kind],
      );
      await tx.query(
        `insert into document_recipients (org_id, cid, recipient)
         select $1::uuid, $2, unnest($3::text[])
         on conflict do nothing`,
        [input.orgId, cid, input.recipients.map((recipient) => recipient.id)],
      );
    });
  } catch (error) {
    if (pgErrorCode(error) === PG_ERROR.FOREIGN_KEY_VIOLATION) {
      throw new NengtanError('NT_ERR_NOT_FOUND', {
        message: 'Organisation not found',
        details: { orgId: input.orgId },
      });
    }
    throw error;
  }
  return { cid, size: input.plaintext.byteLength };
}

interface DocumentRow {
  org_id: string;
  cid: string;
  kind: string;
  media_type: string;
  size: string;
  stored_size: string;
  encrypted: boolean;
  store: DocumentStore['kind'];
  recipients: string[];
  created_at: Date;
}

const SELECT_DOCUMENTS = `
  select d.org_id, d.cid, d.kind, d.media_type, d.size::text as size, d.stored_size::text as stored_size, d.encrypted,
         d.store, d.created_at,
         array(select r.recipient from document_recipients r
               where r.org_id = d.org_id and r.cid = d.cid order by r.recipient) as recipients
  from documents d`;

function toInfo(row: DocumentRow): DocumentInfo {
  return {
    cid: row.cid,
    orgId: row.org_id,
    kind: row.kind,
    mediaType: row.media_type,
    size: parseInt8(row.size),
    storedSize: parseInt8(row.stored_size),
    encrypted: row.encrypted,
    store: row.store,
    recipients: row.recipients,
    createdAt: row.created_at,
  };
}

/** One document's metadata, only for the organisation that stored it (any other gets NT_ERR_DOCUMENT_NOT_FOUND). */
export async function getDocumentInfo(db: Queryable, orgId: string, cid: string): Promise<DocumentInfo> {
  const key = cidKey(await parseCid(cid));
  if (typeof orgId !== 'string' || !UUID.test(orgId)) {
    throw new NengtanError('NT_ERR_DOCUMENT_NOT_FOUND', { details: { cid: key } });
  }
  const { rows } = await db.query<DocumentRow>(`${SELECT_DOCUMENTS} where d.org_id = $1::uuid and d.cid = $2`, [
    orgId,
    key,
  ]);
  // Another organisation's document and no document are the same answer: existence is not disclosed.
  if (rows.length === 0) throw new NengtanError('NT_ERR_DOCUMENT_NOT_FOUND', { details: { cid: key } });
  return toInfo(rows[0]);
}

/** A document's metadata and its envelope bytes (nengtan-envelope/v1), only for the organisation that stored it. */
export async function getDocument(
  db: Queryable,
  store: DocumentStore,
  orgId: string,
  cid: string,
): Promise<DocumentInfo & { envelope: Uint8Array }> {
  const info = await getDocumentInfo(db, orgId, cid);
  return { ...info, envelope: await store.cat(info.cid) };
}

/** The organisation's documents, newest first. */
export async function listDocuments(
  db: Queryable,
  orgId: string,
  options: { kind?: string; limit?: number } = {},
): Promise<DocumentInfo[]> {
  if (typeof orgId !== 'string' || !UUID.test(orgId)) return [];
  const limit = Math.max(1, Math.min(options.limit ?? 1000, 10_000));
  const { rows } = await db.query<DocumentRow>(
    `${SELECT_DOCUMENTS}
     where d.org_id = $1::uuid and ($2::text is null or d.kind = $2)
     order by d.created_at desc, d.cid desc
     limit $3::integer`,
    [orgId, options.kind ?? null, limit],
  );
  return rows.map(toInfo);
}
