import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { canonicalJson } from '../lib/canonicalJson';
import { NengtanError } from '../lib/errors';
import { fromHex, toHex } from '../lib/hex';
import { keccak256 } from '../lib/keccak';
import { isBaseYearInventory } from './baseYear';
import { defaultFactorSetFor } from './defaultFactorSet';
import { computeInventory, type ExactTotals, type InventoryDocument } from './computeInventory';
import { factorSourceFromSet } from './factorSourceFromSet';
import { inventoryOptions } from './inventoryTypes';
import { loadInventoryInput, type InventoryRequest } from './loadInventoryInput';
import { roundToUnits } from './rational';
import { requireScope3FactorSet } from './scope3FactorSets';
import { withScope3 } from './scope3Inventory';

export interface InventoryRecord {
  id: string;
  orgId: string;
  periodStart: string;
  periodEnd: string;
  version: number;
  previousId: string | null;
  status: 'draft' | 'notarized' | 'superseded';
  factorSetId: string;
  inventoryHash: string;
  totals: ChainTotals;
  createdAt: Date;
}

/** Whole kg CO2e and kgce, rounded half to even: what InventoryRegistry records. */
export interface ChainTotals {
  scope1KgCO2e: string;
  scope2LocationKgCO2e: string;
  scope2MarketKgCO2e: string;
  totalKgCO2e: string;
  energyKgce: string;
}

export function chainTotals(t: ExactTotals): ChainTotals {
  return {
    scope1KgCO2e: roundToUnits(t.scope1, 0).toString(),
    scope2LocationKgCO2e: roundToUnits(t.scope2Location, 0).toString(),
    scope2MarketKgCO2e: roundToUnits(t.scope2Market, 0).toString(),
    totalKgCO2e: roundToUnits(t.totalLocation, 0).toString(),
    energyKgce: roundToUnits(t.energyKgce, 0).toString(),
  };
}

/** The RFC 8785 canonical form of an inventory and its keccak256, the hash notarized on chain. */
export function canonicalInventory(document: InventoryDocument): { canonical: string; hash: string } {
  const canonical = canonicalJson(document);
  return { canonical, hash: toHex(keccak256(Buffer.from(canonical, 'utf8'))) };
}

export interface ComputeRequest extends InventoryRequest {
  /** The frozen factor set to pin; the public default set when omitted. */
  factorSetId?: string;
  /** A Scope 3 factor set of the organisation: category 3 of the inventory's own fuel and electricity with it. */
  scope3FactorSetId?: string;
}

/** Computes an inventory for the organisation (not stored): the document, its canonical hash and chain totals. */
export async function previewInventory(db: Queryable, orgId: string, request: ComputeRequest) {
  const scope3Set = request.scope3FactorSetId
    ? await requireScope3FactorSet(db, orgId, request.scope3FactorSetId)
    : undefined;
  const factors = await factorSourceFromSet(
    db,
    orgId,
    request.factorSetId ?? (await defaultFactorSetFor(db, orgId, request)),
  );
  const input = await loadInventoryInput(db, orgId, request, factors);
  const { document, totals } = computeInventory(input);
  const withScope3Section = await withScope3(
    db,
    orgId,
    { start: request.start, end: request.end },
    document,
    scope3Set,
  );
  const { canonical, hash } = canonicalInventory(withScope3Section);
  return {
    document: withScope3Section,
    canonical,
    hash,
    totals: chainTotals(totals),
    siteIds: input.sites.map((s) => s.id),
  };
}

interface Row {
  id: string;
  org_id: string;
  period_start: string;
  period_end: string;
  version: number;
  previous_id: string | null;
  status: InventoryRecord['status'];
  factor_set_id: string;
  inventory_hash: Uint8Array;
  totals: ChainTotals;
  created_at: Date;
}

const COLUMNS = `id, org_id, to_char(period_start, 'YYYY-MM-DD') as period_start, to_char(period_end, 'YYYY-MM-DD') as period_end,
  version, previous_id, status, factor_set_id, inventory_hash, totals, created_at`;

