/**
 * The bytes of a WebAssembly module computing Keccak-256, generated here: the project has no WebAssembly toolchain,
 * and the permutation is a short, fixed sequence of 64-bit xor, and-not and rotate that a generator states plainly.
 * The module hashes many messages per call (the leaf encodings of a batch, every word of a buffer, every sorted pair
 * of a Merkle level), so a call from JavaScript is paid once per batch rather than once per hash, and it hashes them
 * two at a time: lane i of two messages side by side in one 128-bit SIMD value.
 *
 * Keccak-256 as Ethereum uses it: rate 136 bytes, the original Keccak padding (0x01 … 0x80), not NIST SHA3-256.
 * Lanes are little-endian 64-bit words, lane (x, y) at index x + 5y, as in the Keccak reference.
 *
 * Measured in V8 (Node 20, x64): with the 25 lanes in locals and one round per loop iteration a permutation takes
 * ~0.32 µs on 64-bit lanes and ~0.42 µs for two messages on SIMD lanes (hash-wasm: ~0.40 µs). Unrolling all 24 rounds
 * is ~2× slower (the body no longer fits the instruction cache); keeping the state in memory, one plane at a time, is
 * no faster.
 */

/** Byte offsets in the module's memory. Everything from {@link KECCAK_SCRATCH} to the end is the caller's. */
export const KECCAK_ROUND_CONSTANTS = 0; // 24 × 8 bytes, from the data segment
const PAD = [256, 400]; // the last, padded block of a message, of each of two messages hashed together (136 bytes)
export const KECCAK_STATE = 640; // the state between streaming calls (25 lanes, 200 bytes)
export const KECCAK_SCRATCH = 1024;
/** 4 MiB, neither grown nor shrunk: views on the memory never go stale. */
export const KECCAK_MEMORY_BYTES = 64 * 65536;
export const KECCAK_RATE = 136;

/** The module's exports; addresses and lengths are byte offsets into `memory`, counts are numbers of messages. */
export interface KeccakWasmExports {
  memory: { readonly buffer: ArrayBuffer };
  /** The digest of the `len` bytes at `ptr`, to `out`. */
  hashOne(ptr: number, len: number, out: number): void;
  /** Digest i of message i = bytes [ends[i-1], ends[i]) after `data` (ends: `count` u32 at `ends`; ends[-1] = 0). */
  hashEach(data: number, ends: number, count: number, out: number): void;
  /** Digest i of the 32-byte word i at `words`. */
  hashWords(words: number, count: number, out: number): void;
  /** Digest i of the pair of 32-byte nodes at `nodes + 64 i`, the smaller first (bytewise), as OpenZeppelin folds. */
  hashSortedPairs(nodes: number, pairs: number, out: number): void;
  /** Streaming: the state absorbs `blocks` blocks of 136 bytes at `ptr`. */
  absorb(ptr: number, blocks: number): void;
  /** Streaming: the state absorbs the last `len` (< 136) bytes, its digest goes to `out`, and it is zeroed. */
  finish(ptr: number, len: number, out: number): void;
}

const ROUND_CONSTANTS = [
  0x0000000000000001n,
  0x0000000000008082n,
  0x800000000000808an,
  0x8000000080008000n,
  0x000000000000808bn,
  0x0000000080000001n,
  0x8000000080008081n,
  0x8000000000008009n,
  0x000000000000008an,
  0x0000000000000088n,
  0x0000000080008009n,
  0x000000008000000an,
  0x000000008000808bn,
  0x800000000000008bn,
  0x8000000000008089n,
  0x8000000000008003n,
  0x8000000000008002n,
  0x8000000000000080n,
  0x000000000000800an,
  0x800000008000000an,
  0x8000000080008081n,
  0x8000000000008080n,
  0x0000000080000001n,
  0x8000000080008008n,
];

/** ρ offset of lane (x, y), indexed [x][y]. */
const ROTATIONS = [
  [0, 36, 3, 41, 18],
  [1, 44, 10, 45, 2],
  [62, 6, 43, 15, 61],
  [28, 55, 25, 21, 56],
  [27, 20, 39, 8, 14],
];

