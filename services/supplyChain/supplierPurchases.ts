import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { parseRational, compare, ZERO } from '../accounting/rational';
import { NengtanError } from '../lib/errors';
import { toHex } from '../lib/hex';
import { findShare } from './footprintShares';

export interface SupplierPurchase {
  id: string;
  shareId: string;
  supplier: { id: string; name: string };
  product: string;
  unit: string;
  /** Local dates, end exclusive. */
  period: { start: string; end: string };
  quantity: string;
  createdAt: Date;
}

const PERIOD = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** A purchase period: a year ("2025"), a month ("2025-03") or a day ("2025-03-01"), as local dates, end exclusive. */
export function purchasePeriod(text: string): { start: string; end: string } {
  const m = PERIOD.exec(text);
  const invalid = () =>
    new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: `Not a purchase period: "${text}"`,
      hint: 'Send a year ("2025"), a month ("2025-03") or a day ("2025-03-01") to POST /v1/supplier-purchases.',
    });
  if (!m) throw invalid();
  const [year, month, day] = [Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined];
  const start = new Date(Date.UTC(year, (month ?? 1) - 1, day ?? 1));
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  if (iso(start) !== `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}`) throw invalid();
  const end = new Date(start);
  if (day !== undefined) end.setUTCDate(end.getUTCDate() + 1);
  else if (month !== undefined) end.setUTCMonth(end.getUTCMonth() + 1);
  else end.setUTCFullYear(end.getUTCFullYear() + 1);
  return { start: iso(start), end: iso(end) };
}

/** A purchase with the footprint share it was bought against: what Scope 3 category 1 counts. */
export interface PurchaseWithFootprint extends SupplierPurchase {
  kgCO2ePerUnit: string;
  basis: string;
  supplierInventoryHash: string;
}

interface Row {
  id: string;
  share_id: string;
  supplier_org_id: string;
  supplier_name: string;
  product: string;
  unit: string;
  period_start: string;
  period_end: string;
  quantity: string;
  kg_co2e_per_unit: string;
  basis: string;
  inventory_hash: Uint8Array;
  created_at: Date;
}

const toPurchase = (r: Row): PurchaseWithFootprint => ({
  id: r.id,
  shareId: r.share_id,
  supplier: { id: r.supplier_org_id, name: r.supplier_name },
  product: r.product,
  unit: r.unit,
  period: { start: r.period_start, end: r.period_end },
  quantity: r.quantity,
  createdAt: r.created_at,
  kgCO2ePerUnit: r.kg_co2e_per_unit,
  basis: r.basis,
  supplierInventoryHash: toHex(r.inventory_hash),
});

/**
 * The organisation's purchases with their footprint shares: all of them in the order recorded, or, for an inventory
 * `period`, those inside it bought against shares the organisation holds that are not revoked, in the order the
 * inventory states them (its hash depends on it).
 */
export async function readPurchases(
  db: Queryable,
  orgId: string,
  period?: { start: string; end: string },
): Promise<PurchaseWithFootprint[]> {
  const { rows } = await db.query<Row>(
    `select p.id, p.share_id, s.supplier_org_id, o.name as supplier_name, s.product, s.unit,
       to_char(p.period_start, 'YYYY-MM-DD') as period_start, to_char(p.period_end, 'YYYY-MM-DD') as period_end,
       p.quantity, s.kg_co2e_per_unit, s.basis, s.inventory_hash, p.created_at
     from supplier_purchases p join footprint_shares s on s.id = p.share_id join organisations o on o.id = s.supplier_org_id
     where p.org_id = $1::uuid and ($2::date is null
       or (s.customer_org_id = $1::uuid and s.revoked_at is null and p.period_start >= $2::date and p.period_end <= $3::date))
     order by ${period ? 'p.period_start, o.name, s.product, p.id' : 'p.period_start, p.created_at'}`,
    [orgId, period?.start ?? null, period?.end ?? null],
  );
  return rows.map(toPurchase);
}

/** Records what the customer bought against a footprint share it received, in the share's unit. */
export async function recordPurchase(
  db: Queryable,
  orgId: string,
  request: { shareId: string; period: string; quantity: string },
): Promise<SupplierPurchase> {
  const share = await findShare(db, orgId, request.shareId);
  if (!share || share.customerOrgId !== orgId) {
    throw new NengtanError('NT_ERR_NOT_FOUND', {
      message: 'Footprint share not found',
      hint: 'Record purchases against a share you received (GET /v1/footprint-shares/received).',
    });
  }
  if (share.revokedAt) throw new NengtanError('NT_ERR_SUPPLY_SHARE_REVOKED');
  if (compare(parseRational(request.quantity), ZERO) <= 0) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: 'The quantity purchased must be positive',
      hint: `Send the quantity in ${share.unit} to POST /v1/supplier-purchases.`,
    });
  }
  const period = purchasePeriod(request.period);
  const id = randomUUID();
  await db.query(
    `insert into supplier_purchases (id, org_id, share_id, period_start, period_end, quantity)
     values ($1::uuid, $2::uuid, $3::uuid, $4::date, $5::date, $6)`,
    [id, orgId, share.shareId, period.start, period.end, request.quantity],
  );
  return (await listPurchases(db, orgId)).find((p) => p.id === id) as SupplierPurchase;
}

export async function listPurchases(db: Queryable, orgId: string): Promise<SupplierPurchase[]> {
  return (await readPurchases(db, orgId)).map(
    ({ kgCO2ePerUnit: _f, basis: _b, supplierInventoryHash: _h, ...purchase }) => purchase,
  );
}
