// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";

/// @title ParticipantRegistry
/// @notice Implementation of {IParticipantRegistry} on OpenZeppelin AccessControl.
contract ParticipantRegistry is IParticipantRegistry, AccessControl {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @notice The regulator: allocates allowances, watches compliance (also held with DEFAULT_ADMIN_ROLE).
    bytes32 public constant AUTHORITY_ROLE = keccak256("AUTHORITY_ROLE");
    /// @notice An emitting enterprise: submits inventories, surrenders allowances.
    bytes32 public constant ENTERPRISE_ROLE = keccak256("ENTERPRISE_ROLE");
    /// @notice An accredited third-party verifier.
    bytes32 public constant VERIFIER_ROLE = keccak256("VERIFIER_ROLE");
    /// @notice A trading venue that records and settles deals.
    bytes32 public constant EXCHANGE_ROLE = keccak256("EXCHANGE_ROLE");
    /// @notice An issuer of green-power certificates.
    bytes32 public constant CERTIFICATE_ISSUER_ROLE = keccak256("CERTIFICATE_ISSUER_ROLE");
    /// @notice The Nengtan service account that anchors batch roots.
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");

    mapping(bytes32 orgId => Organisation organisation) private _organisations;
    mapping(address account => bytes32 orgId) private _organisationOf;
    EnumerableSet.AddressSet private _accounts;
    // Written in both directions so that {areAffiliated} is one lookup whatever the argument order.
    mapping(bytes32 orgA => mapping(bytes32 orgB => bool affiliated)) private _affiliated;

    /// @param authority The account that administers the network; it receives DEFAULT_ADMIN_ROLE and AUTHORITY_ROLE.
    constructor(address authority) {
        if (authority == address(0)) revert ParticipantRegistryZeroAccount();
        _grantRole(DEFAULT_ADMIN_ROLE, authority);
        _grantRole(AUTHORITY_ROLE, authority);
    }

    /// @inheritdoc IParticipantRegistry
    function registerOrganisation(bytes32 orgId, string calldata name) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (orgId == bytes32(0)) revert ParticipantRegistryZeroOrganisation();
        if (bytes(name).length == 0) revert ParticipantRegistryEmptyName(orgId);
        if (_organisations[orgId].registeredAt != 0) revert ParticipantRegistryOrganisationExists(orgId);
        _organisations[orgId] = Organisation({name: name, active: true, registeredAt: uint64(block.timestamp)});
        emit OrganisationRegistered(orgId, name);
    }

    /// @inheritdoc IParticipantRegistry
    function setOrganisationActive(bytes32 orgId, bool active) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _requireOrganisation(orgId);
        _organisations[orgId].active = active;
        emit OrganisationStatusChanged(orgId, active);
    }

    /// @inheritdoc IParticipantRegistry
    function linkAccount(address account, bytes32 orgId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (account == address(0)) revert ParticipantRegistryZeroAccount();
        _requireOrganisation(orgId);
        bytes32 current = _organisationOf[account];
        if (current != bytes32(0)) revert ParticipantRegistryAccountLinked(account, current);
        _organisationOf[account] = orgId;
        _accounts.add(account);
        emit AccountLinked(account, orgId);
    }

    /// @inheritdoc IParticipantRegistry
    function unlinkAccount(address account) external onlyRole(DEFAULT_ADMIN_ROLE) {
        bytes32 orgId = _organisationOf[account];
        if (orgId == bytes32(0)) revert ParticipantRegistryAccountNotLinked(account);
        delete _organisationOf[account];
        _accounts.remove(account);
        emit AccountUnlinked(account, orgId);
    }

    /// @inheritdoc IParticipantRegistry
    function setAffiliation(bytes32 orgA, bytes32 orgB, bool affiliated) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _requireOrganisation(orgA);
        _requireOrganisation(orgB);
        if (orgA == orgB) revert ParticipantRegistrySameOrganisation(orgA);
        _affiliated[orgA][orgB] = affiliated;
        _affiliated[orgB][orgA] = affiliated;
        emit AffiliationChanged(orgA, orgB, affiliated);
    }

    /// @inheritdoc IParticipantRegistry
    function organisation(bytes32 orgId) external view returns (Organisation memory) {
        _requireOrganisation(orgId);
        return _organisations[orgId];
    }

    /// @inheritdoc IParticipantRegistry
    function organisationOf(address account) external view returns (bytes32) {
        return _organisationOf[account];
    }

    /// @inheritdoc IParticipantRegistry
    function isActiveParticipant(address account) public view returns (bool) {
        bytes32 orgId = _organisationOf[account];
        return orgId != bytes32(0) && _organisations[orgId].active;
    }

    /// @inheritdoc IParticipantRegistry
    function isActiveOrganisation(bytes32 orgId) external view returns (bool) {
        // An unregistered id reads as the zero record: inactive.
        return _organisations[orgId].active;
    }

    /// @inheritdoc IParticipantRegistry
    function isActiveParticipantWithRole(bytes32 role, address account) external view returns (bool) {
        return hasRole(role, account) && isActiveParticipant(account);
    }

    /// @inheritdoc IParticipantRegistry
    function areAffiliated(bytes32 orgA, bytes32 orgB) external view returns (bool) {
        return _affiliated[orgA][orgB];
    }

    /// @inheritdoc IParticipantRegistry
    function accountCount() external view returns (uint256) {
        return _accounts.length();
    }

    /// @inheritdoc IParticipantRegistry
    function accountAt(uint256 index) external view returns (address) {
        return _accounts.at(index);
    }

    function _requireOrganisation(bytes32 orgId) private view {
        if (_organisations[orgId].registeredAt == 0) revert ParticipantRegistryUnknownOrganisation(orgId);
    }
}
