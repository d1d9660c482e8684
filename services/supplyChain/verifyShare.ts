import type { Queryable } from '../db/db';
import type { ChainConnection } from '../chain/connectChain';
import type { InventoryDocument } from '../accounting/computeInventory';
import { canonicalInventory } from '../accounting/inventories';
import { inventoryRegistryOf } from '../custody/chainParties';
import { NengtanError } from '../lib/errors';
import { footprintFigure } from './footprintFigure';
import { findShare, statementFields, type FootprintShare } from './footprintShares';
import { statementSignedBy } from './shareStatement';

export interface ShareCheck {
  name: 'chain-record' | 'chain-current' | 'signature' | 'signer-account' | 'inventory-hash' | 'figure' | 'not-revoked';
  pass: boolean;
  detail: string;
}

export interface ShareVerification {
  shareId: string;
  verified: boolean;
  checks: ShareCheck[];
}

/**
 * Checks a footprint share against the chain and the supplier's stored inventory, each check named: the inventory
 * hash InventoryRegistry holds for the share's record is the share's; that record is not superseded; the supplier's
 * EIP-191 signature recovers to the signer, a chain account of the supplier; the stored inventory still hashes to the
 * share's hash; and its product footprint gives the shared figure again.
 */
export async function verifyShare(
  db: Queryable,
  chain: ChainConnection | undefined,
  orgId: string,
  shareId: string,
): Promise<ShareVerification> {
  const share = await findShare(db, orgId, shareId);
  if (!share) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Footprint share not found' });
  const checks: ShareCheck[] = [
    ...(await chainChecks(chain, share)),
    ...(await signatureChecks(db, share)),
    ...(await inventoryChecks(db, share)),
    {
      name: 'not-revoked',
      pass: share.revokedAt === null,
      detail: share.revokedAt ? `revoked ${share.revokedAt.toISOString()}` : 'in force',
    },
  ];
  return { shareId, verified: checks.every((c) => c.pass), checks };
}

async function chainChecks(chain: ChainConnection | undefined, share: FootprintShare): Promise<ShareCheck[]> {
  if (!chain) {
    return [{ name: 'chain-record', pass: false, detail: 'no chain connected to read InventoryRegistry' }];
  }
  const record = await inventoryRegistryOf(chain).inventory(share.chainInventoryId);
  const onChain = record.inventoryHash.toLowerCase();
  return [
    {
      name: 'chain-record',
      pass: onChain === share.inventoryHash.toLowerCase(),
      detail: `InventoryRegistry ${share.chainInventoryId} holds ${onChain} (tx ${share.notarizedTx}, block ${share.notarizedBlock})`,
    },
    {
      name: 'chain-current',
      pass: record.submittedAt !== 0n && !record.superseded,
      detail: record.superseded ? 'superseded by a restatement' : 'the live record of its period',
    },
  ];
}

async function signatureChecks(db: Queryable, share: FootprintShare): Promise<ShareCheck[]> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from chain_accounts
     where org_id = $1::uuid and address = $2 and registered_tx is not null`,
    [share.supplierOrgId, share.signer.toLowerCase()],
  );
  return [
    {
      name: 'signature',
      pass: statementSignedBy(statementFields(share), share.signature, share.signer),
      detail: `EIP-191 signature over the share's fields, by ${share.signer}`,
    },
    {
      name: 'signer-account',
      pass: rows[0].n > 0,
      detail: `${share.signer} is ${rows[0].n > 0 ? '' : 'not '}a registered chain account of ${share.supplier.name}`,
    },
  ];
}

async function inventoryChecks(db: Queryable, share: FootprintShare): Promise<ShareCheck[]> {
  const { rows } = await db.query<{ canonical: string }>(
    'select canonical from inventories where id = $1::uuid and org_id = $2::uuid',
    [share.inventoryId, share.supplierOrgId],
  );
  if (!rows[0]) return [{ name: 'inventory-hash', pass: false, detail: 'the inventory is no longer stored' }];
  const stored = canonicalInventory(JSON.parse(rows[0].canonical) as InventoryDocument).hash;
  let figure: string;
  try {
    figure = footprintFigure(
      JSON.parse(rows[0].canonical) as InventoryDocument,
      share.product,
      share.basis,
      share.figureVersion,
      share.allocation,
    ).kgCO2ePerUnit;
  } catch (error) {
    figure = error instanceof Error ? error.message : String(error);
  }
  return [
    {
      name: 'inventory-hash',
      pass: stored === share.inventoryHash,
      detail: `the supplier's stored inventory hashes to ${stored}`,
    },
    {
      name: 'figure',
      pass: figure === share.kgCO2ePerUnit,
      detail: `its product footprint (version ${share.figureVersion}${share.figureVersion === 2 ? `, cradle-to-gate, allocated by ${share.allocation?.method}` : ', gate-to-gate'}) gives ${figure} kg CO2e per ${share.unit} (${share.basis}-based)`,
    },
  ];
}
