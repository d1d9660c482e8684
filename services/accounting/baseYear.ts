import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';

/**
 * What may call for a recalculation of the base year (GHG Protocol Corporate Standard ch. 5; ISO 14064-1:2018 §6.4.1):
 * structural changes (sites acquired or divested, outsourcing), changes in methods, changes in emission factors, and
 * discovered errors (data corrected since the base year was stated). Organic growth or decline is none of them: the
 * base year is always recomputed with its own year's activity.
 */
export const RECALCULATION_TRIGGERS = ['structural', 'method', 'factor', 'error'] as const;
export type RecalculationTrigger = (typeof RECALCULATION_TRIGGERS)[number];

/** The common convention (GHG Protocol ch. 5, ISO 14064-3 materiality): 5 % of the base-year total. */
export const DEFAULT_THRESHOLD_PCT = '5';

/**
 * The scopes a threshold may be set for: Scope 1, Scope 2 location-based and market-based, Scope 3 (as the inventory
 * document states each). A scope without its own threshold falls back to the policy's single threshold.
 */
export const THRESHOLD_SCOPES = ['scope1', 'scope2Location', 'scope2Market', 'scope3'] as const;
export type ThresholdScope = (typeof THRESHOLD_SCOPES)[number];
export type ScopeThresholds = Partial<Record<ThresholdScope, string>>;

export interface KeyRef {
  keyId: string;
  keyName: string;
  keyPrefix: string;
}

export interface BaseYearRestatement {
  id: number;
  restatedInventoryId: string;
  restatementInventoryId: string;
  reason: string;
  /** True when the threshold was exceeded; false when the organisation chose to restate below it. */
  required: boolean;
  cumulativeChangeKgCO2e: string;
  cumulativeChangePct: string;
  restatedBy: KeyRef;
  restatedAt: Date;
}

export interface BaseYear {
  orgId: string;
  year: number;
  originalInventoryId: string;
  /** The inventory that stands for the base year now: the latest restatement, or the original. */
  currentInventoryId: string;
  restated: boolean;
  /** scopeThresholdPct only when some scope has its own threshold; then every scope is checked too. */
  policy: { thresholdPct: string; triggers: RecalculationTrigger[]; scopeThresholdPct?: ScopeThresholds };
  setBy: KeyRef;
  setAt: Date;
  restatements: BaseYearRestatement[];
}

export interface BaseYearInput {
  inventoryId: string;
  thresholdPct?: string;
  triggers?: RecalculationTrigger[];
  /** Thresholds per scope, each optional; left out (or empty), only the total is checked against thresholdPct. */
  scopeThresholdPct?: ScopeThresholds;
}

/** A percentage in (0, 100] with at most 4 decimals, kept as the exact text given. */
function thresholdOf(text: string | undefined): string {
  const value = text ?? DEFAULT_THRESHOLD_PCT;
  const match = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(value);
  const hundredths = match ? Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0')) : NaN;
  if (!match || !(hundredths > 0 && hundredths <= 1_000_000)) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: `Not a significance threshold: ${value}`,
      hint: 'Give a percentage above 0 and at most 100 as a decimal string with up to 4 decimals, e.g. "5" or "2.5".',
    });
  }
  return value;
}

/** The per-scope thresholds, each checked like the single one, in the fixed scope order; null when none is given. */
function scopeThresholdsOf(given: ScopeThresholds | undefined): ScopeThresholds | null {
  if (given === undefined || given === null) return null;
  const unknown = Object.keys(given).filter((k) => !(THRESHOLD_SCOPES as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: `Not a scope for a threshold: ${unknown.join(', ')}`,
      hint: `Give thresholds for ${THRESHOLD_SCOPES.join(', ')}; leave a scope out to use thresholdPct for it.`,
    });
  }
  const checked: ScopeThresholds = {};
  for (const scope of THRESHOLD_SCOPES) {
    if (given[scope] !== undefined) checked[scope] = thresholdOf(given[scope]);
  }
  return Object.keys(checked).length === 0 ? null : checked;
}

