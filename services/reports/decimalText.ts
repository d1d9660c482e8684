import { add, compare, formatUnits, parseDecimal, type Decimal } from '../lib/decimal';

/**
 * Display of the decimal strings an inventory document holds. Reports never parse figures into binary floating
 * point: digits are only regrouped, or the decimal point moved (× or ÷ a power of ten, which is exact), so that a
 * report shows exactly what the hashed document says.
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

function split(text: string): { sign: string; whole: string; fraction: string } {
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`not a decimal string: ${JSON.stringify(String(text).slice(0, 40))}`);
  return { sign: m[1], whole: m[2], fraction: m[3] ?? '' };
}

/** "1234567.891" → "1,234,567.891" (digits unchanged, separators added to the whole part). */
export function groupThousands(text: string): string {
  const { sign, whole, fraction } = split(text);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** `text` × 10^places, exactly, by moving the decimal point ("561700.000", -3 → "561.700000"). */
export function shiftDecimal(text: string, places: number): string {
  const { sign, whole, fraction } = split(text);
  let digits = whole + fraction;
  let scale = fraction.length - places;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  digits = digits.padStart(scale + 1, '0');
  const intPart = digits.slice(0, digits.length - scale).replace(/^0+(?=\d)/, '');
  const body = scale === 0 ? intPart : `${intPart}.${digits.slice(digits.length - scale)}`;
  return `${sign}${body}`;
}

/** Trailing fractional zeros dropped, keeping at least `minScale` decimals (no rounding: only zeros go). */
export function trimZeros(text: string, minScale: number): string {
  const { sign, whole, fraction } = split(text);
  let f = fraction;
  while (f.length > minScale && f.endsWith('0')) f = f.slice(0, -1);
  return `${sign}${whole}${f ? `.${f}` : ''}`;
}

/** kg → t (kgCO2e → tCO2e, kgce → tce): ÷ 1000 exactly, at least 3 decimals. */
export function thousandth(text: string): string {
  return trimZeros(shiftDecimal(text, -3), 3);
}

/** A share ("0.0523") as a percentage ("5.23"), exactly. */
export function shareAsPercent(share: string): string {
  return shiftDecimal(share, 2);
}

/** `-text`, by its sign ("0.000" stays unsigned). */
export function negate(text: string): string {
  const { sign, whole, fraction } = split(text);
  const body = `${whole}${fraction ? `.${fraction}` : ''}`;
  return sign || /^[0.]+$/.test(body) ? body : `-${body}`;
}

/** A plain decimal string as a Decimal; exponents and signs other than "-" are refused, unlike parseDecimal. */
function strict(text: string): Decimal {
  split(text);
  return parseDecimal(text);
}

/** The exact sum of decimal strings, at the largest scale among them and `minScale` ("0.000" for none at 3). */
export function sumDecimalTexts(texts: readonly string[], minScale = 0): string {
  let total: Decimal = { units: 0n, scale: minScale };
  for (const t of texts) total = add(total, strict(t));
  return formatUnits(total.units, total.scale);
}

export function compareDecimalTexts(a: string, b: string): -1 | 0 | 1 {
  return compare(strict(a), strict(b));
}

export function isDecimalText(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}
