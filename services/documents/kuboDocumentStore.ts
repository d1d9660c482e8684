import type { CID } from 'multiformats/cid';
import { NengtanError } from '../lib/errors';
import { addFile, CHUNK_SIZE } from './addFile';
import { collectBytes } from './bytes';
import { parseCid } from './cids';
import type { DocumentStore } from './documentStore';
import { loadIpfsLibraries } from './ipfsLibraries';
import { DISCARD_BLOCKS, MemoryBlocks } from './memoryBlocks';
import { walkDag } from './walkDag';
import { writeCar } from './writeCar';
import { redactUrl, redactUrlsIn } from '../lib/redactUrl';

export interface KuboDocumentStoreOptions {
  /** Kubo's RPC API, e.g. http://127.0.0.1:5001 (IPFS_API_URL). */
  url: string;
  /** Per request; a `cat` of content the node lacks otherwise waits for the network indefinitely. Default 60 s. */
  timeoutMs?: number;
}

/**
 * The document store on a Kubo node through kubo-rpc-client (`/api/v0/add`, `/api/v0/cat`, `/api/v0/dag/export`).
 * The node is not trusted with the evidence: the CID it reports for an add is compared with the one computed here,
 * the bytes of a cat are hashed back to their CID, and every block of an export is checked and walked here before it
 * goes into the CAR file.
 */
export async function kuboDocumentStore(options: KuboDocumentStoreOptions): Promise<DocumentStore> {
  const { kubo } = await loadIpfsLibraries();
  const client = kubo.create({ url: options.url });
  // Each request carries its own deadline: kubo-rpc-client 7 does not apply its `timeout` option to the connection.
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = () => ({ signal: AbortSignal.timeout(timeoutMs) });
  const fail = (error: unknown, cid?: string): never => {
    throw kuboError(error, options.url, cid);
  };

  async function exportBlocks(root: CID, into: MemoryBlocks): Promise<void> {
    const { car } = await loadIpfsLibraries();
    const bytes = await collectBytes(client.dag.export(root, deadline())).catch((error: unknown) =>
      fail(error, root.toString()),
    );
    let reader: Awaited<ReturnType<typeof car.CarBlockIterator.fromBytes>>;
    try {
      reader = await car.CarBlockIterator.fromBytes(bytes);
    } catch (error) {
      throw integrityError(root, `Kubo's CAR export is not a CAR file: ${errorText(error)}`);
    }
    const roots = await reader.getRoots();
    if (roots.length !== 1 || roots[0].toString() !== root.toString()) {
      throw integrityError(root, `Kubo exported a CAR file with roots ${roots.join(', ')} for ${root.toString()}`);
    }
    for await (const block of reader) into.putVerified(block.cid, block.bytes);
  }

  return {
    kind: 'kubo',

    async add(bytes) {
      const expected = await addFile(DISCARD_BLOCKS, bytes);
      const added = await client
        .add(bytes, {
          cidVersion: 1,
          rawLeaves: true,
          chunker: `size-${CHUNK_SIZE}`,
          hashAlg: 'sha2-256',
          pin: true,
          ...deadline(),
        })
        .catch((error: unknown) => fail(error));
      // A node configured otherwise (another chunker or DAG width) would name the same bytes differently; a document
      // must have the one CID anyone can recompute, so that is refused rather than recorded.
      if (added.cid.toString() !== expected.toString()) {
        throw new NengtanError('NT_ERR_DOCUMENT_INTEGRITY', {
          message: `Kubo stored the bytes as ${added.cid.toString()}; they are ${expected.toString()}`,
          hint: "Check the Kubo node's Import settings (chunker, raw leaves, max links) match `ipfs add --cid-version=1 --raw-leaves` defaults.",
          details: { cid: expected.toString(), kuboCid: added.cid.toString() },
        });
      }
      return expected.toString();
    },

    async cat(cidText) {
      const cid = await parseCid(cidText);
      const bytes = await collectBytes(client.cat(cid, deadline())).catch((error: unknown) =>
        fail(error, cid.toString()),
      );
      // Every CID in this store was made with addFile's parameters, so hashing the bytes the same way must give it.
      const actual = await addFile(DISCARD_BLOCKS, bytes);
      if (actual.toString() !== cid.toString()) {
        throw integrityError(
          cid,
          `Kubo's bytes for ${cid.toString()} are ${actual.toString()} under Nengtan's import parameters ` +
            '(CIDv1, raw leaves, 256 KiB chunks)',
        );
      }
      return bytes;
    },

    async exportCar(cidTexts) {
      const roots = await Promise.all(cidTexts.map(parseCid));
      const blocks = new MemoryBlocks();
      // Kubo exports one root per request; the blocks of all of them are checked, pooled and walked again here, so
      // the CAR file has every root, each block once, in the same order the embedded store writes.
      for (const root of roots) await exportBlocks(root, blocks);
      return writeCar(roots, walkDag(blocks, roots));
    },
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function integrityError(cid: CID, message: string | undefined): NengtanError {
  return new NengtanError('NT_ERR_DOCUMENT_INTEGRITY', { message, details: { cid: cid.toString() } });
}

/** Kubo's answers as registry errors: content it does not have, or a node that cannot be used. */
function kuboError(error: unknown, url: string, cid: string | undefined): NengtanError {
  if (error instanceof NengtanError) return error;
  // Kubo's client echoes the URL, credentials included, in its messages.
  const reason = redactUrlsIn(errorText(error));
  const name = error instanceof Error ? error.name : '';
  // Kubo answers 500 with {"Message": "... not found ..."} for a block it lacks offline (and for an unknown path).
  if (name === 'HTTPError' && /not found|could not find/i.test(reason)) {
    return new NengtanError('NT_ERR_DOCUMENT_CONTENT_MISSING', { details: { cid, reason } });
  }
  return new NengtanError('NT_ERR_DOCUMENT_STORE_UNAVAILABLE', { details: { url: redactUrl(url), cid, reason } });
}
