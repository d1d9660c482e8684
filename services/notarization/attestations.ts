import { storeDocument } from '../documents/documents';
import { actorOf } from '../custody/actAs';
import { inventoryRegistryOf } from '../custody/chainParties';
import type { UnsignedTransaction } from '../custody/clientTransactionReceipt';
import { differingFields } from '../custody/differingFields';
import { eventInReceipt } from '../custody/eventInReceipt';
import { actFor, confirmAction, type Outcome } from '../custody/signableAction';
import { NengtanError } from '../lib/errors';
import { fromHex, toHex } from '../lib/hex';
import { getOrganisation } from '../registry/organisations';
import type { NotarizationDeps } from './notarizeInventory';

const OPINIONS = { verified: 0, qualified: 1, rejected: 2 } as const;
const ASSURANCE = { limited: 0, reasonable: 1 } as const;
type Opinion = keyof typeof OPINIONS;
type Assurance = keyof typeof ASSURANCE;
const nameOf = <K extends string>(table: Record<K, number>, value: unknown) =>
  (Object.keys(table) as K[]).find((k) => table[k] === Number(value));

export interface AttestationInput {
  opinion: Opinion;
  assurance: Assurance;
  materialityBps: number;
  statement: string;
}

/** The attestation recorded on chain. */
export interface Attested {
  status: 'attested';
  inventoryId: string;
  opinion: Opinion;
  statementCid: string;
  txHash: string;
}

/** The statement is stored; the verifier signs and sends `transaction`, then confirms with its hash. */
export interface AttestationAwaitingSignature {
  status: 'awaiting-signature';
  inventoryId: string;
  statementCid: string;
  transaction: UnsignedTransaction;
}

interface AssignmentRow {
  org_id: string;
  chain_inventory_id: Uint8Array;
  verifier_address: string;
  opinion: string | null;
  statement_cid: string | null;
  attested_tx: Uint8Array | null;
}

/**
 * The verifier's attestation: its statement stored encrypted to both parties, then recorded on chain by the account
 * the verifier was assigned with (the contract accepts it only from that account, once).
 *
 * With a custodial account Nengtan sends the transaction. With an external account the answer is the transaction to
 * sign (`awaiting-signature`), and a second call with `{txHash}` confirms it; what is recorded then is what the chain
 * recorded (opinion, assurance, materiality), provided the statement is one this verifier stored for both parties.
 */
export async function attestInventory(
  deps: NotarizationDeps,
  verifierOrgId: string,
  inventoryId: string,
  input: AttestationInput | { txHash: string },
): Promise<Attested | AttestationAwaitingSignature> {
  const { db, chain } = deps;
  const { rows } = await db.query<AssignmentRow>(
    `select i.org_id, i.chain_inventory_id, v.verifier_address, v.opinion, v.statement_cid, v.attested_tx
     from inventory_verifiers v join inventories i on i.id = v.inventory_id
     where v.inventory_id = $1::uuid and v.verifier_org_id = $2::uuid and v.assigned_tx is not null`,
    [inventoryId, verifierOrgId],
  );
  const assignment = rows[0];
  if (!assignment)
    throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'No assignment of this verifier to that inventory' });
  const registry = inventoryRegistryOf(chain);
  const outcome = attestedBy(deps, verifierOrgId, inventoryId, assignment);
  if ('txHash' in input) {
    const txHash = input.txHash.toLowerCase();
    if (assignment.attested_tx && toHex(assignment.attested_tx) === txHash) {
      // Confirmed before (an answer lost on the way back): the same answer again.
      return {
        status: 'attested',
        inventoryId,
        opinion: assignment.opinion as Opinion,
        statementCid: assignment.statement_cid as string,
        txHash,
      };
    }
    if (assignment.opinion) throw alreadyAttested(assignment.opinion);
    return confirmAction(deps, verifierOrgId, txHash, registry, outcome);
  }
  if (assignment.opinion) throw alreadyAttested(assignment.opinion);
  const chainInventoryId = toHex(assignment.chain_inventory_id);
  if ((await registry.inventory(chainInventoryId)).attestation.attestedAt !== 0n) {
    throw new NengtanError('NT_ERR_NOTARIZE_STATE', {
      message: `Inventory ${inventoryId} is attested on chain already, awaiting confirmation`,
      hint: `Confirm it with POST /v1/verifications/${inventoryId}/attestation {"txHash": ...}, the hash of the transaction you sent.`,
    });
  }
  const actor = await actorOf(deps, verifierOrgId, { address: assignment.verifier_address });
  const statementCid = await storeStatement(deps, verifierOrgId, assignment.org_id, input.statement);
  const call = {
    contract: registry,
    method: 'attest',
    args: [chainInventoryId, OPINIONS[input.opinion], ASSURANCE[input.assurance], input.materialityBps, statementCid],
  };
  const acted = await actFor(actor, call, outcome);
  if (acted.status === 'done') return acted.outcome;
  return { status: 'awaiting-signature', inventoryId, statementCid, transaction: acted.transaction };
}

