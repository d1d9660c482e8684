import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, time } from '@nomicfoundation/hardhat-toolbox/network-helpers';
import { PANIC_CODES } from '@nomicfoundation/hardhat-chai-matchers/panic';

const ROLE_NAMES = [
  'AUTHORITY_ROLE',
  'ENTERPRISE_ROLE',
  'VERIFIER_ROLE',
  'EXCHANGE_ROLE',
  'CERTIFICATE_ISSUER_ROLE',
  'ANCHORER_ROLE',
] as const;

const DEFAULT_ADMIN_ROLE = ethers.ZeroHash;
const AUTHORITY_ROLE = ethers.id('AUTHORITY_ROLE');
const ENTERPRISE_ROLE = ethers.id('ENTERPRISE_ROLE');
const VERIFIER_ROLE = ethers.id('VERIFIER_ROLE');

// Organisation ids as Nengtan derives them: keccak256(utf8(organisation uuid)).
const STEEL_ORG = ethers.id('0b6f4c1e-8d2a-4f57-9c3e-2a7d5e1f9b40');
const STEEL_NAME = '苏州示范钢铁有限公司';
const GRID_ORG = ethers.id('5a1d9e7c-3b64-4c0f-8e2d-7f9a1c3b5d62');
const GRID_NAME = 'Jiangsu Grid Metering Co.';
const UNKNOWN_ORG = ethers.id('e3c2b1a0-9f8e-4d7c-a6b5-c4d3e2f1a0b9');

// ERC-165 interface id of OpenZeppelin's IAccessControl.
const IACCESS_CONTROL_INTERFACE_ID = '0x7965db0b';

async function fixture() {
  const [deployer, authority, deputy, alice, bob, carol, outsider] = await ethers.getSigners();

  const registry = await ethers.deployContract('ParticipantRegistry', [authority.address], deployer);
  await registry.waitForDeployment();

  const admin = registry.connect(authority);
  await admin.registerOrganisation(STEEL_ORG, STEEL_NAME);
  const steelRegisteredAt = await time.latest();
  // `deputy` holds AUTHORITY_ROLE without DEFAULT_ADMIN_ROLE: the admin functions must still refuse it.
  await admin.grantRole(AUTHORITY_ROLE, deputy.address);

  return { registry, admin, deployer, authority, deputy, alice, bob, carol, outsider, steelRegisteredAt };
}

type Fixture = Awaited<ReturnType<typeof fixture>>;

