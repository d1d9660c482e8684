import type { Db, Queryable } from '../db/db';
import type { DocumentStore } from '../documents/documentStore';
import { eventInReceipt } from '../custody/eventInReceipt';
import type { UnsignedTransaction } from '../custody/clientTransactionReceipt';
import { actorOf, type CustodyDeps } from '../custody/actAs';
import { actFor, confirmAction, type ContractCall, type Outcome } from '../custody/signableAction';
import { differingFields } from '../custody/differingFields';
import { NengtanError } from '../lib/errors';
import { fromHex, toHex } from '../lib/hex';
import { wallTimeToEpoch } from '../lib/time';
import type { InventoryDocument } from '../accounting/computeInventory';
import { getOrganisation } from '../registry/organisations';
import { inventoryRegistryOf } from '../custody/chainParties';
import type { IInventoryRegistry, InventoryRegistry } from '../../types/contracts';
import { storeEvidencePackage } from './evidencePackage';

export interface NotarizationDeps extends CustodyDeps {
  db: Db;
  documents: DocumentStore;
}

/** Unix seconds of local midnight of `date` (YYYY-MM-DD) in `timeZone`. */
export function localMidnight(date: string, timeZone: string): number {
  return wallTimeToEpoch(Date.parse(`${date}T00:00:00Z`), timeZone) / 1000;
}

/** The inventory recorded in InventoryRegistry. */
export interface Notarized {
  status: 'notarized';
  inventoryId: string;
  chainInventoryId: string;
  manifestCid: string;
  txHash: string;
  blockNumber: number;
}

/** The evidence is stored; the organisation signs and sends `transaction`, then confirms with its hash. */
export interface AwaitingSignature {
  status: 'awaiting-signature';
  inventoryId: string;
  manifestCid: string;
  transaction: UnsignedTransaction;
}

interface InventoryRow {
  id: string;
  status: string;
  version: number;
  previous_id: string | null;
  restatement_reason: string | null;
  canonical: string;
  inventory_hash: Uint8Array;
  factor_set_id: string;
  totals: Record<string, string>;
  manifest_cid: string | null;
  chain_inventory_id: Uint8Array | null;
  notarized_tx: Uint8Array | null;
  notarized_block: string | null;
  previous_chain_id: Uint8Array | null;
}

async function loadInventory(db: Queryable, orgId: string, inventoryId: string): Promise<InventoryRow> {
  const { rows } = await db.query<InventoryRow>(
    `select i.id, i.status, i.version, i.previous_id, i.restatement_reason, i.canonical, i.inventory_hash, i.factor_set_id,
       i.totals, i.manifest_cid, i.chain_inventory_id, i.notarized_tx, i.notarized_block,
       p.chain_inventory_id as previous_chain_id
     from inventories i left join inventories p on p.id = i.previous_id
     where i.org_id = $1::uuid and i.id = $2::uuid`,
    [orgId, inventoryId],
  );
  if (!rows[0]) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Inventory not found' });
  return rows[0];
}

/** What InventoryRegistry records for the inventory, with the evidence package at `manifestCid`. */
function submissionOf(row: InventoryRow, orgChainId: string, manifestCid: string): IInventoryRegistry.SubmissionStruct {
  const document = JSON.parse(row.canonical) as InventoryDocument;
  return {
    orgId: orgChainId,
    periodStart: localMidnight(document.period.start, document.period.timeZone),
    periodEnd: localMidnight(document.period.end, document.period.timeZone),
    scope1KgCO2e: BigInt(row.totals.scope1KgCO2e),
    scope2LocationKgCO2e: BigInt(row.totals.scope2LocationKgCO2e),
    scope2MarketKgCO2e: BigInt(row.totals.scope2MarketKgCO2e),
    totalKgCO2e: BigInt(row.totals.totalKgCO2e),
    energyKgce: BigInt(row.totals.energyKgce),
    inventoryHash: toHex(row.inventory_hash),
    reportCid: manifestCid,
    batchRootsCommitment: document.evidence.rootsCommitment,
    factorSetId: document.factorSet.contentHash,
  };
}

const restatementReason = (row: InventoryRow) => row.restatement_reason ?? 'restatement';

