import type { InventoryDocument, SourceLine } from '../accounting/computeInventory';
import { lookup, type ReportLabels } from './reportLabels';

/** Estimated shares above this are flagged: the 5 % materiality convention of ISO 14064-3 verification. */
export const ESTIMATED_SHARE_FLAG = '0.05';

export type FactorEntry = SourceLine['factors'][number];

/** A factor of the document with every use of it ("E-1 2023"), listed once. */
export interface FactorUse {
  factor: FactorEntry;
  usedFor: string[];
}

/**
 * The factors an inventory applied, each listed once in the order of first use (source lines, then the residual-mix
 * factors of market-based Scope 2), with the lines that used it. Two entries are the same factor when everything the
 * document says about them is the same.
 */
export function factorUses(doc: InventoryDocument, labels: ReportLabels): FactorUse[] {
  const byKey = new Map<string, FactorUse>();
  const use = (factor: FactorEntry, usedFor: string) => {
    const key = JSON.stringify(factor);
    const entry = byKey.get(key) ?? { factor, usedFor: [] };
    if (!entry.usedFor.includes(usedFor)) entry.usedFor.push(usedFor);
    byKey.set(key, entry);
  };
  for (const s of doc.sources) for (const f of s.factors) use(f, `${s.meter.externalId} ${s.year}`);
  for (const y of doc.marketBased.byYear) {
    use(y.residualFactor, labels.residualFactorUse(y.year));
    if (y.supplierFactor) use(y.supplierFactor, labels.residualFactorUse(y.year));
  }
  return [...byKey.values()];
}

export function kindLabel(kind: string, labels: ReportLabels): string {
  return lookup(labels.kinds, kind) ?? kind;
}

export function scopeLabel(scope: SourceLine['scope'], labels: ReportLabels): string {
  return scope === 1 ? labels.scope1 : scope === 2 ? labels.scope2 : labels.deducted;
}

export function isoCategoryLabel(category: number, labels: ReportLabels): string {
  return category === 1 ? labels.isoCategory1 : category === 2 ? labels.isoCategory2 : String(category);
}

/** The site of a boundary site id, by name; the organisation as a whole where the id is null. */
export function siteNameOf(doc: InventoryDocument, siteId: string | null, labels: ReportLabels): string {
  if (siteId === null) return labels.wholeOrganisation;
  return doc.boundary.sites.find((s) => s.id === siteId)?.name ?? siteId;
}

export function qualityLabel(quality: string, labels: ReportLabels): string {
  return lookup(labels.qualities, quality) ?? quality;
}

/** A method statement of the document as text (they are strings; anything else is shown as its JSON). */
export function methodText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
