import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { NengtanError } from '../lib/errors';

/** An X25519 key pair as raw 32-byte keys (RFC 7748), the form envelopes and recipients carry them in. */
export interface RecipientKeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export const X25519_KEY_BYTES = 32;
// DER headers of X25519 keys (RFC 8410): node:crypto takes raw keys only wrapped in SPKI or PKCS#8.
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

export function generateRecipientKeyPair(): RecipientKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { publicKey: rawPublicKey(publicKey), privateKey: rawPrivateKey(privateKey) };
}

function checkLength(raw: Uint8Array, what: string, details: Record<string, unknown>): void {
  if (!(raw instanceof Uint8Array) || raw.byteLength !== X25519_KEY_BYTES) {
    throw new NengtanError('NT_ERR_DOCUMENT_KEY_INVALID', {
      message: `The ${what} is not a raw 32-byte X25519 key`,
      details: { ...details, bytes: raw instanceof Uint8Array ? raw.byteLength : null },
    });
  }
}

export function x25519PublicKey(raw: Uint8Array, details: Record<string, unknown> = {}): KeyObject {
  checkLength(raw, 'public key', details);
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function x25519PrivateKey(raw: Uint8Array, details: Record<string, unknown> = {}): KeyObject {
  checkLength(raw, 'private key', details);
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

export function rawPublicKey(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length));
}

export function rawPrivateKey(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length));
}
