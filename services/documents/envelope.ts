import { canonicalJson } from '../lib/canonicalJson';
import { NengtanError } from '../lib/errors';

/**
 * nengtan-envelope/v1: a document encrypted once under a random data key, with that key wrapped for each recipient.
 * One JSON document, serialised as RFC 8785 canonical JSON (keys sorted, no whitespace), so one envelope has one
 * byte form and one CID. Binary fields are standard base64 with padding.
 *
 *   content:   AES-256-GCM(dataKey, iv, plaintext, aad = utf8("nengtan-envelope/v1")) -> ciphertext, tag
 *   recipient: ephemeral X25519 key pair e; shared = X25519(e, recipientPublicKey);
 *              wrapKey = HKDF-SHA256(ikm = shared, salt = ePub || recipientPublicKey,
 *                                    info = utf8("nengtan-envelope/v1 X25519-HKDF-SHA256-AES-256-GCM " + id), 32);
 *              AES-256-GCM(wrapKey, iv, dataKey, aad = utf8(id)) -> wrappedKey, tag
 */
export const ENVELOPE_FORMAT = 'nengtan-envelope/v1';
export const CONTENT_CIPHER = 'AES-256-GCM';
export const KEY_WRAP_SCHEME = 'X25519-HKDF-SHA256-AES-256-GCM';

export interface EnvelopeRecipient {
  id: string;
  scheme: typeof KEY_WRAP_SCHEME;
  /** The sender's one-time X25519 public key for this recipient, 32 bytes. */
  ephemeralPublicKey: string;
  /** 12 bytes. */
  iv: string;
  /** The 32-byte data key, encrypted. */
  wrappedKey: string;
  /** GCM tag of the wrapped key, 16 bytes. */
  tag: string;
}

export interface EncryptedEnvelope {
  format: typeof ENVELOPE_FORMAT;
  cipher: typeof CONTENT_CIPHER;
  /** 12 bytes. */
  iv: string;
  ciphertext: string;
  /** GCM tag of the content, 16 bytes. */
  tag: string;
  recipients: EnvelopeRecipient[];
}

export const MAX_RECIPIENT_ID_LENGTH = 200;

/** Recipient ids are printable text (an organisation, a verifier's address, a person): they go into the KDF info. */
export function recipientIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string' || id.length === 0) return 'a recipient id must be a non-empty string';
  if (id.length > MAX_RECIPIENT_ID_LENGTH) return `a recipient id has at most ${MAX_RECIPIENT_ID_LENGTH} characters`;
  if (/[\u0000-\u001f\u007f]/.test(id)) return 'a recipient id has no control characters';
  return undefined;
}

export function serializeEnvelope(envelope: EncryptedEnvelope): Uint8Array {
  return new Uint8Array(Buffer.from(canonicalJson(envelope), 'utf8'));
}

function invalid(reason: string): NengtanError {
  return new NengtanError('NT_ERR_DOCUMENT_ENVELOPE_INVALID', { details: { reason } });
}

/**
 * Decodes a base64 field, refusing anything but canonical standard base64 of the expected length. Canonical means it
 * is exactly what encoding its bytes gives back (padding, alphabet, zero spare bits), checked natively: a regular
 * expression over a megabyte of ciphertext cost more than decrypting it.
 */
export function decodeField(value: unknown, field: string, bytes?: number): Buffer {
  if (typeof value !== 'string') throw invalid(`${field} is not base64`);
  const decoded = Buffer.from(value, 'base64');
  if (decoded.toString('base64') !== value) throw invalid(`${field} is not base64`);
  if (bytes !== undefined && decoded.byteLength !== bytes) throw invalid(`${field} must hold ${bytes} bytes`);
  return decoded;
}

function checkKeys(value: unknown, keys: readonly string[], where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${where} is not an object`);
  const actual = Object.keys(value).sort();
  const expected = [...keys].sort();
  if (actual.join(',') !== expected.join(',')) {
    throw invalid(`${where} must have exactly the fields ${expected.join(', ')}`);
  }
  return value as Record<string, unknown>;
}

/**
 * Reads an envelope from its bytes (or parsed JSON), checking its shape completely: a v1 reader refuses fields it
 * does not know rather than ignoring what a later version might rely on.
 */
export function parseEnvelope(input: unknown): EncryptedEnvelope {
  let value: unknown = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    let text: string;
    try {
      text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
      value = JSON.parse(text);
    } catch {
      throw invalid('not UTF-8 JSON');
    }
  }
  const envelope = checkKeys(value, ['format', 'cipher', 'iv', 'ciphertext', 'tag', 'recipients'], 'the envelope');
  if (envelope.format !== ENVELOPE_FORMAT) throw invalid(`format must be "${ENVELOPE_FORMAT}"`);
  if (envelope.cipher !== CONTENT_CIPHER) throw invalid(`cipher must be "${CONTENT_CIPHER}"`);
  decodeField(envelope.iv, 'iv', 12);
  decodeField(envelope.ciphertext, 'ciphertext');
  decodeField(envelope.tag, 'tag', 16);
  if (!Array.isArray(envelope.recipients) || envelope.recipients.length === 0) {
    throw invalid('recipients must be a non-empty array');
  }
  const ids = new Set<string>();
  envelope.recipients.forEach((entry: unknown, i: number) => {
    const where = `recipients[${i}]`;
    const recipient = checkKeys(entry, ['id', 'scheme', 'ephemeralPublicKey', 'iv', 'wrappedKey', 'tag'], where);
    const problem = recipientIdProblem(recipient.id);
    if (problem) throw invalid(`${where}: ${problem}`);
    if (ids.has(recipient.id as string)) throw invalid(`${where}: recipient ${String(recipient.id)} appears twice`);
    ids.add(recipient.id as string);
    if (recipient.scheme !== KEY_WRAP_SCHEME) throw invalid(`${where}.scheme must be "${KEY_WRAP_SCHEME}"`);
    decodeField(recipient.ephemeralPublicKey, `${where}.ephemeralPublicKey`, 32);
    decodeField(recipient.iv, `${where}.iv`, 12);
    decodeField(recipient.wrappedKey, `${where}.wrappedKey`, 32);
    decodeField(recipient.tag, `${where}.tag`, 16);
  });
  return value as EncryptedEnvelope;
}