/** The call that records the inventory: submit, or restate when it is a new version of a notarized one. */
function submissionCall(
  registry: InventoryRegistry,
  row: InventoryRow,
  submission: IInventoryRegistry.SubmissionStruct,
): ContractCall {
  return row.previous_chain_id
    ? {
        contract: registry,
        method: 'restate',
        args: [toHex(row.previous_chain_id), submission, restatementReason(row)],
      }
    : { contract: registry, method: 'submit', args: [submission] };
}

/**
 * The evidence package of the draft, stored once: the manifest CID is kept on the inventory, so asking again (the
 * organisation that signs itself asks before and after sending) gives the same package and the same transaction.
 */
async function evidencePackageOf(
  deps: NotarizationDeps,
  orgId: string,
  row: InventoryRow,
  publicKey: string,
): Promise<string> {
  if (row.manifest_cid) return row.manifest_cid;
  const evidence = await storeEvidencePackage(
    deps.db,
    deps.documents,
    orgId,
    {
      document: JSON.parse(row.canonical) as InventoryDocument,
      hash: toHex(row.inventory_hash),
      factorSetId: row.factor_set_id,
    },
    [{ id: orgId, publicKey: fromHex(publicKey) }],
  );
  // Two first calls at once each store a package; the first to land here is kept and both answer with it.
  const { rows } = await deps.db.query<{ manifest_cid: string }>(
    'update inventories set manifest_cid = coalesce(manifest_cid, $2) where id = $1::uuid returning manifest_cid',
    [row.id, evidence.manifestCid],
  );
  return rows[0].manifest_cid;
}

/**
 * Marks the draft notarized once its record is on chain, and supersedes the version it restates: the one finish of
 * both the custodial path and the organisation's own transaction.
 */
async function recordNotarization(
  db: Db,
  row: InventoryRow,
  record: { chainInventoryId: string; manifestCid: string; txHash: string; blockNumber: number },
): Promise<Notarized> {
  await db.transaction(async (q) => {
    const updated = await q.query(
      `update inventories set status = 'notarized', manifest_cid = $2, chain_inventory_id = $3, notarized_tx = $4,
         notarized_block = $5::bigint, notarized_at = now()
       where id = $1::uuid and status = 'draft'`,
      [
        row.id,
        record.manifestCid,
        Buffer.from(fromHex(record.chainInventoryId)),
        Buffer.from(fromHex(record.txHash)),
        record.blockNumber,
      ],
    );
    if (updated.rowCount !== 1) {
      throw new NengtanError('NT_ERR_NOTARIZE_STATE', { message: `Inventory ${row.id} was notarized meanwhile` });
    }
    if (row.previous_id)
      await q.query("update inventories set status = 'superseded' where id = $1::uuid", [row.previous_id]);
  });
  return { status: 'notarized', inventoryId: row.id, ...record };
}

/**
 * Notarizes a draft inventory: its evidence package (batch exports, factor set, the inventory) stored in IPFS encrypted
 * to the organisation, then the inventory recorded in InventoryRegistry by the organisation's own account (submit, or
 * restate when it is a new version of a notarized one). Only inventories whose evidence batches are all anchored are
 * notarized, so every figure rests on roots already on chain.
 *
 * With a custodial account Nengtan sends the transaction and the inventory is notarized on return. With an external
 * account the organisation signs: the answer is the transaction to send (`awaiting-signature`), and a second call
 * with its `txHash` confirms it (see {@link confirmNotarization}).
 */
