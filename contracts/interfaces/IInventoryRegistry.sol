// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IParticipantRegistry} from "./IParticipantRegistry.sol";

/// @title Nengtan inventory registry
/// @notice Notarizes greenhouse-gas inventories and their independent verification (ISO 14064-1 inventories,
/// ISO 14064-3 verification). An enterprise submits the figures and hashes of an inventory for one reporting period;
/// it assigns an independent verifier, who attests with an opinion. Corrections are restatements: a new version of
/// the same period that supersedes the previous one and has to be verified again.
/// @dev Identifiers:
/// - `periodKey = keccak256(abi.encode(orgId, periodStart, periodEnd))` names a reporting period of an organisation;
/// - `inventoryId = keccak256(abi.encode(periodKey, version))` names one version, `version` counting from 1.
/// At most one version of a period is live: the latest one. Earlier versions stay readable but are superseded.
/// Quantities are integers: emissions in kgCO2e, energy in kgce (kilograms of standard coal equivalent).
/// Times are unix seconds; a period is `[periodStart, periodEnd)`.
interface IInventoryRegistry {
    /// @notice The verifier's conclusion (ISO 14064-3): `Verified` (unmodified), `Qualified` (verified with
    /// reservations that are not material to the total) or `Rejected` (adverse, or the verifier could not conclude).
    enum Opinion {
        Verified,
        Qualified,
        Rejected
    }

    /// @notice The level of assurance of the verification (ISO 14064-3).
    enum Assurance {
        Limited,
        Reasonable
    }

    /// @notice An inventory as submitted by the enterprise, the argument of {submit} and {restate}.
    /// @param orgId Organisation whose inventory it is; the caller must act for it.
    /// @param periodStart First second of the reporting period (unix seconds, inclusive).
    /// @param periodEnd End of the reporting period (unix seconds, exclusive); after `periodStart` and not in the
    /// future.
    /// @param scope1KgCO2e Direct emissions, kgCO2e.
    /// @param scope2LocationKgCO2e Indirect energy emissions, location-based (grid average factors), kgCO2e.
    /// @param scope2MarketKgCO2e Indirect energy emissions, market-based (contractual instruments), kgCO2e.
    /// @param totalKgCO2e The compliance total: scope 1 plus location-based scope 2 minus exported energy, kgCO2e.
    /// Negative only in theory (a net exporter).
    /// @param energyKgce Total energy consumption in kilograms of standard coal equivalent (GB/T 2589-2020).
    /// @param inventoryHash keccak256 of the RFC 8785 (JCS) canonical inventory JSON; must not be zero.
    /// @param reportCid IPFS CID of the encrypted evidence package; must not be empty.
    /// @param batchRootsCommitment Commitment to the anchored batch roots the inventory was computed from (see
    /// {IAnchorRegistry}).
    /// @param factorSetId Identifier of the emission-factor set used.
    struct Submission {
        bytes32 orgId;
        uint64 periodStart;
        uint64 periodEnd;
        int256 scope1KgCO2e;
        int256 scope2LocationKgCO2e;
        int256 scope2MarketKgCO2e;
        int256 totalKgCO2e;
        uint256 energyKgce;
        bytes32 inventoryHash;
        string reportCid;
        bytes32 batchRootsCommitment;
        bytes32 factorSetId;
    }

    /// @notice The verification of one inventory version.
    /// @param verifier The assigned verifier; zero while none is assigned.
    /// @param attestedAt Block timestamp of the attestation; zero while the version is not attested, in which case
    /// `opinion`, `assurance`, `materialityBps` and `statementCid` are meaningless (zero values).
    /// @param opinion The verifier's opinion.
    /// @param assurance The level of assurance.
    /// @param materialityBps Materiality threshold in basis points of the total (500 = 5 %), 0..10000.
    /// @param statementCid IPFS CID of the verification statement.
    // The first five fields fill one slot (160 + 64 + 8 + 8 + 16 bits); solhint assumes an enum takes a whole slot.
    // solhint-disable-next-line gas-struct-packing
    struct Attestation {
        address verifier;
        uint64 attestedAt;
        Opinion opinion;
        Assurance assurance;
        uint16 materialityBps;
        string statementCid;
    }

