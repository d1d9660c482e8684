import type { Factor, MarketYear } from './carbonTypes';

/** A contract's line in a year of the market-based part (services/accounting/computeInventory.ts, marketBased). */
export interface ContractYearLine {
  ref: string;
  start: string;
  contractedMWh: string;
  appliedMWh: string;
  factor: string;
  co2e: string;
}

/** A year of the market-based part with the fields the document has only when contracts or a supplier rate apply. */
export type HierarchyYear = MarketYear & {
  contracts?: ContractYearLine[];
  contractsCo2e?: string;
  supplierMWh?: string;
  supplierFactor?: Factor;
  supplierCo2e?: string;
  residualCo2e?: string;
};

function parts(text: string): { units: bigint; scale: number } {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const units = BigInt((whole || '0') + fraction);
  return { units: negative ? -units : units, scale: fraction.length };
}

/** units × 10^-scale rounded half away from zero to three decimals (kg CO2e as the inventory states it). */
function kg(units: bigint, scale: number): string {
  let thousandths = units;
  if (scale > 3) {
    const divisor = 10n ** BigInt(scale - 3);
    thousandths = units / divisor;
    const remainder = units % divisor;
    if ((remainder < 0n ? -remainder : remainder) * 2n >= divisor) thousandths += units < 0n ? -1n : 1n;
  } else {
    thousandths = units * 10n ** BigInt(3 - scale);
  }
  const negative = thousandths < 0n;
  const digits = (negative ? -thousandths : thousandths).toString().padStart(4, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -3)}.${digits.slice(-3)}`;
}

/**
 * How much the contracts changed market-based Scope 2 in kg CO2e (negative: lower): without them, the MWh they covered
 * would fall to the next level of the hierarchy, the supplier-specific factor when the year has one, else the residual
 * mix. Σ applied MWh × (contract factor − next factor) × 1000, exactly, then rounded to three decimals; null when no
 * contract applies.
 */
export function contractEffect(years: readonly HierarchyYear[]): string | null {
  if (!years.some((y) => y.contracts)) return null;
  // Every term exactly, as units at its own scale; summed at the largest scale, so nothing rounds before the end.
  const terms: { units: bigint; scale: number }[] = [];
  for (const y of years) {
    const next = parts((y.supplierFactor ?? y.residualFactor).value);
    for (const c of y.contracts ?? []) {
      const applied = parts(c.appliedMWh);
      const factor = parts(c.factor);
      // (factor − next) at a common scale, times applied MWh, times 1000 kg/t.
      const scale = Math.max(factor.scale, next.scale);
      const difference =
        factor.units * 10n ** BigInt(scale - factor.scale) - next.units * 10n ** BigInt(scale - next.scale);
      terms.push({ units: applied.units * difference * 1000n, scale: applied.scale + scale });
    }
  }
  const SCALE = Math.max(0, ...terms.map((term) => term.scale));
  const total = terms.reduce((sum, term) => sum + term.units * 10n ** BigInt(SCALE - term.scale), 0n);
  return kg(total, SCALE);
}