const I32 = 0x7f;
const I64 = 0x7e;
const V128 = 0x7b;
const VOID = 0x40;

const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i64Load: 0x29,
  i32Load8u: 0x2d,
  i64Store: 0x37,
  i32Store8: 0x3a,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Xor: 0x73,
  i64And: 0x83,
  i64Xor: 0x85,
  i64Rotl: 0x89,
  memoryCopy: [0xfc, 0x0a, 0x00, 0x00],
  memoryFill: [0xfc, 0x0b, 0x00],
} as const;

/** SIMD opcodes (prefix 0xfd, then the opcode as unsigned LEB128). */
const simd = {
  load64Splat: 0x0a,
  i64x2Splat: 0x12,
  and: 0x4e,
  andNot: 0x4f,
  or: 0x50,
  xor: 0x51,
  load64Lane: 0x57,
  store64Lane: 0x5b,
  load64Zero: 0x5d,
  i64x2Shl: 0xcb,
  i64x2ShrU: 0xcd,
} as const;

function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return out;
}

function signedLeb(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n; // arithmetic: the sign is carried down
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function sized(bytes: readonly number[]): number[] {
  return [...unsignedLeb(bytes.length), ...bytes];
}

function vector(items: readonly (readonly number[])[]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

function littleEndian64(value: bigint): number[] {
  return Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(8 * i)) & 0xffn));
}

/** The functions of the module, in index order; the helpers first, called by the loops after them. */
const FN = {
  hashOne: 0,
  hashTwo: 1,
  wordOne: 2,
  wordTwo: 3,
  pairOne: 4,
  pairTwo: 5,
  hashEach: 6,
  hashWords: 7,
  hashSortedPairs: 8,
  absorb: 9,
  finish: 10,
} as const;

/**
 * One function body. Locals: the i32 parameters, `i32Locals` i32 scratch locals, one i32 round counter, then the
 * lanes (i64, or v128 holding lane i of two messages): s0..s24 (the state), b0..b24 (after ρ and π), c0..c4 (column
 * parities), d0..d4 (θ's effect per column), and t (a rotation's operand).
 */
class Body {
  readonly code: number[] = [];
  private readonly round: number;
  private readonly lanes: number;
  private readonly t: number;

  constructor(
    readonly params: number,
    /** How many messages side by side: 1 (i64 lanes) or 2 (v128 lanes). */
    private readonly width: 1 | 2,
    private readonly i32Locals = 0,
  ) {
    this.round = params + i32Locals;
    this.lanes = this.round + 1;
    this.t = this.lanes + 60;
  }

  s(i: number): number {
    return this.lanes + i;
  }

  private b(i: number): number {
    return this.lanes + 25 + i;
  }

  private c(x: number): number {
    return this.lanes + 50 + x;
  }

  private d(x: number): number {
    return this.lanes + 55 + x;
  }

  emit(...bytes: readonly number[]): this {
    this.code.push(...bytes);
    return this;
  }

  private simd(opcode: number, ...immediates: number[]): this {
    return this.emit(0xfd, ...unsignedLeb(opcode), ...immediates);
  }

  get(local: number): this {
    return this.emit(op.localGet, ...unsignedLeb(local));
  }

  set(local: number): this {
    return this.emit(op.localSet, ...unsignedLeb(local));
  }

  i32(value: number): this {
    return this.emit(op.i32Const, ...signedLeb(BigInt(value | 0)));
  }

  /** `value` in a lane of every message. */
  lane(value: bigint): this {
    this.emit(op.i64Const, ...signedLeb(BigInt.asIntN(64, value)));
    return this.width === 1 ? this : this.simd(simd.i64x2Splat);
  }

  /** A load or store with a constant offset; alignment hint 1 byte, since callers pass any address. */
  mem(opcode: number, offset = 0): this {
    return this.emit(opcode, 0, ...unsignedLeb(offset));
  }

  /** local += delta (i32). */
  add(local: number, delta: number): this {
    return this.get(local).i32(delta).emit(op.i32Add).set(local);
  }