const toRecord = (r: Row): InventoryRecord => ({
  id: r.id,
  orgId: r.org_id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  version: r.version,
  previousId: r.previous_id,
  status: r.status,
  factorSetId: r.factor_set_id,
  inventoryHash: toHex(r.inventory_hash),
  totals: r.totals,
  createdAt: r.created_at,
});

/** Whether a notarization of the draft was prepared: its evidence package is stored. */
async function notarizationPrepared(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query<{ prepared: boolean }>(
    'select manifest_cid is not null as prepared from inventories where id = $1::uuid',
    [id],
  );
  return rows[0]?.prepared ?? false;
}

/**
 * Computes and stores an inventory draft. A draft for the same period is replaced (drafts are working copies), unless
 * its notarization is under way and the figures are the same; once a period has a notarized inventory, a new one must
 * be a restatement with a reason, and becomes the next version.
 */
export async function saveInventory(
  db: Queryable,
  orgId: string,
  request: ComputeRequest & { restates?: string; reason?: string },
): Promise<InventoryRecord> {
  const preview = await previewInventory(db, orgId, request);
  const { rows: existing } = await db.query<Row>(
    `select ${COLUMNS} from inventories where org_id = $1::uuid and period_start = $2::date and period_end = $3::date
     and status <> 'superseded' order by version desc limit 1`,
    [orgId, request.start, request.end],
  );
  const live = existing[0];
  let version = 1;
  let previousId: string | null = null;
  if (live?.status === 'notarized') {
    if (!request.restates || request.restates !== live.id || !request.reason) {
      throw new NengtanError('NT_ERR_CONFLICT', {
        message: `The period already has notarized inventory ${live.id} (version ${live.version})`,
        hint: 'Send restates (that inventory id) and a reason to restate it as a new version.',
      });
    }
    version = live.version + 1;
    previousId = live.id;
  } else if (live) {
    if (toHex(live.inventory_hash) === preview.hash && (await notarizationPrepared(db, live.id))) {
      // The same figures, and a notarization of them under way (an evidence package stored, perhaps a transaction
      // out for signature): keep that draft, so the transaction still confirms against it.
      return toRecord(live);
    }
    // A draft that stands for the base year is kept: the base year changes only by restatement (GHG Protocol ch. 5).
    if (await isBaseYearInventory(db, live.id)) {
      throw new NengtanError('NT_ERR_BASE_YEAR_PINNED', {
        message: `Draft ${live.id} is the organisation's base year`,
      });
    }
    await db.query('delete from inventories where id = $1::uuid and status = $2', [live.id, 'draft']);
    version = live.version;
    previousId = live.previous_id;
  }
  const { rows } = await db.query<Row>(
    `insert into inventories (id, org_id, period_start, period_end, site_ids, factor_set_id, factor_set_hash, options, version,
       previous_id, restatement_reason, canonical, inventory_hash, totals)
     values ($1::uuid, $2::uuid, $3::date, $4::date, $5::uuid[], $6::uuid, $7, $8::jsonb, $9::integer, $10::uuid, $11, $12, $13, $14::jsonb)
     returning ${COLUMNS}`,
    [
      randomUUID(),
      orgId,
      request.start,
      request.end,
      preview.siteIds,
      preview.document.factorSet.id,
      Buffer.from(fromHex(preview.document.factorSet.contentHash)),
      JSON.stringify(inventoryOptions(request)),
      version,
      previousId,
      previousId ? (request.reason ?? null) : null,
      preview.canonical,
      Buffer.from(fromHex(preview.hash)),
      JSON.stringify(preview.totals),
    ],
  );
  return toRecord(rows[0]);
}

export async function listInventories(db: Queryable, orgId: string): Promise<InventoryRecord[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from inventories where org_id = $1::uuid order by period_start desc, version desc`,
    [orgId],
  );
  return rows.map(toRecord);
}

export async function getInventory(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<{ record: InventoryRecord; canonical: string } | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const { rows } = await db.query<Row & { canonical: string }>(
    `select ${COLUMNS}, canonical from inventories where org_id = $1::uuid and id = $2::uuid`,
    [orgId, id],
  );
  return rows[0] && { record: toRecord(rows[0]), canonical: rows[0].canonical };
}
