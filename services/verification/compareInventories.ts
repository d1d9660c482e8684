import type { InventoryDocument } from '../accounting/computeInventory';
import { div, parseRational, sub, compare, format, rational, type Rational } from '../accounting/rational';

export interface Difference {
  figure: string;
  claimed: string;
  recomputed: string;
  difference: string;
  /** |difference| / |recomputed total (location-based)|, as a decimal fraction. */
  relativeToTotal: string;
}

export interface Comparison {
  identical: boolean;
  differences: Difference[];
  /** Paths outside the results where the documents differ (boundary, activity, factors…), at most 50. */
  otherDifferences: string[];
  materialityBps: number;
  /** Largest |difference| relative to the recomputed location-based total, in basis points (rounded up). */
  largestBps: number;
  withinMateriality: boolean;
  /** What the figures support; the verifier decides. */
  suggestedOpinion: 'verified' | 'qualified' | 'rejected';
}

function differingPaths(a: unknown, b: unknown, path: string, out: string[]): void {
  if (out.length >= 50 || JSON.stringify(a) === JSON.stringify(b)) return;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const step = Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`;
      differingPaths((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], step, out);
    }
    return;
  }
  out.push(path);
}

const abs = (x: Rational) => (x.n < 0n ? rational(-x.n, x.d) : x);

/**
 * Compares a claimed inventory with one recomputed from anchored readings, figure by figure, and states whether the
 * misstatement stays within materiality (ISO 14064-3; 5 % = 500 bps is the common convention).
 */
export function compareInventories(
  claimed: InventoryDocument,
  recomputed: InventoryDocument,
  materialityBps = 500,
): Comparison {
  const total = abs(parseRational(recomputed.results.totalLocationBased));
  const differences: Difference[] = [];
  let largest = rational(0n);
  for (const [figure, value] of Object.entries(recomputed.results)) {
    const claimedValue = claimed.results[figure];
    if (figure === 'unit' || claimedValue === value) continue;
    const d = sub(parseRational(claimedValue ?? '0'), parseRational(value));
    const relative = total.n === 0n ? rational(d.n === 0n ? 0n : 1n) : div(abs(d), total);
    if (compare(relative, largest) > 0) largest = relative;
    differences.push({
      figure,
      claimed: claimedValue ?? '(missing)',
      recomputed: value,
      difference: format(d, 3),
      relativeToTotal: format(relative, 6),
    });
  }
  const largestBps = Number((largest.n * 10_000n + largest.d - 1n) / largest.d);
  const otherDifferences: string[] = [];
  differingPaths({ ...claimed, results: null }, { ...recomputed, results: null }, '$', otherDifferences);
  const identical = differences.length === 0 && otherDifferences.length === 0;
  const withinMateriality = largestBps <= materialityBps;
  return {
    identical,
    differences,
    otherDifferences,
    materialityBps,
    largestBps,
    withinMateriality,
    suggestedOpinion: differences.length === 0 ? 'verified' : withinMateriality ? 'qualified' : 'rejected',
  };
}
