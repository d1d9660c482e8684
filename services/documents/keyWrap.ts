import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { NengtanError } from '../lib/errors';
import { decodeField, ENVELOPE_FORMAT, KEY_WRAP_SCHEME, type EnvelopeRecipient } from './envelope';
import { rawPublicKey, x25519PrivateKey, x25519PublicKey } from './recipientKeys';

/**
 * The key-encryption key for one recipient: HKDF-SHA256 over the X25519 shared secret. The salt binds both public
 * keys (as HPKE's KEM context does), and the info names the scheme and the recipient, so a wrapped key cannot be
 * moved to another recipient entry or reinterpreted under another scheme.
 */
function wrappingKey(shared: Buffer, ephemeralPublic: Uint8Array, recipientPublic: Uint8Array, id: string): Buffer {
  const info = Buffer.from(`${ENVELOPE_FORMAT} ${KEY_WRAP_SCHEME} ${id}`, 'utf8');
  const salt = Buffer.concat([ephemeralPublic, recipientPublic]);
  return Buffer.from(hkdfSync('sha256', shared, salt, info, 32));
}

/** ECIES over X25519: the data key, encrypted for one recipient under a fresh ephemeral key pair. */
export function wrapDataKey(dataKey: Buffer, id: string, recipientPublic: Uint8Array): EnvelopeRecipient {
  const recipientKey = x25519PublicKey(recipientPublic, { recipient: id });
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = rawPublicKey(ephemeral.publicKey);
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipientKey });
  } catch {
    // OpenSSL refuses low-order points (the shared secret would be all zeros, known to anyone).
    throw new NengtanError('NT_ERR_DOCUMENT_KEY_INVALID', {
      message: `The public key of recipient ${id} is not a usable X25519 key`,
      details: { recipient: id },
    });
  }
  const key = wrappingKey(shared, ephemeralPublic, recipientPublic, id);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(id, 'utf8'));
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  shared.fill(0);
  key.fill(0);
  return {
    id,
    scheme: KEY_WRAP_SCHEME,
    ephemeralPublicKey: Buffer.from(ephemeralPublic).toString('base64'),
    iv: iv.toString('base64'),
    wrappedKey: wrapped.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/**
 * The data key from a recipient entry, with that recipient's private key. A wrong key and an altered entry look the
 * same to AES-GCM, and both are NT_ERR_DOCUMENT_KEY_REJECTED.
 */
export function unwrapDataKey(entry: EnvelopeRecipient, privateKey: Uint8Array): Buffer {
  const recipientPrivate = x25519PrivateKey(privateKey, { recipient: entry.id });
  // The recipient's public key, derived from the private one: it is part of the KDF salt.
  const recipientPublic = rawPublicKey(createPublicKey(recipientPrivate));
  const ephemeralPublic = decodeField(entry.ephemeralPublicKey, 'ephemeralPublicKey', 32);
  try {
    const shared = diffieHellman({ privateKey: recipientPrivate, publicKey: x25519PublicKey(ephemeralPublic) });
    const key = wrappingKey(shared, ephemeralPublic, recipientPublic, entry.id);
    const decipher = createDecipheriv('aes-256-gcm', key, decodeField(entry.iv, 'iv', 12));
    decipher.setAAD(Buffer.from(entry.id, 'utf8'));
    decipher.setAuthTag(decodeField(entry.tag, 'tag', 16));
    const dataKey = Buffer.concat([decipher.update(decodeField(entry.wrappedKey, 'wrappedKey', 32)), decipher.final()]);
    shared.fill(0);
    key.fill(0);
    return dataKey;
  } catch {
    throw new NengtanError('NT_ERR_DOCUMENT_KEY_REJECTED', { details: { recipient: entry.id } });
  }
}
