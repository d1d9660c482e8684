import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { decryptEnvelope } from '../../../services/documents/decryptEnvelope';
import type { DocumentStore } from '../../../services/documents/documentStore';
import { getDocument, getDocumentInfo, listDocuments, storeDocument } from '../../../services/documents/documents';
import { parseEnvelope } from '../../../services/documents/envelope';
import { openDocumentStore } from '../../../services/documents/openDocumentStore';
import { generateRecipientKeyPair, type RecipientKeyPair } from '../../../services/documents/recipientKeys';
import { createOrganisation, type Organisation } from '../../../services/registry/organisations';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { startFakeKubo, type FakeKubo } from './fakeKubo';
import { refusal } from './refusal';
import { lcgBytes } from './sampleBytes';

const invoice = new Uint8Array(Buffer.from('%PDF-1.7 invoice 2026-03: 184320 kWh from State Grid Jiangsu\n', 'utf8'));

describe('documents: the repository', function () {
  let t: TestDb;
  let store: DocumentStore;
  let orgA: Organisation;
  let orgB: Organisation;
  let owner: RecipientKeyPair;
  let verifier: RecipientKeyPair;
  let stored: { cid: string; size: number };

  before(async function () {
    t = await createTestDb();
    store = await openDocumentStore(t.db);
    orgA = await createOrganisation(t.db, { name: 'Org A 甲' });
    orgB = await createOrganisation(t.db, { name: 'Org B 乙' });
    [owner, verifier] = [generateRecipientKeyPair(), generateRecipientKeyPair()];
    stored = await storeDocument(t.db, store, {
      orgId: orgA.id,
      kind: 'invoice',
      mediaType: 'Application/PDF',
      plaintext: invoice,
      recipients: [
        { id: `org:${orgA.id}`, publicKey: owner.publicKey },
        { id: 'verifier:cqc', publicKey: verifier.publicKey },
      ],
    });
  });

  after(async function () {
    await t?.drop();
  });

  describe('storeDocument', function () {
    it('returns the CID of the envelope and the size of the plaintext', function () {
      expect(stored.cid).to.match(/^bafkrei[a-z2-7]{52}$/);
      expect(stored.size).to.equal(invoice.byteLength);
    });

    it('records the metadata and the recipients for the organisation', async function () {
      const info = await getDocumentInfo(t.db, orgA.id, stored.cid);
      expect(info).to.deep.include({
        cid: stored.cid,
        orgId: orgA.id,
        kind: 'invoice',
        mediaType: 'application/pdf',
        size: invoice.byteLength,
        encrypted: true,
        store: 'embedded',
        recipients: [`org:${orgA.id}`, 'verifier:cqc'].sort(),
      });
      expect(info.storedSize).to.be.greaterThan(invoice.byteLength);
      expect(info.createdAt).to.be.instanceOf(Date);
    });

    it('never writes the plaintext to the database', async function () {
      const { rows } = await t.db.query<{ n: string }>(
        `select count(*)::text as n from ipfs_blocks where position($1::bytea in bytes) > 0`,
        [Buffer.from('State Grid')],
      );
      expect(rows[0].n).to.equal('0');
    });

    it('stores a multi-chunk document', async function () {
      const big = lcgBytes(700_000);
      const result = await storeDocument(t.db, store, {
        orgId: orgA.id,
        kind: 'meter-export',
        mediaType: 'text/csv',
        plaintext: big,
        recipients: [{ id: 'org:a', publicKey: owner.publicKey }],
      });
      expect(result.cid).to.match(/^bafybei/);
      const document = await getDocument(t.db, store, orgA.id, result.cid);
      expect(
        Buffer.from(decryptEnvelope(document.envelope, 'org:a', owner.privateKey)).equals(Buffer.from(big)),
      ).to.equal(true);
    });
  });

  describe('getDocument', function () {
    it('returns the envelope, which the recipients open', async function () {
      const document = await getDocument(t.db, store, orgA.id, stored.cid);
      for (const [id, keys] of [
        [`org:${orgA.id}`, owner],
        ['verifier:cqc', verifier],
      ] as const) {
        expect(Buffer.from(decryptEnvelope(document.envelope, id, keys.privateKey)).toString()).to.equal(
          Buffer.from(invoice).toString(),
        );
      }
    });

    it('returns an envelope whose CID is the one recorded', async function () {
      const document = await getDocument(t.db, store, orgA.id, stored.cid);
      expect(parseEnvelope(document.envelope).format).to.equal('nengtan-envelope/v1');
      expect(await store.add(document.envelope)).to.equal(stored.cid);
    });

    it('does not give organisation B the document of organisation A', async function () {
      const error = await refusal(getDocument(t.db, store, orgB.id, stored.cid), 'NT_ERR_DOCUMENT_NOT_FOUND');
      expect(error.details).to.deep.equal({ cid: stored.cid });
    });

    it('answers an unknown CID exactly as another organisation document', async function () {
      const unknown = 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku';
      const error = await refusal(getDocument(t.db, store, orgA.id, unknown), 'NT_ERR_DOCUMENT_NOT_FOUND');
      expect(error.message).to.equal(
        (await refusal(getDocument(t.db, store, orgB.id, stored.cid), 'NT_ERR_DOCUMENT_NOT_FOUND')).message,
      );
    });

    it('answers not found for an organisation id that is not a UUID', async function () {
      await refusal(getDocument(t.db, store, 'org-a', stored.cid), 'NT_ERR_DOCUMENT_NOT_FOUND');
    });

    it('refuses a CID that is not one', async function () {
      await refusal(getDocument(t.db, store, orgA.id, 'invoice.pdf'), 'NT_ERR_DOCUMENT_CID_INVALID');
    });

    it('answers content missing when the blocks are gone from the store', async function () {
      const result = await storeDocument(t.db, store, {
        orgId: orgA.id,
        kind: 'invoice',
        mediaType: 'application/pdf',
        plaintext: invoice,
        recipients: [{ id: 'org:a', publicKey: owner.publicKey }],
      });
      await t.db.query('delete from ipfs_blocks where cid = $1', [result.cid]);
      await refusal(getDocument(t.db, store, orgA.id, result.cid), 'NT_ERR_DOCUMENT_CONTENT_MISSING');
    });
  });

  describe('listDocuments', function () {
    it("lists only the organisation's own documents, newest first", async function () {
      const b = await storeDocument(t.db, store, {
        orgId: orgB.id,
        kind: 'verification-report',
        mediaType: 'application/pdf',
        plaintext: invoice,
        recipients: [{ id: 'org:b', publicKey: owner.publicKey }],
      });
      const listA = await listDocuments(t.db, orgA.id);
      const listB = await listDocuments(t.db, orgB.id);
      expect(listA.map((d) => d.cid))
        .to.include(stored.cid)
        .and.not.include(b.cid);
      expect(listA.every((d) => d.orgId === orgA.id)).to.equal(true);
      expect(listB.map((d) => d.cid)).to.deep.equal([b.cid]);
      const times = listA.map((d) => d.createdAt.getTime());
      expect(times).to.deep.equal([...times].sort((x, y) => y - x));
    });

    it('filters by kind', async function () {
      const invoices = await listDocuments(t.db, orgA.id, { kind: 'invoice' });
      expect(invoices.length).to.be.greaterThan(0);
      expect(invoices.every((d) => d.kind === 'invoice')).to.equal(true);
    });

    it('lists nothing for an organisation without documents', async function () {
      const orgC = await createOrganisation(t.db, { name: 'Org C 丙' });
      expect(await listDocuments(t.db, orgC.id)).to.deep.equal([]);
    });
  });

  describe('when the input is not valid', function () {
    const base = () => ({
      orgId: orgA.id,
      kind: 'invoice',
      mediaType: 'application/pdf',
      plaintext: invoice,
      recipients: [{ id: 'org:a', publicKey: owner.publicKey }],
    });

    for (const [what, patch] of [
      ['a kind with capitals', { kind: 'Invoice' }],
      ['an empty kind', { kind: '' }],
      ['a media type without a subtype', { mediaType: 'pdf' }],
      ['a media type with spaces', { mediaType: 'application/ pdf' }],
    ] as const) {
      it(`refuses ${what}`, async function () {
        await refusal(storeDocument(t.db, store, { ...base(), ...patch }), 'NT_ERR_DOCUMENT_INVALID');
      });
    }

    it('refuses a document without recipients', async function () {
      await refusal(storeDocument(t.db, store, { ...base(), recipients: [] }), 'NT_ERR_DOCUMENT_RECIPIENTS_INVALID');
    });

    it('refuses an organisation that does not exist, and records nothing', async function () {
      const ghost = randomUUID();
      await refusal(storeDocument(t.db, store, { ...base(), orgId: ghost }), 'NT_ERR_NOT_FOUND');
      expect(await listDocuments(t.db, ghost)).to.deep.equal([]);
    });
  });

  describe('on a Kubo node (fake RPC server)', function () {
    let fake: FakeKubo;

    before(async function () {
      fake = await startFakeKubo();
    });

    after(async function () {
      await fake?.close();
    });

    it('stores the envelope on the node and records the store', async function () {
      const kubo = await openDocumentStore(t.db, { ipfsApiUrl: fake.url });
      const result = await storeDocument(t.db, kubo, {
        orgId: orgB.id,
        kind: 'invoice',
        mediaType: 'application/pdf',
        plaintext: invoice,
        recipients: [{ id: 'org:b', publicKey: owner.publicKey }],
      });
      expect((await getDocumentInfo(t.db, orgB.id, result.cid)).store).to.equal('kubo');
      const { rows } = await t.db.query('select 1 from ipfs_blocks where cid = $1', [result.cid]);
      expect(rows).to.have.length(0);
      const document = await getDocument(t.db, kubo, orgB.id, result.cid);
      expect(
        Buffer.from(decryptEnvelope(document.envelope, 'org:b', owner.privateKey)).equals(Buffer.from(invoice)),
      ).to.equal(true);
    });
  });
});
