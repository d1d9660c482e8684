import { createCipheriv, randomBytes } from 'node:crypto';
import { NengtanError } from '../lib/errors';
import { CONTENT_CIPHER, ENVELOPE_FORMAT, recipientIdProblem, type EncryptedEnvelope } from './envelope';
import { wrapDataKey } from './keyWrap';

export interface Recipient {
  id: string;
  /** Raw 32-byte X25519 public key. */
  publicKey: Uint8Array;
}

/** Recipients must be named once each, with printable ids; their keys are checked as they are used. */
export function checkRecipients(recipients: readonly Recipient[]): void {
  if (!Array.isArray(recipients) || recipients.length === 0) {
    throw new NengtanError('NT_ERR_DOCUMENT_RECIPIENTS_INVALID', {
      message: 'A document needs at least one recipient: nobody could ever read it otherwise',
    });
  }
  const seen = new Set<string>();
  recipients.forEach((recipient, index) => {
    const problem = recipientIdProblem(recipient?.id);
    if (problem) throw new NengtanError('NT_ERR_DOCUMENT_RECIPIENTS_INVALID', { details: { index, problem } });
    if (seen.has(recipient.id)) {
      throw new NengtanError('NT_ERR_DOCUMENT_RECIPIENTS_INVALID', {
        details: { index, problem: `recipient ${recipient.id} is named twice` },
      });
    }
    seen.add(recipient.id);
  });
}

/**
 * Encrypts `plaintext` for the recipients (nengtan-envelope/v1, see envelope.ts): one random 256-bit data key and
 * AES-256-GCM over the content, the data key wrapped for each recipient with ECIES over X25519. Only a holder of one
 * of the recipients' private keys can read it; the sender keeps no key.
 */
export function encryptForRecipients(plaintext: Uint8Array, recipients: readonly Recipient[]): EncryptedEnvelope {
  checkRecipients(recipients);
  const dataKey = randomBytes(32);
  try {
    // Wrap first: a bad recipient key stops here, before any ciphertext exists.
    const wrapped = recipients.map((recipient) => wrapDataKey(dataKey, recipient.id, recipient.publicKey));
    // A fresh random key per envelope makes a random 96-bit IV safe: the (key, IV) pair is never reused.
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    cipher.setAAD(Buffer.from(ENVELOPE_FORMAT, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      format: ENVELOPE_FORMAT,
      cipher: CONTENT_CIPHER,
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      recipients: wrapped,
    };
  } finally {
    dataKey.fill(0);
  }
}
