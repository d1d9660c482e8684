import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, time } from '@nomicfoundation/hardhat-toolbox/network-helpers';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';

const ENTERPRISE_ROLE = ethers.id('ENTERPRISE_ROLE');
const VERIFIER_ROLE = ethers.id('VERIFIER_ROLE');
const EXCHANGE_ROLE = ethers.id('EXCHANGE_ROLE');

// Organisation ids as Nengtan derives them: keccak256(utf8(organisation uuid)).
const STEEL_ORG = ethers.id('0b6f4c1e-8d2a-4f57-9c3e-2a7d5e1f9b40');
const CEMENT_ORG = ethers.id('3e9a7c51-2d84-4b6f-a1c3-5e7f9b2d4c68');
const VERIFY_ORG = ethers.id('6c2e8a40-9b1d-4f35-8e7a-0c4b6d8f2a13');
const VERIFY2_ORG = ethers.id('a4f1c7e2-5b83-4d96-b0e8-3f2a5c7e9d14');
const GROUP_ORG = ethers.id('d7b3e9f5-1a6c-4e28-9f4b-8c0d2e6a4b75');
const OPERATOR_ORG = ethers.id('7d3f0a52-61c4-4e8b-b0a9-2c5e8f1d4a36');
const FROZEN_ORG = ethers.id('c8a4e2f0-1b3d-4c5e-8f7a-9b0c1d2e3f45');
const UNKNOWN_ID = ethers.id('no such inventory');

// Compliance year 2024 in China Standard Time, and its first quarter (periodEnd exclusive).
const PERIOD_START = 1_704_038_400n; // 2024-01-01T00:00:00+08:00
const PERIOD_END = 1_735_660_800n; // 2025-01-01T00:00:00+08:00
const Q1_END = 1_711_900_800n; // 2024-04-01T00:00:00+08:00

const REPORT_CID = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';
const RESTATED_REPORT_CID = 'bafybeihkoviema7g3gxyt6la7vd5ho32ictqbilu3wnlo3rs7ewhnp7lly';
const STATEMENT_CID = 'bafkreidvbhs33ighmljlvr7zbv2ywwzcmp5adtf4kqvlly67cy56bdtmve';
const RESTATEMENT_REASON = 'Scope 1: blast furnace gas flaring omitted in March (ISO 14064-1 §9.4 error correction)';

const Opinion = { Verified: 0n, Qualified: 1n, Rejected: 2n } as const;
const Assurance = { Limited: 0n, Reasonable: 1n } as const;
const MATERIALITY_BPS = 500n; // 5 %, the common convention

const abiCoder = ethers.AbiCoder.defaultAbiCoder();

// An independent implementation of the id derivations the interface documents.
function periodKeyOf(orgId: string, periodStart: bigint, periodEnd: bigint): string {
  return ethers.keccak256(abiCoder.encode(['bytes32', 'uint64', 'uint64'], [orgId, periodStart, periodEnd]));
}

function inventoryIdOf(periodKey: string, version: bigint): string {
  return ethers.keccak256(abiCoder.encode(['bytes32', 'uint32'], [periodKey, version]));
}

const PERIOD_KEY = periodKeyOf(STEEL_ORG, PERIOD_START, PERIOD_END);
const V1 = inventoryIdOf(PERIOD_KEY, 1n);
const V2 = inventoryIdOf(PERIOD_KEY, 2n);
const V3 = inventoryIdOf(PERIOD_KEY, 3n);

interface Submission {
  orgId: string;
  periodStart: bigint;
  periodEnd: bigint;
  scope1KgCO2e: bigint;
  scope2LocationKgCO2e: bigint;
  scope2MarketKgCO2e: bigint;
  totalKgCO2e: bigint;
  energyKgce: bigint;
  inventoryHash: string;
  reportCid: string;
  batchRootsCommitment: string;
  factorSetId: string;
}

// A steel plant's year: 1.23 Mt scope 1, grid electricity at the 2022 national average factor 0.5703 kgCO2/kWh.
const SCOPE1 = 1_234_567_890n;
const SCOPE2_LOCATION = 456_789_012n;
const SCOPE2_MARKET = 398_765_432n;
const EXPORTED = 1_000_000n;
const TOTAL = SCOPE1 + SCOPE2_LOCATION - EXPORTED;
const ENERGY_KGCE = 987_654_321n;
const BATCH_ROOTS = [ethers.id('batch root 2024-01'), ethers.id('batch root 2024-02'), ethers.id('batch root 2024-03')];

function submission(overrides: Partial<Submission> = {}): Submission {
  return {
    orgId: STEEL_ORG,
    periodStart: PERIOD_START,
    periodEnd: PERIOD_END,
    scope1KgCO2e: SCOPE1,
    scope2LocationKgCO2e: SCOPE2_LOCATION,
    scope2MarketKgCO2e: SCOPE2_MARKET,
    totalKgCO2e: TOTAL,
    energyKgce: ENERGY_KGCE,
    inventoryHash: ethers.id('{"format":"nengtan-inventory/v1","period":"2024","scope1KgCO2e":"1234567890"}'),
    reportCid: REPORT_CID,
    batchRootsCommitment: ethers.keccak256(abiCoder.encode(['bytes32[]'], [BATCH_ROOTS])),
    factorSetId: ethers.id('cn-mee-2024/grid-2022-0.5703'),
    ...overrides,
  };
}

const RESTATED: Partial<Submission> = {
  scope1KgCO2e: SCOPE1 + 12_345_678n,
  totalKgCO2e: TOTAL + 12_345_678n,
  inventoryHash: ethers.id('{"format":"nengtan-inventory/v1","period":"2024","scope1KgCO2e":"1246913568"}'),
  reportCid: RESTATED_REPORT_CID,
};

