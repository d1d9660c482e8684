import { div, format, isZero, mul, rational, type Rational } from '../accounting/rational';
import { QUANTITY_SCALE } from '../lib/leafSchema';

/** Presentation of exact figures: quantities and kgce to 10^-6 (the reading scale), CNY to the fen, shares in %. */
export const quantityText = (q: Rational) => format(q, QUANTITY_SCALE);
export const cnyText = (q: Rational) => format(q, 2);
export const percentText = (part: Rational, whole: Rational): string | null =>
  isZero(whole) ? null : format(mul(div(part, whole), rational(100n)), 1);
export const percentNumberText = (percent: Rational) => format(percent, 1);
