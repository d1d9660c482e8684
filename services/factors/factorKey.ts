import type { FactorKey } from './types';

/** A map key for a factor key; JSON keeps the parts apart whatever characters they hold. */
export function factorKey(k: FactorKey): string {
  return JSON.stringify([k.category, k.subject, k.gas ?? '', k.region, k.year ?? 0]);
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The listing order of factors: category, subject, gas, region, year, each compared as in the unique key (a missing
 * gas as '', a missing year as 0). Strings compare by UTF-16 code units, never by a database collation, so that the
 * order, and with it the content hash, is the same everywhere.
 */
export function compareFactorKeys(a: FactorKey, b: FactorKey): number {
  return (
    byCodeUnits(a.category, b.category) ||
    byCodeUnits(a.subject, b.subject) ||
    byCodeUnits(a.gas ?? '', b.gas ?? '') ||
    byCodeUnits(a.region, b.region) ||
    (a.year ?? 0) - (b.year ?? 0)
  );
}

/** The key in words, for messages: "grid_electricity average (East, 2023)". */
export function describeFactorKey(k: FactorKey): string {
  const where = [k.gas, k.region === 'national' ? null : k.region, k.year === null ? null : String(k.year)].filter(
    (part): part is string => part !== null,
  );
  return `${k.category} ${k.subject}${where.length > 0 ? ` (${where.join(', ')})` : ''}`;
}
