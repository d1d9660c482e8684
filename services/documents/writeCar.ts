import type { CID } from 'multiformats/cid';
import { collectBytes } from './bytes';
import type { Block } from './dbBlockstore';
import { loadIpfsLibraries } from './ipfsLibraries';

/** A CARv1 file (the format `ipfs dag import` reads) with the given roots and blocks, in the order given. */
export async function writeCar(roots: readonly CID[], blocks: AsyncIterable<Block>): Promise<Uint8Array> {
  const { car } = await loadIpfsLibraries();
  const { writer, out } = car.CarWriter.create([...roots]);
  // The writer waits for its output to be read: collect it while the blocks go in.
  const collected = collectBytes(out);
  try {
    for await (const block of blocks) await writer.put(block);
  } finally {
    await writer.close();
  }
  return collected;
}
