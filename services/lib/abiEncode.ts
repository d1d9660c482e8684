/**
 * A small, fast `abi.encode` for flat tuples of elementary types, used on the hot path of leaf hashing. It produces
 * byte-for-byte what Solidity's `abi.encode(...)` and ethers' `AbiCoder.encode` produce for the same types (tests
 * cross-check it against ethers); ethers remains the reference that receipt verifiers use.
 */
export type AbiValue = bigint | number | string | boolean;

const WORD = 32;
const TWO_256 = 1n << 256n;
const encoder = new TextEncoder();

interface TypeInfo {
  kind: 'uint' | 'int' | 'bytes32' | 'address' | 'bool' | 'string';
  bits: number;
}

const typeCache = new Map<string, TypeInfo>();

function typeInfo(type: string): TypeInfo {
  let info = typeCache.get(type);
  if (info) return info;
  const m = /^(uint|int)(\d*)$/.exec(type);
  if (m) {
    const bits = m[2] === '' ? 256 : Number(m[2]);
    if (bits < 8 || bits > 256 || bits % 8 !== 0) throw new Error(`unsupported ABI type ${type}`);
    info = { kind: m[1] as 'uint' | 'int', bits };
  } else if (type === 'bytes32' || type === 'address' || type === 'bool' || type === 'string') {
    info = { kind: type, bits: 0 };
  } else {
    throw new Error(`unsupported ABI type ${type}`);
  }
  typeCache.set(type, info);
  return info;
}

function writeBigWord(view: DataView, offset: number, value: bigint): void {
  // value is in [0, 2^256): write 32 big-endian bytes, 64 bits at a time.
  view.setBigUint64(offset, (value >> 192n) & 0xffffffffffffffffn);
  view.setBigUint64(offset + 8, (value >> 128n) & 0xffffffffffffffffn);
  view.setBigUint64(offset + 16, (value >> 64n) & 0xffffffffffffffffn);
  view.setBigUint64(offset + 24, value & 0xffffffffffffffffn);
}

function writeSmallUint(view: DataView, offset: number, value: number): void {
  // A safe integer fits in the word's last 8 bytes (the rest is already zero); two 32-bit halves avoid a BigInt.
  view.setUint32(offset + 24, Math.floor(value / 0x1_0000_0000));
  view.setUint32(offset + 28, value >>> 0);
}

const HEX = /^0x[0-9a-fA-F]*$/;

function writeHexBytes(out: Buffer, offset: number, hex: string, length: number, leftPad: boolean): void {
  if (typeof hex !== 'string' || hex.length !== 2 + length * 2 || !HEX.test(hex)) {
    throw new Error(`expected ${length}-byte hex, got ${String(hex).slice(0, 24)}`);
  }
  out.write(hex.slice(2), leftPad ? offset + WORD - length : offset, length, 'hex');
}

// UTF-8 bytes of short strings that recur in every leaf of a meter (organisation and meter ids, kinds, units).
const utf8Cache = new Map<string, Uint8Array>();
const UTF8_CACHE_MAX = 10_000;

function utf8(text: string): Uint8Array {
  let bytes = utf8Cache.get(text);
  if (bytes) return bytes;
  // A lone surrogate would be replaced by U+FFFD, making two different strings encode alike.
  if (!text.isWellFormed()) throw new Error('string has a lone surrogate');
  bytes = encoder.encode(text);
  if (text.length <= 128) {
    if (utf8Cache.size >= UTF8_CACHE_MAX) utf8Cache.clear();
    utf8Cache.set(text, bytes);
  }
  return bytes;
}

/** `abi.encode(values)` for the given elementary `types`. Integers may be bigint, safe-integer numbers or strings. */
export function abiEncode(types: readonly string[], values: readonly AbiValue[]): Uint8Array {
  if (types.length !== values.length) throw new Error(`abiEncode: ${types.length} types, ${values.length} values`);
  const infos = types.map(typeInfo);
  const strings: (Uint8Array | undefined)[] = new Array(types.length);
  let size = WORD * types.length;
  for (let i = 0; i < infos.length; i++) {
    if (infos[i].kind === 'string') {
      const bytes = utf8(String(values[i]));
      strings[i] = bytes;
      size += WORD + Math.ceil(bytes.length / WORD) * WORD;
    }
  }
  const out = Buffer.alloc(size);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let tail = WORD * types.length;
  for (let i = 0; i < infos.length; i++) {
    const head = i * WORD;
    const { kind, bits } = infos[i];
    const value = values[i];
    switch (kind) {
      case 'uint':
      case 'int': {
        const limit = kind === 'uint' ? bits : bits - 1;
        if (
          typeof value === 'number' &&
          Number.isSafeInteger(value) &&
          value >= 0 &&
          (limit >= 53 || value < 2 ** limit)
        ) {
          writeSmallUint(view, head, value);
          break;
        }
        if (typeof value === 'string' && !/^-?\d+$/.test(value))
          throw new Error(`not an integer: "${value.slice(0, 40)}"`);
        if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`);
        const v = typeof value === 'bigint' ? value : BigInt(value as string | number);
        const min = kind === 'uint' ? 0n : -(1n << BigInt(bits - 1));
        const max = kind === 'uint' ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n;
        if (v < min || v > max) throw new Error(`value ${v} out of range for ${kind}${bits}`);
        writeBigWord(view, head, v < 0n ? TWO_256 + v : v);
        break;
      }
      case 'bool':
        out[head + WORD - 1] = value ? 1 : 0;
        break;
      case 'bytes32':
        writeHexBytes(out, head, value as string, 32, false);
        break;
      case 'address':
        writeHexBytes(out, head, value as string, 20, true);
        break;
      case 'string': {
        const bytes = strings[i] as Uint8Array;
        writeSmallUint(view, head, tail);
        writeSmallUint(view, tail, bytes.length);
        out.set(bytes, tail + WORD);
        tail += WORD + Math.ceil(bytes.length / WORD) * WORD;
        break;
      }
    }
  }
  return out;
}
