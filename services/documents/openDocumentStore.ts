import type { Db } from '../db/db';
import type { DocumentStore } from './documentStore';
import { embeddedDocumentStore } from './embeddedDocumentStore';
import { loadIpfsLibraries } from './ipfsLibraries';
import { kuboDocumentStore } from './kuboDocumentStore';

export interface DocumentStoreConfig {
  /** Kubo's RPC API (IPFS_API_URL); unset means the embedded store in the database. */
  ipfsApiUrl?: string;
  /** Per Kubo request. */
  ipfsTimeoutMs?: number;
}

/**
 * The document store the configuration names (ARCHITECTURE §4): Kubo when IPFS_API_URL is set, else the embedded
 * block store in `db`. The IPFS libraries are loaded here, so a broken install fails at start, not on first upload.
 * Kubo is not contacted until the first request: it may start after Nengtan.
 */
export async function openDocumentStore(db: Db, config: DocumentStoreConfig = {}): Promise<DocumentStore> {
  await loadIpfsLibraries();
  if (config.ipfsApiUrl) return kuboDocumentStore({ url: config.ipfsApiUrl, timeoutMs: config.ipfsTimeoutMs });
  return embeddedDocumentStore(db);
}