    /// @notice One version of an inventory as stored.
    /// @dev The fields from `scope1KgCO2e` to `factorSetId` are the {Submission}'s.
    /// @param orgId Organisation whose inventory it is.
    /// @param periodStart First second of the period (inclusive).
    /// @param periodEnd End of the period (exclusive).
    /// @param submittedAt Block timestamp of the submission.
    /// @param version 1 for the first submission, n + 1 for the restatement of version n.
    /// @param superseded True once a restatement has replaced this version; the live version is not superseded.
    /// @param previousId The version this one restates; zero for version 1.
    /// @param attestation Its verification.
    struct Inventory {
        bytes32 orgId;
        uint64 periodStart;
        uint64 periodEnd;
        uint64 submittedAt;
        uint32 version;
        bool superseded;
        bytes32 previousId;
        int256 scope1KgCO2e;
        int256 scope2LocationKgCO2e;
        int256 scope2MarketKgCO2e;
        int256 totalKgCO2e;
        uint256 energyKgce;
        bytes32 inventoryHash;
        bytes32 batchRootsCommitment;
        bytes32 factorSetId;
        string reportCid;
        Attestation attestation;
    }

    /// @notice Emitted for every new version, by {submit} (version 1) and by {restate} (later versions).
    /// @param submitter The enterprise account that submitted it.
    event InventorySubmitted(
        bytes32 indexed inventoryId,
        bytes32 indexed orgId,
        bytes32 indexed periodKey,
        uint64 periodStart,
        uint64 periodEnd,
        uint32 version,
        int256 totalKgCO2e,
        bytes32 inventoryHash,
        string reportCid,
        address submitter
    );

    /// @notice Emitted when `newId` restates and supersedes `previousId`, for `reason`; {InventorySubmitted} for
    /// `newId` is emitted in the same transaction.
    event InventoryRestated(bytes32 indexed previousId, bytes32 indexed newId, string reason);

    /// @notice Emitted each time `verifier` (acting for `verifierOrgId`) is assigned to verify `inventoryId` of
    /// `orgId`, replacing any verifier assigned before.
    /// @param assignedBy The enterprise account that assigned it.
    event VerifierAssigned(
        bytes32 indexed inventoryId,
        bytes32 indexed orgId,
        address indexed verifier,
        bytes32 verifierOrgId,
        address assignedBy
    );

    /// @notice Emitted when `verifier` attests `inventoryId` of `orgId`.
    event InventoryAttested(
        bytes32 indexed inventoryId,
        bytes32 indexed orgId,
        address indexed verifier,
        Opinion opinion,
        Assurance assurance,
        uint16 materialityBps,
        string statementCid
    );

    /// @notice The participant registry address is zero.
    error InventoryRegistryZeroRegistry();

    /// @notice `account` does not hold ENTERPRISE_ROLE or is not linked to an active organisation.
    error InventoryRegistryUnauthorizedEnterprise(address account);

    /// @notice `account` is an active enterprise account, but acts for `accountOrgId`, not for `orgId`.
    error InventoryRegistryWrongOrganisation(address account, bytes32 accountOrgId, bytes32 orgId);

    /// @notice The period `[periodStart, periodEnd)` of `orgId` is empty or inverted.
    error InventoryRegistryInvalidPeriod(bytes32 orgId, uint64 periodStart, uint64 periodEnd);

    /// @notice The period ends at `periodEnd`, after the current block time `currentTime`: emissions of a period
    /// that has not ended cannot be reported.
    error InventoryRegistryPeriodNotEnded(uint64 periodEnd, uint256 currentTime);

    /// @notice The inventory hash of the submission for `periodKey` is zero.
    error InventoryRegistryZeroInventoryHash(bytes32 periodKey);

    /// @notice The evidence-package CID of the submission for `periodKey` is empty.
    error InventoryRegistryEmptyReportCid(bytes32 periodKey);

    /// @notice `periodKey` already has the live version `liveInventoryId`; correct it with {restate}.
    error InventoryRegistryAlreadySubmitted(bytes32 periodKey, bytes32 liveInventoryId);

    /// @notice No inventory has the id `inventoryId`.
    error InventoryRegistryUnknownInventory(bytes32 inventoryId);

    /// @notice `inventoryId` is superseded; `liveInventoryId` is the live version of its period.
    error InventoryRegistryNotLive(bytes32 inventoryId, bytes32 liveInventoryId);

    /// @notice A restatement of `previousInventoryId` names another organisation or period: `orgId`,
    /// `[periodStart, periodEnd)`.
    error InventoryRegistryPeriodMismatch(
        bytes32 previousInventoryId,
        bytes32 orgId,
        uint64 periodStart,
        uint64 periodEnd
    );

    /// @notice The restatement of `previousInventoryId` gives no reason.
    error InventoryRegistryEmptyReason(bytes32 previousInventoryId);

    /// @notice `verifier` does not hold VERIFIER_ROLE or is not linked to an active organisation.
    error InventoryRegistryUnauthorizedVerifier(address verifier);

