/**
 * A content-addressed store of files: what goes in is named by its IPFS CID (CIDv1, raw leaves, 256 KiB chunks, the
 * CID `ipfs add --cid-version=1 --raw-leaves` gives), and what comes out is checked against that CID. Two
 * implementations: the embedded one over the database, and Kubo over its RPC API (IPFS_API_URL).
 *
 * The store is content-addressed and shared: it does not know organisations. Documents are read through the document
 * repository (documents.ts), which checks that the CID belongs to the reading organisation first.
 */
export interface DocumentStore {
  readonly kind: 'embedded' | 'kubo';
  /** Stores `bytes` as one UnixFS file and returns its CID (CIDv1, base32). */
  add(bytes: Uint8Array): Promise<string>;
  /**
   * The file's bytes. NT_ERR_DOCUMENT_CONTENT_MISSING when the store lacks them, NT_ERR_DOCUMENT_INTEGRITY when the
   * store returns bytes that are not what the CID names.
   */
  cat(cid: string): Promise<Uint8Array>;
  /** A CARv1 file whose roots are `cids` (in that order) and whose blocks are every block of their DAGs, each once. */
  exportCar(cids: readonly string[]): Promise<Uint8Array>;
}
