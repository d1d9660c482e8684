import { expect } from 'chai';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { DocumentStore } from '../../../services/documents/documentStore';
import { kuboDocumentStore } from '../../../services/documents/kuboDocumentStore';
import { loadIpfsLibraries } from '../../../services/documents/ipfsLibraries';
import { openDocumentStore } from '../../../services/documents/openDocumentStore';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { startFakeKubo, type FakeKubo } from './fakeKubo';
import { refusal } from './refusal';
import { KUBO_MEGABYTE_CID, lcgBytes, rawBlockCid } from './sampleBytes';

const HELLO = new Uint8Array(Buffer.from('hello world\n'));
const HELLO_CID = 'bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4';
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// No Kubo daemon can be installed on these machines: the adapter is tested against a fake node (fakeKubo.ts) that
// speaks Kubo's RPC wire format for the three endpoints the adapter calls.
describe('documents: the Kubo store (against a fake Kubo RPC server)', function () {
  let t: TestDb;
  let fake: FakeKubo;
  let store: DocumentStore;

  before(async function () {
    [t, fake] = await Promise.all([createTestDb(), startFakeKubo()]);
    store = await openDocumentStore(t.db, { ipfsApiUrl: fake.url });
  });

  beforeEach(function () {
    fake.mode = 'honest';
    fake.requests.length = 0;
  });

  after(async function () {
    await Promise.all([t?.drop(), fake?.close()]);
  });

  describe('openDocumentStore', function () {
    it('opens the Kubo store when IPFS_API_URL is given', function () {
      expect(store.kind).to.equal('kubo');
    });

    it('opens the embedded store when it is not', async function () {
      expect((await openDocumentStore(t.db, {})).kind).to.equal('embedded');
    });

    it('does not contact the node until the first request', async function () {
      await openDocumentStore(t.db, { ipfsApiUrl: fake.url });
      expect(fake.requests).to.deep.equal([]);
    });
  });

  describe('add', function () {
    it('posts to /api/v0/add with CIDv1, raw leaves, 256 KiB chunks, sha2-256 and pinning', async function () {
      await store.add(HELLO);
      expect(fake.requests).to.have.length(1);
      const [request] = fake.requests;
      expect(request.method).to.equal('POST');
      expect(request.path).to.equal('/api/v0/add');
      expect(request.query).to.deep.include({
        'cid-version': ['1'],
        'raw-leaves': ['true'],
        chunker: ['size-262144'],
        hash: ['sha2-256'],
        pin: ['true'],
      });
    });

    it('returns the CID Kubo gives "hello world\\n"', async function () {
      expect(await store.add(HELLO)).to.equal(HELLO_CID);
    });

    it('returns the CID Kubo gives a multi-chunk file', async function () {
      expect(await store.add(lcgBytes())).to.equal(KUBO_MEGABYTE_CID);
    });

    it('refuses a node that reports another CID than the bytes have', async function () {
      fake.mode = 'wrong-add-cid';
      const error = await refusal(store.add(HELLO), 'NT_ERR_DOCUMENT_INTEGRITY');
      expect(error.details).to.include({ cid: HELLO_CID });
    });
  });

  describe('cat', function () {
    it('reads a file back through /api/v0/cat', async function () {
      const cid = await store.add(lcgBytes());
      fake.requests.length = 0;
      expect(hex(await store.cat(cid))).to.equal(hex(lcgBytes()));
      expect(fake.requests.map((r) => [r.path, r.query.arg])).to.deep.equal([['/api/v0/cat', [cid]]]);
    });

    it('answers content missing for a CID the node lacks', async function () {
      const cid = rawBlockCid(new Uint8Array(Buffer.from('not on the node')));
      const error = await refusal(store.cat(cid), 'NT_ERR_DOCUMENT_CONTENT_MISSING');
      expect(error.details).to.include({ cid });
    });

    it('refuses bytes that are not what the CID names', async function () {
      const cid = await store.add(HELLO);
      fake.mode = 'wrong-cat-bytes';
      await refusal(store.cat(cid), 'NT_ERR_DOCUMENT_INTEGRITY');
    });

    it('refuses a CID that is not one without asking the node', async function () {
      await refusal(store.cat('Qm-not-a-cid'), 'NT_ERR_DOCUMENT_CID_INVALID');
      expect(fake.requests).to.deep.equal([]);
    });

    it('refuses a file the node imported with other parameters (CIDv0, no raw leaves): not a Nengtan CID', async function () {
      const v0 = await fake.importDirect(HELLO, { cidVersion: 0, rawLeaves: false });
      expect(v0.toString()).to.match(/^Qm/);
      await refusal(store.cat(v0.toString()), 'NT_ERR_DOCUMENT_INTEGRITY');
    });
  });

  describe('exportCar', function () {
    let cids: string[];

    before(async function () {
      cids = [await store.add(lcgBytes(600_000)), await store.add(HELLO)];
    });

    it('asks /api/v0/dag/export once per root', async function () {
      await store.exportCar(cids);
      expect(fake.requests.map((r) => [r.path, r.query.arg])).to.deep.equal([
        ['/api/v0/dag/export', [cids[0]]],
        ['/api/v0/dag/export', [cids[1]]],
      ]);
    });

    it('writes one CARv1 with both roots and every block', async function () {
      const { car } = await loadIpfsLibraries();
      const reader = await car.CarReader.fromBytes(await store.exportCar(cids));
      expect((await reader.getRoots()).map(String)).to.deep.equal(cids);
      const blocks: string[] = [];
      for await (const block of reader.cids()) blocks.push(block.toString());
      expect(blocks).to.have.length(5); // root and three leaves of the first file, the second file
    });

    it('writes byte for byte the CAR file the embedded store writes for the same files', async function () {
      const embedded = await openDocumentStore(t.db, {});
      expect(await embedded.add(lcgBytes(600_000))).to.equal(cids[0]);
      expect(await embedded.add(HELLO)).to.equal(cids[1]);
      expect(hex(await store.exportCar(cids))).to.equal(hex(await embedded.exportCar(cids)));
    });

    it('refuses an export with a block that does not match its CID', async function () {
      fake.mode = 'car-corrupt-block';
      await refusal(store.exportCar(cids), 'NT_ERR_DOCUMENT_INTEGRITY');
    });

    it('refuses an export that lacks a block of the DAG', async function () {
      fake.mode = 'car-missing-block';
      await refusal(store.exportCar(cids), 'NT_ERR_DOCUMENT_CONTENT_MISSING');
    });

    it('refuses an export whose header names another root', async function () {
      fake.mode = 'car-wrong-root';
      await refusal(store.exportCar(cids), 'NT_ERR_DOCUMENT_INTEGRITY');
    });

    it('refuses an export that is not a CAR file', async function () {
      fake.mode = 'car-garbage';
      await refusal(store.exportCar(cids), 'NT_ERR_DOCUMENT_INTEGRITY');
    });

    it('answers content missing for a root the node lacks', async function () {
      await refusal(store.exportCar([rawBlockCid(new Uint8Array([1]))]), 'NT_ERR_DOCUMENT_CONTENT_MISSING');
    });
  });

  describe('when the node cannot be used', function () {
    it('answers unavailable, with the node error, when the node fails', async function () {
      fake.mode = 'error';
      const error = await refusal(store.add(HELLO), 'NT_ERR_DOCUMENT_STORE_UNAVAILABLE');
      expect(error.details).to.include({ url: fake.url, reason: 'merkledag: repo is locked by another process' });
    });

    it('answers unavailable when nothing listens at IPFS_API_URL', async function () {
      const down = await kuboDocumentStore({ url: `http://127.0.0.1:${await closedPort()}` });
      for (const call of [() => down.add(HELLO), () => down.cat(HELLO_CID), () => down.exportCar([HELLO_CID])]) {
        await refusal(call(), 'NT_ERR_DOCUMENT_STORE_UNAVAILABLE');
      }
    });

    it('answers unavailable when the node does not answer in time', async function () {
      fake.mode = 'hang';
      const slow = await kuboDocumentStore({ url: fake.url, timeoutMs: 200 });
      await refusal(slow.cat(HELLO_CID), 'NT_ERR_DOCUMENT_STORE_UNAVAILABLE');
    });
  });
});