  /** `loop { if (local == 0) break; body(); }`: body is responsible for counting `local` down. */
  whileNonZero(local: number, body: () => void): this {
    this.emit(op.block, VOID, op.loop, VOID);
    this.get(local).emit(op.i32Eqz, op.brIf, 1);
    body();
    return this.emit(op.br, 0, op.end, op.end);
  }

  call(fn: number, ...args: number[]): this {
    for (const local of args) this.get(local);
    return this.emit(op.call, ...unsignedLeb(fn));
  }

  private xor(): this {
    return this.width === 1 ? this.emit(op.i64Xor) : this.simd(simd.xor);
  }

  /** Rotates the lane on the stack left by `r` (SIMD has no rotate: two shifts and an or). */
  private rotl(r: number): this {
    if (this.width === 1) return this.lane(BigInt(r)).emit(op.i64Rotl);
    this.emit(op.localTee, ...unsignedLeb(this.t))
      .i32(r)
      .simd(simd.i64x2Shl);
    return this.get(this.t)
      .i32(64 - r)
      .simd(simd.i64x2ShrU)
      .simd(simd.or);
  }

  /** Pushes lane `i` of each message: the word at `offset` after the address in local `ptrs[k]`, for message k. */
  loadLane(ptrs: readonly number[], offset: number): this {
    if (this.width === 1) return this.get(ptrs[0]).mem(op.i64Load, offset);
    this.get(ptrs[1])
      .get(ptrs[0])
      .simd(simd.load64Zero, 3, ...unsignedLeb(offset));
    return this.simd(simd.load64Lane, 3, ...unsignedLeb(offset), 1);
  }

  zeroLanes(from: number): this {
    for (let i = from; i < 25; i++) this.lane(0n).set(this.s(i));
    return this;
  }

  /** s[i] ^= lane i of the blocks at the addresses in locals `src`, for the 17 lanes of the rate. */
  absorbBlock(src: readonly number[]): this {
    for (let i = 0; i < KECCAK_RATE / 8; i++) {
      this.get(this.s(i))
        .loadLane(src, 8 * i)
        .xor()
        .set(this.s(i));
    }
    return this;
  }

  /** The 32-byte digests (lanes 0..3) to the addresses in locals `out`. */
  squeeze(out: readonly number[]): this {
    for (let i = 0; i < 4; i++) {
      if (this.width === 1)
        this.get(out[0])
          .get(this.s(i))
          .mem(op.i64Store, 8 * i);
      else
        out.forEach((o, k) =>
          this.get(o)
            .get(this.s(i))
            .simd(simd.store64Lane, 3, ...unsignedLeb(8 * i), k),
        );
    }
    return this;
  }

