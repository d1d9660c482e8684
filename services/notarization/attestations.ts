import { storeDocument } from '../documents/documents';
import { gasOverrides, inventoryRegistryOf, signerOf } from '../custody/chainParties';
import { NengtanError } from '../lib/errors';
import { fromHex, toHex } from '../lib/hex';
import { getOrganisation } from '../registry/organisations';
import type { NotarizationDeps } from './notarizeInventory';

const OPINIONS = { verified: 0, qualified: 1, rejected: 2 } as const;
const ASSURANCE = { limited: 0, reasonable: 1 } as const;

/**
 * The verifier's attestation: its statement stored encrypted to both parties, then recorded on chain by the verifier's
 * own account (the contract accepts it only from the assigned verifier, once).
 */
export async function attestInventory(
  deps: NotarizationDeps,
  verifierOrgId: string,
  inventoryId: string,
  input: {
    opinion: keyof typeof OPINIONS;
    assurance: keyof typeof ASSURANCE;
    materialityBps: number;
    statement: string;
  },
) {
  const { db, chain } = deps;
  const { rows } = await db.query<{ org_id: string; chain_inventory_id: Uint8Array; opinion: string | null }>(
    `select i.org_id, i.chain_inventory_id, v.opinion from inventory_verifiers v join inventories i on i.id = v.inventory_id
     where v.inventory_id = $1::uuid and v.verifier_org_id = $2::uuid and v.assigned_tx is not null`,
    [inventoryId, verifierOrgId],
  );
  const assignment = rows[0];
  if (!assignment)
    throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'No assignment of this verifier to that inventory' });
  if (assignment.opinion)
    throw new NengtanError('NT_ERR_NOTARIZE_STATE', { message: `Already attested: ${assignment.opinion}` });
  const [owner, verifier] = await Promise.all([
    getOrganisation(db, assignment.org_id),
    getOrganisation(db, verifierOrgId),
  ]);
  const recipients = [owner, verifier]
    .filter((o) => o?.encryptionPublicKey)
    .map((o) => ({
      id: (o as NonNullable<typeof o>).id,
      publicKey: fromHex((o as NonNullable<typeof o>).encryptionPublicKey as string),
    }));
  const statement = await storeDocument(db, deps.documents, {
    orgId: verifierOrgId,
    kind: 'verification-statement',
    mediaType: 'text/plain',
    plaintext: Buffer.from(input.statement, 'utf8'),
    recipients,
  });
  const signer = await signerOf(db, chain, deps.keystoreSecret, verifierOrgId);
  const tx = await inventoryRegistryOf(chain)
    .connect(signer)
    .attest(
      toHex(assignment.chain_inventory_id),
      OPINIONS[input.opinion],
      ASSURANCE[input.assurance],
      input.materialityBps,
      statement.cid,
      gasOverrides(chain),
    );
  await tx.wait();
  await db.query(
    `update inventory_verifiers set opinion = $3, assurance = $4, materiality_bps = $5::integer, statement_cid = $6,
       attested_tx = $7, attested_at = now()
     where inventory_id = $1::uuid and verifier_org_id = $2::uuid`,
    [
      inventoryId,
      verifierOrgId,
      input.opinion,
      input.assurance,
      input.materialityBps,
      statement.cid,
      Buffer.from(fromHex(tx.hash)),
    ],
  );
  return { inventoryId, opinion: input.opinion, statementCid: statement.cid, txHash: tx.hash };
}
