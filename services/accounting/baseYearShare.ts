import type { InventoryDocument } from './computeInventory';
import type { NonMeteredLine } from './nonMeteredSources';
import { add, div, format, mul, parseRational, rational, sub, ZERO } from './rational';

/** What changed hands since the base year: whole sites, or single meters of a site that stays. */
export interface StructuralPart {
  siteIds?: string[];
  meterIds?: string[];
}

export interface BaseYearShare {
  /** The part's base-year emissions as the base-year inventory states them, location-based and net of exports. */
  kgCO2e: string;
  /** That share in percent of the stated base-year total (4 decimals); null when the total is zero. */
  pct: string | null;
  /** Each stated line counted: meter lines by meter and year, non-metered lines by record. */
  lines: { meterId?: string; record?: string; siteId: string | null; year?: number; kgCO2e: string }[];
}

/**
 * A structural part's share of the base year, read from the base-year inventory's own lines (GHG Protocol Corporate
 * Standard ch. 5: a divestment takes its base-year emissions out, an acquisition of a part measured in the base year
 * brings them in). Meter lines of the part count with their sign in the total (purchases and own combustion add,
 * exports deduct); non-metered Scope 1 lines count for the sites named (biomass CO2 is a memo item and does not). The
 * sum is of the stated 3-decimal line figures, so anyone can redo it from the document.
 */
export function baseYearShareOf(
  document: Pick<InventoryDocument, 'boundary' | 'sources' | 'results'> & { nonMeteredSources?: NonMeteredLine[] },
  part: StructuralPart,
): BaseYearShare {
  const siteIds = new Set(part.siteIds ?? []);
  const meterIds = new Set(part.meterIds ?? []);
  const siteOfMeter = new Map(document.boundary.meters.map((m) => [m.id, m.siteId]));
  const lines: BaseYearShare['lines'] = [];
  let total = ZERO;
  for (const s of document.sources) {
    const siteId = siteOfMeter.get(s.meter.id) ?? null;
    if (!meterIds.has(s.meter.id) && !(siteId !== null && siteIds.has(siteId))) continue;
    const value = parseRational(s.emissions.co2e);
    const signed = s.scope === 'deducted' ? sub(ZERO, value) : value;
    total = add(total, signed);
    lines.push({ meterId: s.meter.id, siteId, year: s.year, kgCO2e: format(signed, 3) });
  }
  for (const n of document.nonMeteredSources ?? []) {
    if (n.scope !== 1 || n.siteId === null || !siteIds.has(n.siteId)) continue;
    total = add(total, parseRational(n.emissions.co2e));
    lines.push({ record: n.record, siteId: n.siteId, kgCO2e: n.emissions.co2e });
  }
  const stated = parseRational(document.results.totalLocationBased);
  return {
    kgCO2e: format(total, 3),
    pct: stated.n === 0n ? null : format(div(mul(total, rational(100n)), stated), 4),
    lines,
  };
}
