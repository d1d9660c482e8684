import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture } from '@nomicfoundation/hardhat-toolbox/network-helpers';
import { MerkleTree } from 'merkletreejs';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';

const ANCHORER_ROLE = ethers.id('ANCHORER_ROLE');
const ENTERPRISE_ROLE = ethers.id('ENTERPRISE_ROLE');
const VERIFIER_ROLE = ethers.id('VERIFIER_ROLE');
const EXCHANGE_ROLE = ethers.id('EXCHANGE_ROLE');
const CERTIFICATE_ISSUER_ROLE = ethers.id('CERTIFICATE_ISSUER_ROLE');

// Organisation and batch ids as Nengtan derives them: keccak256(utf8(uuid)).
const OPERATOR_ORG = ethers.id('7d3f0a52-61c4-4e8b-b0a9-2c5e8f1d4a36');
const STEEL_ORG = ethers.id('0b6f4c1e-8d2a-4f57-9c3e-2a7d5e1f9b40');
const FROZEN_ORG = ethers.id('c8a4e2f0-1b3d-4c5e-8f7a-9b0c1d2e3f45');
const BATCH_ID = ethers.id('01939a4e-7c2b-7d40-9f1e-3a5b6c7d8e9f');
const OTHER_BATCH_ID = ethers.id('01939a4f-02d1-7a66-8b3c-4d5e6f708192');
const UNANCHORED_BATCH_ID = ethers.id('01939a50-5e7f-7c18-a2b4-c6d8e0f21436');
const ROOT = ethers.id('nengtan test root 1');
const OTHER_ROOT = ethers.id('nengtan test root 2');
const LEAF_COUNT = 96n;
const PERIOD_START = 1_735_660_800n; // 2025-01-01T00:00:00+08:00
const PERIOD_END = PERIOD_START + 86_400n;
const MAX_UINT32 = 2n ** 32n - 1n;

const ANCHOR_GAS_LIMIT = 60_000n;
// Batches differ only in a few calldata bytes (leafCount, ids); zero and non-zero calldata bytes cost 4 and 16 gas.
const ANCHOR_GAS_SPREAD = 300n;

// The reading leaf schema: schema version, organisation uuid, site, meter, quantity, interval start, interval end,
// value (scaled integer), decimals, unit, sequence, quality flags, source file hash, ingestion hash.
const LEAF_TYPES = [
  'uint16',
  'string',
  'string',
  'string',
  'string',
  'uint64',
  'uint64',
  'int256',
  'uint8',
  'string',
  'uint32',
  'uint32',
  'bytes32',
  'bytes32',
];

const TREE_SIZES = [1, 2, 3, 7, 8, 1000];
const abiCoder = ethers.AbiCoder.defaultAbiCoder();

type Reading = (string | number | bigint)[];

function reading(batch: string, i: number): Reading {
  const start = PERIOD_START + BigInt(i) * 900n;
  return [
    1,
    '0b6f4c1e-8d2a-4f57-9c3e-2a7d5e1f9b40',
    `site-suzhou-${batch}`,
    `meter-${String(i % 37).padStart(4, '0')}`,
    i % 5 === 4 ? 'electricity.active_export' : 'electricity.active_import',
    start,
    start + 900n,
    (i % 5 === 4 ? -1n : 1n) * (12_345n + BigInt(i) * 37n),
    3,
    'kWh',
    i,
    i % 11 === 0 ? 1 : 0,
    ethers.id(`source ${batch}`),
    ethers.id(`ingest ${batch} ${i}`),
  ];
}

function keccak256Buffer(data: Buffer): Buffer {
  return Buffer.from(ethers.getBytes(ethers.keccak256(data)));
}

function hashPair(a: string, b: string): string {
  return BigInt(a) < BigInt(b) ? ethers.keccak256(ethers.concat([a, b])) : ethers.keccak256(ethers.concat([b, a]));
}

// Independent root: sorted-pair keccak level by level, an odd last node carried up unchanged.
function foldRoot(leaves: string[]): string {
  let level = leaves;
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? hashPair(level[i], level[i + 1]) : level[i]);
    }
    level = next;
  }
  return level[0];
}

interface Batch {
  leaves: string[];
  /** abi.encode of each reading, what verifyReading takes. */
  data: string[];
  root: string;
  proof(index: number): string[];
}

const builtBatches = new Map<string, Batch>();

