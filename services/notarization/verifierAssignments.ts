import type { InventoryDocument } from '../accounting/computeInventory';
import { storeDocument } from '../documents/documents';
import { NengtanError } from '../lib/errors';
import { fromHex, toHex } from '../lib/hex';
import { getOrganisation } from '../registry/organisations';
import { gasOverrides, inventoryRegistryOf, signerOf } from '../chain/chainParties';
import { storeEvidencePackage } from './evidencePackage';
import type { NotarizationDeps } from './notarizeInventory';

/**
 * Assigns an independent verifier to a notarized inventory: on chain by the organisation's account (the contract
 * refuses a verifier of the same or an affiliated organisation), and here by giving the verifier its own copy of the
 * evidence package, encrypted to both parties. The assignment is the verifier organisation's only grant of access.
 */
export async function assignVerifier(
  deps: NotarizationDeps,
  orgId: string,
  inventoryId: string,
  verifierOrgId: string,
) {
  const { db, chain } = deps;
  const { rows } = await db.query<{
    status: string;
    canonical: string;
    inventory_hash: Uint8Array;
    factor_set_id: string;
    chain_inventory_id: Uint8Array | null;
  }>(
    'select status, canonical, inventory_hash, factor_set_id, chain_inventory_id from inventories where org_id = $1::uuid and id = $2::uuid',
    [orgId, inventoryId],
  );
  const inventory = rows[0];
  if (!inventory) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Inventory not found' });
  if (inventory.status !== 'notarized' || !inventory.chain_inventory_id) {
    throw new NengtanError('NT_ERR_NOTARIZE_STATE', { message: 'Only a notarized inventory gets a verifier' });
  }
  const [owner, verifier] = await Promise.all([getOrganisation(db, orgId), getOrganisation(db, verifierOrgId)]);
  if (!verifier || !verifier.kinds.includes('verifier')) {
    throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'No verifier organisation with that id' });
  }
  if (!owner?.encryptionPublicKey || !verifier.encryptionPublicKey) {
    throw new NengtanError('NT_ERR_NOTARIZE_PREREQUISITE', {
      message: 'Both organisations need an encryption key for the evidence package',
      hint: 'Each registers an X25519 public key with PUT /v1/organisation/encryption-key.',
    });
  }
  const { rows: accounts } = await db.query<{ address: string }>(
    'select address from chain_accounts where org_id = $1::uuid and registered_tx is not null order by created_at limit 1',
    [verifierOrgId],
  );
  if (!accounts[0]) {
    throw new NengtanError('NT_ERR_NOTARIZE_PREREQUISITE', {
      message: 'The verifier has no registered chain account',
      hint: 'The verifier creates one with POST /v1/organisation/chain-accounts.',
    });
  }
  const signer = await signerOf(db, chain, deps.keystoreSecret, orgId);
  const registry = inventoryRegistryOf(chain).connect(signer);
  const chainInventoryId = toHex(inventory.chain_inventory_id);
  // Simulate first so that a refusal (an affiliated verifier, say) surfaces before any evidence is written.
  await registry.assignVerifier.staticCall(chainInventoryId, accounts[0].address, gasOverrides(chain));
  const evidence = await storeEvidencePackage(
    db,
    deps.documents,
    orgId,
    {
      document: JSON.parse(inventory.canonical) as InventoryDocument,
      hash: toHex(inventory.inventory_hash),
      factorSetId: inventory.factor_set_id,
    },
    [
      { id: orgId, publicKey: fromHex(owner.encryptionPublicKey) },
      { id: verifierOrgId, publicKey: fromHex(verifier.encryptionPublicKey) },
    ],
  );
  const tx = await registry.assignVerifier(chainInventoryId, accounts[0].address, gasOverrides(chain));
  await tx.wait();
  await db.query(
    `insert into inventory_verifiers (inventory_id, verifier_org_id, verifier_address, manifest_cid, assigned_tx)
     values ($1::uuid, $2::uuid, $3, $4, $5)
     on conflict (inventory_id, verifier_org_id) do update set verifier_address = excluded.verifier_address,
       manifest_cid = excluded.manifest_cid, assigned_tx = excluded.assigned_tx, assigned_at = now()`,
    [inventoryId, verifierOrgId, accounts[0].address, evidence.manifestCid, Buffer.from(fromHex(tx.hash))],
  );
  return {
    inventoryId,
    verifierOrgId,
    verifierAddress: accounts[0].address,
    manifestCid: evidence.manifestCid,
    txHash: tx.hash,
  };
}

export interface Assignment {
  inventoryId: string;
  organisation: { id: string; name: string };
  periodStart: string;
  periodEnd: string;
  chainInventoryId: string;
  inventoryHash: string;
  manifestCid: string;
  opinion: string | null;
  attestedTx: string | null;
}

/** The inventories a verifier organisation is assigned to. */
export async function listAssignments(
  deps: Pick<NotarizationDeps, 'db'>,
  verifierOrgId: string,
): Promise<Assignment[]> {
  const { rows } = await deps.db.query<{
    inventory_id: string;
    org_id: string;
    name: string;
    period_start: string;
    period_end: string;
    chain_inventory_id: Uint8Array;
    inventory_hash: Uint8Array;
    manifest_cid: string;
    opinion: string | null;
    attested_tx: Uint8Array | null;
  }>(
    `select v.inventory_id, i.org_id, o.name, to_char(i.period_start, 'YYYY-MM-DD') as period_start,
       to_char(i.period_end, 'YYYY-MM-DD') as period_end, i.chain_inventory_id, i.inventory_hash, v.manifest_cid, v.opinion,
       v.attested_tx
     from inventory_verifiers v join inventories i on i.id = v.inventory_id join organisations o on o.id = i.org_id
     where v.verifier_org_id = $1::uuid order by v.assigned_at desc`,
    [verifierOrgId],
  );
  return rows.map((r) => ({
    inventoryId: r.inventory_id,
    organisation: { id: r.org_id, name: r.name },
    periodStart: r.period_start,
    periodEnd: r.period_end,
    chainInventoryId: toHex(r.chain_inventory_id),
    inventoryHash: toHex(r.inventory_hash),
    manifestCid: r.manifest_cid,
    opinion: r.opinion,
    attestedTx: r.attested_tx ? toHex(r.attested_tx) : null,
  }));
}

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
     where v.inventory_id = $1::uuid and v.verifier_org_id = $2::uuid`,
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
