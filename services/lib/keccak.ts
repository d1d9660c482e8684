import { createKeccak } from 'hash-wasm';

type Hasher = Awaited<ReturnType<typeof createKeccak>>;

let hasher: Hasher | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the WebAssembly keccak once per process. Every entry point (server, CLI, test helper) awaits it before
 * hashing; keeping the hasher module-wide avoids threading a handle through every pure function that hashes.
 */
export function loadKeccak(): Promise<void> {
  loading ??= createKeccak(256).then((h) => {
    hasher = h;
  });
  return loading;
}

/** keccak256 of `data` (Ethereum's Keccak-256, not NIST SHA3-256). Synchronous once {@link loadKeccak} resolved. */
export function keccak256(data: Uint8Array): Uint8Array {
  if (!hasher) throw new Error('keccak not loaded: await loadKeccak() at start-up');
  hasher.init();
  hasher.update(data);
  return hasher.digest('binary');
}

/** keccak256 of the concatenation of `a` and `b` without allocating the concatenation. */
export function keccak256Pair(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (!hasher) throw new Error('keccak not loaded: await loadKeccak() at start-up');
  hasher.init();
  hasher.update(a);
  hasher.update(b);
  return hasher.digest('binary');
}