async function fixture() {
  const [
    deployer,
    authority,
    enterprise,
    colleague,
    otherEnterprise,
    verifier,
    otherVerifier,
    affiliatedVerifier,
    inHouseVerifier,
    exchange,
    member,
    frozenEnterprise,
    unlinkedEnterprise,
    unlinkedVerifier,
    outsider,
  ] = await ethers.getSigners();

  const registry = await ethers.deployContract('ParticipantRegistry', [authority.address], deployer);
  const inventories = await ethers.deployContract('InventoryRegistry', [await registry.getAddress()], deployer);

  const admin = registry.connect(authority);
  const organisations: [string, string][] = [
    [STEEL_ORG, '苏州示范钢铁有限公司'],
    [CEMENT_ORG, 'Wuxi Cement Co.'],
    [VERIFY_ORG, 'Jiangsu Carbon Verification Centre'],
    [VERIFY2_ORG, 'East China Assurance Ltd'],
    [GROUP_ORG, 'Steel Group Technical Services'],
    [OPERATOR_ORG, 'Nengtan Operations'],
    [FROZEN_ORG, 'Suspended Foundry Ltd'],
  ];
  for (const [orgId, name] of organisations) await admin.registerOrganisation(orgId, name);

  const members: [HardhatEthersSigner, string, string | null][] = [
    [enterprise, STEEL_ORG, ENTERPRISE_ROLE],
    [colleague, STEEL_ORG, ENTERPRISE_ROLE],
    [otherEnterprise, CEMENT_ORG, ENTERPRISE_ROLE],
    [verifier, VERIFY_ORG, VERIFIER_ROLE],
    [otherVerifier, VERIFY2_ORG, VERIFIER_ROLE],
    [affiliatedVerifier, GROUP_ORG, VERIFIER_ROLE],
    [inHouseVerifier, STEEL_ORG, VERIFIER_ROLE],
    [exchange, OPERATOR_ORG, EXCHANGE_ROLE],
    [member, STEEL_ORG, null],
    [frozenEnterprise, FROZEN_ORG, ENTERPRISE_ROLE],
  ];
  for (const [account, orgId, role] of members) {
    await admin.linkAccount(account.address, orgId);
    if (role !== null) await admin.grantRole(role, account.address);
  }
  await admin.grantRole(ENTERPRISE_ROLE, unlinkedEnterprise.address);
  await admin.grantRole(VERIFIER_ROLE, unlinkedVerifier.address);
  await admin.setOrganisationActive(FROZEN_ORG, false);
  await admin.setAffiliation(STEEL_ORG, GROUP_ORG, true);

  return {
    registry,
    admin,
    inventories,
    deployer,
    authority,
    enterprise,
    colleague,
    otherEnterprise,
    verifier,
    otherVerifier,
    affiliatedVerifier,
    inHouseVerifier,
    exchange,
    member,
    frozenEnterprise,
    unlinkedEnterprise,
    unlinkedVerifier,
    outsider,
  };
}

type Fixture = Awaited<ReturnType<typeof fixture>>;
type SignerKey = Exclude<keyof Fixture, 'registry' | 'admin' | 'inventories'>;