// Memoised: hashing 1000 readings with ethers takes about a second.
function buildBatch(batch: string, size: number): Batch {
  const key = `${batch}:${size}`;
  const built = builtBatches.get(key);
  if (built) return built;
  const data = Array.from({ length: size }, (_, i) => abiCoder.encode(LEAF_TYPES, reading(batch, i)));
  const leaves = data.map((encoded) => ethers.keccak256(ethers.concat([ethers.keccak256(encoded)])));
  const tree = new MerkleTree(
    leaves.map((leaf) => Buffer.from(ethers.getBytes(leaf))),
    keccak256Buffer,
    { sortPairs: true },
  );
  const result: Batch = {
    leaves,
    data,
    root: tree.getHexRoot(),
    proof: (index) => tree.getHexProof(Buffer.from(ethers.getBytes(leaves[index])), index),
  };
  builtBatches.set(key, result);
  return result;
}

function flipLastBit(hex: string): string {
  const bytes = ethers.getBytes(hex);
  bytes[bytes.length - 1] ^= 1;
  return ethers.hexlify(bytes);
}

function sampleIndices(size: number): number[] {
  if (size <= 8) return Array.from({ length: size }, (_, i) => i);
  return [...new Set([0, 1, 2, size / 2 - 1, size / 2, 511, 512, 767, size - 2, size - 1])];
}

async function fixture() {
  const [
    deployer,
    authority,
    anchorer,
    steelAnchorer,
    enterprise,
    verifier,
    exchange,
    certificateIssuer,
    frozenAnchorer,
    unlinkedAnchorer,
    member,
    outsider,
  ] = await ethers.getSigners();

  const registry = await ethers.deployContract('ParticipantRegistry', [authority.address], deployer);
  const anchors = await ethers.deployContract('AnchorRegistry', [await registry.getAddress()], deployer);

  const admin = registry.connect(authority);
  await admin.registerOrganisation(OPERATOR_ORG, 'Nengtan Operations');
  await admin.registerOrganisation(STEEL_ORG, '苏州示范钢铁有限公司');
  await admin.registerOrganisation(FROZEN_ORG, 'Suspended Metering Ltd');

  const members: [HardhatEthersSigner, string, string | null][] = [
    [anchorer, OPERATOR_ORG, ANCHORER_ROLE],
    [steelAnchorer, STEEL_ORG, ANCHORER_ROLE],
    [enterprise, STEEL_ORG, ENTERPRISE_ROLE],
    [verifier, OPERATOR_ORG, VERIFIER_ROLE],
    [exchange, OPERATOR_ORG, EXCHANGE_ROLE],
    [certificateIssuer, OPERATOR_ORG, CERTIFICATE_ISSUER_ROLE],
    [frozenAnchorer, FROZEN_ORG, ANCHORER_ROLE],
    [member, OPERATOR_ORG, null],
  ];
  for (const [account, orgId, role] of members) {
    await admin.linkAccount(account.address, orgId);
    if (role !== null) await admin.grantRole(role, account.address);
  }
  await admin.grantRole(ANCHORER_ROLE, unlinkedAnchorer.address);
  await admin.setOrganisationActive(FROZEN_ORG, false);

  return {
    registry,
    admin,
    anchors,
    authority,
    anchorer,
    steelAnchorer,
    enterprise,
    verifier,
    exchange,
    certificateIssuer,
    frozenAnchorer,
    unlinkedAnchorer,
    member,
    outsider,
  };
}

type Fixture = Awaited<ReturnType<typeof fixture>>;

