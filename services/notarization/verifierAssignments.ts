import type { InventoryDocument } from '../accounting/computeInventory';
import type { Db } from '../db/db';
import type { UnsignedTransaction } from '../custody/clientTransactionReceipt';
import { actorOf } from '../custody/actAs';
import { differingFields } from '../custody/differingFields';
import { actFor, confirmAction, type Outcome } from '../custody/signableAction';
import { eventInReceipt } from '../custody/eventInReceipt';
import { NengtanError } from '../lib/errors';
import { fromHex, toHex } from '../lib/hex';
import { getOrganisation } from '../registry/organisations';
import { inventoryRegistryOf } from '../custody/chainParties';
import { storeEvidencePackage } from './evidencePackage';
import type { NotarizationDeps } from './notarizeInventory';

/** The verifier assigned on chain. */
export interface Assigned {
  status: 'assigned';
  inventoryId: string;
  verifierOrgId: string;
  verifierAddress: string;
  manifestCid: string;
  txHash: string;
}

/** The verifier's copy is stored; the organisation signs and sends `transaction`, then confirms with its hash. */
export interface AssignmentAwaitingSignature {
  status: 'awaiting-signature';
  inventoryId: string;
  verifierOrgId: string;
  verifierAddress: string;
  manifestCid: string;
  transaction: UnsignedTransaction;
}

/** Records the assignment once it is on chain: the one finish of the custodial path and the organisation's own. */
async function recordAssignment(db: Db, assignment: Omit<Assigned, 'status'>): Promise<Assigned> {
  await db.query(
    `insert into inventory_verifiers (inventory_id, verifier_org_id, verifier_address, manifest_cid, assigned_tx)
     values ($1::uuid, $2::uuid, $3, $4, $5)
     on conflict (inventory_id, verifier_org_id) do update set verifier_address = excluded.verifier_address,
       manifest_cid = excluded.manifest_cid, assigned_tx = excluded.assigned_tx, assigned_at = now()`,
    [
      assignment.inventoryId,
      assignment.verifierOrgId,
      assignment.verifierAddress,
      assignment.manifestCid,
      Buffer.from(fromHex(assignment.txHash)),
    ],
  );
  return { status: 'assigned', ...assignment };
}

/**
 * Assigns an independent verifier to a notarized inventory: on chain by the organisation's account (the contract
 * refuses a verifier of the same or an affiliated organisation), and here by giving the verifier its own copy of the
 * evidence package, encrypted to both parties. The assignment is the verifier organisation's only grant of access.
 *
 * The verifier's copy is stored once (asking again gives the same copy and transaction). With a custodial account
 * Nengtan then sends the transaction. With an external account the answer is the transaction to sign
 * (`awaiting-signature`); a second call with its `txHash` confirms it. Until then the assignment is not listed and
 * cannot be attested.
 */
export async function assignVerifier(
  deps: NotarizationDeps,
  orgId: string,
  inventoryId: string,
  verifierOrgId: string,
  options: { txHash?: string } = {},
): Promise<Assigned | AssignmentAwaitingSignature> {
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
  const verifierAddress = accounts[0].address;
  const chainInventoryId = toHex(inventory.chain_inventory_id);
  const registry = inventoryRegistryOf(chain);
  const storeCopy = async () =>
    (
      await storeEvidencePackage(
        db,
        deps.documents,
        orgId,
        {
          document: JSON.parse(inventory.canonical) as InventoryDocument,
          hash: toHex(inventory.inventory_hash),
          factorSetId: inventory.factor_set_id,
        },
        [
          { id: orgId, publicKey: fromHex(owner.encryptionPublicKey as string) },
          { id: verifierOrgId, publicKey: fromHex(verifier.encryptionPublicKey as string) },
        ],
      )
    ).manifestCid;

  const assignment = { orgChainId: owner.chainId, inventoryId, chainInventoryId, verifierOrgId, verifierAddress };
  if (options.txHash) {
    return confirmAssignment(deps, { ...assignment, orgId, verifierChainId: verifier.chainId }, options.txHash);
  }

  const actor = await actorOf(deps, orgId);
  const call = { contract: registry, method: 'assignVerifier', args: [chainInventoryId, verifierAddress] };
  // Simulated first: a refusal (an affiliated verifier, say) surfaces before any evidence is written or signed.
  await actor.simulate(call.contract, call.method, call.args);
  const manifestCid = await pendingCopyOf(db, inventoryId, verifierOrgId, verifierAddress, storeCopy);
  const acted = await actFor(
    actor,
    call,
    assignedBy(deps, { ...assignment, verifierChainId: verifier.chainId }, manifestCid),
  );
  if (acted.status === 'done') return acted.outcome;
  return {
    status: 'awaiting-signature',
    inventoryId,
    verifierOrgId,
    verifierAddress,
    manifestCid,
    transaction: acted.transaction,
  };
}

/**
 * The verifier's copy for an assignment, stored once. It is recorded with no assigned_tx until the assignment is
 * mined (custodial) or confirmed (signed by the organisation); a verifier assigned before keeps its row (and its copy).
 */
