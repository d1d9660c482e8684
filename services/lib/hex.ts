/** `0x`-prefixed lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return '0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Bytes of a `0x`-prefixed (or bare) hex string; throws on odd length or non-hex characters. */
export function fromHex(hex: string): Uint8Array {
  const body = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (body.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(body)) throw new Error(`not a hex string: ${hex.slice(0, 20)}`);
  return new Uint8Array(Buffer.from(body, 'hex'));
}

/** True when `value` is a `0x`-prefixed hex string of exactly `bytes` bytes. */
export function isHexOfLength(value: unknown, bytes: number): value is string {
  return typeof value === 'string' && value.length === 2 + bytes * 2 && /^0x[0-9a-fA-F]*$/.test(value);
}

export const ZERO_BYTES32 = '0x' + '00'.repeat(32);