    /// @notice The verifier's organisation `verifierOrgId` is the organisation of `inventoryId` or affiliated with
    /// it (see {IParticipantRegistry-areAffiliated}).
    error InventoryRegistryVerifierNotIndependent(bytes32 inventoryId, bytes32 verifierOrgId);

    /// @notice `account` is not the verifier assigned to `inventoryId`, which is `assignedVerifier` (zero if none).
    error InventoryRegistryNotAssignedVerifier(bytes32 inventoryId, address account, address assignedVerifier);

    /// @notice `inventoryId` was already attested by `verifier`; an attestation is final for its version.
    error InventoryRegistryAlreadyAttested(bytes32 inventoryId, address verifier);

    /// @notice The materiality `materialityBps` exceeds 10000 basis points (100 %).
    error InventoryRegistryMaterialityOutOfRange(uint16 materialityBps);

    /// @notice The attestation of `inventoryId` has no statement CID.
    error InventoryRegistryEmptyStatementCid(bytes32 inventoryId);

    /// @notice Submits version 1 of the inventory of `s.orgId` for `[s.periodStart, s.periodEnd)`.
    /// @dev Only an active participant holding ENTERPRISE_ROLE and acting for `s.orgId`. Refused when the period
    /// already has a live version: restatements go through {restate}. Emits {InventorySubmitted}.
    /// @return inventoryId The id of the new version.
    function submit(Submission calldata s) external returns (bytes32 inventoryId);

    /// @notice Restates the live version `previousInventoryId` with `s` for `reason`: creates version n + 1 linked to
    /// it, which becomes live, and supersedes `previousInventoryId`.
    /// @dev Same caller rule as {submit}; `s` must name the organisation and period of `previousInventoryId`.
    /// Restating an attested version is allowed: the new version starts without verifier or attestation, so
    /// {verifiedEmissions} reports the period unverified until the new version is attested. Emits
    /// {InventorySubmitted} and {InventoryRestated}.
    /// @return inventoryId The id of the new version.
    function restate(
        bytes32 previousInventoryId,
        Submission calldata s,
        string calldata reason
    ) external returns (bytes32 inventoryId);

    /// @notice Assigns `verifier` to verify the live, unattested version `inventoryId`, replacing any verifier
    /// assigned before.
    /// @dev Only an active ENTERPRISE_ROLE account acting for the inventory's organisation. `verifier` must be an
    /// active participant holding VERIFIER_ROLE whose organisation is neither the inventory's organisation nor
    /// affiliated with it. Emits {VerifierAssigned}.
    function assignVerifier(bytes32 inventoryId, address verifier) external;

    /// @notice Attests the live version `inventoryId`, once.
    /// @dev Only the assigned verifier, which must still hold VERIFIER_ROLE, be active and be independent of the
    /// inventory's organisation at the time of attestation (an affiliation recorded after the assignment blocks it).
    /// Emits {InventoryAttested}.
    /// @param materialityBps Materiality threshold in basis points, at most 10000.
    /// @param statementCid IPFS CID of the verification statement; must not be empty.
    function attest(
        bytes32 inventoryId,
        Opinion opinion,
        Assurance assurance,
        uint16 materialityBps,
        string calldata statementCid
    ) external;

    /// @notice The version `inventoryId`; reverts with {InventoryRegistryUnknownInventory} if there is none.
    function inventory(bytes32 inventoryId) external view returns (Inventory memory);

    /// @notice The live version of the inventory of `orgId` for `[periodStart, periodEnd)`, or zero if none was
    /// submitted.
    function liveInventoryId(bytes32 orgId, uint64 periodStart, uint64 periodEnd) external view returns (bytes32);

    /// @notice The verified emissions of `orgId` for exactly `[periodStart, periodEnd)`.
    /// @dev For other contracts (allowance surrender): three storage reads, no loop. `verified` is true only when the
    /// live version is attested with opinion Verified or Qualified; a Rejected, unattested or missing live version
    /// gives false.
    /// @return verified Whether the period's live version is verified.
    /// @return totalKgCO2e The compliance total of the live version when `verified`, otherwise zero.
    /// @return inventoryId The live version (also when not verified), or zero when none was submitted.
    function verifiedEmissions(
        bytes32 orgId,
        uint64 periodStart,
        uint64 periodEnd
    ) external view returns (bool verified, int256 totalKgCO2e, bytes32 inventoryId);

    /// @notice The participant registry consulted for roles, organisations and affiliations.
    function registry() external view returns (IParticipantRegistry);
}