describe('InventoryRegistry', function () {
  let f: Fixture;

  beforeEach(async function () {
    f = await loadFixture(fixture);
  });

  function submitAs(signer: HardhatEthersSigner, overrides: Partial<Submission> = {}) {
    return f.inventories.connect(signer).submit(submission(overrides));
  }

  function restateAs(
    signer: HardhatEthersSigner,
    previousId: string,
    overrides: Partial<Submission> = RESTATED,
    reason = RESTATEMENT_REASON,
  ) {
    return f.inventories.connect(signer).restate(previousId, submission(overrides), reason);
  }

  function assignAs(signer: HardhatEthersSigner, inventoryId: string, verifier: string) {
    return f.inventories.connect(signer).assignVerifier(inventoryId, verifier);
  }

  function attestAs(
    signer: HardhatEthersSigner,
    inventoryId: string,
    opinion: bigint = Opinion.Verified,
    materialityBps: bigint = MATERIALITY_BPS,
    statementCid = STATEMENT_CID,
  ) {
    return f.inventories
      .connect(signer)
      .attest(inventoryId, opinion, Assurance.Reasonable, materialityBps, statementCid);
  }

  async function verifiedEmissions(orgId = STEEL_ORG, periodStart = PERIOD_START, periodEnd = PERIOD_END) {
    return [...(await f.inventories.verifiedEmissions(orgId, periodStart, periodEnd))];
  }

  // Accounts that are not active ENTERPRISE_ROLE accounts, each refused with InventoryRegistryUnauthorizedEnterprise.
  const NOT_ENTERPRISES: [string, SignerKey][] = [
    ['an active VERIFIER_ROLE account of an independent organisation', 'verifier'],
    ['an active VERIFIER_ROLE account of the organisation itself', 'inHouseVerifier'],
    ['an active EXCHANGE_ROLE account', 'exchange'],
    ['an account of the organisation without any role', 'member'],
    ['the authority (DEFAULT_ADMIN_ROLE and AUTHORITY_ROLE, not linked)', 'authority'],
    ['an ENTERPRISE_ROLE account whose organisation is deactivated', 'frozenEnterprise'],
    ['an ENTERPRISE_ROLE account not linked to any organisation', 'unlinkedEnterprise'],
    ['an outsider', 'outsider'],
  ];

  describe('constructor', function () {
    it('reverts when the participant registry is the zero address', async function () {
      const factory = await ethers.getContractFactory('InventoryRegistry');
      await expect(factory.deploy(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(factory, 'InventoryRegistryZeroRegistry')
        .withArgs();
    });

    it('keeps the participant registry', async function () {
      expect(await f.inventories.registry()).to.equal(await f.registry.getAddress());
    });

    it('ENTERPRISE_ROLE is the participant registry role', async function () {
      expect(await f.inventories.ENTERPRISE_ROLE()).to.equal(await f.registry.ENTERPRISE_ROLE());
    });

    it('VERIFIER_ROLE is the participant registry role', async function () {
      expect(await f.inventories.VERIFIER_ROLE()).to.equal(await f.registry.VERIFIER_ROLE());
    });

    it('MAX_MATERIALITY_BPS is 100 %', async function () {
      expect(await f.inventories.MAX_MATERIALITY_BPS()).to.equal(10_000n);
    });
  });

  describe('submit', function () {
    describe('when called by an active ENTERPRISE_ROLE account of the organisation', function () {
      it('emits InventorySubmitted with the off-chain derived ids and the submission', async function () {
        await expect(submitAs(f.enterprise))
          .to.emit(f.inventories, 'InventorySubmitted')
          .withArgs(
            V1,
            STEEL_ORG,
            PERIOD_KEY,
            PERIOD_START,
            PERIOD_END,
            1n,
            TOTAL,
            submission().inventoryHash,
            REPORT_CID,
            f.enterprise.address,
          );
      });

      it('returns the id of version 1', async function () {
        expect(await f.inventories.connect(f.enterprise).submit.staticCall(submission())).to.equal(V1);
      });

      it('makes version 1 the live version', async function () {
        await submitAs(f.enterprise);
        expect(await f.inventories.liveInventoryId(STEEL_ORG, PERIOD_START, PERIOD_END)).to.equal(V1);
      });

      it('stores the organisation and period', async function () {
        await submitAs(f.enterprise);
        const inv = await f.inventories.inventory(V1);
        expect([inv.orgId, inv.periodStart, inv.periodEnd]).to.deep.equal([STEEL_ORG, PERIOD_START, PERIOD_END]);
      });

      it('stores the figures', async function () {
        await submitAs(f.enterprise);
        const inv = await f.inventories.inventory(V1);
        expect([
          inv.scope1KgCO2e,
          inv.scope2LocationKgCO2e,
          inv.scope2MarketKgCO2e,
          inv.totalKgCO2e,
          inv.energyKgce,
        ]).to.deep.equal([SCOPE1, SCOPE2_LOCATION, SCOPE2_MARKET, TOTAL, ENERGY_KGCE]);
      });

      it('stores the hashes and the evidence CID', async function () {
        await submitAs(f.enterprise);
        const inv = await f.inventories.inventory(V1);
        const s = submission();
        expect([inv.inventoryHash, inv.batchRootsCommitment, inv.factorSetId, inv.reportCid]).to.deep.equal([
          s.inventoryHash,
          s.batchRootsCommitment,
          s.factorSetId,
          s.reportCid,
        ]);
      });

      it('records version 1 without a previous version', async function () {
        await submitAs(f.enterprise);
        const inv = await f.inventories.inventory(V1);
        expect([inv.version, inv.previousId]).to.deep.equal([1n, ethers.ZeroHash]);
      });

      it('records the block timestamp of the submission', async function () {
        await submitAs(f.enterprise);
        expect((await f.inventories.inventory(V1)).submittedAt).to.equal(BigInt(await time.latest()));
      });

      it('is not superseded', async function () {
        await submitAs(f.enterprise);
        expect((await f.inventories.inventory(V1)).superseded).to.equal(false);
      });

      it('has no verifier and no attestation', async function () {
        await submitAs(f.enterprise);
        const a = (await f.inventories.inventory(V1)).attestation;
        expect([...a]).to.deep.equal([ethers.ZeroAddress, 0n, 0n, 0n, 0n, '']);
      });

      it('is not verified', async function () {
        await submitAs(f.enterprise);
        expect(await verifiedEmissions()).to.deep.equal([false, 0n, V1]);
      });

      it('accepts a submission from a colleague of the same organisation', async function () {
        await expect(submitAs(f.colleague))
          .to.emit(f.inventories, 'InventorySubmitted')
          .withArgs(
            V1,
            STEEL_ORG,
            PERIOD_KEY,
            PERIOD_START,
            PERIOD_END,
            1n,
            TOTAL,
            submission().inventoryHash,
            REPORT_CID,
            f.colleague.address,
          );
      });

      it('accepts a negative total (a net exporter)', async function () {
        await submitAs(f.enterprise, { totalKgCO2e: -42n });
        expect((await f.inventories.inventory(V1)).totalKgCO2e).to.equal(-42n);
      });

      it('accepts a period that ends exactly at the block time', async function () {
        const now = BigInt(await time.latest()) + 100n;
        await time.setNextBlockTimestamp(now);
        await submitAs(f.enterprise, { periodEnd: now });
        expect(await f.inventories.liveInventoryId(STEEL_ORG, PERIOD_START, now)).to.equal(
          inventoryIdOf(periodKeyOf(STEEL_ORG, PERIOD_START, now), 1n),
        );
      });

      it('accepts a one-second period', async function () {
        await submitAs(f.enterprise, { periodEnd: PERIOD_START + 1n });
        expect(await f.inventories.liveInventoryId(STEEL_ORG, PERIOD_START, PERIOD_START + 1n)).to.equal(
          inventoryIdOf(periodKeyOf(STEEL_ORG, PERIOD_START, PERIOD_START + 1n), 1n),
        );
      });

      it('reverts when the period is empty', async function () {
        await expect(submitAs(f.enterprise, { periodEnd: PERIOD_START }))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryInvalidPeriod')
          .withArgs(STEEL_ORG, PERIOD_START, PERIOD_START);
      });

      it('reverts when the period ends before it starts', async function () {
        await expect(submitAs(f.enterprise, { periodStart: PERIOD_END, periodEnd: PERIOD_START }))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryInvalidPeriod')
          .withArgs(STEEL_ORG, PERIOD_END, PERIOD_START);
      });

      it('reverts when the period has not ended yet', async function () {
        const now = BigInt(await time.latest()) + 100n;
        await time.setNextBlockTimestamp(now);
        await expect(submitAs(f.enterprise, { periodEnd: now + 1n }))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryPeriodNotEnded')
          .withArgs(now + 1n, now);
      });

      it('reverts when the inventory hash is zero', async function () {
        await expect(submitAs(f.enterprise, { inventoryHash: ethers.ZeroHash }))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryZeroInventoryHash')
          .withArgs(PERIOD_KEY);
      });

      it('reverts when the evidence CID is empty', async function () {
        await expect(submitAs(f.enterprise, { reportCid: '' }))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryEmptyReportCid')
          .withArgs(PERIOD_KEY);
      });

      it('reverts with the account organisation for the zero organisation id', async function () {
        await expect(submitAs(f.enterprise, { orgId: ethers.ZeroHash }))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryWrongOrganisation')
          .withArgs(f.enterprise.address, STEEL_ORG, ethers.ZeroHash);
      });

      describe('when the period already has a live version', function () {
        beforeEach(async function () {
          await submitAs(f.enterprise);
        });

        it('reverts with the period key and the live version', async function () {
          await expect(submitAs(f.enterprise, RESTATED))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryAlreadySubmitted')
            .withArgs(PERIOD_KEY, V1);
        });

        it('reverts for a colleague too', async function () {
          await expect(submitAs(f.colleague))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryAlreadySubmitted')
            .withArgs(PERIOD_KEY, V1);
        });

        it('reverts with the restated version once it is restated', async function () {
          await restateAs(f.enterprise, V1);
          await expect(submitAs(f.enterprise))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryAlreadySubmitted')
            .withArgs(PERIOD_KEY, V2);
        });

        it('accepts an overlapping but different period (the first quarter)', async function () {
          await submitAs(f.enterprise, { periodEnd: Q1_END });
          expect(await f.inventories.liveInventoryId(STEEL_ORG, PERIOD_START, Q1_END)).to.equal(
            inventoryIdOf(periodKeyOf(STEEL_ORG, PERIOD_START, Q1_END), 1n),
          );
        });

        it('accepts the same period of another organisation', async function () {
          await f.inventories.connect(f.otherEnterprise).submit(submission({ orgId: CEMENT_ORG }));
          expect(await f.inventories.liveInventoryId(CEMENT_ORG, PERIOD_START, PERIOD_END)).to.equal(
            inventoryIdOf(periodKeyOf(CEMENT_ORG, PERIOD_START, PERIOD_END), 1n),
          );
        });

        it('leaves the live version unchanged after a refused submission', async function () {
          await expect(submitAs(f.enterprise, RESTATED)).to.be.reverted;
          expect((await f.inventories.inventory(V1)).totalKgCO2e).to.equal(TOTAL);
        });
      });

      describe("when the enterprise's organisation is deactivated", function () {
        beforeEach(async function () {
          await f.admin.setOrganisationActive(STEEL_ORG, false);
        });

        it('reverts', async function () {
          await expect(submitAs(f.enterprise))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedEnterprise')
            .withArgs(f.enterprise.address);
        });

        describe('when it is reactivated', function () {
          beforeEach(async function () {
            await f.admin.setOrganisationActive(STEEL_ORG, true);
          });

          it('submits again', async function () {
            await submitAs(f.enterprise);
            expect(await f.inventories.liveInventoryId(STEEL_ORG, PERIOD_START, PERIOD_END)).to.equal(V1);
          });
        });
      });

      describe('when the enterprise is unlinked from its organisation', function () {
        beforeEach(async function () {
          await f.admin.unlinkAccount(f.enterprise.address);
        });

        it('reverts', async function () {
          await expect(submitAs(f.enterprise))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedEnterprise')
            .withArgs(f.enterprise.address);
        });
      });

      describe('when ENTERPRISE_ROLE is revoked from the enterprise', function () {
        beforeEach(async function () {
          await f.admin.revokeRole(ENTERPRISE_ROLE, f.enterprise.address);
        });

        it('reverts', async function () {
          await expect(submitAs(f.enterprise))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedEnterprise')
            .withArgs(f.enterprise.address);
        });
      });
    });

    describe('when called by an account that may not submit for the organisation', function () {
      it('reverts for an active ENTERPRISE_ROLE account of another organisation', async function () {
        await expect(submitAs(f.otherEnterprise))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryWrongOrganisation')
          .withArgs(f.otherEnterprise.address, CEMENT_ORG, STEEL_ORG);
      });

      for (const [description, key] of NOT_ENTERPRISES) {
        it(`reverts for ${description}`, async function () {
          await expect(submitAs(f[key]))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedEnterprise')
            .withArgs(f[key].address);
        });
      }

      it('checks authorisation before the submission values', async function () {
        await expect(submitAs(f.outsider, { periodEnd: PERIOD_START, inventoryHash: ethers.ZeroHash, reportCid: '' }))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedEnterprise')
          .withArgs(f.outsider.address);
      });

      it('checks the organisation before the submission values', async function () {
        await expect(submitAs(f.otherEnterprise, { periodEnd: PERIOD_START }))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryWrongOrganisation')
          .withArgs(f.otherEnterprise.address, CEMENT_ORG, STEEL_ORG);
      });
    });
  });

  describe('restate', function () {
    it('reverts for an unknown inventory', async function () {
      await expect(restateAs(f.enterprise, UNKNOWN_ID))
        .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnknownInventory')
        .withArgs(UNKNOWN_ID);
    });

    describe('when version 1 is live', function () {
      beforeEach(async function () {
        await submitAs(f.enterprise);
      });

      describe('when the enterprise restates it with a reason', function () {
        it('emits InventoryRestated with both ids and the reason', async function () {
          await expect(restateAs(f.enterprise, V1))
            .to.emit(f.inventories, 'InventoryRestated')
            .withArgs(V1, V2, RESTATEMENT_REASON);
        });

        it('emits InventorySubmitted for version 2', async function () {
          await expect(restateAs(f.enterprise, V1))
            .to.emit(f.inventories, 'InventorySubmitted')
            .withArgs(
              V2,
              STEEL_ORG,
              PERIOD_KEY,
              PERIOD_START,
              PERIOD_END,
              2n,
              RESTATED.totalKgCO2e,
              RESTATED.inventoryHash,
              RESTATED_REPORT_CID,
              f.enterprise.address,
            );
        });

        it('returns the id of version 2', async function () {
          const s = submission(RESTATED);
          expect(await f.inventories.connect(f.enterprise).restate.staticCall(V1, s, RESTATEMENT_REASON)).to.equal(V2);
        });

        it('makes version 2 the live version', async function () {
          await restateAs(f.enterprise, V1);
          expect(await f.inventories.liveInventoryId(STEEL_ORG, PERIOD_START, PERIOD_END)).to.equal(V2);
        });

        it('links version 2 to version 1', async function () {
          await restateAs(f.enterprise, V1);
          const inv = await f.inventories.inventory(V2);
          expect([inv.version, inv.previousId]).to.deep.equal([2n, V1]);
        });

        it('stores the restated figures in version 2', async function () {
          await restateAs(f.enterprise, V1);
          const inv = await f.inventories.inventory(V2);
          expect([inv.scope1KgCO2e, inv.totalKgCO2e, inv.inventoryHash, inv.reportCid]).to.deep.equal([
            RESTATED.scope1KgCO2e,
            RESTATED.totalKgCO2e,
            RESTATED.inventoryHash,
            RESTATED_REPORT_CID,
          ]);
        });

        it('supersedes version 1', async function () {
          await restateAs(f.enterprise, V1);
          expect((await f.inventories.inventory(V1)).superseded).to.equal(true);
        });

        it('keeps the figures of version 1', async function () {
          await restateAs(f.enterprise, V1);
          const inv = await f.inventories.inventory(V1);
          expect([inv.scope1KgCO2e, inv.totalKgCO2e, inv.reportCid]).to.deep.equal([SCOPE1, TOTAL, REPORT_CID]);
        });

        it('leaves version 2 not superseded', async function () {
          await restateAs(f.enterprise, V1);
          expect((await f.inventories.inventory(V2)).superseded).to.equal(false);
        });
      });

      it('accepts a restatement by a colleague of the same organisation', async function () {
        await expect(restateAs(f.colleague, V1))
          .to.emit(f.inventories, 'InventoryRestated')
          .withArgs(V1, V2, RESTATEMENT_REASON);
      });

      it('accepts a restatement with unchanged figures (a new evidence package)', async function () {
        await expect(restateAs(f.enterprise, V1, { reportCid: RESTATED_REPORT_CID }, 'Evidence package re-encrypted'))
          .to.emit(f.inventories, 'InventoryRestated')
          .withArgs(V1, V2, 'Evidence package re-encrypted');
      });

      it('reverts when the reason is empty', async function () {
        await expect(restateAs(f.enterprise, V1, RESTATED, ''))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryEmptyReason')
          .withArgs(V1);
      });

      it('reverts when the period starts elsewhere', async function () {
        await expect(restateAs(f.enterprise, V1, { periodStart: PERIOD_START + 1n }))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryPeriodMismatch')
          .withArgs(V1, STEEL_ORG, PERIOD_START + 1n, PERIOD_END);
      });

      it('reverts when the period ends elsewhere', async function () {
        await expect(restateAs(f.enterprise, V1, { periodEnd: Q1_END }))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryPeriodMismatch')
          .withArgs(V1, STEEL_ORG, PERIOD_START, Q1_END);
      });

      it('reverts when another organisation restates it under its own id', async function () {
        await expect(restateAs(f.otherEnterprise, V1, { ...RESTATED, orgId: CEMENT_ORG }))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryPeriodMismatch')
          .withArgs(V1, CEMENT_ORG, PERIOD_START, PERIOD_END);
      });

      it('reverts when the inventory hash is zero', async function () {
        await expect(restateAs(f.enterprise, V1, { inventoryHash: ethers.ZeroHash }))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryZeroInventoryHash')
          .withArgs(PERIOD_KEY);
      });

      it('reverts when the evidence CID is empty', async function () {
        await expect(restateAs(f.enterprise, V1, { reportCid: '' }))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryEmptyReportCid')
          .withArgs(PERIOD_KEY);
      });

      it('reverts for an active ENTERPRISE_ROLE account of another organisation', async function () {
        await expect(restateAs(f.otherEnterprise, V1))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryWrongOrganisation')
          .withArgs(f.otherEnterprise.address, CEMENT_ORG, STEEL_ORG);
      });

      for (const [description, key] of NOT_ENTERPRISES) {
        it(`reverts for ${description}`, async function () {
          await expect(restateAs(f[key], V1))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedEnterprise')
            .withArgs(f[key].address);
        });
      }

      it('reverts for the assigned verifier', async function () {
        await assignAs(f.enterprise, V1, f.verifier.address);
        await expect(restateAs(f.verifier, V1))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedEnterprise')
          .withArgs(f.verifier.address);
      });

      it('checks authorisation before the inventory exists', async function () {
        await expect(restateAs(f.outsider, UNKNOWN_ID))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedEnterprise')
          .withArgs(f.outsider.address);
      });

      describe('when it has been restated twice (v1 → v2 → v3)', function () {
        beforeEach(async function () {
          await restateAs(f.enterprise, V1);
          await restateAs(f.colleague, V2, { ...RESTATED, totalKgCO2e: TOTAL + 1n }, 'Second correction');
        });

        it('numbers the versions 1, 2, 3', async function () {
          const versions = await Promise.all(
            [V1, V2, V3].map(async (id) => (await f.inventories.inventory(id)).version),
          );
          expect(versions).to.deep.equal([1n, 2n, 3n]);
        });

        it('links each version to the one it restates', async function () {
          const links = await Promise.all(
            [V1, V2, V3].map(async (id) => (await f.inventories.inventory(id)).previousId),
          );
          expect(links).to.deep.equal([ethers.ZeroHash, V1, V2]);
        });

        it('supersedes all but the latest', async function () {
          const flags = await Promise.all(
            [V1, V2, V3].map(async (id) => (await f.inventories.inventory(id)).superseded),
          );
          expect(flags).to.deep.equal([true, true, false]);
        });

        it('points the live pointer at version 3', async function () {
          expect(await f.inventories.liveInventoryId(STEEL_ORG, PERIOD_START, PERIOD_END)).to.equal(V3);
        });

        it('reverts when restating version 1 again, naming the live version', async function () {
          await expect(restateAs(f.enterprise, V1))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryNotLive')
            .withArgs(V1, V3);
        });

        it('reverts when restating version 2 again, naming the live version', async function () {
          await expect(restateAs(f.enterprise, V2))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryNotLive')
            .withArgs(V2, V3);
        });

        it('restates version 3 into version 4', async function () {
          await expect(restateAs(f.enterprise, V3))
            .to.emit(f.inventories, 'InventoryRestated')
            .withArgs(V3, inventoryIdOf(PERIOD_KEY, 4n), RESTATEMENT_REASON);
        });
      });

      describe('when a verifier is assigned to version 1 but has not attested', function () {
        beforeEach(async function () {
          await assignAs(f.enterprise, V1, f.verifier.address);
          await restateAs(f.enterprise, V1);
        });

        it('starts version 2 without a verifier', async function () {
          expect((await f.inventories.inventory(V2)).attestation.verifier).to.equal(ethers.ZeroAddress);
        });

        it('refuses an attestation of version 1', async function () {
          await expect(attestAs(f.verifier, V1))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryNotLive')
            .withArgs(V1, V2);
        });

        it('refuses an attestation of version 2 by the verifier of version 1', async function () {
          await expect(attestAs(f.verifier, V2))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryNotAssignedVerifier')
            .withArgs(V2, f.verifier.address, ethers.ZeroAddress);
        });
      });

      describe('when version 1 is verified', function () {
        beforeEach(async function () {
          await assignAs(f.enterprise, V1, f.verifier.address);
          await attestAs(f.verifier, V1, Opinion.Verified);
        });

        it('allows the restatement', async function () {
          await expect(restateAs(f.enterprise, V1))
            .to.emit(f.inventories, 'InventoryRestated')
            .withArgs(V1, V2, RESTATEMENT_REASON);
        });

        describe('when it is restated', function () {
          beforeEach(async function () {
            await restateAs(f.enterprise, V1);
          });

          it('reports the period unverified, naming version 2', async function () {
            expect(await verifiedEmissions()).to.deep.equal([false, 0n, V2]);
          });

          it('keeps the attestation of version 1', async function () {
            const a = (await f.inventories.inventory(V1)).attestation;
            expect([a.verifier, a.opinion, a.statementCid]).to.deep.equal([
              f.verifier.address,
              Opinion.Verified,
              STATEMENT_CID,
            ]);
          });

          it('starts version 2 without verifier or attestation', async function () {
            const a = (await f.inventories.inventory(V2)).attestation;
            expect([...a]).to.deep.equal([ethers.ZeroAddress, 0n, 0n, 0n, 0n, '']);
          });

          it('refuses another attestation of version 1 as not live', async function () {
            await expect(attestAs(f.verifier, V1))
              .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryNotLive')
              .withArgs(V1, V2);
          });

          describe('when version 2 is verified', function () {
            beforeEach(async function () {
              await assignAs(f.enterprise, V2, f.verifier.address);
              await attestAs(f.verifier, V2, Opinion.Qualified);
            });

            it('reports the restated total as verified', async function () {
              expect(await verifiedEmissions()).to.deep.equal([true, RESTATED.totalKgCO2e, V2]);
            });
          });
        });
      });
    });
  });

  describe('assignVerifier', function () {
    it('reverts for an unknown inventory', async function () {
      await expect(assignAs(f.enterprise, UNKNOWN_ID, f.verifier.address))
        .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnknownInventory')
        .withArgs(UNKNOWN_ID);
    });

    describe('when version 1 is live', function () {
      beforeEach(async function () {
        await submitAs(f.enterprise);
      });

      describe('when the enterprise assigns an independent verifier', function () {
        it('emits VerifierAssigned with the verifier, its organisation and the assigning account', async function () {
          await expect(assignAs(f.enterprise, V1, f.verifier.address))
            .to.emit(f.inventories, 'VerifierAssigned')
            .withArgs(V1, STEEL_ORG, f.verifier.address, VERIFY_ORG, f.enterprise.address);
        });

        it('records the verifier', async function () {
          await assignAs(f.enterprise, V1, f.verifier.address);
          expect((await f.inventories.inventory(V1)).attestation.verifier).to.equal(f.verifier.address);
        });

        it('leaves the inventory unattested', async function () {
          await assignAs(f.enterprise, V1, f.verifier.address);
          expect((await f.inventories.inventory(V1)).attestation.attestedAt).to.equal(0n);
        });

        it('leaves the period unverified', async function () {
          await assignAs(f.enterprise, V1, f.verifier.address);
          expect(await verifiedEmissions()).to.deep.equal([false, 0n, V1]);
        });

        describe('when a verifier is assigned already', function () {
          beforeEach(async function () {
            await assignAs(f.enterprise, V1, f.verifier.address);
          });

          it('emits VerifierAssigned on reassignment', async function () {
            await expect(assignAs(f.colleague, V1, f.otherVerifier.address))
              .to.emit(f.inventories, 'VerifierAssigned')
              .withArgs(V1, STEEL_ORG, f.otherVerifier.address, VERIFY2_ORG, f.colleague.address);
          });

          it('replaces the verifier', async function () {
            await assignAs(f.enterprise, V1, f.otherVerifier.address);
            expect((await f.inventories.inventory(V1)).attestation.verifier).to.equal(f.otherVerifier.address);
          });

          it('refuses an attestation by the replaced verifier', async function () {
            await assignAs(f.enterprise, V1, f.otherVerifier.address);
            await expect(attestAs(f.verifier, V1))
              .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryNotAssignedVerifier')
              .withArgs(V1, f.verifier.address, f.otherVerifier.address);
          });

          it('emits VerifierAssigned again when the same verifier is assigned again', async function () {
            await expect(assignAs(f.enterprise, V1, f.verifier.address))
              .to.emit(f.inventories, 'VerifierAssigned')
              .withArgs(V1, STEEL_ORG, f.verifier.address, VERIFY_ORG, f.enterprise.address);
          });
        });

        describe('when the inventory is attested', function () {
          beforeEach(async function () {
            await assignAs(f.enterprise, V1, f.verifier.address);
            await attestAs(f.verifier, V1);
          });

          it('reverts on reassignment', async function () {
            await expect(assignAs(f.enterprise, V1, f.otherVerifier.address))
              .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryAlreadyAttested')
              .withArgs(V1, f.verifier.address);
          });
        });

        describe('when the inventory is superseded', function () {
          beforeEach(async function () {
            await restateAs(f.enterprise, V1);
          });

          it('reverts naming the live version', async function () {
            await expect(assignAs(f.enterprise, V1, f.verifier.address))
              .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryNotLive')
              .withArgs(V1, V2);
          });
        });
      });

      describe('independence', function () {
        it("reverts for a verifier of the inventory's own organisation", async function () {
          await expect(assignAs(f.enterprise, V1, f.inHouseVerifier.address))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryVerifierNotIndependent')
            .withArgs(V1, STEEL_ORG);
        });

        it('reverts for a verifier of an affiliated organisation', async function () {
          await expect(assignAs(f.enterprise, V1, f.affiliatedVerifier.address))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryVerifierNotIndependent')
            .withArgs(V1, GROUP_ORG);
        });

        it('reverts for a verifier whose organisation was affiliated in the other order', async function () {
          await f.admin.setAffiliation(VERIFY_ORG, STEEL_ORG, true);
          await expect(assignAs(f.enterprise, V1, f.verifier.address))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryVerifierNotIndependent')
            .withArgs(V1, VERIFY_ORG);
        });

        it('accepts a verifier affiliated with another organisation only (independence is not transitive)', async function () {
          await f.admin.setAffiliation(VERIFY_ORG, GROUP_ORG, true);
          await expect(assignAs(f.enterprise, V1, f.verifier.address))
            .to.emit(f.inventories, 'VerifierAssigned')
            .withArgs(V1, STEEL_ORG, f.verifier.address, VERIFY_ORG, f.enterprise.address);
        });

        describe('when the affiliation is removed again', function () {
          beforeEach(async function () {
            await f.admin.setAffiliation(GROUP_ORG, STEEL_ORG, false);
          });

          it('accepts the formerly affiliated verifier', async function () {
            await expect(assignAs(f.enterprise, V1, f.affiliatedVerifier.address))
              .to.emit(f.inventories, 'VerifierAssigned')
              .withArgs(V1, STEEL_ORG, f.affiliatedVerifier.address, GROUP_ORG, f.enterprise.address);
          });
        });

        describe('when the in-house verifier moves to an independent organisation', function () {
          beforeEach(async function () {
            await f.admin.unlinkAccount(f.inHouseVerifier.address);
            await f.admin.linkAccount(f.inHouseVerifier.address, VERIFY2_ORG);
          });

          it('accepts it', async function () {
            await expect(assignAs(f.enterprise, V1, f.inHouseVerifier.address))
              .to.emit(f.inventories, 'VerifierAssigned')
              .withArgs(V1, STEEL_ORG, f.inHouseVerifier.address, VERIFY2_ORG, f.enterprise.address);
          });
        });
      });

      describe('when the candidate is not an active VERIFIER_ROLE account', function () {
        const candidates: [string, SignerKey][] = [
          ['the enterprise itself', 'enterprise'],
          ['an ENTERPRISE_ROLE account of another organisation', 'otherEnterprise'],
          ['an EXCHANGE_ROLE account', 'exchange'],
          ['an account without any role', 'member'],
          ['the authority', 'authority'],
          ['a VERIFIER_ROLE account not linked to any organisation', 'unlinkedVerifier'],
          ['an outsider', 'outsider'],
        ];

        for (const [description, key] of candidates) {
          it(`reverts for ${description}`, async function () {
            await expect(assignAs(f.enterprise, V1, f[key].address))
              .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedVerifier')
              .withArgs(f[key].address);
          });
        }

        it('reverts for the zero address', async function () {
          await expect(assignAs(f.enterprise, V1, ethers.ZeroAddress))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedVerifier')
            .withArgs(ethers.ZeroAddress);
        });

        it('reverts for a verifier whose organisation is deactivated', async function () {
          await f.admin.setOrganisationActive(VERIFY_ORG, false);
          await expect(assignAs(f.enterprise, V1, f.verifier.address))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedVerifier')
            .withArgs(f.verifier.address);
        });

        it('reverts for a verifier whose VERIFIER_ROLE is revoked', async function () {
          await f.admin.revokeRole(VERIFIER_ROLE, f.verifier.address);
          await expect(assignAs(f.enterprise, V1, f.verifier.address))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedVerifier')
            .withArgs(f.verifier.address);
        });

        it('checks the role before independence (an in-house account without the role)', async function () {
          await expect(assignAs(f.enterprise, V1, f.colleague.address))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedVerifier')
            .withArgs(f.colleague.address);
        });
      });

      describe('when called by an account that may not act for the organisation', function () {
        it('reverts for an active ENTERPRISE_ROLE account of another organisation', async function () {
          await expect(assignAs(f.otherEnterprise, V1, f.verifier.address))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryWrongOrganisation')
            .withArgs(f.otherEnterprise.address, CEMENT_ORG, STEEL_ORG);
        });

        for (const [description, key] of NOT_ENTERPRISES) {
          it(`reverts for ${description}`, async function () {
            await expect(assignAs(f[key], V1, f.verifier.address))
              .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedEnterprise')
              .withArgs(f[key].address);
          });
        }

        it('reverts for the verifier assigning itself', async function () {
          await expect(assignAs(f.verifier, V1, f.verifier.address))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedEnterprise')
            .withArgs(f.verifier.address);
        });

        it('reverts for the enterprise once its organisation is deactivated', async function () {
          await f.admin.setOrganisationActive(STEEL_ORG, false);
          await expect(assignAs(f.enterprise, V1, f.verifier.address))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedEnterprise')
            .withArgs(f.enterprise.address);
        });

        it('checks the caller before the candidate', async function () {
          await expect(assignAs(f.otherEnterprise, V1, f.inHouseVerifier.address))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryWrongOrganisation')
            .withArgs(f.otherEnterprise.address, CEMENT_ORG, STEEL_ORG);
        });
      });
    });
  });

  describe('attest', function () {
    it('reverts for an unknown inventory', async function () {
      await expect(attestAs(f.verifier, UNKNOWN_ID))
        .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnknownInventory')
        .withArgs(UNKNOWN_ID);
    });

    describe('when no verifier is assigned', function () {
      beforeEach(async function () {
        await submitAs(f.enterprise);
      });

      it('reverts for a verifier, naming no assigned verifier', async function () {
        await expect(attestAs(f.verifier, V1))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryNotAssignedVerifier')
          .withArgs(V1, f.verifier.address, ethers.ZeroAddress);
      });
    });

    describe('when a verifier is assigned', function () {
      beforeEach(async function () {
        await submitAs(f.enterprise);
        await assignAs(f.enterprise, V1, f.verifier.address);
      });

      for (const [name, opinion] of Object.entries(Opinion)) {
        describe(`when the opinion is ${name}`, function () {
          it('emits InventoryAttested with the opinion, assurance, materiality and statement', async function () {
            await expect(attestAs(f.verifier, V1, opinion))
              .to.emit(f.inventories, 'InventoryAttested')
              .withArgs(
                V1,
                STEEL_ORG,
                f.verifier.address,
                opinion,
                Assurance.Reasonable,
                MATERIALITY_BPS,
                STATEMENT_CID,
              );
          });

          it('stores the attestation', async function () {
            await attestAs(f.verifier, V1, opinion);
            const a = (await f.inventories.inventory(V1)).attestation;
            expect([...a]).to.deep.equal([
              f.verifier.address,
              BigInt(await time.latest()),
              opinion,
              Assurance.Reasonable,
              MATERIALITY_BPS,
              STATEMENT_CID,
            ]);
          });

          const verified = opinion !== Opinion.Rejected;
          it(`reports the period ${verified ? 'verified with the total' : 'unverified'}`, async function () {
            await attestAs(f.verifier, V1, opinion);
            expect(await verifiedEmissions()).to.deep.equal(verified ? [true, TOTAL, V1] : [false, 0n, V1]);
          });

          it('reverts on a second attestation', async function () {
            await attestAs(f.verifier, V1, opinion);
            await expect(attestAs(f.verifier, V1, Opinion.Verified))
              .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryAlreadyAttested')
              .withArgs(V1, f.verifier.address);
          });
        });
      }

      it('records limited assurance', async function () {
        await f.inventories.connect(f.verifier).attest(V1, Opinion.Verified, Assurance.Limited, 500n, STATEMENT_CID);
        expect((await f.inventories.inventory(V1)).attestation.assurance).to.equal(Assurance.Limited);
      });

      it('accepts a materiality of 0', async function () {
        await attestAs(f.verifier, V1, Opinion.Verified, 0n);
        expect((await f.inventories.inventory(V1)).attestation.materialityBps).to.equal(0n);
      });

      it('accepts a materiality of 10000 basis points', async function () {
        await attestAs(f.verifier, V1, Opinion.Verified, 10_000n);
        expect((await f.inventories.inventory(V1)).attestation.materialityBps).to.equal(10_000n);
      });

      it('reverts for a materiality of 10001 basis points', async function () {
        await expect(attestAs(f.verifier, V1, Opinion.Verified, 10_001n))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryMaterialityOutOfRange')
          .withArgs(10_001n);
      });

      it('reverts for the largest uint16 materiality', async function () {
        await expect(attestAs(f.verifier, V1, Opinion.Verified, 65_535n))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryMaterialityOutOfRange')
          .withArgs(65_535n);
      });

      it('reverts when the statement CID is empty', async function () {
        await expect(attestAs(f.verifier, V1, Opinion.Verified, MATERIALITY_BPS, ''))
          .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryEmptyStatementCid')
          .withArgs(V1);
      });

      it('reverts without a reason for an opinion outside the enum', async function () {
        await expect(attestAs(f.verifier, V1, 3n)).to.be.revertedWithoutReason();
      });

      it('reverts without a reason for an assurance outside the enum', async function () {
        await expect(
          f.inventories.connect(f.verifier).attest(V1, Opinion.Verified, 2n, MATERIALITY_BPS, STATEMENT_CID),
        ).to.be.revertedWithoutReason();
      });

      it("still accepts the attestation when the inventory's organisation is deactivated", async function () {
        await f.admin.setOrganisationActive(STEEL_ORG, false);
        await expect(attestAs(f.verifier, V1))
          .to.emit(f.inventories, 'InventoryAttested')
          .withArgs(
            V1,
            STEEL_ORG,
            f.verifier.address,
            Opinion.Verified,
            Assurance.Reasonable,
            MATERIALITY_BPS,
            STATEMENT_CID,
          );
      });

      describe('when the opinion was Rejected', function () {
        beforeEach(async function () {
          await attestAs(f.verifier, V1, Opinion.Rejected);
        });

        it('lets the enterprise restate and the restatement be verified', async function () {
          await restateAs(f.enterprise, V1);
          await assignAs(f.enterprise, V2, f.verifier.address);
          await attestAs(f.verifier, V2, Opinion.Verified);
          expect(await verifiedEmissions()).to.deep.equal([true, RESTATED.totalKgCO2e, V2]);
        });
      });

      describe('when the inventory is superseded', function () {
        beforeEach(async function () {
          await restateAs(f.enterprise, V1);
        });

        it('reverts naming the live version', async function () {
          await expect(attestAs(f.verifier, V1))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryNotLive')
            .withArgs(V1, V2);
        });
      });

      describe('when the verifier lost its standing after the assignment', function () {
        it('reverts once VERIFIER_ROLE is revoked', async function () {
          await f.admin.revokeRole(VERIFIER_ROLE, f.verifier.address);
          await expect(attestAs(f.verifier, V1))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedVerifier')
            .withArgs(f.verifier.address);
        });

        it("reverts once the verifier's organisation is deactivated", async function () {
          await f.admin.setOrganisationActive(VERIFY_ORG, false);
          await expect(attestAs(f.verifier, V1))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedVerifier')
            .withArgs(f.verifier.address);
        });

        it('reverts once the verifier is unlinked', async function () {
          await f.admin.unlinkAccount(f.verifier.address);
          await expect(attestAs(f.verifier, V1))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnauthorizedVerifier')
            .withArgs(f.verifier.address);
        });

        it('reverts once an affiliation with the organisation is recorded', async function () {
          await f.admin.setAffiliation(STEEL_ORG, VERIFY_ORG, true);
          await expect(attestAs(f.verifier, V1))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryVerifierNotIndependent')
            .withArgs(V1, VERIFY_ORG);
        });

        it('reverts once the verifier moves into the organisation', async function () {
          await f.admin.unlinkAccount(f.verifier.address);
          await f.admin.linkAccount(f.verifier.address, STEEL_ORG);
          await expect(attestAs(f.verifier, V1))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryVerifierNotIndependent')
            .withArgs(V1, STEEL_ORG);
        });

        it('attests again once the affiliation is removed', async function () {
          await f.admin.setAffiliation(STEEL_ORG, VERIFY_ORG, true);
          await f.admin.setAffiliation(STEEL_ORG, VERIFY_ORG, false);
          await expect(attestAs(f.verifier, V1))
            .to.emit(f.inventories, 'InventoryAttested')
            .withArgs(
              V1,
              STEEL_ORG,
              f.verifier.address,
              Opinion.Verified,
              Assurance.Reasonable,
              MATERIALITY_BPS,
              STATEMENT_CID,
            );
        });
      });

      describe('when called by an account other than the assigned verifier', function () {
        const others: [string, SignerKey][] = [
          ['another independent verifier', 'otherVerifier'],
          ['a verifier of the organisation itself', 'inHouseVerifier'],
          ['the enterprise', 'enterprise'],
          ['an enterprise of another organisation', 'otherEnterprise'],
          ['an EXCHANGE_ROLE account', 'exchange'],
          ['the authority', 'authority'],
          ['a VERIFIER_ROLE account not linked to any organisation', 'unlinkedVerifier'],
          ['an outsider', 'outsider'],
        ];

        for (const [description, key] of others) {
          it(`reverts for ${description}`, async function () {
            await expect(attestAs(f[key], V1))
              .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryNotAssignedVerifier')
              .withArgs(V1, f[key].address, f.verifier.address);
          });
        }

        it('checks the caller before the attestation values', async function () {
          await expect(attestAs(f.outsider, V1, Opinion.Verified, 10_001n, ''))
            .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryNotAssignedVerifier')
            .withArgs(V1, f.outsider.address, f.verifier.address);
        });
      });
    });
  });

  describe('inventory', function () {
    it('reverts for an unknown inventory', async function () {
      await expect(f.inventories.inventory(UNKNOWN_ID))
        .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnknownInventory')
        .withArgs(UNKNOWN_ID);
    });

    it('reverts for the zero id', async function () {
      await expect(f.inventories.inventory(ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnknownInventory')
        .withArgs(ethers.ZeroHash);
    });

    it('reverts for version 0 of a submitted period', async function () {
      await submitAs(f.enterprise);
      const v0 = inventoryIdOf(PERIOD_KEY, 0n);
      await expect(f.inventories.inventory(v0))
        .to.be.revertedWithCustomError(f.inventories, 'InventoryRegistryUnknownInventory')
        .withArgs(v0);
    });
  });

  describe('liveInventoryId', function () {
    it('is zero when nothing was submitted', async function () {
      expect(await f.inventories.liveInventoryId(STEEL_ORG, PERIOD_START, PERIOD_END)).to.equal(ethers.ZeroHash);
    });

    it('is zero for a period that only overlaps a submitted one', async function () {
      await submitAs(f.enterprise);
      expect(await f.inventories.liveInventoryId(STEEL_ORG, PERIOD_START, Q1_END)).to.equal(ethers.ZeroHash);
    });
  });

  describe('verifiedEmissions', function () {
    it('is unverified with zero total and id when nothing was submitted', async function () {
      expect(await verifiedEmissions()).to.deep.equal([false, 0n, ethers.ZeroHash]);
    });

    describe('when the year is verified', function () {
      beforeEach(async function () {
        await submitAs(f.enterprise);
        await assignAs(f.enterprise, V1, f.verifier.address);
        await attestAs(f.verifier, V1);
      });

      it('reports the total', async function () {
        expect(await verifiedEmissions()).to.deep.equal([true, TOTAL, V1]);
      });

      it('reports nothing for the first quarter of the same year', async function () {
        expect(await verifiedEmissions(STEEL_ORG, PERIOD_START, Q1_END)).to.deep.equal([false, 0n, ethers.ZeroHash]);
      });

      it('reports nothing for another organisation over the same year', async function () {
        expect(await verifiedEmissions(CEMENT_ORG)).to.deep.equal([false, 0n, ethers.ZeroHash]);
      });

      it('keeps reporting it after the organisation is deactivated', async function () {
        await f.admin.setOrganisationActive(STEEL_ORG, false);
        expect(await verifiedEmissions()).to.deep.equal([true, TOTAL, V1]);
      });
    });

    it('reports a verified negative total', async function () {
      await submitAs(f.enterprise, { totalKgCO2e: -7_500n });
      await assignAs(f.enterprise, V1, f.verifier.address);
      await attestAs(f.verifier, V1, Opinion.Qualified);
      expect(await verifiedEmissions()).to.deep.equal([true, -7_500n, V1]);
    });
  });

  describe('gas (reported)', function () {
    // Measured (2026) plus headroom for calldata differences; a regression beyond these shows in review.
    // submit and restate are dominated by ~14 fresh storage slots (22,100 gas each).
    const SUBMIT_GAS_LIMIT = 370_000n;
    const ASSIGN_GAS_LIMIT = 80_000n;
    const ATTEST_GAS_LIMIT = 130_000n;
    const RESTATE_GAS_LIMIT = 390_000n;
    const VERIFIED_EMISSIONS_GAS_LIMIT = 32_000n;

    async function gasOf(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<bigint> {
      const receipt = await (await tx).wait();
      return receipt!.gasUsed;
    }

    it('submit', async function () {
      const gas = await gasOf(submitAs(f.enterprise));
      console.log(`      submit gas: ${gas}`);
      expect(gas).to.be.at.most(SUBMIT_GAS_LIMIT);
    });

    describe('when an inventory is submitted', function () {
      beforeEach(async function () {
        await submitAs(f.enterprise);
      });

      it('assignVerifier', async function () {
        const gas = await gasOf(assignAs(f.enterprise, V1, f.verifier.address));
        console.log(`      assignVerifier gas: ${gas}`);
        expect(gas).to.be.at.most(ASSIGN_GAS_LIMIT);
      });

      it('attest', async function () {
        await assignAs(f.enterprise, V1, f.verifier.address);
        const gas = await gasOf(attestAs(f.verifier, V1));
        console.log(`      attest gas: ${gas}`);
        expect(gas).to.be.at.most(ATTEST_GAS_LIMIT);
      });

      it('restate', async function () {
        const gas = await gasOf(restateAs(f.enterprise, V1));
        console.log(`      restate gas: ${gas}`);
        expect(gas).to.be.at.most(RESTATE_GAS_LIMIT);
      });

      it('verifiedEmissions (called from a transaction)', async function () {
        await assignAs(f.enterprise, V1, f.verifier.address);
        await attestAs(f.verifier, V1);
        const data = f.inventories.interface.encodeFunctionData('verifiedEmissions', [
          STEEL_ORG,
          PERIOD_START,
          PERIOD_END,
        ]);
        const gas = await ethers.provider.estimateGas({ to: await f.inventories.getAddress(), data });
        console.log(`      verifiedEmissions gas: ${gas} (including the 21,000 transaction base)`);
        expect(gas).to.be.at.most(VERIFIED_EMISSIONS_GAS_LIMIT);
      });
    });
  });
});
