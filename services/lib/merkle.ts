import { keccak256, keccak256SortedPairs } from './keccak';
import { fromHex, toHex } from './hex';

const NODE = 32;

/**
 * A binary Merkle tree with commutative (sorted-pair) keccak256 inner nodes: exactly what OpenZeppelin's
 * `MerkleProof.verify` folds, and the same layout merkletreejs builds with `{ sortPairs: true }` (leaves kept in
 * the given order, an odd last node carried up unchanged). Levels are packed in flat buffers, so building a
 * million-leaf tree allocates a few dozen buffers rather than millions of small ones, and a proof is read by leaf
 * index without scanning the leaves.
 */
export class MerkleTree {
  /** levels[0] holds the leaves, the last level holds the root; each level is `count * 32` bytes. */
  private readonly levels: Uint8Array[];

  private constructor(levels: Uint8Array[]) {
    this.levels = levels;
  }

  /** Builds the tree over `leaves`, each 32 bytes, packed (n*32 bytes) or as an array. */
  static build(leaves: Uint8Array | readonly Uint8Array[]): MerkleTree {
    const packed = leaves instanceof Uint8Array ? leaves : packLeaves(leaves);
    if (packed.length === 0 || packed.length % NODE !== 0) {
      throw new Error(`a Merkle tree needs at least one 32-byte leaf (got ${packed.length} bytes)`);
    }
    const levels = [packed];
    let level = packed;
    while (level.length > NODE) {
      const count = level.length / NODE;
      const next = new Uint8Array(Math.ceil(count / 2) * NODE);
      const paired = Math.floor(count / 2) * 2 * NODE;
      keccak256SortedPairs(level.subarray(0, paired), next);
      if (count % 2 === 1) next.set(level.subarray(paired), paired / 2);
      levels.push(next);
      level = next;
    }
    return new MerkleTree(levels);
  }

  get leafCount(): number {
    return this.levels[0].length / NODE;
  }

  get root(): Uint8Array {
    return this.levels[this.levels.length - 1].subarray(0, NODE);
  }

  get rootHex(): string {
    return toHex(this.root);
  }

  leaf(index: number): Uint8Array {
    this.checkIndex(index);
    return this.levels[0].subarray(index * NODE, index * NODE + NODE);
  }

  /** Sibling hashes from the leaf at `index` up to the root, as OpenZeppelin's MerkleProof expects them. */
  proof(index: number): Uint8Array[] {
    this.checkIndex(index);
    const proof: Uint8Array[] = [];
    let i = index;
    for (let depth = 0; depth < this.levels.length - 1; depth++) {
      const level = this.levels[depth];
      const sibling = i ^ 1;
      if (sibling < level.length / NODE) proof.push(level.slice(sibling * NODE, sibling * NODE + NODE));
      i >>= 1;
    }
    return proof;
  }

  proofHex(index: number): string[] {
    return this.proof(index).map(toHex);
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.leafCount) {
      throw new RangeError(`leaf index ${index} outside 0..${this.leafCount - 1}`);
    }
  }
}

/** Folds `proof` from `leaf` with sorted-pair keccak256 and returns the root it implies. */
export function processProof(leaf: Uint8Array | string, proof: readonly (Uint8Array | string)[]): Uint8Array {
  const pair = new Uint8Array(2 * NODE);
  let node = typeof leaf === 'string' ? fromHex(leaf) : leaf;
  for (const item of proof) {
    const sibling = typeof item === 'string' ? fromHex(item) : item;
    const [a, b] = Buffer.compare(node, sibling) <= 0 ? [node, sibling] : [sibling, node];
    pair.set(a, 0);
    pair.set(b, NODE);
    node = keccak256(pair);
  }
  return node;
}

/** True when `proof` folds `leaf` into `root`. */
export function verifyProof(
  leaf: Uint8Array | string,
  proof: readonly (Uint8Array | string)[],
  root: Uint8Array | string,
): boolean {
  const expected = typeof root === 'string' ? fromHex(root) : root;
  return Buffer.compare(processProof(leaf, proof), expected) === 0;
}

/** Concatenates 32-byte leaves into one buffer. */
export function packLeaves(leaves: readonly Uint8Array[]): Uint8Array {
  const packed = new Uint8Array(leaves.length * NODE);
  leaves.forEach((leaf, i) => {
    if (leaf.length !== NODE) throw new Error(`leaf ${i} is ${leaf.length} bytes, expected 32`);
    packed.set(leaf, i * NODE);
  });
  return packed;
}
