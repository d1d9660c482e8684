import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { CID } from 'multiformats/cid';
import { addFile } from '../../../services/documents/addFile';
import { catFile } from '../../../services/documents/catFile';
import { parseCid } from '../../../services/documents/cids';
import { DbBlockstore } from '../../../services/documents/dbBlockstore';
import { embeddedDocumentStore } from '../../../services/documents/embeddedDocumentStore';
import type { DocumentStore } from '../../../services/documents/documentStore';
import { importEsm, loadIpfsLibraries } from '../../../services/documents/ipfsLibraries';
import { MemoryBlocks } from '../../../services/documents/memoryBlocks';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { refusal } from './refusal';
import { KUBO_MEGABYTE_CID, lcgBytes, rawBlockCid } from './sampleBytes';

const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

// CIDs that `ipfs add --cid-version=1 --raw-leaves` (Kubo) prints for these bytes, as published in public test suites.
const KNOWN = [
  {
    name: '"hello world\\n"',
    bytes: utf8('hello world\n'),
    cid: 'bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4',
  },
  {
    name: '"hello world"',
    bytes: utf8('hello world'),
    cid: 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e',
  },
  {
    name: 'an empty file',
    bytes: new Uint8Array(0),
    cid: 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku',
  },
  { name: '1,000,000 LCG bytes (4 chunks)', bytes: lcgBytes(), cid: KUBO_MEGABYTE_CID },
];

/** The importer over blockstore-core's MemoryBlockstore: the reference the database store is compared with. */
async function referenceCid(bytes: Uint8Array): Promise<string> {
  const { importer } = await loadIpfsLibraries();
  const { MemoryBlockstore } = await importEsm<typeof import('blockstore-core/memory')>('blockstore-core/memory');
  const result = await importer.importBytes(bytes, new MemoryBlockstore(), { cidVersion: 1, rawLeaves: true });
  return result.cid.toString();
}

