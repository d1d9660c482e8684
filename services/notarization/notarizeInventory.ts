import type { ChainConnection } from '../chain/connectChain';
import type { Db } from '../db/db';
import type { DocumentStore } from '../documents/documentStore';
import { eventInReceipt } from '../chain/eventInReceipt';
import { NengtanError } from '../lib/errors';
import { fromHex, toHex } from '../lib/hex';
import { wallTimeToEpoch } from '../lib/time';
import type { InventoryDocument } from '../accounting/computeInventory';
import { getOrganisation } from '../registry/organisations';
import { gasOverrides, inventoryRegistryOf, signerOf } from '../chain/chainParties';
import { storeEvidencePackage } from './evidencePackage';

export interface NotarizationDeps {
  db: Db;
  chain: ChainConnection;
  documents: DocumentStore;
  keystoreSecret?: Buffer;
}

/** Unix seconds of local midnight of `date` (YYYY-MM-DD) in `timeZone`. */
export function localMidnight(date: string, timeZone: string): number {
  return wallTimeToEpoch(Date.parse(`${date}T00:00:00Z`), timeZone) / 1000;
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
  previous_chain_id: Uint8Array | null;
}

/**
 * Notarizes a draft inventory: its evidence package (batch exports, factor set, the inventory) stored in IPFS encrypted
 * to the organisation, then the inventory recorded in InventoryRegistry by the organisation's own account (submit, or
 * restate when it is a new version of a notarized one). Only inventories whose evidence batches are all anchored are
 * notarized, so every figure rests on roots already on chain.
 */
export async function notarizeInventory(deps: NotarizationDeps, orgId: string, inventoryId: string) {
  const { db, chain } = deps;
  const { rows } = await db.query<InventoryRow>(
    `select i.id, i.status, i.version, i.previous_id, i.restatement_reason, i.canonical, i.inventory_hash, i.factor_set_id,
       i.totals, p.chain_inventory_id as previous_chain_id
     from inventories i left join inventories p on p.id = i.previous_id
     where i.org_id = $1::uuid and i.id = $2::uuid`,
    [orgId, inventoryId],
  );
  const row = rows[0];
  if (!row) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Inventory not found' });
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
  const signer = await signerOf(db, chain, deps.keystoreSecret, orgId);
  const periodStart = localMidnight(document.period.start, document.period.timeZone);
  const periodEnd = localMidnight(document.period.end, document.period.timeZone);
  const latest = await chain.provider.getBlock('latest');
  if (!latest || latest.timestamp < periodEnd) {
    throw new NengtanError('NT_ERR_NOTARIZE_PREREQUISITE', {
      message: `The period ends at ${new Date(periodEnd * 1000).toISOString()} and has not ended on chain yet`,
      hint: 'Notarize an inventory once its period is over.',
    });
  }

  const evidence = await storeEvidencePackage(
    db,
    deps.documents,
    orgId,
    { document, hash: toHex(row.inventory_hash), factorSetId: row.factor_set_id },
    [{ id: orgId, publicKey: fromHex(organisation.encryptionPublicKey) }],
  );
  const submission = {
    orgId: organisation.chainId,
    periodStart,
    periodEnd,
    scope1KgCO2e: BigInt(row.totals.scope1KgCO2e),
    scope2LocationKgCO2e: BigInt(row.totals.scope2LocationKgCO2e),
    scope2MarketKgCO2e: BigInt(row.totals.scope2MarketKgCO2e),
    totalKgCO2e: BigInt(row.totals.totalKgCO2e),
    energyKgce: BigInt(row.totals.energyKgce),
    inventoryHash: toHex(row.inventory_hash),
    reportCid: evidence.manifestCid,
    batchRootsCommitment: document.evidence.rootsCommitment,
    factorSetId: document.factorSet.contentHash,
  };
  const connected = registry.connect(signer);
  const tx = row.previous_chain_id
    ? await connected.restate(
        toHex(row.previous_chain_id),
        submission,
        row.restatement_reason ?? 'restatement',
        gasOverrides(chain),
      )
    : await connected.submit(submission, gasOverrides(chain));
  const receipt = await tx.wait();
  if (!receipt) throw new Error(`transaction ${tx.hash} was not mined`);
  const submitted = eventInReceipt(receipt, registry, 'InventorySubmitted');
  if (!submitted) throw new Error(`transaction ${tx.hash} emitted no InventorySubmitted`);
  const chainInventoryId = String(submitted.args.inventoryId);
  await db.transaction(async (q) => {
    await q.query(
      `update inventories set status = 'notarized', manifest_cid = $2, chain_inventory_id = $3, notarized_tx = $4,
         notarized_block = $5::bigint, notarized_at = now()
       where id = $1::uuid`,
      [
        inventoryId,
        evidence.manifestCid,
        Buffer.from(fromHex(chainInventoryId)),
        Buffer.from(fromHex(tx.hash)),
        receipt.blockNumber,
      ],
    );
    if (row.previous_id)
      await q.query("update inventories set status = 'superseded' where id = $1::uuid", [row.previous_id]);
  });
  return {
    inventoryId,
    chainInventoryId,
    manifestCid: evidence.manifestCid,
    txHash: tx.hash,
    blockNumber: receipt.blockNumber,
  };
}
