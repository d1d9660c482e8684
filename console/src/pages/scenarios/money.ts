/**
 * An amount in minor units (分, cents) as a decimal string, shown in major units (元) by moving the decimal point two
 * places: text in, text out, no float on the way ("-12345.00" → "-123.45", "5" → "0.05").
 */
export function minorToMajor(minor: string): string {
  const negative = minor.startsWith('-');
  const [whole, fraction = ''] = minor.replace(/^[-+]/, '').split('.');
  const digits = whole.padStart(3, '0');
  const major = `${digits.slice(0, -2).replace(/^0+(?=\d)/, '')}.${digits.slice(-2)}${fraction}`.replace(
    /(\.\d\d\d*?)0+$/,
    '$1',
  );
  return negative && /[1-9]/.test(major) ? `-${major}` : major;
}
