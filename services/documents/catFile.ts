import type { CID } from 'multiformats/cid';
import type { ReadableStorage } from 'ipfs-unixfs-exporter';
import { NengtanError } from '../lib/errors';
import { collectBytes } from './bytes';
import { loadIpfsLibraries } from './ipfsLibraries';

/** The bytes of the UnixFS file (or raw block) `cid` names, read by walking its DAG in `store`. */
export async function catFile(store: ReadableStorage, cid: CID): Promise<Uint8Array> {
  const { exporter } = await loadIpfsLibraries();
  const entry = await exporter.exporter(cid, store);
  if (entry.type !== 'file' && entry.type !== 'raw' && entry.type !== 'identity') {
    throw new NengtanError('NT_ERR_DOCUMENT_CID_INVALID', {
      message: `CID ${cid.toString()} names a ${entry.type}, not a file`,
      details: { cid: cid.toString() },
    });
  }
  return collectBytes(entry.content());
}
