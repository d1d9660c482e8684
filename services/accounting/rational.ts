import { divideHalfEven, formatUnits, type Decimal } from '../lib/decimal';

/**
 * Exact rational numbers (bigint numerator / positive bigint denominator) for emission arithmetic. Factors are
 * decimals, but formulas are not: 44/12 (CO2 per C) has no finite decimal, so results stay exact fractions until the
 * one rounding at presentation (half to even, at a stated number of decimals).
 */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function rational(n: bigint, d = 1n): Rational {
  if (d === 0n) throw new RangeError('rational with zero denominator');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export const ZERO = rational(0n);
export const ONE = rational(1n);

export function fromDecimal(x: Decimal): Rational {
  return rational(x.units, 10n ** BigInt(x.scale));
}

/** A decimal string ("0.5703") as a rational; integers and fractions ("44/12") are accepted too. */
export function parseRational(text: string): Rational {
  const slash = text.indexOf('/');
  if (slash !== -1) {
    const a = parseRational(text.slice(0, slash));
    const b = parseRational(text.slice(slash + 1));
    return div(a, b);
  }
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`not a decimal: ${text}`);
  const frac = m[3] ?? '';
  return rational(BigInt((m[1] ?? '') + m[2] + frac), 10n ** BigInt(frac.length));
}

export function add(a: Rational, b: Rational): Rational {
  return rational(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function sub(a: Rational, b: Rational): Rational {
  return rational(a.n * b.d - b.n * a.d, a.d * b.d);
}

export function mul(...xs: Rational[]): Rational {
  return xs.reduce((acc, x) => rational(acc.n * x.n, acc.d * x.d), ONE);
}

export function div(a: Rational, b: Rational): Rational {
  if (b.n === 0n) throw new RangeError('division by zero');
  return rational(a.n * b.d, a.d * b.n);
}

export function sum(xs: Iterable<Rational>): Rational {
  let acc = ZERO;
  for (const x of xs) acc = add(acc, x);
  return acc;
}

export function min(a: Rational, b: Rational): Rational {
  return compare(a, b) <= 0 ? a : b;
}

export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const x = a.n * b.d;
  const y = b.n * a.d;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(a: Rational): boolean {
  return a.n === 0n;
}

/** `a` rounded half to even at `scale` decimals, as scaled units. */
export function roundToUnits(a: Rational, scale: number): bigint {
  return divideHalfEven(a.n * 10n ** BigInt(scale), a.d);
}

/** `a` rounded half to even at `scale` decimals, as a decimal string ("12.346"). */
export function format(a: Rational, scale: number): string {
  return formatUnits(roundToUnits(a, scale), scale);
}

/** The exact value as "n/d" (or "n"), for traces that must not lose anything. */
export function exact(a: Rational): string {
  return a.d === 1n ? a.n.toString() : `${a.n}/${a.d}`;
}
