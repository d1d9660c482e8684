import { randomUUID } from 'node:crypto';
import { verifyMessage } from 'ethers';
import { PG_ERROR, pgErrorCode, type Queryable } from '../db/db';
import type { InventoryDocument } from '../accounting/computeInventory';
import { custodialWallet } from '../custody/chainAccounts';
import { NengtanError } from '../lib/errors';
import { toHex } from '../lib/hex';
import type { AllocationRequest } from '../reports/coProductAllocation';
import { getOrganisation } from '../registry/organisations';
import { footprintFigure, type FootprintBasis } from './footprintFigure';
import { shareStatement, type ShareStatementFields } from './shareStatement';

export interface FootprintShare extends ShareStatementFields {
  supplier: { id: string; name: string };
  customer: { id: string; name: string };
  notarizedBlock: number;
  /** 1: gate-to-gate site footprint by production volume (before version 2); 2: cradle-to-gate product footprint. */
  figureVersion: 1 | 2;
  signer: string;
  signature: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface ShareRequest {
  customerOrgId: string;
  inventoryId: string;
  product: string;
  basis?: FootprintBasis;
  /** 2 (default): the cradle-to-gate product footprint; 1: the gate-to-gate site figure shares carried before. */
  footprintVersion?: 1 | 2;
  /** Version 2: allocation between co-products, mass by default; signed with the figure. */
  allocation?: AllocationRequest;
  /** Optional confirmations: when sent they must equal what the inventory gives. */
  unit?: string;
  kgCO2ePerUnit?: string;
  /**
   * An organisation that signs with its own (external) account: the share id of the statement it got from POST
   * /v1/footprint-shares/statement, and its EIP-191 signature of that statement.
   */
  shareId?: string;
  signature?: string;
}

interface Row {
  id: string;
  supplier_org_id: string;
  supplier_name: string;
  customer_org_id: string;
  customer_name: string;
  inventory_id: string;
  product: string;
  unit: string;
  basis: FootprintBasis;
  kg_co2e_per_unit: string;
  inventory_hash: Uint8Array;
  chain_inventory_id: Uint8Array;
  notarized_tx: Uint8Array;
  notarized_block: string;
  footprint_version: number;
  allocation: AllocationRequest | null;
  signer: string;
  signature: string;
  created_at: Date;
  revoked_at: Date | null;
}

const SELECT = `select s.*, sup.name as supplier_name, cus.name as customer_name
  from footprint_shares s join organisations sup on sup.id = s.supplier_org_id
  join organisations cus on cus.id = s.customer_org_id`;

const toShare = (r: Row): FootprintShare => ({
  shareId: r.id,
  supplierOrgId: r.supplier_org_id,
  customerOrgId: r.customer_org_id,
  product: r.product,
  unit: r.unit,
  basis: r.basis,
  kgCO2ePerUnit: r.kg_co2e_per_unit,
  inventoryId: r.inventory_id,
  inventoryHash: toHex(r.inventory_hash),
  chainInventoryId: toHex(r.chain_inventory_id),
  notarizedTx: toHex(r.notarized_tx),
  supplier: { id: r.supplier_org_id, name: r.supplier_name },
  customer: { id: r.customer_org_id, name: r.customer_name },
  notarizedBlock: Number(r.notarized_block),
  figureVersion: r.footprint_version === 2 ? 2 : 1,
  ...(r.footprint_version === 2 ? { footprintVersion: 2 as const, allocation: r.allocation as AllocationRequest } : {}),
  signer: r.signer,
  signature: r.signature,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** The fields of a share the supplier's signature covers. */
export function statementFields(share: FootprintShare): ShareStatementFields {
  const { shareId, supplierOrgId, customerOrgId, product, unit, basis, kgCO2ePerUnit } = share;
  const { inventoryId, inventoryHash, chainInventoryId, notarizedTx } = share;
  return {
    shareId,
    supplierOrgId,
    customerOrgId,
    product,
    unit,
    basis,
    kgCO2ePerUnit,
    inventoryId,
    inventoryHash,
    chainInventoryId,
    notarizedTx,
    ...(share.footprintVersion === 2 ? { footprintVersion: 2 as const, allocation: share.allocation } : {}),
  };
}

const refused = (message: string) => new NengtanError('NT_ERR_SUPPLY_FOOTPRINT', { message });

/** The fields a share of `product` from the supplier's notarized inventory would carry, figure computed, not typed. */
async function shareFields(
  db: Queryable,
  supplierOrgId: string,
  request: ShareRequest,
): Promise<{ fields: ShareStatementFields; notarizedBlock: string }> {
  const customer = await getOrganisation(db, request.customerOrgId);
  if (!customer) {
    throw new NengtanError('NT_ERR_NOT_FOUND', {
      message: 'Customer organisation not found',
      hint: 'Find the customer by name with GET /v1/directory?q=… and send its id.',
    });
  }
  if (customer.id === supplierOrgId) throw refused('A footprint is shared with another organisation, not your own');
  const { rows } = await db.query<{
    status: string;
    canonical: string;
    inventory_hash: Uint8Array;
    chain_inventory_id: Uint8Array | null;
    notarized_tx: Uint8Array | null;
    notarized_block: string | null;
  }>(
    `select status, canonical, inventory_hash, chain_inventory_id, notarized_tx, notarized_block
     from inventories where org_id = $1::uuid and id = $2::uuid`,
    [supplierOrgId, request.inventoryId],
  );
  const inventory = rows[0];
  if (!inventory) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Inventory not found' });
  if (inventory.status !== 'notarized' || !inventory.chain_inventory_id || !inventory.notarized_tx) {
    throw refused(`The inventory is ${inventory.status}: only a notarized inventory's footprint is shared`);
  }
  const basis = request.basis ?? 'location';
  const version = request.footprintVersion ?? 2;
  if (version === 1 && request.allocation !== undefined) {
    throw refused('A version 1 share is allocated by production volume: send allocation only with footprintVersion 2');
  }
  const allocation: AllocationRequest | undefined =
    version === 2 ? { method: request.allocation?.method ?? 'mass', keys: request.allocation?.keys ?? {} } : undefined;
  const figure = footprintFigure(
    JSON.parse(inventory.canonical) as InventoryDocument,
    request.product,
    basis,
    version,
    allocation,
  );
  if (request.unit !== undefined && request.unit !== figure.unit) {
    throw refused(`"${request.product}" is recorded in ${figure.unit}, not ${request.unit}`);
  }
  if (request.kgCO2ePerUnit !== undefined && request.kgCO2ePerUnit !== figure.kgCO2ePerUnit) {
    throw refused(
      `The inventory gives ${figure.kgCO2ePerUnit} kg CO2e per ${figure.unit}, not ${request.kgCO2ePerUnit}`,
    );
  }
  return {
    fields: {
      shareId: request.shareId ?? randomUUID(),
      supplierOrgId,
      customerOrgId: customer.id,
      product: request.product,
      unit: figure.unit,
      basis,
      kgCO2ePerUnit: figure.kgCO2ePerUnit,
      inventoryId: request.inventoryId,
      inventoryHash: toHex(inventory.inventory_hash),
      chainInventoryId: toHex(inventory.chain_inventory_id),
      notarizedTx: toHex(inventory.notarized_tx),
      ...(allocation ? { footprintVersion: 2 as const, allocation } : {}),
    },
    notarizedBlock: inventory.notarized_block as string,
  };
}

/** For a supplier that signs itself: the statement to sign (EIP-191) and the share id it names. */
export async function shareStatementFor(
  db: Queryable,
  supplierOrgId: string,
  request: ShareRequest,
): Promise<{ shareId: string; statement: string }> {
  const { fields } = await shareFields(db, supplierOrgId, request);
  return { shareId: fields.shareId, statement: shareStatement(fields) };
}

/** Who signed: the supplier's custodial key, or the registered account the client's signature recovers to. */
async function signShare(
  db: Queryable,
  keystoreSecret: Buffer | undefined,
  supplierOrgId: string,
  statement: string,
  signature: string | undefined,
): Promise<{ signer: string; signature: string }> {
  if (signature !== undefined) {
    let signer: string;
    try {
      signer = verifyMessage(statement, signature).toLowerCase();
    } catch {
      throw refused('The signature is not an EIP-191 signature of the share statement');
    }
    const { rows } = await db.query(
      'select 1 from chain_accounts where org_id = $1::uuid and address = $2 and registered_tx is not null',
      [supplierOrgId, signer],
    );
    if (rows.length === 0) {
      throw refused(`The statement is signed by ${signer}, not by a registered chain account of your organisation`);
    }
    return { signer, signature };
  }
  const wallet = await custodialWallet(db, keystoreSecret, supplierOrgId);
  if (!wallet) {
    throw new NengtanError('NT_ERR_CHAIN_ACCOUNT_MISSING', {
      message: 'Your organisation has no custodial chain key to sign the footprint share with',
      hint: 'Get the statement from POST /v1/footprint-shares/statement, sign it (EIP-191) with your registered account and send shareId and signature to POST /v1/footprint-shares.',
    });
  }
  return { signer: wallet.address.toLowerCase(), signature: await wallet.signMessage(statement) };
}

/**
 * Shares the footprint of `product` from one of the supplier's notarized inventories with a customer: the figure is
 * computed from the stored inventory (never typed in), carries the inventory's hash and its record on chain, and is
 * signed (EIP-191) with the supplier's custodial chain key, or by the supplier itself with a registered account.
 */
export async function shareFootprint(
  db: Queryable,
  keystoreSecret: Buffer | undefined,
  supplierOrgId: string,
  request: ShareRequest,
): Promise<FootprintShare> {
  const { fields, notarizedBlock } = await shareFields(db, supplierOrgId, request);
  const signed = await signShare(db, keystoreSecret, supplierOrgId, shareStatement(fields), request.signature);
  try {
    await db.query(
      `insert into footprint_shares (id, supplier_org_id, customer_org_id, inventory_id, product, unit, basis,
         kg_co2e_per_unit, inventory_hash, chain_inventory_id, notarized_tx, notarized_block, signer, signature,
         footprint_version, allocation)
       values ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5, $6, $7, $8, $9, $10, $11, $12::bigint, $13, $14,
         $15::smallint, $16::jsonb)`,
      [
        fields.shareId,
        supplierOrgId,
        fields.customerOrgId,
        fields.inventoryId,
        fields.product,
        fields.unit,
        fields.basis,
        fields.kgCO2ePerUnit,
        Buffer.from(fields.inventoryHash.slice(2), 'hex'),
        Buffer.from(fields.chainInventoryId.slice(2), 'hex'),
        Buffer.from(fields.notarizedTx.slice(2), 'hex'),
        notarizedBlock,
        signed.signer,
        signed.signature,
        fields.footprintVersion ?? 1,
        fields.allocation ? JSON.stringify(fields.allocation) : null,
      ],
    );
  } catch (error) {
    if (pgErrorCode(error) === PG_ERROR.UNIQUE_VIOLATION) {
      throw new NengtanError('NT_ERR_CONFLICT', {
        message: `Footprint share ${fields.shareId} exists already`,
        hint: 'Get a new statement (POST /v1/footprint-shares/statement) for a new share; GET /v1/footprint-shares/sent lists yours.',
      });
    }
    throw error;
  }
  return (await findShare(db, supplierOrgId, fields.shareId)) as FootprintShare;
}

/** A share the organisation gave or received; undefined for any other organisation. */
export async function findShare(db: Queryable, orgId: string, shareId: string): Promise<FootprintShare | undefined> {
  const { rows } = await db.query<Row>(
    `${SELECT} where s.id = $2::uuid and $1::uuid in (s.supplier_org_id, s.customer_org_id)`,
    [orgId, shareId],
  );
  return rows[0] && toShare(rows[0]);
}

export async function listShares(db: Queryable, orgId: string, side: 'sent' | 'received'): Promise<FootprintShare[]> {
  const column = side === 'sent' ? 's.supplier_org_id' : 's.customer_org_id';
  const { rows } = await db.query<Row>(`${SELECT} where ${column} = $1::uuid order by s.created_at desc, s.id`, [
    orgId,
  ]);
  return rows.map(toShare);
}

/** Revokes a share the supplier gave: the customer's inventories no longer count purchases against it. */
export async function revokeShare(db: Queryable, supplierOrgId: string, shareId: string): Promise<FootprintShare> {
  const { rowCount } = await db.query(
    `update footprint_shares set revoked_at = coalesce(revoked_at, now())
     where id = $2::uuid and supplier_org_id = $1::uuid`,
    [supplierOrgId, shareId],
  );
  if (!rowCount) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Footprint share not found' });
  return (await findShare(db, supplierOrgId, shareId)) as FootprintShare;
}
