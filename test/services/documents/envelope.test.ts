import { expect } from 'chai';
import { createPublicKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { addFile } from '../../../services/documents/addFile';
import { decryptEnvelope } from '../../../services/documents/decryptEnvelope';
import { encryptForRecipients, type Recipient } from '../../../services/documents/encryptForRecipients';
import {
  ENVELOPE_FORMAT,
  parseEnvelope,
  serializeEnvelope,
  type EncryptedEnvelope,
} from '../../../services/documents/envelope';
import { DISCARD_BLOCKS } from '../../../services/documents/memoryBlocks';
import {
  generateRecipientKeyPair,
  rawPublicKey,
  x25519PrivateKey,
  type RecipientKeyPair,
} from '../../../services/documents/recipientKeys';
import { refusal } from './refusal';

const FIXTURES = path.join(__dirname, 'fixtures');
const plaintext = new Uint8Array(
  Buffer.from('Invoice 2026-03 State Grid Jiangsu: 184 320 kWh 国网江苏电力发票\n', 'utf8'),
);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** A copy of the envelope with one base64 field's first byte flipped. */
function flipped(envelope: EncryptedEnvelope, field: 'ciphertext' | 'tag' | 'iv'): EncryptedEnvelope;
function flipped(
  envelope: EncryptedEnvelope,
  field: 'ephemeralPublicKey' | 'wrappedKey' | 'tag' | 'iv',
  recipient: number,
): EncryptedEnvelope;
function flipped(envelope: EncryptedEnvelope, field: string, recipient?: number): EncryptedEnvelope {
  const copy = JSON.parse(JSON.stringify(envelope)) as EncryptedEnvelope;
  const target = (recipient === undefined ? copy : copy.recipients[recipient]) as unknown as Record<string, string>;
  const bytes = Buffer.from(target[field], 'base64');
  bytes[0] ^= 0x01;
  target[field] = bytes.toString('base64');
  return copy;
}

describe('documents: envelope encryption', function () {
  let alice: RecipientKeyPair;
  let bob: RecipientKeyPair;
  let carol: RecipientKeyPair;
  let mallory: RecipientKeyPair;
  let recipients: Recipient[];

  before(function () {
    [alice, bob, carol, mallory] = [1, 2, 3, 4].map(() => generateRecipientKeyPair());
    recipients = [
      { id: 'org:alice', publicKey: alice.publicKey },
      { id: 'verifier:bob', publicKey: bob.publicKey },
      { id: 'regulator:carol', publicKey: carol.publicKey },
    ];
  });

  describe('generateRecipientKeyPair', function () {
    it('makes raw 32-byte X25519 keys whose public half matches the private half', function () {
      expect(alice.publicKey).to.have.length(32);
      expect(alice.privateKey).to.have.length(32);
      expect(hex(rawPublicKey(createPublicKey(x25519PrivateKey(alice.privateKey))))).to.equal(hex(alice.publicKey));
    });

    it('makes a new pair every time', function () {
      expect(hex(alice.privateKey)).to.not.equal(hex(bob.privateKey));
    });
  });

  describe('for one recipient', function () {
    let envelope: EncryptedEnvelope;

    before(function () {
      envelope = encryptForRecipients(plaintext, [recipients[0]]);
    });

    it('opens with the recipient private key', function () {
      expect(hex(decryptEnvelope(envelope, 'org:alice', alice.privateKey))).to.equal(hex(plaintext));
    });

    it('is a nengtan-envelope/v1 document of the documented shape', function () {
      expect(envelope.format).to.equal(ENVELOPE_FORMAT);
      expect(envelope.cipher).to.equal('AES-256-GCM');
      expect(Buffer.from(envelope.iv, 'base64')).to.have.length(12);
      expect(Buffer.from(envelope.tag, 'base64')).to.have.length(16);
      expect(Buffer.from(envelope.ciphertext, 'base64')).to.have.length(plaintext.byteLength);
      expect(envelope.recipients).to.have.length(1);
      const [entry] = envelope.recipients;
      expect(Object.keys(entry).sort()).to.deep.equal([
        'ephemeralPublicKey',
        'id',
        'iv',
        'scheme',
        'tag',
        'wrappedKey',
      ]);
      expect(entry.scheme).to.equal('X25519-HKDF-SHA256-AES-256-GCM');
      expect(Buffer.from(entry.ephemeralPublicKey, 'base64')).to.have.length(32);
      expect(Buffer.from(entry.wrappedKey, 'base64')).to.have.length(32);
    });

    it('serialises as canonical JSON: sorted keys, no whitespace, parse and serialise give the same bytes', function () {
      const bytes = serializeEnvelope(envelope);
      const text = Buffer.from(bytes).toString('utf8');
      expect(text.startsWith('{"cipher":"AES-256-GCM","ciphertext":"')).to.equal(true);
      expect(text).to.not.match(/\s/);
      expect(hex(serializeEnvelope(parseEnvelope(bytes)))).to.equal(hex(bytes));
    });

    it('carries no trace of the plaintext', function () {
      const text = Buffer.from(serializeEnvelope(envelope)).toString('utf8');
      expect(text).to.not.include('Invoice');
      expect(text).to.not.include(Buffer.from(plaintext).toString('base64').slice(0, 16));
    });

    it('is different every time, so equal documents get different CIDs', async function () {
      const again = encryptForRecipients(plaintext, [recipients[0]]);
      expect(again.ciphertext).to.not.equal(envelope.ciphertext);
      const [a, b] = await Promise.all(
        [envelope, again].map((e) => addFile(DISCARD_BLOCKS, serializeEnvelope(e)).then(String)),
      );
      expect(a).to.not.equal(b);
    });

    it('opens from its serialised bytes', function () {
      const bytes = serializeEnvelope(envelope);
      expect(hex(decryptEnvelope(bytes, 'org:alice', alice.privateKey))).to.equal(hex(plaintext));
    });

    it('handles an empty document and a 1 MiB one', function () {
      for (const bytes of [new Uint8Array(0), new Uint8Array(randomBytes(1 << 20))]) {
        const sealed = encryptForRecipients(bytes, [recipients[0]]);
        expect(hex(decryptEnvelope(sealed, 'org:alice', alice.privateKey))).to.equal(hex(bytes));
      }
    });
  });

  describe('for three recipients', function () {
    let envelope: EncryptedEnvelope;

    before(function () {
      envelope = encryptForRecipients(plaintext, recipients);
    });

    it('opens for each of them with their own key', function () {
      for (const [id, keys] of [
        ['org:alice', alice],
        ['verifier:bob', bob],
        ['regulator:carol', carol],
      ] as const) {
        expect(hex(decryptEnvelope(envelope, id, keys.privateKey)), id).to.equal(hex(plaintext));
      }
    });

    it('lists the recipients in the order given', function () {
      expect(envelope.recipients.map((r) => r.id)).to.deep.equal(['org:alice', 'verifier:bob', 'regulator:carol']);
    });

    it('uses a fresh ephemeral key per recipient', function () {
      expect(new Set(envelope.recipients.map((r) => r.ephemeralPublicKey)).size).to.equal(3);
      expect(new Set(envelope.recipients.map((r) => r.wrappedKey)).size).to.equal(3);
    });

    it('does not open for one recipient with another recipient key', async function () {
      await refusal(() => decryptEnvelope(envelope, 'verifier:bob', alice.privateKey), 'NT_ERR_DOCUMENT_KEY_REJECTED');
    });

    it('does not open when a recipient entry is relabelled with another id (the id is bound into the KDF)', async function () {
      const copy = JSON.parse(JSON.stringify(envelope)) as EncryptedEnvelope;
      copy.recipients = [{ ...copy.recipients[1], id: 'verifier:mallory' }];
      await refusal(() => decryptEnvelope(copy, 'verifier:mallory', bob.privateKey), 'NT_ERR_DOCUMENT_KEY_REJECTED');
    });
  });

  describe('when opened by someone who may not', function () {
    let envelope: EncryptedEnvelope;

    before(function () {
      envelope = encryptForRecipients(plaintext, recipients);
    });

    it('refuses a wrong private key', async function () {
      const error = await refusal(
        () => decryptEnvelope(envelope, 'org:alice', mallory.privateKey),
        'NT_ERR_DOCUMENT_KEY_REJECTED',
      );
      expect(error.details).to.deep.equal({ recipient: 'org:alice' });
    });

    it('refuses a recipient the envelope does not name', async function () {
      const error = await refusal(
        () => decryptEnvelope(envelope, 'org:mallory', mallory.privateKey),
        'NT_ERR_DOCUMENT_RECIPIENT_UNKNOWN',
      );
      expect(error.details).to.include({ recipient: 'org:mallory' });
    });

    it('refuses a private key that is not 32 bytes', async function () {
      await refusal(
        () => decryptEnvelope(envelope, 'org:alice', alice.privateKey.subarray(1)),
        'NT_ERR_DOCUMENT_KEY_INVALID',
      );
    });
  });

  describe('when the envelope was altered', function () {
    let envelope: EncryptedEnvelope;

    before(function () {
      envelope = encryptForRecipients(plaintext, recipients);
    });

    for (const field of ['ciphertext', 'tag', 'iv'] as const) {
      it(`refuses a flipped bit in the content ${field}`, async function () {
        await refusal(
          () => decryptEnvelope(flipped(envelope, field), 'org:alice', alice.privateKey),
          'NT_ERR_DOCUMENT_TAMPERED',
        );
      });
    }

    it('refuses a truncated ciphertext', async function () {
      const copy = {
        ...envelope,
        ciphertext: Buffer.from(envelope.ciphertext, 'base64').subarray(1).toString('base64'),
      };
      await refusal(() => decryptEnvelope(copy, 'org:alice', alice.privateKey), 'NT_ERR_DOCUMENT_TAMPERED');
    });

    for (const field of ['wrappedKey', 'tag', 'iv', 'ephemeralPublicKey'] as const) {
      it(`refuses a flipped bit in the recipient's ${field}`, async function () {
        await refusal(
          () => decryptEnvelope(flipped(envelope, field, 1), 'verifier:bob', bob.privateKey),
          'NT_ERR_DOCUMENT_KEY_REJECTED',
        );
      });
    }

    it('refuses an ephemeral key replaced by a low-order point', async function () {
      const copy = JSON.parse(JSON.stringify(envelope)) as EncryptedEnvelope;
      copy.recipients[0].ephemeralPublicKey = Buffer.alloc(32).toString('base64');
      await refusal(() => decryptEnvelope(copy, 'org:alice', alice.privateKey), 'NT_ERR_DOCUMENT_KEY_REJECTED');
    });

    it('still opens for the other recipients when one entry was altered', function () {
      const copy = flipped(envelope, 'wrappedKey', 1);
      expect(hex(decryptEnvelope(copy, 'org:alice', alice.privateKey))).to.equal(hex(plaintext));
    });
  });

  describe('when the bytes are not an envelope', function () {
    const bad: [string, () => unknown][] = [
      ['not JSON', () => new Uint8Array(Buffer.from('{"format":'))],
      ['not UTF-8', () => new Uint8Array([0x7b, 0xff, 0x7d])],
      ['a JSON array', () => []],
      ['another format', () => ({ ...envelopeFor(), format: 'nengtan-envelope/v2' })],
      ['another cipher', () => ({ ...envelopeFor(), cipher: 'AES-128-GCM' })],
      ['an unknown field', () => ({ ...envelopeFor(), note: 'hi' })],
      ['a missing field', () => (({ tag: _tag, ...rest }) => rest)(envelopeFor())],
      ['a field that is not base64', () => ({ ...envelopeFor(), ciphertext: 'not base64!' })],
      ['an IV of the wrong length', () => ({ ...envelopeFor(), iv: Buffer.alloc(16).toString('base64') })],
      ['no recipients', () => ({ ...envelopeFor(), recipients: [] })],
      [
        'a recipient twice',
        () => {
          const e = envelopeFor();
          return { ...e, recipients: [e.recipients[0], e.recipients[0]] };
        },
      ],
      [
        'a recipient with another scheme',
        () => {
          const e = envelopeFor();
          return { ...e, recipients: [{ ...e.recipients[0], scheme: 'RSA-OAEP' }] };
        },
      ],
      [
        'a wrapped key of the wrong length',
        () => {
          const e = envelopeFor();
          return { ...e, recipients: [{ ...e.recipients[0], wrappedKey: Buffer.alloc(48).toString('base64') }] };
        },
      ],
    ];
    let sample: EncryptedEnvelope;
    const envelopeFor = (): EncryptedEnvelope => JSON.parse(JSON.stringify(sample)) as EncryptedEnvelope;

    before(function () {
      sample = encryptForRecipients(plaintext, [recipients[0]]);
    });

    for (const [what, make] of bad) {
      it(`refuses ${what}`, async function () {
        await refusal(
          () => decryptEnvelope(make() as EncryptedEnvelope, 'org:alice', alice.privateKey),
          'NT_ERR_DOCUMENT_ENVELOPE_INVALID',
        );
      });
    }
  });

  describe('when the recipients are not usable', function () {
    it('refuses an empty list: nobody could read the document', async function () {
      await refusal(() => encryptForRecipients(plaintext, []), 'NT_ERR_DOCUMENT_RECIPIENTS_INVALID');
    });

    it('refuses a recipient named twice', async function () {
      const error = await refusal(
        () => encryptForRecipients(plaintext, [recipients[0], { ...recipients[1], id: 'org:alice' }]),
        'NT_ERR_DOCUMENT_RECIPIENTS_INVALID',
      );
      expect(error.details).to.include({ index: 1 });
    });

    for (const [what, id] of [
      ['an empty id', ''],
      ['an id with a control character', 'org:\nalice'],
      ['an id of 201 characters', 'x'.repeat(201)],
    ]) {
      it(`refuses ${what}`, async function () {
        await refusal(
          () => encryptForRecipients(plaintext, [{ id, publicKey: alice.publicKey }]),
          'NT_ERR_DOCUMENT_RECIPIENTS_INVALID',
        );
      });
    }

    it('refuses a public key that is not 32 bytes', async function () {
      const error = await refusal(
        () => encryptForRecipients(plaintext, [{ id: 'org:alice', publicKey: new Uint8Array(33) }]),
        'NT_ERR_DOCUMENT_KEY_INVALID',
      );
      expect(error.details).to.include({ recipient: 'org:alice', bytes: 33 });
    });

    it('refuses a low-order public key, whose shared secret anyone could compute', async function () {
      await refusal(
        () => encryptForRecipients(plaintext, [{ id: 'org:alice', publicKey: new Uint8Array(32) }]),
        'NT_ERR_DOCUMENT_KEY_INVALID',
      );
    });
  });

  describe('the sample envelope in fixtures/ (the format is a promise to users)', function () {
    const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, 'calibration-certificate.envelope')));
    const keys = JSON.parse(readFileSync(path.join(FIXTURES, 'calibration-certificate.keys.json'), 'utf8')) as {
      cid: string;
      plaintext: string;
      recipients: { id: string; privateKey: string }[];
    };

    it('still opens for each of its recipients', function () {
      for (const recipient of keys.recipients) {
        const opened = decryptEnvelope(
          bytes,
          recipient.id,
          new Uint8Array(Buffer.from(recipient.privateKey, 'base64')),
        );
        expect(Buffer.from(opened).toString('utf8')).to.equal(keys.plaintext);
      }
    });

    it('still has its CID', async function () {
      expect((await addFile(DISCARD_BLOCKS, bytes)).toString()).to.equal(keys.cid);
    });

    it('is still in canonical form', function () {
      expect(hex(serializeEnvelope(parseEnvelope(bytes)))).to.equal(hex(bytes));
    });
  });
});
