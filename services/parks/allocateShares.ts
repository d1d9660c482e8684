import { add, div, mul, parseRational, rational, roundToUnits, sub, ZERO, type Rational } from '../accounting/rational';
import { formatUnits } from '../lib/decimal';

/**
 * Splits `total` over weights in proportion, at `scale` decimals, so that the parts add up to `total` exactly:
 * each part is floored at the scale, and the units left over go one each to the largest remainders (ties to the
 * earlier entry). Zero weights get zero; all-zero weights leave nothing allocated (every part zero).
 */
export function allocateShares(total: string, weights: readonly Rational[], scale: number): string[] {
  const whole = parseRational(total);
  const sumOfWeights = weights.reduce((s, w) => add(s, w), ZERO);
  if (sumOfWeights.n === 0n) return weights.map(() => formatUnits(0n, scale));
  const unit = 10n ** BigInt(scale);
  const totalUnits = roundToUnits(whole, scale);
  const exact = weights.map((w) => mul(div(w, sumOfWeights), whole));
  const floors = exact.map((x) => (x.n * unit) / x.d);
  const remainders = exact.map((x, i) => sub(mul(x, rational(unit)), rational(floors[i])));
  let left = totalUnits - floors.reduce((s, x) => s + x, 0n);
  const order = remainders
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const d = sub(b.r, a.r);
      return d.n > 0n ? 1 : d.n < 0n ? -1 : a.i - b.i;
    });
  for (const { i } of order) {
    if (left <= 0n) break;
    floors[i] += 1n;
    left -= 1n;
  }
  return floors.map((units) => formatUnits(units, scale));
}
