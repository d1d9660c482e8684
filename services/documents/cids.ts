import { createHash } from 'node:crypto';
import type { CID } from 'multiformats/cid';
import { NengtanError } from '../lib/errors';
import { loadIpfsLibraries } from './ipfsLibraries';

/** Multicodec codes of the blocks a UnixFS file is made of (multiformats table). */
export const RAW_CODE = 0x55;
export const DAG_PB_CODE = 0x70;
const SHA2_256_CODE = 0x12;
const IDENTITY_CODE = 0x00;

/**
 * Parses a CID from a caller and returns it as CIDv1: a CIDv0 ("Qm...") names the same dag-pb block as its CIDv1, and
 * one spelling keeps lookups in the database exact.
 */
export async function parseCid(text: string): Promise<CID> {
  const { cid } = await loadIpfsLibraries();
  let parsed: CID;
  try {
    parsed = cid.CID.parse(text.trim());
  } catch (error) {
    throw new NengtanError('NT_ERR_DOCUMENT_CID_INVALID', {
      details: { cid: text, reason: error instanceof Error ? error.message : String(error) },
    });
  }
  return parsed.toV1();
}

/** The key a block is stored under: its CIDv1 in base32, the form `ipfs add --cid-version=1` prints. */
export function cidKey(cid: CID): string {
  return cid.toV1().toString();
}

/**
 * Throws unless `bytes` are the block `cid` names. Every block read from a store (the database, a Kubo node, a CAR
 * file) passes through here, so that a damaged or lying store cannot hand out evidence that is not what was stored.
 */
export function verifyBlock(cid: CID, bytes: Uint8Array): void {
  const { code, digest } = cid.multihash;
  let actual: Uint8Array;
  if (code === SHA2_256_CODE) actual = createHash('sha256').update(bytes).digest();
  else if (code === IDENTITY_CODE) actual = bytes;
  else {
    throw new NengtanError('NT_ERR_DOCUMENT_INTEGRITY', {
      message: `Block ${cid.toString()} uses a hash function this store cannot check (multihash 0x${code.toString(16)})`,
      details: { cid: cid.toString() },
    });
  }
  if (!Buffer.from(actual).equals(Buffer.from(digest))) {
    throw new NengtanError('NT_ERR_DOCUMENT_INTEGRITY', { details: { cid: cid.toString() } });
  }
}