  /** Keccak-f[1600]: one round per loop iteration, θ folded into ρ and π, ι's constant read from memory. */
  permute(): this {
    this.i32(KECCAK_ROUND_CONSTANTS).set(this.round);
    this.emit(op.loop, VOID);
    for (let x = 0; x < 5; x++) {
      this.get(this.s(x));
      for (let y = 1; y < 5; y++) this.get(this.s(x + 5 * y)).xor();
      this.set(this.c(x));
    }
    for (let x = 0; x < 5; x++) {
      this.get(this.c((x + 4) % 5))
        .get(this.c((x + 1) % 5))
        .rotl(1)
        .xor()
        .set(this.d(x));
    }
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++) {
        this.get(this.s(x + 5 * y))
          .get(this.d(x))
          .xor();
        if (ROTATIONS[x][y] !== 0) this.rotl(ROTATIONS[x][y]);
        this.set(this.b(y + 5 * ((2 * x + 3 * y) % 5)));
      }
    }
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 5; x++) {
        // χ: b[x] ^ (~b[x+1] & b[x+2])
        const [b0, b1, b2] = [0, 1, 2].map((k) => this.b(((x + k) % 5) + 5 * y));
        if (this.width === 1) this.get(b0).get(b1).lane(-1n).xor().get(b2).emit(op.i64And);
        else this.get(b0).get(b2).get(b1).simd(simd.andNot);
        this.xor().set(this.s(x + 5 * y));
      }
    }
    this.get(this.s(0)).get(this.round);
    if (this.width === 1) this.mem(op.i64Load);
    else this.simd(simd.load64Splat, 3, 0);
    this.xor().set(this.s(0));
    this.add(this.round, 8);
    this.get(this.round)
      .i32(KECCAK_ROUND_CONSTANTS + 8 * ROUND_CONSTANTS.length)
      .emit(op.i32LtU, op.brIf, 0, op.end);
    return this;
  }

  /**
   * Absorbs the last `len` (< 136) bytes at `ptrs[k]` of each message, then permutes: copied into a pad buffer, 0x01
   * right after them and 0x80 in the block's last byte (xor-ed, so a single byte 0x81 when they meet). The messages'
   * locals `ptrs` are left pointing at their pad buffers.
   */
  absorbLast(ptrs: readonly number[], len: number): this {
    ptrs.forEach((ptr, k) => {
      this.i32(PAD[k])
        .i32(0)
        .i32(KECCAK_RATE)
        .emit(...op.memoryFill);
      this.i32(PAD[k])
        .get(ptr)
        .get(len)
        .emit(...op.memoryCopy);
      this.get(len).get(len).mem(op.i32Load8u, PAD[k]).i32(0x01).emit(op.i32Xor).mem(op.i32Store8, PAD[k]);
      this.i32(0)
        .i32(0)
        .mem(op.i32Load8u, PAD[k] + KECCAK_RATE - 1);
      this.i32(0x80)
        .emit(op.i32Xor)
        .mem(op.i32Store8, PAD[k] + KECCAK_RATE - 1);
      this.i32(PAD[k]).set(ptr);
    });
    return this.absorbBlock(ptrs).permute();
  }

  /** Absorbs messages of `len` bytes at `ptrs` into zeroed lanes, padding included; consumes `ptrs` and `len`. */
  absorbMessages(ptrs: readonly number[], len: number): this {
    this.zeroLanes(0);
    this.emit(op.block, VOID, op.loop, VOID);
    this.get(len).i32(KECCAK_RATE).emit(op.i32LtU, op.brIf, 1);
    this.absorbBlock(ptrs).permute();
    for (const ptr of ptrs) this.add(ptr, KECCAK_RATE);
    this.add(len, -KECCAK_RATE);
    this.emit(op.br, 0, op.end, op.end);
    return this.absorbLast(ptrs, len);
  }

  /** Absorbs messages of k 32-byte nodes (k = 1, 2), node j of message m at the address in `nodes[m][j]`. */
  absorbNodes(nodes: readonly (readonly number[])[]): this {
    const k = nodes[0].length;
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < 4; i++) {
        const ptrs = nodes.map((n) => n[j]);
        this.loadLane(ptrs, 8 * i).set(this.s(4 * j + i));
      }
    }
    this.lane(1n).set(this.s(4 * k));
    this.zeroLanes(4 * k + 1);
    this.lane(0x8000000000000000n).set(this.s(KECCAK_RATE / 8 - 1));
    return this.permute();
  }

  loadState(): this {
    for (let i = 0; i < 25; i++) {
      const address = KECCAK_STATE + 8 * i;
      this.i32(0).mem(op.i64Load, address).set(this.s(i));
    }
    return this;
  }

  storeState(): this {
    for (let i = 0; i < 25; i++) {
      const address = KECCAK_STATE + 8 * i;
      this.i32(0).get(this.s(i)).mem(op.i64Store, address);
    }
    return this;
  }

  encode(): number[] {
    const lanes = [61, this.width === 1 ? I64 : V128];
    return sized([...vector([[...unsignedLeb(this.i32Locals + 1), I32], lanes]), ...this.code, op.end]);
  }
}