describe('AnchorRegistry', function () {
  let f: Fixture;

  beforeEach(async function () {
    f = await loadFixture(fixture);
  });

  interface AnchorArgs {
    batchId?: string;
    root?: string;
    orgId?: string;
    leafCount?: bigint;
    periodStart?: bigint;
    periodEnd?: bigint;
  }

  function anchorAs(signer: HardhatEthersSigner, args: AnchorArgs = {}) {
    const {
      batchId = BATCH_ID,
      root = ROOT,
      orgId = OPERATOR_ORG,
      leafCount = LEAF_COUNT,
      periodStart = PERIOD_START,
      periodEnd = PERIOD_END,
    } = args;
    return f.anchors.connect(signer).anchor(batchId, root, orgId, leafCount, periodStart, periodEnd);
  }

  describe('deployment', function () {
    it('points at the participant registry', async function () {
      expect(await f.anchors.registry()).to.equal(await f.registry.getAddress());
    });

    it('ANCHORER_ROLE is keccak256("ANCHORER_ROLE")', async function () {
      expect(await f.anchors.ANCHORER_ROLE()).to.equal(ethers.keccak256(ethers.toUtf8Bytes('ANCHORER_ROLE')));
    });

    it('ANCHORER_ROLE matches the participant registry role', async function () {
      expect(await f.anchors.ANCHORER_ROLE()).to.equal(await f.registry.ANCHORER_ROLE());
    });

    it('reverts when the registry address is zero', async function () {
      const factory = await ethers.getContractFactory('AnchorRegistry');
      await expect(factory.deploy(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryZeroRegistry')
        .withArgs();
    });

    it('has no root for a batch that was never anchored', async function () {
      expect(await f.anchors.rootOf(BATCH_ID)).to.equal(ethers.ZeroHash);
    });
  });

  describe('anchor', function () {
    describe('when called by an active ANCHORER_ROLE account', function () {
      it('emits BatchAnchored with every argument', async function () {
        await expect(anchorAs(f.anchorer))
          .to.emit(f.anchors, 'BatchAnchored')
          .withArgs(BATCH_ID, ROOT, OPERATOR_ORG, LEAF_COUNT, PERIOD_START, PERIOD_END, f.anchorer.address);
      });

      it('stores the root', async function () {
        await anchorAs(f.anchorer);
        expect(await f.anchors.rootOf(BATCH_ID)).to.equal(ROOT);
      });

      it('leaves other batches unanchored', async function () {
        await anchorAs(f.anchorer);
        expect(await f.anchors.rootOf(OTHER_BATCH_ID)).to.equal(ethers.ZeroHash);
      });

      it('accepts a second anchoring account from another organisation', async function () {
        await expect(anchorAs(f.steelAnchorer, { batchId: OTHER_BATCH_ID, root: OTHER_ROOT, orgId: STEEL_ORG }))
          .to.emit(f.anchors, 'BatchAnchored')
          .withArgs(
            OTHER_BATCH_ID,
            OTHER_ROOT,
            STEEL_ORG,
            LEAF_COUNT,
            PERIOD_START,
            PERIOD_END,
            f.steelAnchorer.address,
          );
      });

      it('accepts a period that starts and ends at the same second', async function () {
        await expect(anchorAs(f.anchorer, { leafCount: 1n, periodEnd: PERIOD_START }))
          .to.emit(f.anchors, 'BatchAnchored')
          .withArgs(BATCH_ID, ROOT, OPERATOR_ORG, 1n, PERIOD_START, PERIOD_START, f.anchorer.address);
      });

      it('accepts the largest uint32 leaf count', async function () {
        await expect(anchorAs(f.anchorer, { leafCount: MAX_UINT32 }))
          .to.emit(f.anchors, 'BatchAnchored')
          .withArgs(BATCH_ID, ROOT, OPERATOR_ORG, MAX_UINT32, PERIOD_START, PERIOD_END, f.anchorer.address);
      });

      it('reverts when the batch id is zero', async function () {
        await expect(anchorAs(f.anchorer, { batchId: ethers.ZeroHash }))
          .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryZeroValue')
          .withArgs(ethers.ZeroHash, ROOT);
      });

      it('reverts when the root is zero', async function () {
        await expect(anchorAs(f.anchorer, { root: ethers.ZeroHash }))
          .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryZeroValue')
          .withArgs(BATCH_ID, ethers.ZeroHash);
      });

      it('reverts when both the batch id and the root are zero', async function () {
        await expect(anchorAs(f.anchorer, { batchId: ethers.ZeroHash, root: ethers.ZeroHash }))
          .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryZeroValue')
          .withArgs(ethers.ZeroHash, ethers.ZeroHash);
      });

      it('reverts when the leaf count is zero', async function () {
        await expect(anchorAs(f.anchorer, { leafCount: 0n }))
          .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryInvalidBatch')
          .withArgs(BATCH_ID, 0n, PERIOD_START, PERIOD_END);
      });

      it('reverts when the period ends before it starts', async function () {
        await expect(anchorAs(f.anchorer, { periodEnd: PERIOD_START - 1n }))
          .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryInvalidBatch')
          .withArgs(BATCH_ID, LEAF_COUNT, PERIOD_START, PERIOD_START - 1n);
      });

      describe('when the batch is already anchored', function () {
        beforeEach(async function () {
          await anchorAs(f.anchorer);
        });

        it('reverts with the existing root when anchoring another root', async function () {
          await expect(anchorAs(f.anchorer, { root: OTHER_ROOT }))
            .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryBatchExists')
            .withArgs(BATCH_ID, ROOT);
        });

        it('reverts when anchoring the same root again', async function () {
          await expect(anchorAs(f.anchorer))
            .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryBatchExists')
            .withArgs(BATCH_ID, ROOT);
        });

        it('reverts for another anchoring account', async function () {
          await expect(anchorAs(f.steelAnchorer, { root: OTHER_ROOT, orgId: STEEL_ORG }))
            .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryBatchExists')
            .withArgs(BATCH_ID, ROOT);
        });

        it('keeps the original root', async function () {
          await expect(anchorAs(f.anchorer, { root: OTHER_ROOT })).to.be.reverted;
          expect(await f.anchors.rootOf(BATCH_ID)).to.equal(ROOT);
        });

        it('still anchors another batch', async function () {
          await anchorAs(f.anchorer, { batchId: OTHER_BATCH_ID, root: OTHER_ROOT });
          expect(await f.anchors.rootOf(OTHER_BATCH_ID)).to.equal(OTHER_ROOT);
        });
      });

      describe("when the anchorer's organisation is deactivated", function () {
        beforeEach(async function () {
          await f.admin.setOrganisationActive(OPERATOR_ORG, false);
        });

        it('reverts', async function () {
          await expect(anchorAs(f.anchorer))
            .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryUnauthorizedAnchorer')
            .withArgs(f.anchorer.address);
        });

        describe('when it is reactivated', function () {
          beforeEach(async function () {
            await f.admin.setOrganisationActive(OPERATOR_ORG, true);
          });

          it('anchors again', async function () {
            await expect(anchorAs(f.anchorer))
              .to.emit(f.anchors, 'BatchAnchored')
              .withArgs(BATCH_ID, ROOT, OPERATOR_ORG, LEAF_COUNT, PERIOD_START, PERIOD_END, f.anchorer.address);
          });
        });
      });

      describe('when the anchorer is unlinked from its organisation', function () {
        beforeEach(async function () {
          await f.admin.unlinkAccount(f.anchorer.address);
        });

        it('reverts', async function () {
          await expect(anchorAs(f.anchorer))
            .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryUnauthorizedAnchorer')
            .withArgs(f.anchorer.address);
        });
      });

      describe('when ANCHORER_ROLE is revoked from the anchorer', function () {
        beforeEach(async function () {
          await f.admin.revokeRole(ANCHORER_ROLE, f.anchorer.address);
        });

        it('reverts', async function () {
          await expect(anchorAs(f.anchorer))
            .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryUnauthorizedAnchorer')
            .withArgs(f.anchorer.address);
        });
      });
    });

    describe('when called by an account that may not anchor', function () {
      type RefusedKey =
        | 'enterprise'
        | 'verifier'
        | 'exchange'
        | 'certificateIssuer'
        | 'member'
        | 'authority'
        | 'frozenAnchorer'
        | 'unlinkedAnchorer'
        | 'outsider';
      const refused: [string, RefusedKey][] = [
        ['an active ENTERPRISE_ROLE account', 'enterprise'],
        ['an active VERIFIER_ROLE account', 'verifier'],
        ['an active EXCHANGE_ROLE account', 'exchange'],
        ['an active CERTIFICATE_ISSUER_ROLE account', 'certificateIssuer'],
        ['an active account without any role', 'member'],
        ['the authority (DEFAULT_ADMIN_ROLE and AUTHORITY_ROLE, not linked)', 'authority'],
        ['an ANCHORER_ROLE account whose organisation is deactivated', 'frozenAnchorer'],
        ['an ANCHORER_ROLE account not linked to any organisation', 'unlinkedAnchorer'],
        ['an outsider', 'outsider'],
      ];

      for (const [description, key] of refused) {
        it(`reverts for ${description}`, async function () {
          const signer = f[key];
          await expect(anchorAs(signer))
            .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryUnauthorizedAnchorer')
            .withArgs(signer.address);
        });
      }

      it('checks authorisation before the batch values', async function () {
        await expect(anchorAs(f.enterprise, { batchId: ethers.ZeroHash, root: ethers.ZeroHash, leafCount: 0n }))
          .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryUnauthorizedAnchorer')
          .withArgs(f.enterprise.address);
      });

      it('reverts as unauthorised even when the batch already exists', async function () {
        await anchorAs(f.anchorer);
        await expect(anchorAs(f.enterprise))
          .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryUnauthorizedAnchorer')
          .withArgs(f.enterprise.address);
      });
    });

    it('anchor gas stays under 60,000 and does not depend on batch size', async function () {
      const leafCounts = [1n, 1000n, 4_000_000_000n];
      const gasUsed: bigint[] = [];
      for (const [i, leafCount] of leafCounts.entries()) {
        const batchId = ethers.id(`01939a51-${i}000-7000-8000-000000000000`);
        const tx = await anchorAs(f.anchorer, { batchId, root: ethers.id(`gas root ${i}`), leafCount });
        const receipt = await tx.wait();
        gasUsed.push(receipt!.gasUsed);
      }
      console.log(`      anchor gas: ${gasUsed.join(' / ')} (leafCount ${leafCounts.join(' / ')})`);
      const max = gasUsed.reduce((a, b) => (a > b ? a : b));
      const min = gasUsed.reduce((a, b) => (a < b ? a : b));
      expect(max).to.be.at.most(ANCHOR_GAS_LIMIT);
      expect(max - min).to.be.at.most(ANCHOR_GAS_SPREAD);
    });
  });

  describe('anchorBatches', function () {
    function batches(n: number, prefix = 'multi') {
      return Array.from({ length: n }, (_, i) => ({
        batchId: ethers.id(`${prefix} batch ${i}`),
        root: ethers.id(`${prefix} root ${i}`),
        orgId: STEEL_ORG,
        leafCount: 1000n + BigInt(i),
        periodStart: PERIOD_START,
        periodEnd: PERIOD_END,
      }));
    }

    describe('when called by an active ANCHORER_ROLE account', function () {
      it('stores every root', async function () {
        const list = batches(3);
        await f.anchors.connect(f.anchorer).anchorBatches(list);
        for (const b of list) expect(await f.anchors.rootOf(b.batchId)).to.equal(b.root);
      });

      it('emits BatchAnchored for each batch with its arguments', async function () {
        const list = batches(2);
        const tx = f.anchors.connect(f.anchorer).anchorBatches(list);
        await expect(tx)
          .to.emit(f.anchors, 'BatchAnchored')
          .withArgs(
            list[0].batchId,
            list[0].root,
            STEEL_ORG,
            list[0].leafCount,
            PERIOD_START,
            PERIOD_END,
            f.anchorer.address,
          );
        await expect(tx)
          .to.emit(f.anchors, 'BatchAnchored')
          .withArgs(
            list[1].batchId,
            list[1].root,
            STEEL_ORG,
            list[1].leafCount,
            PERIOD_START,
            PERIOD_END,
            f.anchorer.address,
          );
      });

      it('accepts an empty list', async function () {
        await expect(f.anchors.connect(f.anchorer).anchorBatches([])).not.to.be.reverted;
      });

      it('reverts all batches when one is already anchored', async function () {
        const list = batches(3);
        await anchorAs(f.anchorer, { batchId: list[2].batchId, root: OTHER_ROOT });
        await expect(f.anchors.connect(f.anchorer).anchorBatches(list))
          .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryBatchExists')
          .withArgs(list[2].batchId, OTHER_ROOT);
      });

      it('leaves the other batches unanchored when one is refused', async function () {
        const list = batches(3);
        await anchorAs(f.anchorer, { batchId: list[2].batchId, root: OTHER_ROOT });
        await f.anchors
          .connect(f.anchorer)
          .anchorBatches(list)
          .catch(() => undefined);
        expect(await f.anchors.rootOf(list[0].batchId)).to.equal(ethers.ZeroHash);
      });

      it('reverts when the same batch id appears twice in the list', async function () {
        const list = batches(1);
        await expect(f.anchors.connect(f.anchorer).anchorBatches([list[0], list[0]]))
          .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryBatchExists')
          .withArgs(list[0].batchId, list[0].root);
      });

      it('reverts with AnchorRegistryZeroValue for a zero root in the list', async function () {
        const list = batches(2);
        list[1].root = ethers.ZeroHash;
        await expect(f.anchors.connect(f.anchorer).anchorBatches(list))
          .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryZeroValue')
          .withArgs(list[1].batchId, ethers.ZeroHash);
      });

      it('reverts with AnchorRegistryInvalidBatch for an empty batch in the list', async function () {
        const list = batches(2);
        list[0].leafCount = 0n;
        await expect(f.anchors.connect(f.anchorer).anchorBatches(list))
          .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryInvalidBatch')
          .withArgs(list[0].batchId, 0n, PERIOD_START, PERIOD_END);
      });

      it('costs less gas per batch than anchoring one by one (reported)', async function () {
        const list = batches(20, 'gas');
        const receipt = await (await f.anchors.connect(f.anchorer).anchorBatches(list)).wait();
        const perBatch = receipt!.gasUsed / 20n;
        console.log(`      anchorBatches gas: ${receipt!.gasUsed} for 20 batches, ${perBatch} per batch`);
        expect(perBatch).to.be.below(40_000n);
      });
    });

    for (const who of ['enterprise', 'verifier', 'frozenAnchorer', 'unlinkedAnchorer', 'outsider'] as const) {
      it(`refuses ${who}`, async function () {
        await expect(f.anchors.connect(f[who]).anchorBatches(batches(1)))
          .to.be.revertedWithCustomError(f.anchors, 'AnchorRegistryUnauthorizedAnchorer')
          .withArgs(f[who].address);
      });
    }
  });

  describe('merkle trees built off chain', function () {
    for (const size of TREE_SIZES) {
      it(`merkletreejs root equals an independent fold for ${size} leaves`, function () {
        const batch = buildBatch('A', size);
        expect(batch.root).to.equal(foldRoot(batch.leaves));
      });
    }

    it('a single-leaf tree has the leaf as its root', function () {
      const batch = buildBatch('A', 1);
      expect(batch.root).to.equal(batch.leaves[0]);
    });
  });

  describe('verifyReading', function () {
    for (const size of TREE_SIZES) {
      describe(`when a batch of ${size} readings is anchored`, function () {
        let batch: Batch;
        let otherBatch: Batch;

        before(function () {
          batch = buildBatch('A', size);
          otherBatch = buildBatch('B', size);
        });

        beforeEach(async function () {
          await anchorAs(f.anchorer, { root: batch.root, leafCount: BigInt(size) });
          await anchorAs(f.anchorer, { batchId: OTHER_BATCH_ID, root: otherBatch.root, leafCount: BigInt(size) });
        });

        for (const index of sampleIndices(size)) {
          it(`is true for the reading at index ${index} with its proof`, async function () {
            expect(await f.anchors.verifyReading(BATCH_ID, batch.data[index], batch.proof(index))).to.equal(true);
          });
        }

        it('is true for a reading of the other batch against the other batch', async function () {
          const last = size - 1;
          expect(await f.anchors.verifyReading(OTHER_BATCH_ID, otherBatch.data[last], otherBatch.proof(last))).to.equal(
            true,
          );
        });

        it('is false for a wrong leaf', async function () {
          const tampered = reading('A', 0);
          tampered[7] = (tampered[7] as bigint) + 1n; // one unit more energy than was read
          expect(
            await f.anchors.verifyReading(BATCH_ID, abiCoder.encode(LEAF_TYPES, tampered), batch.proof(0)),
          ).to.equal(false);
        });

        if (size > 1) {
          it('is false when the first proof element is tampered with', async function () {
            const proof = batch.proof(size - 1);
            proof[0] = flipLastBit(proof[0]);
            expect(await f.anchors.verifyReading(BATCH_ID, batch.data[size - 1], proof)).to.equal(false);
          });

          it('is false when the last proof element is tampered with', async function () {
            const proof = batch.proof(0);
            proof[proof.length - 1] = flipLastBit(proof[proof.length - 1]);
            expect(await f.anchors.verifyReading(BATCH_ID, batch.data[0], proof)).to.equal(false);
          });
        } else {
          it('is false when a junk element is added to the empty proof', async function () {
            expect(await f.anchors.verifyReading(BATCH_ID, batch.data[0], [ethers.id('junk')])).to.equal(false);
          });
        }

        it('is false for an un-anchored batch id', async function () {
          expect(await f.anchors.verifyReading(UNANCHORED_BATCH_ID, batch.data[0], batch.proof(0))).to.equal(false);
        });

        it('is false for an inner node passed off as a reading (the root with an empty proof)', async function () {
          expect(await f.anchors.verifyReading(BATCH_ID, batch.root, [])).to.equal(false);
        });

        it('is false for a reading and proof of another batch', async function () {
          expect(await f.anchors.verifyReading(BATCH_ID, otherBatch.data[0], otherBatch.proof(0))).to.equal(false);
        });
      });
    }
  });
});