describe('documents: UnixFS files with real CIDs', function () {
  let t: TestDb;
  let store: DocumentStore;

  before(async function () {
    t = await createTestDb();
    store = embeddedDocumentStore(t.db);
  });

  after(async function () {
    await t?.drop();
  });

  describe('addFile', function () {
    for (const known of KNOWN) {
      it(`gives ${known.name} the CID Kubo gives it`, async function () {
        expect((await addFile(new MemoryBlocks(), known.bytes)).toString()).to.equal(known.cid);
      });

      it(`agrees with the importer's own defaults over a memory blockstore for ${known.name}`, async function () {
        expect(await referenceCid(known.bytes)).to.equal(known.cid);
      });
    }

    it('names single-chunk files by the raw block CID computed from the specs alone', async function () {
      for (const bytes of [utf8('hello world\n'), new Uint8Array(0), lcgBytes(262_144)]) {
        expect((await addFile(new MemoryBlocks(), bytes)).toString()).to.equal(rawBlockCid(bytes));
      }
    });

    it('splits at 256 KiB: one byte more is a dag-pb node over two raw leaves', async function () {
      const blocks = new MemoryBlocks();
      const cid = await addFile(blocks, lcgBytes(262_145));
      const { dagPb } = await loadIpfsLibraries();
      expect(cid.code).to.equal(0x70);
      const links = dagPb.decode(blocks.getBlock(cid)).Links;
      expect(links.map((link) => link.Tsize)).to.deep.equal([262_144, 1]);
      expect(links.map((link) => link.Hash.toString())).to.deep.equal([
        rawBlockCid(lcgBytes(262_145).subarray(0, 262_144)),
        rawBlockCid(lcgBytes(262_145).subarray(262_144)),
      ]);
    });
  });

  describe('the embedded store', function () {
    for (const known of KNOWN) {
      it(`stores ${known.name} under the same CID and returns the same bytes`, async function () {
        const cid = await store.add(known.bytes);
        expect(cid).to.equal(known.cid);
        expect(Buffer.from(await store.cat(cid)).equals(Buffer.from(known.bytes))).to.equal(true);
      });
    }

    it('keeps a multi-chunk file as its root and leaf blocks in ipfs_blocks', async function () {
      await store.add(lcgBytes());
      const { rows } = await t.db.query<{ cid: string }>(
        'select cid from ipfs_blocks where cid = any($1::text[]) order by cid',
        [[KUBO_MEGABYTE_CID, rawBlockCid(lcgBytes().subarray(0, 262_144))]],
      );
      expect(rows).to.have.length(2);
    });

    it('round-trips a 3 MiB file of random bytes', async function () {
      const bytes = new Uint8Array(randomBytes(3 * 1024 * 1024 + 17));
      const cid = await store.add(bytes);
      expect(cid).to.equal(await referenceCid(bytes));
      expect(Buffer.from(await store.cat(cid)).equals(Buffer.from(bytes))).to.equal(true);
    });

    it('round-trips a file of more than 174 chunks (a two-level DAG) and matches the reference importer', async function () {
      const bytes = new Uint8Array(randomBytes(175 * 262_144 + 5));
      const blocks = new MemoryBlocks();
      const cid = await addFile(blocks, bytes);
      const { dagPb } = await loadIpfsLibraries();
      const top = dagPb.decode(blocks.getBlock(cid)).Links;
      expect(top).to.have.length(2);
      expect(dagPb.decode(blocks.getBlock(top[0].Hash)).Links).to.have.length(174);
      expect(await store.add(bytes)).to.equal(cid.toString());
      expect(cid.toString()).to.equal(await referenceCid(bytes));
      expect(Buffer.from(await store.cat(cid.toString())).equals(Buffer.from(bytes))).to.equal(true);
    });

    it('stores a file twice without error and without duplicating blocks', async function () {
      const before = await t.db.query<{ n: string }>('select count(*)::text as n from ipfs_blocks');
      await store.add(lcgBytes());
      const after = await t.db.query<{ n: string }>('select count(*)::text as n from ipfs_blocks');
      expect(after.rows[0].n).to.equal(before.rows[0].n);
    });

    it('accepts the CIDv0 spelling of a dag-pb root', async function () {
      const v1 = await parseCid(KUBO_MEGABYTE_CID);
      const v0 = v1.toV0().toString();
      expect(v0).to.match(/^Qm/);
      expect((await store.cat(v0)).byteLength).to.equal(1_000_000);
    });
  });

  describe('when content is missing, damaged or not a file', function () {
    it('refuses a CID that is not one', async function () {
      const error = await refusal(store.cat('not-a-cid'), 'NT_ERR_DOCUMENT_CID_INVALID');
      expect(error.details).to.include({ cid: 'not-a-cid' });
    });

    it('answers content missing for a CID it never stored', async function () {
      const cid = rawBlockCid(utf8('never stored'));
      const error = await refusal(store.cat(cid), 'NT_ERR_DOCUMENT_CONTENT_MISSING');
      expect(error.details).to.include({ cid });
    });

    it('answers content missing when one leaf of a file is gone', async function () {
      const bytes = lcgBytes(600_000);
      const cid = await store.add(bytes);
      const leaf = rawBlockCid(bytes.subarray(262_144, 524_288));
      await t.db.query('delete from ipfs_blocks where cid = $1', [leaf]);
      const error = await refusal(store.cat(cid), 'NT_ERR_DOCUMENT_CONTENT_MISSING');
      expect(error.details).to.include({ cid: leaf });
    });

    it('refuses a block whose bytes were altered in the database', async function () {
      const bytes = utf8('evidence: meter M-1 calibrated 2026-03-01');
      const cid = await store.add(bytes);
      await t.db.query(`update ipfs_blocks set bytes = $2::bytea where cid = $1`, [cid, utf8('evidence: altered')]);
      await refusal(store.cat(cid), 'NT_ERR_DOCUMENT_INTEGRITY');
    });

    it('refuses to put a block under a CID that is not its own', async function () {
      const cid: CID = await parseCid(rawBlockCid(utf8('one')));
      await refusal(new DbBlockstore(t.db, t.db.kind).put(cid, utf8('two')), 'NT_ERR_DOCUMENT_INTEGRITY');
      expect(await new DbBlockstore(t.db, t.db.kind).has(cid)).to.equal(false);
    });

    it('refuses to read a directory as a file', async function () {
      const { importer } = await loadIpfsLibraries();
      const staged = new MemoryBlocks();
      const dir = await importer.importDirectory({ path: 'evidence' }, staged, { cidVersion: 1 });
      await new DbBlockstore(t.db, t.db.kind).putMany(staged.blocks);
      await refusal(catFile(new DbBlockstore(t.db, t.db.kind), dir.cid), 'NT_ERR_DOCUMENT_CID_INVALID');
    });
  });
});
