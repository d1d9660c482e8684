import { add, compare, div, rational, sub, type Rational } from '../accounting/rational';

/** The exact median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly Rational[]): Rational {
  const sorted = [...values].sort(compare);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : div(add(sorted[mid - 1], sorted[mid]), rational(2n));
}

/** The median absolute deviation from the median. */
export function medianAbsoluteDeviation(values: readonly Rational[], centre: Rational): Rational {
  return median(values.map((v) => abs(sub(v, centre))));
}

export function abs(x: Rational): Rational {
  return x.n < 0n ? rational(-x.n, x.d) : x;
}

/** 1.4826: the MAD scaled to estimate a normal distribution's standard deviation. */
export const MAD_TO_SIGMA = rational(14826n, 10000n);