describe('ParticipantRegistry', function () {
  let f: Fixture;

  beforeEach(async function () {
    f = await loadFixture(fixture);
  });

  describe('constructor', function () {
    it('reverts when the authority is the zero address', async function () {
      const factory = await ethers.getContractFactory('ParticipantRegistry');
      await expect(factory.deploy(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(factory, 'ParticipantRegistryZeroAccount')
        .withArgs();
    });

    it('grants DEFAULT_ADMIN_ROLE to the authority', async function () {
      expect(await f.registry.hasRole(DEFAULT_ADMIN_ROLE, f.authority.address)).to.equal(true);
    });

    it('grants AUTHORITY_ROLE to the authority', async function () {
      expect(await f.registry.hasRole(AUTHORITY_ROLE, f.authority.address)).to.equal(true);
    });

    it('emits RoleGranted for DEFAULT_ADMIN_ROLE with the deployer as sender', async function () {
      await expect(f.registry.deploymentTransaction())
        .to.emit(f.registry, 'RoleGranted')
        .withArgs(DEFAULT_ADMIN_ROLE, f.authority.address, f.deployer.address);
    });

    it('emits RoleGranted for AUTHORITY_ROLE with the deployer as sender', async function () {
      await expect(f.registry.deploymentTransaction())
        .to.emit(f.registry, 'RoleGranted')
        .withArgs(AUTHORITY_ROLE, f.authority.address, f.deployer.address);
    });

    it('gives the deployer no role', async function () {
      expect(await f.registry.hasRole(DEFAULT_ADMIN_ROLE, f.deployer.address)).to.equal(false);
    });

    it('makes DEFAULT_ADMIN_ROLE the admin of every role', async function () {
      const admins = await Promise.all(ROLE_NAMES.map((name) => f.registry.getRoleAdmin(ethers.id(name))));
      expect(admins).to.deep.equal(ROLE_NAMES.map(() => DEFAULT_ADMIN_ROLE));
    });

    it('starts with no linked account', async function () {
      expect(await f.registry.accountCount()).to.equal(0n);
    });

    it('supports the IAccessControl interface', async function () {
      expect(await f.registry.supportsInterface(IACCESS_CONTROL_INTERFACE_ID)).to.equal(true);
    });
  });

  describe('role constants', function () {
    it('DEFAULT_ADMIN_ROLE is zero', async function () {
      expect(await f.registry.DEFAULT_ADMIN_ROLE()).to.equal(ethers.ZeroHash);
    });

    for (const name of ROLE_NAMES) {
      it(`${name} is keccak256("${name}")`, async function () {
        expect(await f.registry[name]()).to.equal(ethers.keccak256(ethers.toUtf8Bytes(name)));
      });
    }
  });

  describe('registerOrganisation', function () {
    describe('when called by the authority', function () {
      it('emits OrganisationRegistered with the id and name', async function () {
        await expect(f.admin.registerOrganisation(GRID_ORG, GRID_NAME))
          .to.emit(f.registry, 'OrganisationRegistered')
          .withArgs(GRID_ORG, GRID_NAME);
      });

      it('stores the name', async function () {
        await f.admin.registerOrganisation(GRID_ORG, GRID_NAME);
        expect((await f.registry.organisation(GRID_ORG)).name).to.equal(GRID_NAME);
      });

      it('registers the organisation as active', async function () {
        await f.admin.registerOrganisation(GRID_ORG, GRID_NAME);
        expect((await f.registry.organisation(GRID_ORG)).active).to.equal(true);
      });

      it('records the block timestamp of registration', async function () {
        await f.admin.registerOrganisation(GRID_ORG, GRID_NAME);
        expect((await f.registry.organisation(GRID_ORG)).registeredAt).to.equal(BigInt(await time.latest()));
      });

      it('reverts when the id is zero', async function () {
        await expect(f.admin.registerOrganisation(ethers.ZeroHash, GRID_NAME))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryZeroOrganisation')
          .withArgs();
      });

      it('reverts when the name is empty', async function () {
        await expect(f.admin.registerOrganisation(GRID_ORG, ''))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryEmptyName')
          .withArgs(GRID_ORG);
      });

      it('reverts when the id is already registered', async function () {
        await expect(f.admin.registerOrganisation(STEEL_ORG, GRID_NAME))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryOrganisationExists')
          .withArgs(STEEL_ORG);
      });

      describe('when the existing organisation is deactivated', function () {
        beforeEach(async function () {
          await f.admin.setOrganisationActive(STEEL_ORG, false);
        });

        it('still reverts on re-registration', async function () {
          await expect(f.admin.registerOrganisation(STEEL_ORG, GRID_NAME))
            .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryOrganisationExists')
            .withArgs(STEEL_ORG);
        });
      });
    });

    describe('when called by an account without DEFAULT_ADMIN_ROLE', function () {
      it('reverts for an outsider', async function () {
        await expect(f.registry.connect(f.outsider).registerOrganisation(GRID_ORG, GRID_NAME))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.outsider.address, DEFAULT_ADMIN_ROLE);
      });

      it('reverts for an AUTHORITY_ROLE holder that is not admin', async function () {
        await expect(f.registry.connect(f.deputy).registerOrganisation(GRID_ORG, GRID_NAME))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.deputy.address, DEFAULT_ADMIN_ROLE);
      });

      it('reverts for a linked ENTERPRISE_ROLE account', async function () {
        await f.admin.linkAccount(f.alice.address, STEEL_ORG);
        await f.admin.grantRole(ENTERPRISE_ROLE, f.alice.address);
        await expect(f.registry.connect(f.alice).registerOrganisation(GRID_ORG, GRID_NAME))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.alice.address, DEFAULT_ADMIN_ROLE);
      });
    });
  });

  describe('isActiveOrganisation', function () {
    it('is true for a registered, active organisation', async function () {
      expect(await f.registry.isActiveOrganisation(STEEL_ORG)).to.equal(true);
    });

    it('is false once the organisation is deactivated, and true again when reactivated', async function () {
      await f.admin.setOrganisationActive(STEEL_ORG, false);
      const deactivated = await f.registry.isActiveOrganisation(STEEL_ORG);
      await f.admin.setOrganisationActive(STEEL_ORG, true);
      expect([deactivated, await f.registry.isActiveOrganisation(STEEL_ORG)]).to.deep.equal([false, true]);
    });

    it('is false, without reverting, for an unknown organisation and for the zero id', async function () {
      expect([
        await f.registry.isActiveOrganisation(UNKNOWN_ORG),
        await f.registry.isActiveOrganisation(ethers.ZeroHash),
      ]).to.deep.equal([false, false]);
    });
  });

  describe('setOrganisationActive', function () {
    describe('when called by the authority', function () {
      it('emits OrganisationStatusChanged on deactivation', async function () {
        await expect(f.admin.setOrganisationActive(STEEL_ORG, false))
          .to.emit(f.registry, 'OrganisationStatusChanged')
          .withArgs(STEEL_ORG, false);
      });

      it('deactivates the organisation', async function () {
        await f.admin.setOrganisationActive(STEEL_ORG, false);
        expect((await f.registry.organisation(STEEL_ORG)).active).to.equal(false);
      });

      it('keeps the name and registration time', async function () {
        await f.admin.setOrganisationActive(STEEL_ORG, false);
        const org = await f.registry.organisation(STEEL_ORG);
        expect([org.name, org.registeredAt]).to.deep.equal([STEEL_NAME, BigInt(f.steelRegisteredAt)]);
      });

      it('emits OrganisationStatusChanged even when the status does not change', async function () {
        await expect(f.admin.setOrganisationActive(STEEL_ORG, true))
          .to.emit(f.registry, 'OrganisationStatusChanged')
          .withArgs(STEEL_ORG, true);
      });

      it('reverts for an unknown organisation', async function () {
        await expect(f.admin.setOrganisationActive(UNKNOWN_ORG, false))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryUnknownOrganisation')
          .withArgs(UNKNOWN_ORG);
      });

      it('reverts for the zero organisation id', async function () {
        await expect(f.admin.setOrganisationActive(ethers.ZeroHash, true))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryUnknownOrganisation')
          .withArgs(ethers.ZeroHash);
      });

      describe('when an account of the organisation is linked and holds a role', function () {
        beforeEach(async function () {
          await f.admin.linkAccount(f.alice.address, STEEL_ORG);
          await f.admin.grantRole(ENTERPRISE_ROLE, f.alice.address);
        });

        describe('when the organisation is deactivated', function () {
          beforeEach(async function () {
            await f.admin.setOrganisationActive(STEEL_ORG, false);
          });

          it('makes the account an inactive participant', async function () {
            expect(await f.registry.isActiveParticipant(f.alice.address)).to.equal(false);
          });

          it('makes the account an inactive participant for its role', async function () {
            expect(await f.registry.isActiveParticipantWithRole(ENTERPRISE_ROLE, f.alice.address)).to.equal(false);
          });

          it('keeps the account linked', async function () {
            expect(await f.registry.organisationOf(f.alice.address)).to.equal(STEEL_ORG);
          });

          it('keeps the role', async function () {
            expect(await f.registry.hasRole(ENTERPRISE_ROLE, f.alice.address)).to.equal(true);
          });

          describe('when the organisation is reactivated', function () {
            it('emits OrganisationStatusChanged on reactivation', async function () {
              await expect(f.admin.setOrganisationActive(STEEL_ORG, true))
                .to.emit(f.registry, 'OrganisationStatusChanged')
                .withArgs(STEEL_ORG, true);
            });

            it('makes the account an active participant again', async function () {
              await f.admin.setOrganisationActive(STEEL_ORG, true);
              expect(await f.registry.isActiveParticipantWithRole(ENTERPRISE_ROLE, f.alice.address)).to.equal(true);
            });
          });
        });
      });
    });

    describe('when called by an account without DEFAULT_ADMIN_ROLE', function () {
      it('reverts for an outsider', async function () {
        await expect(f.registry.connect(f.outsider).setOrganisationActive(STEEL_ORG, false))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.outsider.address, DEFAULT_ADMIN_ROLE);
      });

      it('reverts for an AUTHORITY_ROLE holder that is not admin', async function () {
        await expect(f.registry.connect(f.deputy).setOrganisationActive(STEEL_ORG, false))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.deputy.address, DEFAULT_ADMIN_ROLE);
      });

      it('reverts for an account linked to the organisation itself', async function () {
        await f.admin.linkAccount(f.alice.address, STEEL_ORG);
        await expect(f.registry.connect(f.alice).setOrganisationActive(STEEL_ORG, false))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.alice.address, DEFAULT_ADMIN_ROLE);
      });
    });
  });

  describe('linkAccount', function () {
    describe('when called by the authority', function () {
      it('emits AccountLinked with the account and organisation', async function () {
        await expect(f.admin.linkAccount(f.alice.address, STEEL_ORG))
          .to.emit(f.registry, 'AccountLinked')
          .withArgs(f.alice.address, STEEL_ORG);
      });

      it('links the account to the organisation', async function () {
        await f.admin.linkAccount(f.alice.address, STEEL_ORG);
        expect(await f.registry.organisationOf(f.alice.address)).to.equal(STEEL_ORG);
      });

      it('makes the account an active participant', async function () {
        await f.admin.linkAccount(f.alice.address, STEEL_ORG);
        expect(await f.registry.isActiveParticipant(f.alice.address)).to.equal(true);
      });

      it('adds the account to the enumeration', async function () {
        await f.admin.linkAccount(f.alice.address, STEEL_ORG);
        expect(await f.registry.accountAt(0)).to.equal(f.alice.address);
      });

      it('reverts for the zero account', async function () {
        await expect(f.admin.linkAccount(ethers.ZeroAddress, STEEL_ORG))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryZeroAccount')
          .withArgs();
      });

      it('reverts for an unknown organisation', async function () {
        await expect(f.admin.linkAccount(f.alice.address, UNKNOWN_ORG))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryUnknownOrganisation')
          .withArgs(UNKNOWN_ORG);
      });

      it('reverts for the zero organisation id', async function () {
        await expect(f.admin.linkAccount(f.alice.address, ethers.ZeroHash))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryUnknownOrganisation')
          .withArgs(ethers.ZeroHash);
      });

      describe('when the organisation is deactivated', function () {
        beforeEach(async function () {
          await f.admin.setOrganisationActive(STEEL_ORG, false);
          await f.admin.linkAccount(f.alice.address, STEEL_ORG);
        });

        it('links the account', async function () {
          expect(await f.registry.organisationOf(f.alice.address)).to.equal(STEEL_ORG);
        });

        it('does not make the account an active participant', async function () {
          expect(await f.registry.isActiveParticipant(f.alice.address)).to.equal(false);
        });
      });

      describe('when the account is already linked', function () {
        beforeEach(async function () {
          await f.admin.registerOrganisation(GRID_ORG, GRID_NAME);
          await f.admin.linkAccount(f.alice.address, STEEL_ORG);
        });

        it('reverts when linking it to the same organisation again', async function () {
          await expect(f.admin.linkAccount(f.alice.address, STEEL_ORG))
            .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryAccountLinked')
            .withArgs(f.alice.address, STEEL_ORG);
        });

        it('reverts with the current organisation when linking it to another one', async function () {
          await expect(f.admin.linkAccount(f.alice.address, GRID_ORG))
            .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryAccountLinked')
            .withArgs(f.alice.address, STEEL_ORG);
        });

        it('leaves the account linked to its current organisation after a refused link', async function () {
          await expect(f.admin.linkAccount(f.alice.address, GRID_ORG)).to.be.reverted;
          expect(await f.registry.organisationOf(f.alice.address)).to.equal(STEEL_ORG);
        });
      });
    });

    describe('when called by an account without DEFAULT_ADMIN_ROLE', function () {
      it('reverts for an outsider', async function () {
        await expect(f.registry.connect(f.outsider).linkAccount(f.outsider.address, STEEL_ORG))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.outsider.address, DEFAULT_ADMIN_ROLE);
      });

      it('reverts for an AUTHORITY_ROLE holder that is not admin', async function () {
        await expect(f.registry.connect(f.deputy).linkAccount(f.alice.address, STEEL_ORG))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.deputy.address, DEFAULT_ADMIN_ROLE);
      });

      it('reverts for a linked account adding a colleague', async function () {
        await f.admin.linkAccount(f.alice.address, STEEL_ORG);
        await expect(f.registry.connect(f.alice).linkAccount(f.bob.address, STEEL_ORG))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.alice.address, DEFAULT_ADMIN_ROLE);
      });
    });
  });

  describe('unlinkAccount', function () {
    describe('when called by the authority', function () {
      describe('when the account is linked and holds a role', function () {
        beforeEach(async function () {
          await f.admin.linkAccount(f.alice.address, STEEL_ORG);
          await f.admin.grantRole(ENTERPRISE_ROLE, f.alice.address);
        });

        it('emits AccountUnlinked with the account and its former organisation', async function () {
          await expect(f.admin.unlinkAccount(f.alice.address))
            .to.emit(f.registry, 'AccountUnlinked')
            .withArgs(f.alice.address, STEEL_ORG);
        });

        it('clears the organisation of the account', async function () {
          await f.admin.unlinkAccount(f.alice.address);
          expect(await f.registry.organisationOf(f.alice.address)).to.equal(ethers.ZeroHash);
        });

        it('makes the account an inactive participant', async function () {
          await f.admin.unlinkAccount(f.alice.address);
          expect(await f.registry.isActiveParticipant(f.alice.address)).to.equal(false);
        });

        it('makes the account an inactive participant for its role', async function () {
          await f.admin.unlinkAccount(f.alice.address);
          expect(await f.registry.isActiveParticipantWithRole(ENTERPRISE_ROLE, f.alice.address)).to.equal(false);
        });

        it('does not revoke the role', async function () {
          await f.admin.unlinkAccount(f.alice.address);
          expect(await f.registry.hasRole(ENTERPRISE_ROLE, f.alice.address)).to.equal(true);
        });

        it('lets the account be linked to another organisation afterwards', async function () {
          await f.admin.registerOrganisation(GRID_ORG, GRID_NAME);
          await f.admin.unlinkAccount(f.alice.address);
          await expect(f.admin.linkAccount(f.alice.address, GRID_ORG))
            .to.emit(f.registry, 'AccountLinked')
            .withArgs(f.alice.address, GRID_ORG);
        });

        describe('when it has been unlinked already', function () {
          beforeEach(async function () {
            await f.admin.unlinkAccount(f.alice.address);
          });

          it('reverts on a second unlink', async function () {
            await expect(f.admin.unlinkAccount(f.alice.address))
              .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryAccountNotLinked')
              .withArgs(f.alice.address);
          });
        });
      });

      it('reverts for an account that was never linked', async function () {
        await expect(f.admin.unlinkAccount(f.bob.address))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryAccountNotLinked')
          .withArgs(f.bob.address);
      });

      it('reverts for the zero account', async function () {
        await expect(f.admin.unlinkAccount(ethers.ZeroAddress))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryAccountNotLinked')
          .withArgs(ethers.ZeroAddress);
      });
    });

    describe('when called by an account without DEFAULT_ADMIN_ROLE', function () {
      beforeEach(async function () {
        await f.admin.linkAccount(f.alice.address, STEEL_ORG);
      });

      it('reverts for an outsider', async function () {
        await expect(f.registry.connect(f.outsider).unlinkAccount(f.alice.address))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.outsider.address, DEFAULT_ADMIN_ROLE);
      });

      it('reverts for an AUTHORITY_ROLE holder that is not admin', async function () {
        await expect(f.registry.connect(f.deputy).unlinkAccount(f.alice.address))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.deputy.address, DEFAULT_ADMIN_ROLE);
      });

      it('reverts for the linked account unlinking itself', async function () {
        await expect(f.registry.connect(f.alice).unlinkAccount(f.alice.address))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.alice.address, DEFAULT_ADMIN_ROLE);
      });
    });
  });

  describe('setAffiliation', function () {
    describe('when called by the authority', function () {
      beforeEach(async function () {
        await f.admin.registerOrganisation(GRID_ORG, GRID_NAME);
      });

      it('emits AffiliationChanged with both organisations and true', async function () {
        await expect(f.admin.setAffiliation(STEEL_ORG, GRID_ORG, true))
          .to.emit(f.registry, 'AffiliationChanged')
          .withArgs(STEEL_ORG, GRID_ORG, true);
      });

      it('records the affiliation in the given order', async function () {
        await f.admin.setAffiliation(STEEL_ORG, GRID_ORG, true);
        expect(await f.registry.areAffiliated(STEEL_ORG, GRID_ORG)).to.equal(true);
      });

      it('records the affiliation in the reverse order too', async function () {
        await f.admin.setAffiliation(STEEL_ORG, GRID_ORG, true);
        expect(await f.registry.areAffiliated(GRID_ORG, STEEL_ORG)).to.equal(true);
      });

      it('emits AffiliationChanged even when the value does not change', async function () {
        await expect(f.admin.setAffiliation(STEEL_ORG, GRID_ORG, false))
          .to.emit(f.registry, 'AffiliationChanged')
          .withArgs(STEEL_ORG, GRID_ORG, false);
      });

      it('accepts a deactivated organisation', async function () {
        await f.admin.setOrganisationActive(GRID_ORG, false);
        await expect(f.admin.setAffiliation(STEEL_ORG, GRID_ORG, true))
          .to.emit(f.registry, 'AffiliationChanged')
          .withArgs(STEEL_ORG, GRID_ORG, true);
      });

      it('reverts when the first organisation is unknown', async function () {
        await expect(f.admin.setAffiliation(UNKNOWN_ORG, GRID_ORG, true))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryUnknownOrganisation')
          .withArgs(UNKNOWN_ORG);
      });

      it('reverts when the second organisation is unknown', async function () {
        await expect(f.admin.setAffiliation(STEEL_ORG, UNKNOWN_ORG, true))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryUnknownOrganisation')
          .withArgs(UNKNOWN_ORG);
      });

      it('reverts for the zero organisation id', async function () {
        await expect(f.admin.setAffiliation(STEEL_ORG, ethers.ZeroHash, true))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryUnknownOrganisation')
          .withArgs(ethers.ZeroHash);
      });

      it('reverts when both organisations are the same', async function () {
        await expect(f.admin.setAffiliation(STEEL_ORG, STEEL_ORG, true))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistrySameOrganisation')
          .withArgs(STEEL_ORG);
      });

      it('reverts as unknown before comparing when the same unknown organisation is given twice', async function () {
        await expect(f.admin.setAffiliation(UNKNOWN_ORG, UNKNOWN_ORG, true))
          .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryUnknownOrganisation')
          .withArgs(UNKNOWN_ORG);
      });

      describe('when the organisations are affiliated', function () {
        beforeEach(async function () {
          await f.admin.setAffiliation(STEEL_ORG, GRID_ORG, true);
        });

        it('emits AffiliationChanged with false on removal', async function () {
          await expect(f.admin.setAffiliation(STEEL_ORG, GRID_ORG, false))
            .to.emit(f.registry, 'AffiliationChanged')
            .withArgs(STEEL_ORG, GRID_ORG, false);
        });

        it('removes the affiliation in the given order', async function () {
          await f.admin.setAffiliation(STEEL_ORG, GRID_ORG, false);
          expect(await f.registry.areAffiliated(STEEL_ORG, GRID_ORG)).to.equal(false);
        });

        it('removes the affiliation in the reverse order too', async function () {
          await f.admin.setAffiliation(STEEL_ORG, GRID_ORG, false);
          expect(await f.registry.areAffiliated(GRID_ORG, STEEL_ORG)).to.equal(false);
        });

        it('removes both directions when removed with the organisations swapped', async function () {
          await f.admin.setAffiliation(GRID_ORG, STEEL_ORG, false);
          expect([
            await f.registry.areAffiliated(STEEL_ORG, GRID_ORG),
            await f.registry.areAffiliated(GRID_ORG, STEEL_ORG),
          ]).to.deep.equal([false, false]);
        });

        it('keeps the affiliation when an organisation is deactivated', async function () {
          await f.admin.setOrganisationActive(GRID_ORG, false);
          expect(await f.registry.areAffiliated(STEEL_ORG, GRID_ORG)).to.equal(true);
        });
      });
    });

    describe('when called by an account without DEFAULT_ADMIN_ROLE', function () {
      beforeEach(async function () {
        await f.admin.registerOrganisation(GRID_ORG, GRID_NAME);
      });

      it('reverts for an outsider', async function () {
        await expect(f.registry.connect(f.outsider).setAffiliation(STEEL_ORG, GRID_ORG, true))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.outsider.address, DEFAULT_ADMIN_ROLE);
      });

      it('reverts for an AUTHORITY_ROLE holder that is not admin', async function () {
        await expect(f.registry.connect(f.deputy).setAffiliation(STEEL_ORG, GRID_ORG, true))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.deputy.address, DEFAULT_ADMIN_ROLE);
      });

      it('reverts for an ENTERPRISE_ROLE account of one of the organisations', async function () {
        await f.admin.linkAccount(f.alice.address, STEEL_ORG);
        await f.admin.grantRole(ENTERPRISE_ROLE, f.alice.address);
        await expect(f.registry.connect(f.alice).setAffiliation(STEEL_ORG, GRID_ORG, false))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.alice.address, DEFAULT_ADMIN_ROLE);
      });

      it('reverts for a VERIFIER_ROLE account wanting to clear its own affiliation', async function () {
        await f.admin.linkAccount(f.bob.address, GRID_ORG);
        await f.admin.grantRole(VERIFIER_ROLE, f.bob.address);
        await f.admin.setAffiliation(STEEL_ORG, GRID_ORG, true);
        await expect(f.registry.connect(f.bob).setAffiliation(STEEL_ORG, GRID_ORG, false))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.bob.address, DEFAULT_ADMIN_ROLE);
      });
    });
  });

  describe('areAffiliated', function () {
    const THIRD_ORG = ethers.id('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a');

    beforeEach(async function () {
      await f.admin.registerOrganisation(GRID_ORG, GRID_NAME);
      await f.admin.registerOrganisation(THIRD_ORG, 'Steel Group Holding');
    });

    it('is false for organisations never affiliated', async function () {
      expect(await f.registry.areAffiliated(STEEL_ORG, GRID_ORG)).to.equal(false);
    });

    it('is false for an organisation and itself', async function () {
      expect(await f.registry.areAffiliated(STEEL_ORG, STEEL_ORG)).to.equal(false);
    });

    it('is false for an unknown organisation, without reverting', async function () {
      expect(await f.registry.areAffiliated(STEEL_ORG, UNKNOWN_ORG)).to.equal(false);
    });

    describe('when steel is affiliated with the holding and the holding with the grid company', function () {
      beforeEach(async function () {
        await f.admin.setAffiliation(STEEL_ORG, THIRD_ORG, true);
        await f.admin.setAffiliation(THIRD_ORG, GRID_ORG, true);
      });

      it('is true for each recorded pair', async function () {
        expect([
          await f.registry.areAffiliated(STEEL_ORG, THIRD_ORG),
          await f.registry.areAffiliated(GRID_ORG, THIRD_ORG),
        ]).to.deep.equal([true, true]);
      });

      it('is not transitive: steel and the grid company stay unaffiliated', async function () {
        expect(await f.registry.areAffiliated(STEEL_ORG, GRID_ORG)).to.equal(false);
      });

      it('removing one pair leaves the other', async function () {
        await f.admin.setAffiliation(STEEL_ORG, THIRD_ORG, false);
        expect(await f.registry.areAffiliated(GRID_ORG, THIRD_ORG)).to.equal(true);
      });
    });
  });

  describe('organisation', function () {
    it('returns the name', async function () {
      expect((await f.registry.organisation(STEEL_ORG)).name).to.equal(STEEL_NAME);
    });

    it('returns the active flag', async function () {
      expect((await f.registry.organisation(STEEL_ORG)).active).to.equal(true);
    });

    it('returns the registration time', async function () {
      expect((await f.registry.organisation(STEEL_ORG)).registeredAt).to.equal(BigInt(f.steelRegisteredAt));
    });

    it('returns the fields in declaration order', async function () {
      const org = await f.registry.organisation(STEEL_ORG);
      expect([...org]).to.deep.equal([STEEL_NAME, true, BigInt(f.steelRegisteredAt)]);
    });

    it('reverts for an unknown organisation', async function () {
      await expect(f.registry.organisation(UNKNOWN_ORG))
        .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryUnknownOrganisation')
        .withArgs(UNKNOWN_ORG);
    });

    it('reverts for the zero organisation id', async function () {
      await expect(f.registry.organisation(ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.registry, 'ParticipantRegistryUnknownOrganisation')
        .withArgs(ethers.ZeroHash);
    });
  });

  describe('organisationOf', function () {
    it('returns zero for an account that was never linked', async function () {
      expect(await f.registry.organisationOf(f.alice.address)).to.equal(ethers.ZeroHash);
    });

    it('returns zero for the authority, which administers but does not act for an organisation', async function () {
      expect(await f.registry.organisationOf(f.authority.address)).to.equal(ethers.ZeroHash);
    });

    describe('when accounts are linked to different organisations', function () {
      beforeEach(async function () {
        await f.admin.registerOrganisation(GRID_ORG, GRID_NAME);
        await f.admin.linkAccount(f.alice.address, STEEL_ORG);
        await f.admin.linkAccount(f.bob.address, GRID_ORG);
      });

      it('returns the organisation of each account', async function () {
        expect([
          await f.registry.organisationOf(f.alice.address),
          await f.registry.organisationOf(f.bob.address),
        ]).to.deep.equal([STEEL_ORG, GRID_ORG]);
      });
    });
  });

  describe('isActiveParticipant', function () {
    it('is false for an account that was never linked', async function () {
      expect(await f.registry.isActiveParticipant(f.alice.address)).to.equal(false);
    });

    it('is false for the authority, which is not linked', async function () {
      expect(await f.registry.isActiveParticipant(f.authority.address)).to.equal(false);
    });

    describe('when the account is linked to an active organisation', function () {
      beforeEach(async function () {
        await f.admin.linkAccount(f.alice.address, STEEL_ORG);
      });

      it('is true without any role', async function () {
        expect(await f.registry.isActiveParticipant(f.alice.address)).to.equal(true);
      });

      describe('when the organisation is deactivated', function () {
        beforeEach(async function () {
          await f.admin.setOrganisationActive(STEEL_ORG, false);
        });

        it('is false', async function () {
          expect(await f.registry.isActiveParticipant(f.alice.address)).to.equal(false);
        });
      });
    });
  });

  describe('isActiveParticipantWithRole', function () {
    describe('when the account holds the role', function () {
      beforeEach(async function () {
        await f.admin.grantRole(VERIFIER_ROLE, f.alice.address);
      });

      it('is false while the account is not linked', async function () {
        expect(await f.registry.isActiveParticipantWithRole(VERIFIER_ROLE, f.alice.address)).to.equal(false);
      });

      describe('when the account is linked to an active organisation', function () {
        beforeEach(async function () {
          await f.admin.linkAccount(f.alice.address, STEEL_ORG);
        });

        it('is true', async function () {
          expect(await f.registry.isActiveParticipantWithRole(VERIFIER_ROLE, f.alice.address)).to.equal(true);
        });

        it('is false for a role the account does not hold', async function () {
          expect(await f.registry.isActiveParticipantWithRole(ENTERPRISE_ROLE, f.alice.address)).to.equal(false);
        });

        it('is false once the role is revoked', async function () {
          await f.admin.revokeRole(VERIFIER_ROLE, f.alice.address);
          expect(await f.registry.isActiveParticipantWithRole(VERIFIER_ROLE, f.alice.address)).to.equal(false);
        });

        it('is false once the organisation is deactivated', async function () {
          await f.admin.setOrganisationActive(STEEL_ORG, false);
          expect(await f.registry.isActiveParticipantWithRole(VERIFIER_ROLE, f.alice.address)).to.equal(false);
        });

        it('is false once the account is unlinked', async function () {
          await f.admin.unlinkAccount(f.alice.address);
          expect(await f.registry.isActiveParticipantWithRole(VERIFIER_ROLE, f.alice.address)).to.equal(false);
        });
      });
    });

    it('is false for a linked account without any role', async function () {
      await f.admin.linkAccount(f.alice.address, STEEL_ORG);
      expect(await f.registry.isActiveParticipantWithRole(VERIFIER_ROLE, f.alice.address)).to.equal(false);
    });

    it('is false for the authority and AUTHORITY_ROLE while it is not linked', async function () {
      expect(await f.registry.isActiveParticipantWithRole(AUTHORITY_ROLE, f.authority.address)).to.equal(false);
    });
  });

  describe('accountCount and accountAt', function () {
    describe('when no account is linked', function () {
      it('counts zero accounts', async function () {
        expect(await f.registry.accountCount()).to.equal(0n);
      });

      it('reverts with an out-of-bounds panic for index 0', async function () {
        await expect(f.registry.accountAt(0)).to.be.revertedWithPanic(PANIC_CODES.ARRAY_ACCESS_OUT_OF_BOUNDS);
      });
    });

    describe('when three accounts are linked', function () {
      beforeEach(async function () {
        await f.admin.registerOrganisation(GRID_ORG, GRID_NAME);
        await f.admin.linkAccount(f.alice.address, STEEL_ORG);
        await f.admin.linkAccount(f.bob.address, GRID_ORG);
        await f.admin.linkAccount(f.carol.address, STEEL_ORG);
      });

      it('counts three accounts', async function () {
        expect(await f.registry.accountCount()).to.equal(3n);
      });

      it('enumerates them in link order', async function () {
        const accounts = await Promise.all([0, 1, 2].map((i) => f.registry.accountAt(i)));
        expect(accounts).to.deep.equal([f.alice.address, f.bob.address, f.carol.address]);
      });

      it('reverts with an out-of-bounds panic at index accountCount()', async function () {
        await expect(f.registry.accountAt(3)).to.be.revertedWithPanic(PANIC_CODES.ARRAY_ACCESS_OUT_OF_BOUNDS);
      });

      it('counts accounts of deactivated organisations too', async function () {
        await f.admin.setOrganisationActive(STEEL_ORG, false);
        expect(await f.registry.accountCount()).to.equal(3n);
      });

      describe('when one of them is unlinked', function () {
        beforeEach(async function () {
          await f.admin.unlinkAccount(f.alice.address);
        });

        it('counts two accounts', async function () {
          expect(await f.registry.accountCount()).to.equal(2n);
        });

        it('enumerates exactly the accounts still linked', async function () {
          const accounts = await Promise.all([0, 1].map((i) => f.registry.accountAt(i)));
          expect(accounts).to.have.members([f.bob.address, f.carol.address]);
        });

        it('reverts with an out-of-bounds panic at the former last index', async function () {
          await expect(f.registry.accountAt(2)).to.be.revertedWithPanic(PANIC_CODES.ARRAY_ACCESS_OUT_OF_BOUNDS);
        });

        describe('when it is linked again', function () {
          beforeEach(async function () {
            await f.admin.linkAccount(f.alice.address, GRID_ORG);
          });

          it('counts three accounts again', async function () {
            expect(await f.registry.accountCount()).to.equal(3n);
          });

          it('enumerates all three accounts', async function () {
            const accounts = await Promise.all([0, 1, 2].map((i) => f.registry.accountAt(i)));
            expect(accounts).to.have.members([f.alice.address, f.bob.address, f.carol.address]);
          });
        });
      });
    });
  });

  describe('role administration', function () {
    describe('when called by the authority', function () {
      it('grants a role and emits RoleGranted', async function () {
        await expect(f.admin.grantRole(ENTERPRISE_ROLE, f.alice.address))
          .to.emit(f.registry, 'RoleGranted')
          .withArgs(ENTERPRISE_ROLE, f.alice.address, f.authority.address);
      });

      it('revokes a role and emits RoleRevoked', async function () {
        await f.admin.grantRole(ENTERPRISE_ROLE, f.alice.address);
        await expect(f.admin.revokeRole(ENTERPRISE_ROLE, f.alice.address))
          .to.emit(f.registry, 'RoleRevoked')
          .withArgs(ENTERPRISE_ROLE, f.alice.address, f.authority.address);
      });
    });

    describe('when called by an account without DEFAULT_ADMIN_ROLE', function () {
      it('refuses grantRole from an outsider', async function () {
        await expect(f.registry.connect(f.outsider).grantRole(ENTERPRISE_ROLE, f.outsider.address))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.outsider.address, DEFAULT_ADMIN_ROLE);
      });

      it('refuses grantRole from an AUTHORITY_ROLE holder that is not admin', async function () {
        await expect(f.registry.connect(f.deputy).grantRole(ENTERPRISE_ROLE, f.alice.address))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.deputy.address, DEFAULT_ADMIN_ROLE);
      });

      it('refuses revokeRole from a holder of the same role', async function () {
        await f.admin.grantRole(ENTERPRISE_ROLE, f.alice.address);
        await f.admin.grantRole(ENTERPRISE_ROLE, f.bob.address);
        await expect(f.registry.connect(f.alice).revokeRole(ENTERPRISE_ROLE, f.bob.address))
          .to.be.revertedWithCustomError(f.registry, 'AccessControlUnauthorizedAccount')
          .withArgs(f.alice.address, DEFAULT_ADMIN_ROLE);
      });
    });
  });
});
