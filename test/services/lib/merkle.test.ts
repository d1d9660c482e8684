import { expect } from 'chai';
import { getBytes, keccak256 as ethersKeccak } from 'ethers';
import fc from 'fast-check';
import { MerkleTree as MerkleTreeJs } from 'merkletreejs';
import { keccak256, loadKeccak } from '../../../services/lib/keccak';
import { MerkleTree, packLeaves, processProof, verifyProof } from '../../../services/lib/merkle';
import { fromHex, toHex } from '../../../services/lib/hex';

/**
 * merkletreejs configured as OpenZeppelin's MerkleProof folds, hashing with ethers' keccak256: the independent
 * implementation we check against (ours hashes whole levels in WebAssembly).
 */
function reference(leaves: readonly Uint8Array[]): MerkleTreeJs {
  const hash = (data: Buffer) => Buffer.from(getBytes(ethersKeccak(data)));
  return new MerkleTreeJs(
    leaves.map((l) => Buffer.from(l)),
    hash,
    { sortPairs: true },
  );
}

/** Deterministic distinct leaves: keccak256 of the 4-byte big-endian index (plus a salt per test). */
function leavesOf(count: number, salt = 0): Uint8Array[] {
  const input = new Uint8Array(8);
  const view = new DataView(input.buffer);
  return Array.from({ length: count }, (_, i) => {
    view.setUint32(0, salt);
    view.setUint32(4, i);
    return keccak256(input);
  });
}

function expectSameAsReference(leaves: readonly Uint8Array[]): void {
  const ours = MerkleTree.build(leaves);
  const ref = reference(leaves);
  expect(ours.rootHex).to.equal(ref.getHexRoot());
  for (let i = 0; i < leaves.length; i++) {
    expect(ours.proofHex(i), `proof of leaf ${i} of ${leaves.length}`).to.deep.equal(
      ref.getHexProof(Buffer.from(leaves[i]), i),
    );
  }
}