/** hashOne(ptr, len, out) and hashTwo(ptrA, ptrB, len, outA, outB): messages of one length, one or two at a time. */
function hashMessages(width: 1 | 2): Body {
  const ptrs = width === 1 ? [0] : [0, 1];
  const len = width;
  const outs = width === 1 ? [2] : [3, 4];
  return new Body(2 * width + 1, width).absorbMessages(ptrs, len).squeeze(outs);
}

/** wordOne(ptr, out), wordTwo(ptrA, ptrB, outA, outB). */
function hashWordMessages(width: 1 | 2): Body {
  const ptrs = width === 1 ? [0] : [0, 1];
  return new Body(2 * width, width).absorbNodes(ptrs.map((p) => [p])).squeeze(ptrs.map((p) => p + width));
}

/** pairOne(first, second, out), pairTwo(firstA, secondA, firstB, secondB, outA, outB): nodes already in order. */
function hashPairMessages(width: 1 | 2): Body {
  const nodes =
    width === 1
      ? [[0, 1]]
      : [
          [0, 1],
          [2, 3],
        ];
  return new Body(3 * width, width).absorbNodes(nodes).squeeze(width === 1 ? [2] : [4, 5]);
}

function hashEach(): Body {
  const [data, ends, count, out, start, ptr, len, next, nextLen] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const f = new Body(4, 1, 5);
  f.i32(0).set(start);
  return f.whileNonZero(count, () => {
    f.get(data).get(start).emit(op.i32Add).set(ptr);
    f.get(ends).mem(op.i32Load).get(start).emit(op.i32Sub).set(len);
    f.get(ends).mem(op.i32Load).set(start);
    // Two at a time when the next message has the same length; otherwise this one alone.
    f.i32(0).set(nextLen);
    f.get(count).i32(2).emit(op.i32GeU, op.if, VOID);
    f.get(ends).mem(op.i32Load, 4).get(start).emit(op.i32Sub).set(nextLen);
    f.emit(op.end);
    f.get(count).i32(2).emit(op.i32GeU).get(nextLen).get(len).emit(op.i32Eq, 0x71 /* i32.and */, op.if, VOID);
    f.get(data).get(start).emit(op.i32Add).set(next);
    f.get(out).i32(32).emit(op.i32Add).set(nextLen); // the second digest's address
    f.call(FN.hashTwo, ptr, next, len, out, nextLen);
    f.get(ends).mem(op.i32Load, 4).set(start);
    f.add(ends, 8).add(out, 64).add(count, -2);
    f.emit(op.br, 1, op.end);
    f.call(FN.hashOne, ptr, len, out);
    f.add(ends, 4).add(out, 32).add(count, -1);
  });
}

function hashWords(): Body {
  const [words, count, out, second, secondOut] = [0, 1, 2, 3, 4];
  const f = new Body(3, 1, 2);
  f.whileNonZero(count, () => {
    f.get(count).i32(1).emit(op.i32Eq, op.brIf, 1);
    f.get(words).i32(32).emit(op.i32Add).set(second);
    f.get(out).i32(32).emit(op.i32Add).set(secondOut);
    f.call(FN.wordTwo, words, second, out, secondOut);
    f.add(words, 64).add(out, 64).add(count, -2);
  });
  f.get(count).emit(op.if, VOID).call(FN.wordOne, words, out).emit(op.end);
  return f;
}

/** Orders the pair at local `nodes` into locals `first` and `second`: the greater node second, ties kept in order. */
function sortPair(f: Body, nodes: number, first: number, second: number, k: number, diff: number): void {
  f.get(nodes).set(first);
  f.get(nodes).i32(32).emit(op.i32Add).set(second);
  f.i32(0).set(k);
  f.emit(op.block, VOID, op.loop, VOID);
  f.get(k).i32(32).emit(op.i32GeU, op.brIf, 1);
  f.get(nodes).get(k).emit(op.i32Add).mem(op.i32Load8u);
  f.get(nodes).get(k).emit(op.i32Add).mem(op.i32Load8u, 32);
  f.emit(op.i32Sub, op.localTee, diff, op.if, VOID);
  f.get(diff).i32(0).emit(op.i32GtS, op.if, VOID);
  f.get(second).set(first);
  f.get(nodes).set(second);
  f.emit(op.end, op.br, 2, op.end);
  f.add(k, 1);
  f.emit(op.br, 0, op.end, op.end);
}

