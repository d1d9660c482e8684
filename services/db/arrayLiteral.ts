/**
 * PostgreSQL array literals built in one pass, for the ingest path's large array parameters (thousands of elements
 * each): `pg` would escape every element through several calls; here only text that may need it is quoted.
 */

/** `{1,2,NULL}` from integers (or null); anything else is refused rather than sent. */
export function integerArrayLiteral(values: readonly (number | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && !Number.isSafeInteger(v)) throw new RangeError(`not an integer: ${String(v)}`);
    out += (i === 0 ? '' : ',') + (v === null ? 'NULL' : String(v));
  }
  return out + '}';
}

const PLAIN = /^[0-9A-Za-z.:+-]+$/;

/**
 * `{"a","b",NULL}` from text (or null). Elements made only of letters, digits and `.:+-` (UUIDs, decimals, hex, ISO
 * times) go unquoted, except the word NULL in any case; every other element is quoted with `\` and `"` escaped.
 */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let element: string;
    if (v === null) element = 'NULL';
    else if (PLAIN.test(v) && v.toLowerCase() !== 'null') element = v;
    else element = `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    out += (i === 0 ? '' : ',') + element;
  }
  return out + '}';
}
