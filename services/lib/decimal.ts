/**
 * Exact decimal arithmetic on scaled bigints. Energy and emission quantities never pass through binary floating
 * point: a decimal is `units × 10^-scale`, e.g. 12.345 kWh is { units: 12345n, scale: 3 }.
 */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d{1,4}))?$/;
const MAX_DIGITS = 60;

/** Parses a decimal string (optionally with an exponent, as JavaScript prints small numbers) exactly. */
export function parseDecimal(text: string): Decimal {
  const match = DECIMAL_PATTERN.exec(text.trim());
  if (!match) throw new RangeError(`not a decimal number: ${JSON.stringify(text.slice(0, 40))}`);
  const [, sign, whole, fraction = '', exponentText] = match;
  if (whole.length + fraction.length > MAX_DIGITS) throw new RangeError(`too many digits: ${text.slice(0, 40)}`);
  let units = BigInt(whole + fraction);
  let scale = fraction.length - (exponentText ? Number(exponentText) : 0);
  // Bound the digits an exponent can create, like the digits written: "1e9999" is not a meter value.
  if (scale < 0 && whole.length + fraction.length - scale > MAX_DIGITS)
    throw new RangeError(`exponent out of range: ${text.slice(0, 40)}`);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (scale > MAX_DIGITS) throw new RangeError(`exponent out of range: ${text.slice(0, 40)}`);
  return { units: sign === '-' ? -units : units, scale };
}

/** A decimal from a JSON value: strings exactly, numbers through their shortest round-trip decimal form. */
export function decimalFromJson(value: string | number): Decimal {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return parseDecimal(String(value));
  }
  return parseDecimal(value);
}

/** Integer division rounding half to even (banker's rounding), the rounding rule for every quantity here. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) return divideHalfEven(-numerator, -denominator);
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator - quotient * denominator;
  if (remainder === 0n) return quotient;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  const away = remainder < 0n ? quotient - 1n : quotient + 1n;
  if (twice > denominator) return away;
  if (twice < denominator) return quotient;
  return quotient % 2n === 0n ? quotient : away;
}

/** `d` expressed at `scale` decimals, rounding half to even; `exact` is false when digits were dropped. */
export function rescale(d: Decimal, scale: number): { units: bigint; exact: boolean } {
  if (scale >= d.scale) return { units: d.units * 10n ** BigInt(scale - d.scale), exact: true };
  const divisor = 10n ** BigInt(d.scale - scale);
  const units = divideHalfEven(d.units, divisor);
  return { units, exact: units * divisor === d.units };
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale).units + rescale(b, scale).units, scale };
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  return add(a, { units: -b.units, scale: b.scale });
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale).units;
  const y = rescale(b, scale).units;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(d: Decimal): boolean {
  return d.units === 0n;
}

/** Formats scaled units as a plain decimal string with exactly `scale` decimals ("-1.500000"). */
export function formatUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${body}` : body;
}

/** Formats a decimal without trailing fractional zeros ("1.5", "12", "-0.001"). */
export function formatDecimal(d: Decimal): string {
  const text = formatUnits(d.units, d.scale);
  return d.scale === 0 ? text : text.replace(/\.?0+$/, '');
}