async function pendingCopyOf(
  db: Db,
  inventoryId: string,
  verifierOrgId: string,
  verifierAddress: string,
  storeCopy: () => Promise<string>,
): Promise<string> {
  const existing = async () =>
    (
      await db.query<{ manifest_cid: string }>(
        'select manifest_cid from inventory_verifiers where inventory_id = $1::uuid and verifier_org_id = $2::uuid',
        [inventoryId, verifierOrgId],
      )
    ).rows[0]?.manifest_cid;
  const stored = await existing();
  if (stored) return stored;
  const manifestCid = await storeCopy();
  // Two first calls at once each store a copy; the first row written is kept and both answer with it.
  await db.query(
    `insert into inventory_verifiers (inventory_id, verifier_org_id, verifier_address, manifest_cid)
     values ($1::uuid, $2::uuid, $3, $4) on conflict (inventory_id, verifier_org_id) do nothing`,
    [inventoryId, verifierOrgId, verifierAddress, manifestCid],
  );
  return (await existing()) as string;
}

interface ExpectedAssignment {
  orgChainId: string;
  inventoryId: string;
  chainInventoryId: string;
  verifierOrgId: string;
  verifierChainId: string;
  verifierAddress: string;
}

/**
 * The outcome of an assignVerifier transaction, whoever signed it: its VerifierAssigned event names this inventory,
 * organisation and verifier, and that verifier is still the one assigned on chain; then the assignment is recorded
 * with the verifier's copy of the evidence.
 */
function assignedBy(deps: NotarizationDeps, a: ExpectedAssignment, manifestCid: string): Outcome<Assigned> {
  const registry = inventoryRegistryOf(deps.chain);
  return async (receipt) => {
    const mismatch = (what: string) =>
      new NengtanError('NT_ERR_CHAIN_TX_MISMATCH', {
        message: `Transaction ${receipt.hash} does not assign that verifier to inventory ${a.inventoryId}: ${what}`,
      });
    const assigned = eventInReceipt(receipt, registry, 'VerifierAssigned');
    if (!assigned) throw mismatch('it emitted no VerifierAssigned');
    const differs = differingFields([
      ['inventoryId', assigned.args.inventoryId, a.chainInventoryId],
      ['orgId', assigned.args.orgId, a.orgChainId],
      ['verifier', assigned.args.verifier, a.verifierAddress],
      ['verifierOrgId', assigned.args.verifierOrgId, a.verifierChainId],
      ['assignedBy', assigned.args.assignedBy, receipt.from],
    ]);
    if (differs.length > 0) throw mismatch(`its VerifierAssigned event differs in ${differs.join(', ')}`);
    const current = (await registry.inventory(a.chainInventoryId)).attestation.verifier;
    if (current.toLowerCase() !== a.verifierAddress.toLowerCase()) {
      throw mismatch(`the verifier assigned on chain is now ${current}`);
    }
    return recordAssignment(deps.db, {
      inventoryId: a.inventoryId,
      verifierOrgId: a.verifierOrgId,
      verifierAddress: a.verifierAddress,
      manifestCid,
      txHash: receipt.hash,
    });
  };
}

/**
 * The organisation's own assignVerifier transaction, checked before anything is recorded: mined, successful, sent by
 * one of its registered accounts straight to InventoryRegistry (confirmAction), and the assignment expected.
 */
async function confirmAssignment(
  deps: NotarizationDeps,
  a: ExpectedAssignment & { orgId: string },
  txHash: string,
): Promise<Assigned> {
  const { rows } = await deps.db.query<{
    manifest_cid: string;
    assigned_tx: Uint8Array | null;
    verifier_address: string;
  }>(
    `select manifest_cid, assigned_tx, verifier_address from inventory_verifiers
     where inventory_id = $1::uuid and verifier_org_id = $2::uuid`,
    [a.inventoryId, a.verifierOrgId],
  );
  const row = rows[0];
  if (!row) {
    throw new NengtanError('NT_ERR_NOTARIZE_STATE', {
      message: `No assignment of that verifier to inventory ${a.inventoryId} was prepared`,
      hint: `Call POST /v1/inventories/${a.inventoryId}/verifiers without txHash first, then sign and send the transaction it returns.`,
    });
  }
  const hash = txHash.toLowerCase();
  if (row.assigned_tx && toHex(row.assigned_tx) === hash) {
    // Confirmed before (an answer lost on the way back): the same answer again.
    return {
      status: 'assigned',
      inventoryId: a.inventoryId,
      verifierOrgId: a.verifierOrgId,
      verifierAddress: row.verifier_address,
      manifestCid: row.manifest_cid,
      txHash: hash,
    };
  }
  const registry = inventoryRegistryOf(deps.chain);
  return confirmAction(deps, a.orgId, hash, registry, assignedBy(deps, a, row.manifest_cid));
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
     where v.verifier_org_id = $1::uuid and v.assigned_tx is not null order by v.assigned_at desc`,
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
