import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { catFile } from '../../../services/documents/catFile';
import type { DocumentStore } from '../../../services/documents/documentStore';
import { embeddedDocumentStore } from '../../../services/documents/embeddedDocumentStore';
import { loadIpfsLibraries } from '../../../services/documents/ipfsLibraries';
import { MemoryBlocks } from '../../../services/documents/memoryBlocks';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { refusal } from './refusal';
import { lcgBytes, rawBlockCid } from './sampleBytes';

describe('documents: CAR export', function () {
  let t: TestDb;
  let store: DocumentStore;
  const fileA = lcgBytes(600_000); // three chunks under one dag-pb root
  const fileB = new Uint8Array(Buffer.from('hello world\n'));
  const fileC = fileA.slice(0, 262_144); // exactly A's first leaf
  let cids: string[];
  let car: Uint8Array;

  before(async function () {
    t = await createTestDb();
    store = embeddedDocumentStore(t.db);
    cids = [await store.add(fileA), await store.add(fileB), await store.add(fileC)];
    car = await store.exportCar(cids);
  });

  after(async function () {
    await t?.drop();
  });

  async function read() {
    const { car: carLib } = await loadIpfsLibraries();
    const reader = await carLib.CarReader.fromBytes(car);
    const blocks = [];
    for await (const block of reader.blocks()) blocks.push(block);
    return { reader, roots: await reader.getRoots(), blocks };
  }

  it('is a CARv1 file', async function () {
    expect((await read()).reader.version).to.equal(1);
  });

  it('names the requested CIDs as its roots, in order', async function () {
    expect((await read()).roots.map(String)).to.deep.equal(cids);
  });

  it('holds blocks that each hash to their CID (sha2-256 recomputed here)', async function () {
    const { blocks } = await read();
    for (const block of blocks) {
      expect(block.cid.multihash.code).to.equal(0x12);
      const digest = createHash('sha256').update(block.bytes).digest();
      expect(Buffer.from(block.cid.multihash.digest).equals(digest), block.cid.toString()).to.equal(true);
    }
  });

  it('holds every block of every root once, depth first like `ipfs dag export`', async function () {
    const leaves = [0, 262_144, 524_288].map((start) => rawBlockCid(fileA.subarray(start, start + 262_144)));
    expect((await read()).blocks.map((block) => block.cid.toString())).to.deep.equal([
      cids[0],
      ...leaves,
      cids[1],
      // cids[2] is A's first leaf, already written
    ]);
    expect(cids[2]).to.equal(leaves[0]);
  });

  it('round-trips: the files read back from the CAR blocks alone are the files stored', async function () {
    const blocks = new MemoryBlocks();
    for (const block of (await read()).blocks) blocks.putVerified(block.cid, block.bytes);
    const { roots } = await read();
    const files = await Promise.all(roots.map((root) => catFile(blocks, root)));
    expect(files.map((file) => Buffer.from(file).toString('hex'))).to.deep.equal(
      [fileA, fileB, fileC].map((file) => Buffer.from(file).toString('hex')),
    );
  });

  describe('when a root cannot be exported', function () {
    it('refuses a CID that is not one', async function () {
      await refusal(store.exportCar([cids[0], 'bafy-nonsense']), 'NT_ERR_DOCUMENT_CID_INVALID');
    });

    it('answers content missing for a root the store does not hold', async function () {
      const missing = rawBlockCid(new Uint8Array(Buffer.from('not stored')));
      const error = await refusal(store.exportCar([cids[1], missing]), 'NT_ERR_DOCUMENT_CONTENT_MISSING');
      expect(error.details).to.include({ cid: missing });
    });
  });
});