export async function notarizeInventory(
  deps: NotarizationDeps,
  orgId: string,
  inventoryId: string,
  options: { txHash?: string } = {},
): Promise<Notarized | AwaitingSignature> {
  const { db, chain } = deps;
  const row = await loadInventory(db, orgId, inventoryId);
  if (options.txHash) return confirmNotarization(deps, orgId, row, options.txHash.toLowerCase());
  if (row.status !== 'draft')
    throw new NengtanError('NT_ERR_NOTARIZE_STATE', { message: `Inventory ${inventoryId} is ${row.status}` });
  const document = JSON.parse(row.canonical) as InventoryDocument;
  const unanchored = document.evidence.batches.filter((b) => !b.anchor);
  if (unanchored.length > 0) {
    throw new NengtanError('NT_ERR_NOTARIZE_PREREQUISITE', {
      message: `${unanchored.length} evidence batch(es) were not anchored when the inventory was computed`,
      hint: 'Wait until GET /v1/batches shows them anchored, compute the inventory again (POST /v1/inventories), then notarize.',
    });
  }
  const organisation = await getOrganisation(db, orgId);
  if (!organisation?.encryptionPublicKey) {
    throw new NengtanError('NT_ERR_NOTARIZE_PREREQUISITE', {
      message: 'The organisation has no encryption key for its evidence package',
      hint: 'Register an X25519 public key with PUT /v1/organisation/encryption-key.',
    });
  }
  const registry = inventoryRegistryOf(chain);
  const actor = await actorOf(deps, orgId);
  const periodEnd = localMidnight(document.period.end, document.period.timeZone);
  const latest = await chain.provider.getBlock('latest');
  if (!latest || latest.timestamp < periodEnd) {
    throw new NengtanError('NT_ERR_NOTARIZE_PREREQUISITE', {
      message: `The period ends at ${new Date(periodEnd * 1000).toISOString()} and has not ended on chain yet`,
      hint: 'Notarize an inventory once its period is over.',
    });
  }

  const manifestCid = await evidencePackageOf(deps, orgId, row, organisation.encryptionPublicKey);
  const submission = submissionOf(row, organisation.chainId, manifestCid);
  const call = submissionCall(registry, row, submission);
  await actor
    .simulate(call.contract, call.method, call.args)
    .catch((error: unknown) => sentAlreadyOr(error, registry, submission, inventoryId));
  const acted = await actFor(actor, call, notarizedBy(deps, row, submission));
  if (acted.status === 'done') return acted.outcome;
  return { status: 'awaiting-signature', inventoryId, manifestCid, transaction: acted.transaction };
}

/**
 * A refusal of the submission (a period not over on chain, an account not acting for the organisation) comes back as
 * the contract error. A refusal because this very package is already on chain means the organisation sent it and has
 * yet to confirm: said so.
 */
async function sentAlreadyOr(
  error: unknown,
  registry: InventoryRegistry,
  submission: IInventoryRegistry.SubmissionStruct,
  inventoryId: string,
): Promise<never> {
  const live = await registry.liveInventoryId(submission.orgId, submission.periodStart, submission.periodEnd);
  if (live !== `0x${'0'.repeat(64)}` && (await registry.inventory(live)).reportCid === submission.reportCid) {
    throw new NengtanError('NT_ERR_NOTARIZE_STATE', {
      message: `Inventory ${inventoryId} is already on chain as ${live}, awaiting confirmation`,
      hint: `Confirm it with POST /v1/inventories/${inventoryId}/notarize {"txHash": ...}, the hash of the transaction you sent.`,
    });
  }
  throw error;
}

/**
 * The outcome of a notarizing transaction, whoever signed it: what it recorded is exactly this inventory (the
 * InventorySubmitted event, the record as stored on chain, and for a restatement the version it supersedes), then the
 * inventory is marked notarized.
 */