describe('MerkleTree', function () {
  before(async function () {
    await loadKeccak();
  });

  describe('when compared with merkletreejs (sortPairs)', function () {
    it('gives the same root and every proof for 1..70 leaves', function () {
      for (let n = 1; n <= 70; n++) expectSameAsReference(leavesOf(n, n));
    });

    for (const n of [1000, 4097]) {
      it(`gives the same root and every proof for ${n} leaves`, function () {
        expectSameAsReference(leavesOf(n, n));
      });
    }

    it('gives the same root and proofs with duplicate leaves (proofs by index)', function () {
      const [a, b, c] = leavesOf(3);
      expectSameAsReference([a, b, a, c, a, a, b]);
    });

    it('builds the same tree from packed leaves as from an array', function () {
      const leaves = leavesOf(33);
      expect(MerkleTree.build(packLeaves(leaves)).rootHex).to.equal(MerkleTree.build(leaves).rootHex);
    });

    it('property: same root and proofs for random leaf arrays', function () {
      const leaf = fc.uint8Array({ minLength: 32, maxLength: 32 });
      fc.assert(
        fc.property(fc.array(leaf, { minLength: 1, maxLength: 150 }), fc.nat(), (leaves, pick) => {
          const ours = MerkleTree.build(leaves);
          const ref = reference(leaves);
          expect(ours.rootHex).to.equal(ref.getHexRoot());
          const i = pick % leaves.length;
          expect(ours.proofHex(i)).to.deep.equal(ref.getHexProof(Buffer.from(leaves[i]), i));
          expect(verifyProof(leaves[i], ours.proof(i), ours.root)).to.equal(true);
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('a single leaf', function () {
    it('is its own root', function () {
      const [leaf] = leavesOf(1);
      expect(MerkleTree.build([leaf]).rootHex).to.equal(toHex(leaf));
    });

    it('has an empty proof', function () {
      expect(MerkleTree.build(leavesOf(1)).proof(0)).to.deep.equal([]);
    });
  });

  describe('accessors', function () {
    it('reports the leaf count', function () {
      expect(MerkleTree.build(leavesOf(11)).leafCount).to.equal(11);
    });

    it('returns a leaf by index', function () {
      const leaves = leavesOf(11);
      expect(toHex(MerkleTree.build(leaves).leaf(7))).to.equal(toHex(leaves[7]));
    });

    it('has proofs of ceil(log2(n)) siblings for a power of two', function () {
      expect(MerkleTree.build(leavesOf(64)).proof(5)).to.have.lengthOf(6);
    });
  });

  describe('processProof and verifyProof', function () {
    const leaves: Uint8Array[] = [];
    let tree: MerkleTree;
    before(function () {
      leaves.push(...leavesOf(37, 99));
      tree = MerkleTree.build(leaves);
    });

    it('fold every proof to the root', function () {
      for (let i = 0; i < leaves.length; i++) {
        expect(toHex(processProof(leaves[i], tree.proof(i)))).to.equal(tree.rootHex);
      }
    });

    it('verify every leaf (bytes)', function () {
      for (let i = 0; i < leaves.length; i++) expect(verifyProof(leaves[i], tree.proof(i), tree.root)).to.equal(true);
    });

    it('verify every leaf (hex strings)', function () {
      for (let i = 0; i < leaves.length; i++) {
        expect(verifyProof(toHex(leaves[i]), tree.proofHex(i), tree.rootHex)).to.equal(true);
      }
    });

    it('refuse a leaf with one bit flipped', function () {
      for (let i = 0; i < leaves.length; i++) {
        const tampered = Uint8Array.from(leaves[i]);
        tampered[i % 32] ^= 1;
        expect(verifyProof(tampered, tree.proof(i), tree.root)).to.equal(false);
      }
    });

    it('refuse another leaf with this proof', function () {
      expect(verifyProof(leaves[3], tree.proof(4), tree.root)).to.equal(false);
    });

    it('refuse a proof with one sibling tampered', function () {
      const proof = tree.proof(10);
      for (let k = 0; k < proof.length; k++) {
        const tampered = proof.map((p) => Uint8Array.from(p));
        tampered[k][31] ^= 0x80;
        expect(verifyProof(leaves[10], tampered, tree.root), `sibling ${k}`).to.equal(false);
      }
    });

    it('refuse a truncated proof', function () {
      expect(verifyProof(leaves[10], tree.proof(10).slice(0, -1), tree.root)).to.equal(false);
    });

    it('refuse a proof with an extra sibling', function () {
      expect(verifyProof(leaves[10], [...tree.proof(10), leaves[0]], tree.root)).to.equal(false);
    });

    it('refuse another root', function () {
      expect(verifyProof(leaves[10], tree.proof(10), fromHex('0x' + '00'.repeat(32)))).to.equal(false);
    });

    it('do not modify the proof they fold', function () {
      const proof = tree.proofHex(2);
      const copy = [...proof];
      processProof(leaves[2], proof);
      expect(proof).to.deep.equal(copy);
    });
  });

  describe('errors', function () {
    it('refuses an empty array of leaves', function () {
      expect(() => MerkleTree.build([])).to.throw(/at least one 32-byte leaf/);
    });

    it('refuses an empty packed buffer', function () {
      expect(() => MerkleTree.build(new Uint8Array(0))).to.throw(/at least one 32-byte leaf/);
    });

    it('refuses a packed buffer that is not a multiple of 32 bytes', function () {
      expect(() => MerkleTree.build(new Uint8Array(33))).to.throw(/at least one 32-byte leaf/);
    });

    it('refuses a leaf that is not 32 bytes', function () {
      expect(() => MerkleTree.build([new Uint8Array(32), new Uint8Array(31)])).to.throw(/leaf 1 is 31 bytes/);
    });

    for (const index of [-1, 5, 1.5, NaN]) {
      it(`refuses proof(${index}) for 5 leaves`, function () {
        expect(() => MerkleTree.build(leavesOf(5)).proof(index)).to.throw(RangeError);
      });
    }

    it('refuses leaf(n) for n leaves', function () {
      expect(() => MerkleTree.build(leavesOf(5)).leaf(5)).to.throw(RangeError);
    });
  });
});
