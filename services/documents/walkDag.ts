import type { CID } from 'multiformats/cid';
import { NengtanError } from '../lib/errors';
import { DAG_PB_CODE, RAW_CODE } from './cids';
import type { Block } from './dbBlockstore';
import { loadIpfsLibraries } from './ipfsLibraries';

export interface BlockSource {
  getBlock(cid: CID): Uint8Array | Promise<Uint8Array>;
}

/**
 * Every block of the DAGs under `roots`, each once, depth first with children in link order: the order
 * `ipfs dag export` writes them in, so a CAR file from here and one from Kubo list the same blocks alike.
 * The source checks each block against its CID; a missing block stops the walk with NT_ERR_DOCUMENT_CONTENT_MISSING.
 */
export async function* walkDag(source: BlockSource, roots: readonly CID[]): AsyncGenerator<Block> {
  const { dagPb } = await loadIpfsLibraries();
  const seen = new Set<string>();
  // An explicit stack instead of recursion: a large file's DAG is shallow but wide, and a hostile one could be deep.
  const stack: CID[] = [...roots].reverse();
  while (stack.length > 0) {
    const cid = stack.pop() as CID;
    const key = cid.toString();
    if (seen.has(key)) continue;
    seen.add(key);
    const bytes = await source.getBlock(cid);
    yield { cid, bytes };
    if (cid.code === RAW_CODE) continue;
    if (cid.code !== DAG_PB_CODE) {
      throw new NengtanError('NT_ERR_DOCUMENT_CID_INVALID', {
        message: `CID ${key} is neither a UnixFS (dag-pb) node nor a raw block`,
        details: { cid: key },
      });
    }
    const node = dagPb.decode(bytes);
    for (let i = node.Links.length - 1; i >= 0; i--) stack.push(node.Links[i].Hash);
  }
}
