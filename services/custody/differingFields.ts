/** Two values the same: hex strings and addresses whatever their case, numbers and bigints by value. */
function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (typeof v === 'string' && /^0x[0-9a-fA-F]*$/.test(v) ? v.toLowerCase() : String(v));
  return norm(a) === norm(b);
}

/**
 * The names of the fields whose actual value (an event's argument, a record on chain) is not the one expected: what a
 * confirmation names when a transaction is not the one an action expects.
 */
export function differingFields(pairs: [name: string, actual: unknown, expected: unknown][]): string[] {
  return pairs.filter(([, actual, expected]) => !same(actual, expected)).map(([name]) => name);
}