function hashSortedPairs(): Body {
  const [nodes, pairs, out, firstA, secondA, firstB, secondB, k, diff, outB] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const f = new Body(3, 1, 7);
  f.whileNonZero(pairs, () => {
    f.get(pairs).i32(1).emit(op.i32Eq, op.brIf, 1);
    sortPair(f, nodes, firstA, secondA, k, diff);
    f.add(nodes, 64);
    sortPair(f, nodes, firstB, secondB, k, diff);
    f.add(nodes, 64);
    f.get(out).i32(32).emit(op.i32Add).set(outB);
    f.call(FN.pairTwo, firstA, secondA, firstB, secondB, out, outB);
    f.add(out, 64).add(pairs, -2);
  });
  f.get(pairs).emit(op.if, VOID);
  sortPair(f, nodes, firstA, secondA, k, diff);
  f.call(FN.pairOne, firstA, secondA, out).emit(op.end);
  return f;
}

function absorb(): Body {
  const [ptr, blocks] = [0, 1];
  const f = new Body(2, 1).loadState();
  f.whileNonZero(blocks, () => {
    f.absorbBlock([ptr]).permute();
    f.add(ptr, KECCAK_RATE).add(blocks, -1);
  });
  return f.storeState();
}

function finish(): Body {
  const [ptr, len, out] = [0, 1, 2];
  const f = new Body(3, 1).loadState();
  f.absorbLast([ptr], len).squeeze([out]);
  return f
    .i32(KECCAK_STATE)
    .i32(0)
    .i32(200)
    .emit(...op.memoryFill);
}

/** The module's bytes (about 10 kB), generated on each call; compile once per process or thread. */
export function keccakWasmBytes(): Uint8Array {
  const functions: [keyof typeof FN, Body][] = [
    ['hashOne', hashMessages(1)],
    ['hashTwo', hashMessages(2)],
    ['wordOne', hashWordMessages(1)],
    ['wordTwo', hashWordMessages(2)],
    ['pairOne', hashPairMessages(1)],
    ['pairTwo', hashPairMessages(2)],
    ['hashEach', hashEach()],
    ['hashWords', hashWords()],
    ['hashSortedPairs', hashSortedPairs()],
    ['absorb', absorb()],
    ['finish', finish()],
  ];
  functions.forEach(([name], i) => {
    if (FN[name] !== i) throw new Error(`keccak module: ${name} is function ${i}, FN says ${FN[name]}`);
  });
  const exported: (keyof KeccakWasmExports)[] = [
    'hashOne',
    'hashEach',
    'hashWords',
    'hashSortedPairs',
    'absorb',
    'finish',
  ];
  const arities = [...new Set(functions.map(([, f]) => f.params))];
  const pages = KECCAK_MEMORY_BYTES / 65536;
  const section = (id: number, body: readonly number[]) => [id, ...sized(body)];
  const name = (text: string) => sized([...Buffer.from(text, 'utf8')]);
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, vector(arities.map((n) => [0x60, ...vector(Array.from({ length: n }, () => [I32])), 0]))),
    ...section(3, vector(functions.map(([, f]) => unsignedLeb(arities.indexOf(f.params))))),
    ...section(5, vector([[0x01, ...unsignedLeb(pages), ...unsignedLeb(pages)]])),
    ...section(
      7,
      vector([
        [...name('memory'), 0x02, 0],
        ...exported.map((fn) => [...name(fn), 0x00, ...unsignedLeb(FN[fn as keyof typeof FN])]),
      ]),
    ),
    ...section(10, vector(functions.map(([, f]) => f.encode()))),
    ...section(
      11,
      vector([
        [
          0x00,
          op.i32Const,
          ...signedLeb(BigInt(KECCAK_ROUND_CONSTANTS)),
          op.end,
          ...sized(ROUND_CONSTANTS.flatMap(littleEndian64)),
        ],
      ]),
    ),
  ]);
}
