import type { CID } from 'multiformats/cid';
import type { ImporterOptions, WritableStorage } from 'ipfs-unixfs-importer';
import { loadIpfsLibraries } from './ipfsLibraries';

/** Kubo's defaults for `ipfs add`: fixed 256 KiB chunks, balanced DAG of at most 174 links per node. */
export const CHUNK_SIZE = 262_144;
export const MAX_CHILDREN_PER_NODE = 174;

/**
 * Imports `bytes` as one UnixFS file into `store` and returns its root CID: the CID that
 * `ipfs add --cid-version=1 --raw-leaves` prints for the same bytes. Every parameter that decides the CID is spelled
 * out rather than left to the library's defaults, which have changed between versions (unixfs-v1-2025 profile).
 */
export async function addFile(store: WritableStorage, bytes: Uint8Array): Promise<CID> {
  const { importer, chunker, layout } = await loadIpfsLibraries();
  const options: ImporterOptions = {
    cidVersion: 1,
    rawLeaves: true,
    chunker: chunker.fixedSize({ chunkSize: CHUNK_SIZE }),
    layout: layout.balanced({ maxChildrenPerNode: MAX_CHILDREN_PER_NODE }),
    // A file of one chunk is that raw block itself (bafkrei...), as Kubo does.
    reduceSingleLeafToSelf: true,
    wrapWithDirectory: false,
  };
  const result = await importer.importBytes(bytes, store, options);
  return result.cid;
}