/** jsonb keeps its own key order (and a driver may hand it back as text): restore the fixed scope order. */
function inScopeOrder(stored: ScopeThresholds | string): ScopeThresholds {
  const value = (typeof stored === 'string' ? JSON.parse(stored) : stored) as ScopeThresholds;
  return Object.fromEntries(THRESHOLD_SCOPES.flatMap((s) => (value[s] === undefined ? [] : [[s, value[s]]])));
}

interface BaseYearInventoryRow {
  id: string;
  period_start: string;
  period_end: string;
  status: string;
  newer: boolean;
}

/**
 * The inventory named for the base year: the organisation's own, of one calendar year, and its period's live version
 * (not superseded, no later version stored), so that the base year is what the organisation states for that year.
 */
export async function baseYearInventory(db: Queryable, orgId: string, inventoryId: string): Promise<number> {
  const { rows } = await db.query<BaseYearInventoryRow>(
    `select i.id, to_char(i.period_start, 'YYYY-MM-DD') as period_start, to_char(i.period_end, 'YYYY-MM-DD') as period_end,
       i.status, exists (select 1 from inventories n where n.org_id = i.org_id and n.period_start = i.period_start
         and n.period_end = i.period_end and n.status <> 'superseded' and n.version > i.version) as newer
     from inventories i where i.org_id = $1::uuid and i.id = $2::uuid`,
    [orgId, inventoryId],
  );
  const row = rows[0];
  if (!row) throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Inventory ${inventoryId} not found` });
  const year = Number(row.period_start.slice(0, 4));
  if (row.period_start !== `${year}-01-01` || row.period_end !== `${year + 1}-01-01`) {
    throw new NengtanError('NT_ERR_BASE_YEAR_INVENTORY', {
      message: `Inventory ${inventoryId} covers ${row.period_start} to ${row.period_end}, not one calendar year`,
    });
  }
  if (row.status === 'superseded' || row.newer) {
    throw new NengtanError('NT_ERR_BASE_YEAR_INVENTORY', {
      message: `Inventory ${inventoryId} is not the live version of ${year}`,
    });
  }
  return year;
}

/**
 * Sets the organisation's base year and its recalculation policy. Naming the inventory that stands for the base year
 * now (or the original) changes only the policy; naming another inventory starts a new base year.
 */
export async function setBaseYear(
  db: Queryable,
  orgId: string,
  keyId: string,
  input: BaseYearInput,
): Promise<BaseYear> {
  const thresholdPct = thresholdOf(input.thresholdPct);
  const triggers = RECALCULATION_TRIGGERS.filter((t) => (input.triggers ?? RECALCULATION_TRIGGERS).includes(t));
  const scopeThresholds = scopeThresholdsOf(input.scopeThresholdPct);
  const scopeJson = scopeThresholds === null ? null : JSON.stringify(scopeThresholds);
  const existing = await findBaseYear(db, orgId);
  if (existing && [existing.originalInventoryId, existing.currentInventoryId].includes(input.inventoryId)) {
    await db.query(
      `update base_years set threshold_pct = $2::numeric, triggers = $3::text[], set_by = $4::uuid, set_at = now(),
         scope_threshold_pct = $5::jsonb
       where org_id = $1::uuid`,
      [orgId, thresholdPct, triggers, keyId, scopeJson],
    );
  } else {
    const year = await baseYearInventory(db, orgId, input.inventoryId);
    await db.query(
      `insert into base_years (org_id, year, original_inventory_id, current_inventory_id, threshold_pct, triggers, set_by,
         scope_threshold_pct)
       values ($1::uuid, $2::integer, $3::uuid, $3::uuid, $4::numeric, $5::text[], $6::uuid, $7::jsonb)
       on conflict (org_id) do update set year = excluded.year, original_inventory_id = excluded.original_inventory_id,
         current_inventory_id = excluded.current_inventory_id, threshold_pct = excluded.threshold_pct,
         triggers = excluded.triggers, set_by = excluded.set_by, set_at = now(),
         scope_threshold_pct = excluded.scope_threshold_pct`,
      [orgId, year, input.inventoryId, thresholdPct, triggers, keyId, scopeJson],
    );
  }
  return (await findBaseYear(db, orgId)) as BaseYear;
}

interface BaseYearRow {
  org_id: string;
  year: number;
  original_inventory_id: string;
  current_inventory_id: string;
  threshold_pct: string;
  triggers: RecalculationTrigger[];
  scope_threshold_pct: ScopeThresholds | string | null;
  set_by: string;
  key_name: string;
  key_prefix: string;
  set_at: Date;
}

interface RestatementRow {
  id: string;
  restated_inventory_id: string;
  restatement_inventory_id: string;
  reason: string;
  required: boolean;
  change_kg: string;
  change_pct: string;
  restated_by: string;
  key_name: string;
  key_prefix: string;
  restated_at: Date;
}

export async function findBaseYear(db: Queryable, orgId: string): Promise<BaseYear | undefined> {
  const { rows } = await db.query<BaseYearRow>(
    `select b.org_id, b.year, b.original_inventory_id, b.current_inventory_id, b.threshold_pct::text as threshold_pct,
       b.triggers, b.scope_threshold_pct, b.set_by, k.name as key_name, k.key_prefix, b.set_at
     from base_years b join api_keys k on k.id = b.set_by where b.org_id = $1::uuid`,
    [orgId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { rows: restatements } = await db.query<RestatementRow>(
    `select r.id::text as id, r.restated_inventory_id, r.restatement_inventory_id, r.reason, r.required,
       r.recalculation->>'cumulativeChangeKgCO2e' as change_kg, r.recalculation->>'cumulativeChangePct' as change_pct,
       r.restated_by, k.name as key_name, k.key_prefix, r.restated_at
     from base_year_restatements r join api_keys k on k.id = r.restated_by
     where r.org_id = $1::uuid and r.year = $2::integer order by r.id`,
    [orgId, row.year],
  );
  // The lineage of this base year: from its original inventory, each restatement of the one before.
  const byRestated = new Map(restatements.map((r) => [r.restated_inventory_id, r]));
  const lineage: RestatementRow[] = [];
  for (let r = byRestated.get(row.original_inventory_id); r && lineage.length < restatements.length;) {
    lineage.push(r);
    r = byRestated.get(r.restatement_inventory_id);
  }
  return {
    orgId: row.org_id,
    year: row.year,
    originalInventoryId: row.original_inventory_id,
    currentInventoryId: row.current_inventory_id,
    restated: row.current_inventory_id !== row.original_inventory_id,
    policy: {
      thresholdPct: row.threshold_pct,
      triggers: row.triggers,
      ...(row.scope_threshold_pct === null ? {} : { scopeThresholdPct: inScopeOrder(row.scope_threshold_pct) }),
    },
    setBy: { keyId: row.set_by, keyName: row.key_name, keyPrefix: row.key_prefix },
    setAt: row.set_at,
    restatements: lineage.map((r) => ({
      id: Number(r.id),
      restatedInventoryId: r.restated_inventory_id,
      restatementInventoryId: r.restatement_inventory_id,
      reason: r.reason,
      required: r.required,
      cumulativeChangeKgCO2e: r.change_kg,
      cumulativeChangePct: r.change_pct,
      restatedBy: { keyId: r.restated_by, keyName: r.key_name, keyPrefix: r.key_prefix },
      restatedAt: r.restated_at,
    })),
  };
}

export async function getBaseYear(db: Queryable, orgId: string): Promise<BaseYear> {
  const found = await findBaseYear(db, orgId);
  if (!found) throw new NengtanError('NT_ERR_BASE_YEAR_UNSET');
  return found;
}

/** Whether a draft inventory stands for (or stood for) a base year: it is then kept, never replaced in place. */
export async function isBaseYearInventory(db: Queryable, inventoryId: string): Promise<boolean> {
  const { rows } = await db.query<{ pinned: boolean }>(
    `select exists (select 1 from base_years where original_inventory_id = $1::uuid or current_inventory_id = $1::uuid)
       or exists (select 1 from base_year_restatements
                  where restated_inventory_id = $1::uuid or restatement_inventory_id = $1::uuid) as pinned`,
    [inventoryId],
  );
  return rows[0].pinned;
}
