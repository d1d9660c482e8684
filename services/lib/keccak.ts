import {
  KECCAK_MEMORY_BYTES,
  KECCAK_RATE,
  KECCAK_SCRATCH,
  KECCAK_STATE,
  keccakWasmBytes,
  type KeccakWasmExports,
} from './keccakWasm';

/** Most messages hashed per call into the module; bounds the ends and digests regions of its memory. */
const BATCH = 4096;
const ENDS = KECCAK_SCRATCH;
const OUT = ENDS + 4 * BATCH;
const DATA = OUT + 32 * BATCH;
const DATA_BYTES = KECCAK_MEMORY_BYTES - DATA;
/** Bytes per streaming call: whole blocks only, so that every call but the last is a multiple of the rate. */
const STREAM_CHUNK = Math.floor(DATA_BYTES / KECCAK_RATE) * KECCAK_RATE;

interface Keccak {
  wasm: KeccakWasmExports;
  heap: Uint8Array;
  /** The same memory for the u32 message ends, which the module reads little-endian whatever the host's order. */
  view: DataView;
}

/** The part of the WebAssembly JavaScript API used here (TypeScript declares it only with the DOM libraries). */
const { WebAssembly: wasmApi } = globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }> };
};

let keccak: Keccak | undefined;
let loading: Promise<void> | undefined;

/**
 * Compiles and instantiates the WebAssembly keccak once per thread (each worker thread loads its own). Every entry
 * point (server, CLI, worker, test helper) awaits it before hashing; keeping the instance module-wide avoids threading
 * a handle through every pure function that hashes.
 */
export function loadKeccak(): Promise<void> {
  loading ??= wasmApi.instantiate(keccakWasmBytes()).then(({ instance }) => {
    const wasm = instance.exports as unknown as KeccakWasmExports;
    keccak = { wasm, heap: new Uint8Array(wasm.memory.buffer), view: new DataView(wasm.memory.buffer) };
  });
  return loading;
}

function loaded(): Keccak {
  if (!keccak) throw new Error('keccak not loaded: await loadKeccak() at start-up');
  return keccak;
}

/** Hashes `parts` as one message into the module's digest slot; returns the module. */
function hashInto(k: Keccak, parts: readonly Uint8Array[]): Keccak {
  let total = 0;
  for (const part of parts) total += part.length;
  if (total <= DATA_BYTES) {
    let at = DATA;
    for (const part of parts) {
      k.heap.set(part, at);
      at += part.length;
    }
    k.wasm.hashOne(DATA, total, OUT);
    return k;
  }
  // Larger than the scratch memory: streamed through it, whole blocks at a time, from a zero state (whatever a stream
  // interrupted by an exception left there).
  k.heap.fill(0, KECCAK_STATE, KECCAK_STATE + 200);
  let filled = 0;
  for (const part of parts) {
    for (let p = 0; p < part.length;) {
      const n = Math.min(part.length - p, STREAM_CHUNK - filled);
      k.heap.set(part.subarray(p, p + n), DATA + filled);
      filled += n;
      p += n;
      if (filled === STREAM_CHUNK) {
        k.wasm.absorb(DATA, STREAM_CHUNK / KECCAK_RATE);
        filled = 0;
      }
    }
  }
  const blocks = Math.floor(filled / KECCAK_RATE);
  k.wasm.absorb(DATA, blocks);
  k.wasm.finish(DATA + blocks * KECCAK_RATE, filled - blocks * KECCAK_RATE, OUT);
  return k;
}

/** keccak256 of `data` (Ethereum's Keccak-256, not NIST SHA3-256). Synchronous once {@link loadKeccak} resolved. */
export function keccak256(data: Uint8Array): Uint8Array {
  return hashInto(loaded(), [data]).heap.slice(OUT, OUT + 32);
}

/** keccak256 of the concatenation of `a` and `b` without allocating the concatenation. */
export function keccak256Pair(a: Uint8Array, b: Uint8Array): Uint8Array {
  return hashInto(loaded(), [a, b]).heap.slice(OUT, OUT + 32);
}

/**
 * keccak256 of many messages laid end to end in `messages`: message i is bytes `ends[i-1]` to `ends[i]` (from 0 for
 * the first), its digest goes to `out` at `32 i`. Thousands of messages per call into WebAssembly.
 */
export function keccak256Each(messages: Uint8Array, ends: ArrayLike<number>, out: Uint8Array): void {
  const k = loaded();
  const count = ends.length;
  if (out.length < 32 * count) throw new RangeError(`${count} digests need ${32 * count} bytes, out has ${out.length}`);
  let base = 0;
  for (let i = 0; i < count;) {
    if (ends[i] - base > DATA_BYTES) {
      if (ends[i] > messages.length) throw new RangeError(`message ${i} ends at ${ends[i]}, past ${messages.length}`);
      out.set(hashInto(k, [messages.subarray(base, ends[i])]).heap.subarray(OUT, OUT + 32), 32 * i);
      base = ends[i++];
      continue;
    }
    let j = i;
    for (let previous = base; j < count && j - i < BATCH && ends[j] - base <= DATA_BYTES; previous = ends[j++]) {
      if (!(ends[j] >= previous && ends[j] <= messages.length && ends[j] === ends[j] >>> 0)) {
        throw new RangeError(`message ${j} ends at ${ends[j]}, not within ${previous}..${messages.length}`);
      }
      k.view.setUint32(ENDS + 4 * (j - i), ends[j] - base, true);
    }
    k.heap.set(messages.subarray(base, ends[j - 1]), DATA);
    k.wasm.hashEach(DATA, ENDS, j - i, OUT);
    out.set(k.heap.subarray(OUT, OUT + 32 * (j - i)), 32 * i);
    base = ends[j - 1];
    i = j;
  }
}

/** keccak256 of every 32-byte word of `words` into `out` (which may be `words` itself). */
export function keccak256Words(words: Uint8Array, out: Uint8Array): void {
  const k = loaded();
  if (words.length % 32 !== 0 || out.length < words.length) {
    throw new RangeError(`expected 32-byte words and room for their digests (got ${words.length}, ${out.length})`);
  }
  for (let at = 0; at < words.length; at += 32 * BATCH) {
    const chunk = words.subarray(at, at + 32 * BATCH);
    k.heap.set(chunk, DATA);
    k.wasm.hashWords(DATA, chunk.length / 32, OUT);
    out.set(k.heap.subarray(OUT, OUT + chunk.length), at);
  }
}

/**
 * The inner nodes over `nodes` (an even number of 32-byte nodes) into `out`: node i is keccak256 of nodes 2i and
 * 2i + 1, the smaller first (bytewise), as OpenZeppelin's MerkleProof hashes a pair.
 */
export function keccak256SortedPairs(nodes: Uint8Array, out: Uint8Array): void {
  const k = loaded();
  if (nodes.length % 64 !== 0 || out.length < nodes.length / 2) {
    throw new RangeError(
      `expected pairs of 32-byte nodes and room for their digests (got ${nodes.length}, ${out.length})`,
    );
  }
  for (let at = 0; at < nodes.length; at += 64 * BATCH) {
    const chunk = nodes.subarray(at, at + 64 * BATCH);
    k.heap.set(chunk, DATA);
    k.wasm.hashSortedPairs(DATA, chunk.length / 64, OUT);
    out.set(k.heap.subarray(OUT, OUT + chunk.length / 2), at / 2);
  }
}
