/**
 * Decimal strings as the API sends them ("1234.567890", "-0.5"), compared and divided without floats: a shown ratio
 * must not differ from the figures it is computed from by binary rounding.
 */
const SCALE = 12;

function scaled(value: string): bigint {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = value.replace(/^[-+]/, '').split('.');
  const digits = BigInt(whole + fraction.padEnd(SCALE, '0').slice(0, SCALE));
  return negative ? -digits : digits;
}

/**
 * The change from `before` to `now` in per cent with one decimal ("+12.3", "-4.0"), rounded half away from zero, or
 * null when `before` is zero (a change from nothing has no percentage).
 */
export function percentChange(now: string, before: string): string | null {
  const b = scaled(before);
  if (b === 0n) return null;
  const difference = scaled(now) - b;
  // Per cent with one decimal = difference / before * 1000, in tenths.
  const numerator = difference * 1000n;
  const denominator = b < 0n ? -b : b;
  let tenths = numerator / denominator;
  const remainder = numerator % denominator;
  if ((remainder < 0n ? -remainder : remainder) * 2n >= denominator) tenths += numerator < 0n ? -1n : 1n;
  const sign = tenths < 0n ? '-' : '+';
  const absolute = tenths < 0n ? -tenths : tenths;
  return `${sign}${absolute / 10n}.${absolute % 10n}`;
}
