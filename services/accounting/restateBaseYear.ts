import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db';
import { NengtanError } from '../lib/errors';
import { fromHex } from '../lib/hex';
import { baseYearInventory, getBaseYear, type BaseYear } from './baseYear';
import {
  checkBaseYearRecalculation,
  requestFor,
  storedInventory,
  type CurrentChoices,
  type Recalculation,
} from './baseYearRecalculation';
import { getInventory, previewInventory, type InventoryRecord } from './inventories';

export interface RestatementInput extends CurrentChoices {
  reason: string;
  /** Restate although the counted change does not exceed the threshold (the organisation's choice). */
  belowThreshold?: boolean;
}

export interface Restated {
  baseYear: BaseYear;
  inventory: InventoryRecord;
  recalculation: Recalculation;
}

/**
 * Restates the base year: the recalculation check, then a new inventory of the base year under the current boundary
 * and methods, stored beside the one it restates (which stays readable), with the reason, the key and the time.
 *
 * A notarized base year is restated as its next version (previous_id): notarizing the restatement calls
 * InventoryRegistry.restate, which supersedes the original's record on chain, so the lineage is visible there, and
 * marks the original superseded here. A base year still in draft was never on chain: the restatement takes its place
 * in the period's version line (same version and predecessor), and the draft is marked superseded at once.
 */
export async function restateBaseYear(
  db: Db,
  orgId: string,
  keyId: string,
  input: RestatementInput,
): Promise<Restated> {
  const recalculation = await checkBaseYearRecalculation(db, orgId, input);
  if (!recalculation.exceedsThreshold && input.belowThreshold !== true) {
    throw new NengtanError('NT_ERR_BASE_YEAR_NOT_SIGNIFICANT', {
      message: `The counted change of ${recalculation.cumulativeChangeKgCO2e} kg CO2e (${recalculation.cumulativeChangePct ?? '—'} %) does not exceed the threshold of ${recalculation.thresholdPct} %`,
      details: {
        cumulativeChangeKgCO2e: recalculation.cumulativeChangeKgCO2e,
        cumulativeChangePct: recalculation.cumulativeChangePct,
        thresholdPct: recalculation.thresholdPct,
      },
    });
  }
  const inventoryId = await db.transaction(async (q) => {
    const { rows: locked } = await q.query<{ current_inventory_id: string }>(
      'select current_inventory_id from base_years where org_id = $1::uuid for update',
      [orgId],
    );
    if (locked[0]?.current_inventory_id !== recalculation.baseInventoryId) {
      throw new NengtanError('NT_ERR_CONFLICT', {
        message: 'The base year changed while it was being restated',
        hint: 'Check GET /v1/base-year and restate again.',
      });
    }
    // Still the live version of its year (no inventory of the year computed past it since).
    await baseYearInventory(q, orgId, recalculation.baseInventoryId);
    const base = await storedInventory(q, orgId, recalculation.baseInventoryId);
    const { rows: baseRows } = await q.query<{ status: string; version: number; previous_id: string | null }>(
      'select status, version, previous_id from inventories where id = $1::uuid',
      [base.id],
    );
    const { status, version, previous_id: previousOfBase } = baseRows[0];
    const notarized = status === 'notarized';
    const request = requestFor(base, recalculation.current);
    const preview = await previewInventory(q, orgId, request);
    const previousId = notarized ? base.id : previousOfBase;
    const id = randomUUID();
    await q.query(
      `insert into inventories (id, org_id, period_start, period_end, site_ids, factor_set_id, factor_set_hash, options,
         version, previous_id, restatement_reason, canonical, inventory_hash, totals)
       values ($1::uuid, $2::uuid, $3::date, $4::date, $5::uuid[], $6::uuid, $7, $8::jsonb, $9::integer, $10::uuid, $11,
         $12, $13, $14::jsonb)`,
      [
        id,
        orgId,
        base.start,
        base.end,
        preview.siteIds,
        preview.document.factorSet.id,
        Buffer.from(fromHex(preview.document.factorSet.contentHash)),
        JSON.stringify(recalculation.current.options),
        notarized ? version + 1 : version,
        previousId,
        previousId ? input.reason : null,
        preview.canonical,
        Buffer.from(fromHex(preview.hash)),
        JSON.stringify(preview.totals),
      ],
    );
    if (!notarized) await q.query("update inventories set status = 'superseded' where id = $1::uuid", [base.id]);
    await q.query(
      `insert into base_year_restatements (org_id, year, restated_inventory_id, restatement_inventory_id, reason,
         recalculation, required, restated_by)
       values ($1::uuid, $2::integer, $3::uuid, $4::uuid, $5, $6::jsonb, $7, $8::uuid)`,
      [
        orgId,
        recalculation.year,
        base.id,
        id,
        input.reason,
        JSON.stringify(recalculation),
        recalculation.exceedsThreshold,
        keyId,
      ],
    );
    await q.query('update base_years set current_inventory_id = $2::uuid where org_id = $1::uuid', [orgId, id]);
    return id;
  });
  const stored = await getInventory(db, orgId, inventoryId);
  return {
    baseYear: await getBaseYear(db, orgId),
    inventory: (stored as { record: InventoryRecord }).record,
    recalculation,
  };
}