const alreadyAttested = (opinion: string) =>
  new NengtanError('NT_ERR_NOTARIZE_STATE', { message: `Already attested: ${opinion}` });

/** The verifier's statement, encrypted to the verifier and the inventory's organisation (those with a key). */
async function storeStatement(
  deps: NotarizationDeps,
  verifierOrgId: string,
  ownerOrgId: string,
  statement: string,
): Promise<string> {
  const organisations = await Promise.all([
    getOrganisation(deps.db, ownerOrgId),
    getOrganisation(deps.db, verifierOrgId),
  ]);
  const recipients = organisations.flatMap((o) =>
    o?.encryptionPublicKey ? [{ id: o.id, publicKey: fromHex(o.encryptionPublicKey) }] : [],
  );
  const stored = await storeDocument(deps.db, deps.documents, {
    orgId: verifierOrgId,
    kind: 'verification-statement',
    mediaType: 'text/plain',
    plaintext: Buffer.from(statement, 'utf8'),
    recipients,
  });
  return stored.cid;
}

/**
 * The outcome of an attest transaction, whoever signed it: its InventoryAttested event names this inventory and the
 * assigned verifier, the attestation stored on chain is the event's, and the statement is a verification statement this
 * verifier stored here for the inventory's organisation; then the attestation is recorded as the chain has it.
 */
function attestedBy(
  deps: NotarizationDeps,
  verifierOrgId: string,
  inventoryId: string,
  assignment: AssignmentRow,
): Outcome<Attested> {
  const registry = inventoryRegistryOf(deps.chain);
  const chainInventoryId = toHex(assignment.chain_inventory_id);
  return async (receipt) => {
    const mismatch = (what: string) =>
      new NengtanError('NT_ERR_CHAIN_TX_MISMATCH', {
        message: `Transaction ${receipt.hash} does not attest inventory ${inventoryId}: ${what}`,
      });
    const attested = eventInReceipt(receipt, registry, 'InventoryAttested');
    if (!attested) throw mismatch('it emitted no InventoryAttested');
    const e = attested.args;
    const eventDiffers = differingFields([
      ['inventoryId', e.inventoryId, chainInventoryId],
      ['verifier', e.verifier, assignment.verifier_address],
    ]);
    if (eventDiffers.length > 0) throw mismatch(`its InventoryAttested event differs in ${eventDiffers.join(', ')}`);
    const stored = (await registry.inventory(chainInventoryId)).attestation;
    const storedDiffers = differingFields([
      ['verifier', stored.verifier, e.verifier],
      ['opinion', stored.opinion, e.opinion],
      ['assurance', stored.assurance, e.assurance],
      ['materialityBps', stored.materialityBps, e.materialityBps],
      ['statementCid', stored.statementCid, e.statementCid],
    ]);
    if (storedDiffers.length > 0) throw mismatch(`the attestation on chain differs in ${storedDiffers.join(', ')}`);
    const statementCid = String(e.statementCid);
    const { rows } = await deps.db.query(
      `select 1 from documents d join document_recipients r on r.org_id = d.org_id and r.cid = d.cid
       where d.org_id = $1::uuid and d.cid = $2 and d.kind = 'verification-statement' and r.recipient = $3`,
      [verifierOrgId, statementCid, assignment.org_id],
    );
    if (!rows[0]) throw mismatch(`its statement ${statementCid} is not a statement you stored for the organisation`);
    const opinion = nameOf(OPINIONS, e.opinion);
    const assurance = nameOf(ASSURANCE, e.assurance);
    if (!opinion || !assurance) throw mismatch(`opinion ${String(e.opinion)} or assurance ${String(e.assurance)}`);
    await deps.db.query(
      `update inventory_verifiers set opinion = $3, assurance = $4, materiality_bps = $5::integer, statement_cid = $6,
         attested_tx = $7, attested_at = now()
       where inventory_id = $1::uuid and verifier_org_id = $2::uuid`,
      [
        inventoryId,
        verifierOrgId,
        opinion,
        assurance,
        Number(e.materialityBps),
        statementCid,
        Buffer.from(fromHex(receipt.hash)),
      ],
    );
    return { status: 'attested', inventoryId, opinion, statementCid, txHash: receipt.hash };
  };
}