function notarizedBy(
  deps: NotarizationDeps,
  row: InventoryRow,
  expected: IInventoryRegistry.SubmissionStruct,
): Outcome<Notarized> {
  const registry = inventoryRegistryOf(deps.chain);
  return async (receipt) => {
    const mismatch = (what: string) =>
      new NengtanError('NT_ERR_CHAIN_TX_MISMATCH', {
        message: `Transaction ${receipt.hash} does not notarize inventory ${row.id}: ${what}`,
      });
    const submitted = eventInReceipt(receipt, registry, 'InventorySubmitted');
    if (!submitted) throw mismatch('it emitted no InventorySubmitted');
    const e = submitted.args;
    const eventDiffers = differingFields([
      ['orgId', e.orgId, expected.orgId],
      ['periodStart', e.periodStart, expected.periodStart],
      ['periodEnd', e.periodEnd, expected.periodEnd],
      ['totalKgCO2e', e.totalKgCO2e, expected.totalKgCO2e],
      ['inventoryHash', e.inventoryHash, expected.inventoryHash],
      ['reportCid', e.reportCid, expected.reportCid],
      ['submitter', e.submitter, receipt.from],
    ]);
    if (eventDiffers.length > 0) throw mismatch(`its InventorySubmitted event differs in ${eventDiffers.join(', ')}`);
    const chainInventoryId = String(e.inventoryId);

    const restated = eventInReceipt(receipt, registry, 'InventoryRestated');
    if (row.previous_chain_id) {
      const restateDiffers = restated
        ? differingFields([
            ['previousId', restated.args.previousId, toHex(row.previous_chain_id)],
            ['newId', restated.args.newId, chainInventoryId],
            ['reason', restated.args.reason, restatementReason(row)],
          ])
        : ['(no InventoryRestated event)'];
      if (restateDiffers.length > 0) throw mismatch(`it is not the restatement expected: ${restateDiffers.join(', ')}`);
    } else if (restated) {
      throw mismatch(`it restates ${String(restated.args.previousId)}; this inventory is a first version`);
    }

    const stored = await registry.inventory(chainInventoryId);
    const storedDiffers = differingFields([
      ['orgId', stored.orgId, expected.orgId],
      ['periodStart', stored.periodStart, expected.periodStart],
      ['periodEnd', stored.periodEnd, expected.periodEnd],
      ['scope1KgCO2e', stored.scope1KgCO2e, expected.scope1KgCO2e],
      ['scope2LocationKgCO2e', stored.scope2LocationKgCO2e, expected.scope2LocationKgCO2e],
      ['scope2MarketKgCO2e', stored.scope2MarketKgCO2e, expected.scope2MarketKgCO2e],
      ['totalKgCO2e', stored.totalKgCO2e, expected.totalKgCO2e],
      ['energyKgce', stored.energyKgce, expected.energyKgce],
      ['inventoryHash', stored.inventoryHash, expected.inventoryHash],
      ['reportCid', stored.reportCid, expected.reportCid],
      ['batchRootsCommitment', stored.batchRootsCommitment, expected.batchRootsCommitment],
      ['factorSetId', stored.factorSetId, expected.factorSetId],
      ['previousId', stored.previousId, row.previous_chain_id ? toHex(row.previous_chain_id) : `0x${'0'.repeat(64)}`],
    ]);
    if (storedDiffers.length > 0) throw mismatch(`the record on chain differs in ${storedDiffers.join(', ')}`);

    return recordNotarization(deps.db, row, {
      chainInventoryId,
      manifestCid: String(expected.reportCid),
      txHash: receipt.hash,
      blockNumber: receipt.blockNumber,
    });
  };
}

/**
 * The organisation's own transaction, checked before anything is recorded: mined, successful, sent by one of its
 * registered accounts straight to InventoryRegistry (confirmAction), and what it recorded exactly this inventory.
 */
async function confirmNotarization(
  deps: NotarizationDeps,
  orgId: string,
  row: InventoryRow,
  txHash: string,
): Promise<Notarized> {
  if (row.status === 'notarized' && row.notarized_tx && toHex(row.notarized_tx) === txHash) {
    // Confirmed before (an answer lost on the way back): the same answer again.
    return {
      status: 'notarized',
      inventoryId: row.id,
      chainInventoryId: toHex(row.chain_inventory_id as Uint8Array),
      manifestCid: row.manifest_cid as string,
      txHash,
      blockNumber: Number(row.notarized_block),
    };
  }
  if (row.status !== 'draft')
    throw new NengtanError('NT_ERR_NOTARIZE_STATE', { message: `Inventory ${row.id} is ${row.status}` });
  if (!row.manifest_cid) {
    throw new NengtanError('NT_ERR_NOTARIZE_STATE', {
      message: `No transaction was prepared for inventory ${row.id}`,
      hint: `Call POST /v1/inventories/${row.id}/notarize without txHash first, then sign and send the transaction it returns.`,
    });
  }
  const organisation = await getOrganisation(deps.db, orgId);
  if (!organisation) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Organisation not found' });
  const registry = inventoryRegistryOf(deps.chain);
  const expected = submissionOf(row, organisation.chainId, row.manifest_cid);
  return confirmAction(deps, orgId, txHash, registry, notarizedBy(deps, row, expected));
}
