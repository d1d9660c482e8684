import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import type { DocumentStore } from './documentStore';

/**
 * The envelope of a document that `recipientOrgId` can decrypt, whoever owns it: being a recipient is the grant (an
 * assigned verifier receives its copy of the evidence this way). Anything else is answered as not found.
 */
export async function getSharedDocument(
  db: Queryable,
  store: DocumentStore,
  recipientOrgId: string,
  cid: string,
): Promise<Uint8Array> {
  const { rows } = await db.query<{ cid: string }>(
    'select cid from document_recipients where recipient = $1 and cid = $2 limit 1',
    [recipientOrgId, cid],
  );
  if (!rows[0]) throw new NengtanError('NT_ERR_DOCUMENT_NOT_FOUND', {});
  return store.cat(cid);
}
