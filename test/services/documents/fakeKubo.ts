import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CID } from 'multiformats/cid';
import { importEsm, loadIpfsLibraries } from '../../../services/documents/ipfsLibraries';

/** How the fake node misbehaves, to test that the adapter trusts nothing it is told. */
export type FakeKuboMode =
  | 'honest'
  | 'wrong-add-cid' // reports another CID for an add
  | 'wrong-cat-bytes' // answers a cat with other bytes
  | 'car-corrupt-block' // exports a block whose bytes are not its CID's
  | 'car-missing-block' // exports a DAG without one of its leaves
  | 'car-wrong-root' // exports a CAR whose header names another root
  | 'car-garbage' // exports bytes that are not a CAR file
  | 'error' // answers every call with Kubo's 500 error object
  | 'hang'; // never answers

export interface FakeKubo {
  url: string;
  mode: FakeKuboMode;
  requests: { method: string; path: string; query: Record<string, string[]> }[];
  /** Puts a file into the node as `ipfs add` with these options would, bypassing the API. */
  importDirect(bytes: Uint8Array, options: { cidVersion: 0 | 1; rawLeaves: boolean }): Promise<CID>;
  close(): Promise<void>;
}

/**
 * A stand-in for a Kubo daemon (none can be installed here), serving the three RPC endpoints the Kubo adapter uses,
 * with Kubo's wire formats: POST only; `/api/v0/add` takes multipart/form-data and answers NDJSON
 * `{"Name","Hash","Size"}`, honouring cid-version, raw-leaves and chunker=size-N with Kubo's defaults when absent
 * (CIDv0, no raw leaves); `/api/v0/cat?arg=` streams the file; `/api/v0/dag/export?arg=` streams a CARv1 with one
 * root, blocks depth first; failures are HTTP 500 with `{"Message","Code","Type":"error"}`. The DAGs are built with
 * the UnixFS importer and a blockstore-core MemoryBlockstore, independently of the adapter's own code.
 */
export async function startFakeKubo(): Promise<FakeKubo> {
  const { importer, chunker, exporter, dagPb, car, cid: cidLib } = await loadIpfsLibraries();
  const { MemoryBlockstore } = await importEsm<typeof import('blockstore-core/memory')>('blockstore-core/memory');
  const blockstore = new MemoryBlockstore();
  const getBlock = async (cid: CID): Promise<Uint8Array> => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of blockstore.get(cid)) chunks.push(chunk);
    return Buffer.concat(chunks);
  };

  const fake: FakeKubo = {
    url: '',
    mode: 'honest',
    requests: [],
    async importDirect(bytes, options) {
      return (await importer.importBytes(bytes, blockstore, options)).cid;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  function kuboError(res: ServerResponse, message: string): void {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ Message: message, Code: 0, Type: 'error' }));
  }

  /** The one file of a multipart/form-data body, as Kubo reads it. */
  function multipartFile(req: IncomingMessage, body: Buffer): Buffer {
    const boundary = /boundary=(.+)$/.exec(req.headers['content-type'] ?? '')?.[1];
    if (!boundary) throw new Error('not multipart');
    const start = body.indexOf('\r\n\r\n', body.indexOf(`--${boundary}`)) + 4;
    const end = body.lastIndexOf(`\r\n--${boundary}--`);
    if (start < 4 || end < start) throw new Error('malformed multipart body');
    return body.subarray(start, end);
  }

  async function dfs(root: CID, visit: (cid: CID, bytes: Uint8Array) => Promise<void>, seen = new Set<string>()) {
    if (seen.has(root.toString())) return;
    seen.add(root.toString());
    const bytes = await getBlock(root);
    await visit(root, bytes);
    if (root.code === 0x70) for (const link of dagPb.decode(bytes).Links) await dfs(link.Hash, visit, seen);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
    fake.requests.push({ method: req.method ?? '', path: url.pathname, query });
    const body = await readBody(req);
    if (fake.mode === 'hang') return;
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    if (fake.mode === 'error') return kuboError(res, 'merkledag: repo is locked by another process');
    const arg = query.arg?.[0];
    switch (url.pathname) {
      case '/api/v0/add': {
        const content = multipartFile(req, body);
        const chunkSize = Number(/^size-(\d+)$/.exec(query.chunker?.[0] ?? 'size-262144')?.[1]);
        const cidVersion = query['cid-version']?.[0] === '1' ? 1 : 0;
        const rawLeaves = query['raw-leaves']?.[0] === 'true';
        const result = await importer.importBytes(content, blockstore, {
          cidVersion,
          rawLeaves,
          chunker: chunker.fixedSize({ chunkSize }),
        });
        let hash = result.cid.toString();
        if (fake.mode === 'wrong-add-cid')
          hash = (await importer.importBytes(Buffer.from('other'), blockstore)).cid.toString();
        res.writeHead(200, { 'content-type': 'application/json', 'x-chunked-output': '1' });
        res.end(`${JSON.stringify({ Name: hash, Hash: hash, Size: String(content.byteLength) })}\n`);
        return;
      }
      case '/api/v0/cat': {
        let cid: CID;
        try {
          cid = cidLib.CID.parse(arg ?? '');
        } catch {
          return kuboError(res, `invalid path "${arg}"`);
        }
        if (!(await blockstore.has(cid))) {
          return kuboError(res, `block was not found locally (offline): ipld: could not find ${cid.toString()}`);
        }
        const entry = await exporter.exporter(cid, blockstore);
        if (entry.type !== 'file' && entry.type !== 'raw') return kuboError(res, 'this dag node is a directory');
        res.writeHead(200, { 'content-type': 'text/plain', 'x-stream-output': '1' });
        if (fake.mode === 'wrong-cat-bytes') res.write('tampered ');
        for await (const chunk of entry.content()) res.write(chunk);
        res.end();
        return;
      }
      case '/api/v0/dag/export': {
        const root = cidLib.CID.parse(arg ?? '');
        if (fake.mode === 'car-garbage') {
          res.writeHead(200, { 'content-type': 'application/vnd.ipld.car' }).end('not a car file');
          return;
        }
        if (!(await blockstore.has(root))) {
          return kuboError(res, `block was not found locally (offline): ipld: could not find ${root.toString()}`);
        }
        const headerRoot =
          fake.mode === 'car-wrong-root' ? (await importer.importBytes(Buffer.from('x'), blockstore)).cid : root;
        const { writer, out } = car.CarWriter.create([headerRoot]);
        res.writeHead(200, { 'content-type': 'application/vnd.ipld.car', 'x-stream-output': '1' });
        const piped = (async () => {
          for await (const chunk of out) res.write(chunk);
          res.end();
        })();
        let index = 0;
        await dfs(root, async (cid, bytes) => {
          index++;
          if (fake.mode === 'car-missing-block' && index === 2) return;
          if (fake.mode === 'car-corrupt-block' && index === 2) bytes = Buffer.from(bytes).fill(0, 0, 8);
          await writer.put({ cid, bytes });
        });
        await writer.close();
        await piped;
        return;
      }
      default:
        res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) kuboError(res, error instanceof Error ? error.message : String(error));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = fake.close;
  fake.close = () => {
    server.closeAllConnections();
    return close();
  };
  return fake;
}
