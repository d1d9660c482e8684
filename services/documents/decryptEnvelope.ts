import { createDecipheriv } from 'node:crypto';
import { NengtanError } from '../lib/errors';
import { decodeField, ENVELOPE_FORMAT, parseEnvelope, type EncryptedEnvelope } from './envelope';
import { unwrapDataKey } from './keyWrap';

/**
 * The plaintext of an envelope (its bytes as stored, or the parsed object), for the recipient `recipientId` holding
 * `privateKey` (raw 32-byte X25519). Every failure is a NengtanError: NT_ERR_DOCUMENT_ENVELOPE_INVALID (not an
 * envelope), NT_ERR_DOCUMENT_KEY_INVALID (not a key), NT_ERR_DOCUMENT_RECIPIENT_UNKNOWN (not encrypted for this id),
 * NT_ERR_DOCUMENT_KEY_REJECTED (wrong key or altered key entry), NT_ERR_DOCUMENT_TAMPERED (altered content).
 */
export function decryptEnvelope(
  envelope: EncryptedEnvelope | Uint8Array,
  recipientId: string,
  privateKey: Uint8Array,
): Uint8Array {
  const parsed = parseEnvelope(envelope);
  const entry = parsed.recipients.find((recipient) => recipient.id === recipientId);
  if (!entry) {
    throw new NengtanError('NT_ERR_DOCUMENT_RECIPIENT_UNKNOWN', {
      details: { recipient: recipientId, recipients: parsed.recipients.map((recipient) => recipient.id) },
    });
  }
  const dataKey = unwrapDataKey(entry, privateKey);
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, decodeField(parsed.iv, 'iv', 12));
    decipher.setAAD(Buffer.from(ENVELOPE_FORMAT, 'utf8'));
    decipher.setAuthTag(decodeField(parsed.tag, 'tag', 16));
    const plaintext = Buffer.concat([decipher.update(decodeField(parsed.ciphertext, 'ciphertext')), decipher.final()]);
    return new Uint8Array(plaintext);
  } catch {
    throw new NengtanError('NT_ERR_DOCUMENT_TAMPERED');
  } finally {
    dataKey.fill(0);
  }
}
