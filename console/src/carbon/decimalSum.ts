/**
 * Exact sums of the decimal strings the API returns (kg CO2e with three decimals, activity quantities): as scaled
 * integers, never as floating point, so a total shown is the sum of the figures shown.
 */
function parts(text: string): { units: bigint; scale: number } {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const units = BigInt((whole || '0') + fraction);
  return { units: negative ? -units : units, scale: fraction.length };
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** a + b + …, at the largest scale among the terms; '0' for no terms. */
export function decimalSum(terms: readonly string[]): string {
  if (terms.length === 0) return '0';
  const parsed = terms.map(parts);
  const scale = Math.max(...parsed.map((p) => p.scale));
  const total = parsed.reduce((acc, p) => acc + p.units * 10n ** BigInt(scale - p.scale), 0n);
  return format(total, scale);
}

/** -a, for figures that are deducted (exported electricity and heat). */
export function decimalNegate(text: string): string {
  const { units, scale } = parts(text);
  return format(-units, scale);
}
