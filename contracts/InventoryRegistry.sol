// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IInventoryRegistry} from "./interfaces/IInventoryRegistry.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";

/// @title InventoryRegistry
/// @notice Implementation of {IInventoryRegistry}: versioned inventories per organisation and period, one live
/// version per period, each version verified at most once by an independent verifier.
/// @dev Storage of one version (see {IInventoryRegistry-Inventory}): the period, submission time, version and
/// superseded flag share one slot, and the whole attestation except its CID shares another (verifier, time,
/// opinion, assurance, materiality: exactly 256 bits), so {verifiedEmissions} reads the live pointer, the
/// attestation slot and, when verified, the total. Quantities stay `int256`/`uint256` as submitted: no range limit
/// to document, and on a zero-gas-price permissioned chain the two slots that narrower types would save are not
/// worth a second struct.
contract InventoryRegistry is IInventoryRegistry {
    /// @notice keccak256("ENTERPRISE_ROLE"), the role in the participant registry that submits inventories.
    bytes32 public constant ENTERPRISE_ROLE = keccak256("ENTERPRISE_ROLE");
    /// @notice keccak256("VERIFIER_ROLE"), the role in the participant registry that verifies them.
    bytes32 public constant VERIFIER_ROLE = keccak256("VERIFIER_ROLE");
    /// @notice The largest materiality threshold, 100 % in basis points.
    uint16 public constant MAX_MATERIALITY_BPS = 10_000;

    IParticipantRegistry private immutable _registry;
    mapping(bytes32 inventoryId => Inventory inventory) private _inventories;
    mapping(bytes32 periodKey => bytes32 inventoryId) private _liveIds;

    constructor(IParticipantRegistry registry_) {
        if (address(registry_) == address(0)) revert InventoryRegistryZeroRegistry();
        _registry = registry_;
    }

    /// @inheritdoc IInventoryRegistry
    function submit(Submission calldata s) external returns (bytes32 inventoryId) {
        _requireEnterpriseOf(s.orgId);
        bytes32 periodKey = _validate(s);
        bytes32 live = _liveIds[periodKey];
        if (live != bytes32(0)) revert InventoryRegistryAlreadySubmitted(periodKey, live);
        inventoryId = _record(periodKey, s, 1, bytes32(0));
    }

    /// @inheritdoc IInventoryRegistry
    function restate(
        bytes32 previousInventoryId,
        Submission calldata s,
        string calldata reason
    ) external returns (bytes32 inventoryId) {
        _requireEnterpriseOf(s.orgId);
        Inventory storage previous = _requireLive(previousInventoryId);
        if (previous.orgId != s.orgId || previous.periodStart != s.periodStart || previous.periodEnd != s.periodEnd) {
            revert InventoryRegistryPeriodMismatch(previousInventoryId, s.orgId, s.periodStart, s.periodEnd);
        }
        if (bytes(reason).length == 0) revert InventoryRegistryEmptyReason(previousInventoryId);
        bytes32 periodKey = _validate(s);
        previous.superseded = true;
        // Checked: 2^32 - 1 restatements of one period cannot happen, and if they did the overflow must revert.
        inventoryId = _record(periodKey, s, previous.version + 1, previousInventoryId);
        emit InventoryRestated(previousInventoryId, inventoryId, reason);
    }

    /// @inheritdoc IInventoryRegistry
    function assignVerifier(bytes32 inventoryId, address verifier) external {
        Inventory storage inv = _requireKnown(inventoryId);
        bytes32 orgId = inv.orgId;
        _requireEnterpriseOf(orgId);
        if (inv.superseded) revert InventoryRegistryNotLive(inventoryId, _liveIdOf(inv));
        Attestation storage attestation = inv.attestation;
        if (attestation.attestedAt != 0) revert InventoryRegistryAlreadyAttested(inventoryId, attestation.verifier);
        bytes32 verifierOrgId = _requireIndependentVerifier(inventoryId, orgId, verifier);
        attestation.verifier = verifier;
        emit VerifierAssigned(inventoryId, orgId, verifier, verifierOrgId, msg.sender);
    }

    /// @inheritdoc IInventoryRegistry
    function attest(
        bytes32 inventoryId,
        Opinion opinion,
        Assurance assurance,
        uint16 materialityBps,
        string calldata statementCid
    ) external {
        Inventory storage inv = _requireKnown(inventoryId);
        Attestation storage attestation = inv.attestation;
        address assigned = attestation.verifier;
        if (msg.sender != assigned) revert InventoryRegistryNotAssignedVerifier(inventoryId, msg.sender, assigned);
        bytes32 orgId = inv.orgId;
        // Re-checked at attestation: accreditation may have been withdrawn, or an affiliation recorded, since the
        // assignment.
        _requireIndependentVerifier(inventoryId, orgId, msg.sender);
        if (inv.superseded) revert InventoryRegistryNotLive(inventoryId, _liveIdOf(inv));
        if (attestation.attestedAt != 0) revert InventoryRegistryAlreadyAttested(inventoryId, assigned);
        if (materialityBps > MAX_MATERIALITY_BPS) revert InventoryRegistryMaterialityOutOfRange(materialityBps);
        if (bytes(statementCid).length == 0) revert InventoryRegistryEmptyStatementCid(inventoryId);
        // uint64 seconds last until the year 584,942,417,355: the cast cannot truncate.
        attestation.attestedAt = uint64(block.timestamp);
        attestation.opinion = opinion;
        attestation.assurance = assurance;
        attestation.materialityBps = materialityBps;
        attestation.statementCid = statementCid;
        emit InventoryAttested(inventoryId, orgId, msg.sender, opinion, assurance, materialityBps, statementCid);
    }

    /// @inheritdoc IInventoryRegistry
    function inventory(bytes32 inventoryId) external view returns (Inventory memory) {
        return _requireKnown(inventoryId);
    }

    /// @inheritdoc IInventoryRegistry
    function liveInventoryId(bytes32 orgId, uint64 periodStart, uint64 periodEnd) external view returns (bytes32) {
        return _liveIds[_periodKey(orgId, periodStart, periodEnd)];
    }

    /// @inheritdoc IInventoryRegistry
    function verifiedEmissions(
        bytes32 orgId,
        uint64 periodStart,
        uint64 periodEnd
    ) external view returns (bool verified, int256 totalKgCO2e, bytes32 inventoryId) {
        inventoryId = _liveIds[_periodKey(orgId, periodStart, periodEnd)];
        if (inventoryId == bytes32(0)) return (false, 0, bytes32(0));
        Inventory storage inv = _inventories[inventoryId];
        Attestation storage attestation = inv.attestation;
        if (attestation.attestedAt != 0 && attestation.opinion != Opinion.Rejected) {
            verified = true;
            totalKgCO2e = inv.totalKgCO2e;
        }
    }

    /// @inheritdoc IInventoryRegistry
    function registry() external view returns (IParticipantRegistry) {
        return _registry;
    }

    /// @dev Refuses callers that are not active ENTERPRISE_ROLE accounts acting for `orgId`.
    function _requireEnterpriseOf(bytes32 orgId) private view {
        if (!_registry.isActiveParticipantWithRole(ENTERPRISE_ROLE, msg.sender)) {
            revert InventoryRegistryUnauthorizedEnterprise(msg.sender);
        }
        bytes32 accountOrgId = _registry.organisationOf(msg.sender);
        if (accountOrgId != orgId) revert InventoryRegistryWrongOrganisation(msg.sender, accountOrgId, orgId);
    }

    /// @dev Refuses `verifier` unless it is an active VERIFIER_ROLE account of an organisation that is neither
    /// `orgId` nor affiliated with it; returns that organisation.
    function _requireIndependentVerifier(
        bytes32 inventoryId,
        bytes32 orgId,
        address verifier
    ) private view returns (bytes32 verifierOrgId) {
        if (!_registry.isActiveParticipantWithRole(VERIFIER_ROLE, verifier)) {
            revert InventoryRegistryUnauthorizedVerifier(verifier);
        }
        verifierOrgId = _registry.organisationOf(verifier);
        if (verifierOrgId == orgId || _registry.areAffiliated(verifierOrgId, orgId)) {
            revert InventoryRegistryVerifierNotIndependent(inventoryId, verifierOrgId);
        }
    }

    /// @dev Checks the period and the mandatory fields of `s`; returns its period key.
    function _validate(Submission calldata s) private view returns (bytes32 periodKey) {
        if (s.periodStart >= s.periodEnd) revert InventoryRegistryInvalidPeriod(s.orgId, s.periodStart, s.periodEnd);
        if (s.periodEnd > block.timestamp) revert InventoryRegistryPeriodNotEnded(s.periodEnd, block.timestamp);
        periodKey = _periodKey(s.orgId, s.periodStart, s.periodEnd);
        if (s.inventoryHash == bytes32(0)) revert InventoryRegistryZeroInventoryHash(periodKey);
        if (bytes(s.reportCid).length == 0) revert InventoryRegistryEmptyReportCid(periodKey);
    }

    /// @dev Stores `s` as version `version` of `periodKey`, makes it live and emits {InventorySubmitted}.
    function _record(
        bytes32 periodKey,
        Submission calldata s,
        uint32 version,
        bytes32 previousId
    ) private returns (bytes32 inventoryId) {
        inventoryId = keccak256(abi.encode(periodKey, version));
        Inventory storage inv = _inventories[inventoryId];
        inv.orgId = s.orgId;
        inv.periodStart = s.periodStart;
        inv.periodEnd = s.periodEnd;
        // uint64 seconds last until the year 584,942,417,355: the cast cannot truncate.
        inv.submittedAt = uint64(block.timestamp);
        inv.version = version;
        if (previousId != bytes32(0)) inv.previousId = previousId;
        inv.scope1KgCO2e = s.scope1KgCO2e;
        inv.scope2LocationKgCO2e = s.scope2LocationKgCO2e;
        inv.scope2MarketKgCO2e = s.scope2MarketKgCO2e;
        inv.totalKgCO2e = s.totalKgCO2e;
        inv.energyKgce = s.energyKgce;
        inv.inventoryHash = s.inventoryHash;
        inv.batchRootsCommitment = s.batchRootsCommitment;
        inv.factorSetId = s.factorSetId;
        inv.reportCid = s.reportCid;
        _liveIds[periodKey] = inventoryId;
        emit InventorySubmitted(
            inventoryId,
            s.orgId,
            periodKey,
            s.periodStart,
            s.periodEnd,
            version,
            s.totalKgCO2e,
            s.inventoryHash,
            s.reportCid,
            msg.sender
        );
    }

    function _requireKnown(bytes32 inventoryId) private view returns (Inventory storage inv) {
        inv = _inventories[inventoryId];
        if (inv.version == 0) revert InventoryRegistryUnknownInventory(inventoryId);
    }

    function _requireLive(bytes32 inventoryId) private view returns (Inventory storage inv) {
        inv = _requireKnown(inventoryId);
        if (inv.superseded) revert InventoryRegistryNotLive(inventoryId, _liveIdOf(inv));
    }

    function _liveIdOf(Inventory storage inv) private view returns (bytes32) {
        return _liveIds[_periodKey(inv.orgId, inv.periodStart, inv.periodEnd)];
    }

    function _periodKey(bytes32 orgId, uint64 periodStart, uint64 periodEnd) private pure returns (bytes32) {
        return keccak256(abi.encode(orgId, periodStart, periodEnd));
    }
}
