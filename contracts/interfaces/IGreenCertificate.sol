// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC1155Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IParticipantRegistry} from "./IParticipantRegistry.sol";

/// @title Nengtan green-power certificates
/// @notice ERC-1155 green electricity certificates (绿证, GEC) in the manner of ERC-1888: an issuer registers
/// generation devices and issues, for one device and one generation period, a batch of certificates that gets its
/// own token id; holders trade them between active participants and claim (retire) them for a beneficiary's
/// consumption, which burns them for good and leaves a claim record for market-based Scope 2 accounting.
/// @dev Units and identifiers:
/// - one token unit is one certificate for 1 MWh of renewable generation (NDRC/MOF/NEA 2023 No.1044);
/// - token ids (certificate batches) and claim ids count from 1 in order of creation, so zero means "none";
/// - times are unix seconds and periods are `[start, end)`;
/// - `technology` and `region` are short ASCII codes packed into `bytes32` (ethers `encodeBytes32String`), e.g.
///   technology "wind", "solar-pv", "hydro", "biomass" and region "CN-JS" (ISO 3166-2) or a GB/T 2260 code.
///
/// Overlap rule: the issuances of a device that are not wholly revoked ("live" issuances) never overlap in time.
/// The contract enforces it with a per-device high-water mark, `issuedUntil`, the end of the device's latest live
/// issuance: a new issuance must start at or after it, so the issuances of a device are made in time order (a
/// period may start exactly where the previous one ended). The check is one storage read whatever the number of
/// issuances.
///
/// Revocation rule: an issuer account of the organisation that issued a certificate may revoke (burn) unclaimed
/// units from any holder, for a stated reason; claimed units are retired for good and never revoked. When every
/// unit of an issuance is revoked, the issuance stops being live: it leaves the device's time-ordered list of live
/// issuances and, if it was the latest, the high-water mark falls back to the end of the previous live issuance,
/// so that its period (and the periods of wholly revoked issuances before it) may be issued again. The period of a
/// wholly revoked issuance that has a live issuance after it stays blocked: issuance in time order cannot fill
/// gaps.
///
/// Claim rule: the consumption period must be non-empty and overlap `[generationStart, generationEnd +
/// CLAIM_WINDOW)`: generation may not be claimed for consumption that ended before it started, nor for consumption
/// that starts more than two years after it (the GEC validity). How closely the periods must match beyond that is
/// the accounting's decision, which receives both periods in {CertificateClaimed}.
interface IGreenCertificate is IERC1155, IERC1155Errors {
    /// @notice A generation device (power plant or unit).
    /// @param ownerOrgId Organisation that owns the device; certificates are issued to its accounts.
    /// @param issuerOrgId Organisation of the issuer account that registered it; only its issuer accounts issue and
    /// revoke the device's certificates.
    /// @param technology Energy source / technology code (see the interface notes).
    /// @param region Location code of the device (see the interface notes).
    /// @param capacityKw Installed capacity in kW, a bound on the energy of any issuance.
    /// @param registeredAt Block timestamp of registration.
    /// @param issuedUntil End of the device's latest live issuance, zero when it has none: the earliest start of its
    /// next issuance.
    /// @param lastCertificateId Token id of the device's latest live issuance, zero when it has none.
    struct Device {
        bytes32 ownerOrgId;
        bytes32 issuerOrgId;
        bytes32 technology;
        bytes32 region;
        uint64 capacityKw;
        uint64 registeredAt;
        uint64 issuedUntil;
        uint64 lastCertificateId;
    }

    /// @notice One issuance, a certificate batch with its own token id.
    /// @param deviceId The generating device.
    /// @param issuer The issuer account that issued it.
    /// @param generationStart First second of the generation period (inclusive).
    /// @param generationEnd End of the generation period (exclusive).
    /// @param issuedAt Block timestamp of issuance.
    /// @param quantity Units issued (MWh).
    /// @param claimed Units claimed (retired) so far.
    /// @param revoked Units revoked so far. `quantity - claimed - revoked` units are held by accounts.
    /// @param evidenceHash Hash of the generation evidence (e.g. keccak256 of the metering statement, or the root of
    /// an anchored batch of readings).
    /// @param evidenceCid IPFS CID of the evidence document, possibly empty.
    struct Certificate {
        bytes32 deviceId;
        address issuer;
        uint64 generationStart;
        uint64 generationEnd;
        uint64 issuedAt;
        uint64 quantity;
        uint64 claimed;
        uint64 revoked;
        bytes32 evidenceHash;
        string evidenceCid;
    }

    /// @notice One claim: units of a certificate retired for a beneficiary's consumption.
    /// @param claimant The account that claimed (and whose units were burned).
    /// @param claimedAt Block timestamp of the claim.
    /// @param certificateId The token id claimed from.
    /// @param consumptionStart First second of the consumption period the units cover (inclusive).
    /// @param consumptionEnd End of that consumption period (exclusive).
    /// @param amount Units claimed (MWh).
    /// @param claimantOrgId Organisation the claimant acted for at the time of the claim.
    /// @param beneficiaryOrgId Organisation whose consumption the units cover (may differ from the claimant's, e.g. a
    /// supplier retiring on behalf of its customer).
    /// @param location Location code of the consumption (see the interface notes).
    struct Claim {
        address claimant;
        uint64 claimedAt;
        uint64 certificateId;
        uint64 consumptionStart;
        uint64 consumptionEnd;
        uint64 amount;
        bytes32 claimantOrgId;
        bytes32 beneficiaryOrgId;
        bytes32 location;
    }

    /// @notice Emitted when `issuerOrgId` registers `deviceId` of `ownerOrgId`.
    /// @param registrant The issuer account that registered it.
    event DeviceRegistered(
        bytes32 indexed deviceId,
        bytes32 indexed ownerOrgId,
        bytes32 indexed issuerOrgId,
        bytes32 technology,
        bytes32 region,
        uint64 capacityKw,
        address registrant
    );

    /// @notice Emitted when `quantity` certificates with token id `id` are issued to `to` for the generation of
    /// `deviceId` in `[generationStart, generationEnd)`; ERC-1155 {TransferSingle} from zero is emitted as well.
    /// @param issuer The issuer account.
    event CertificateIssued(
        uint256 indexed id,
        bytes32 indexed deviceId,
        address indexed to,
        uint64 generationStart,
        uint64 generationEnd,
        uint64 quantity,
        bytes32 evidenceHash,
        string evidenceCid,
        address issuer
    );

    /// @notice Emitted when `amount` units of `certificateId` are claimed as claim `claimId` for the consumption of
    /// `beneficiaryOrgId`; ERC-1155 {TransferSingle} to zero is emitted as well. Carries the certificate's device,
    /// technology, region and generation period so that an indexer needs no further call.
    event CertificateClaimed(
        uint256 indexed claimId,
        uint256 indexed certificateId,
        bytes32 indexed beneficiaryOrgId,
        Claim claim,
        bytes32 deviceId,
        bytes32 technology,
        bytes32 region,
        uint64 generationStart,
        uint64 generationEnd
    );

    /// @notice Emitted when `revoker` revokes (burns) `amount` unclaimed units of `id` held by `holder`, for `reason`;
    /// ERC-1155 {TransferSingle} to zero is emitted as well.
    event CertificateRevoked(
        uint256 indexed id,
        address indexed holder,
        bytes32 indexed deviceId,
        uint64 amount,
        string reason,
        address revoker
    );

    /// @notice Emitted when the last units of issuance `id` are revoked: it is no longer live and `deviceId` may be
    /// issued again from `issuedUntil` (the device's new high-water mark).
    event IssuanceWithdrawn(uint256 indexed id, bytes32 indexed deviceId, uint64 issuedUntil);

    /// @notice The participant registry address is zero.
    error GreenCertificateZeroRegistry();

    /// @notice `account` does not hold CERTIFICATE_ISSUER_ROLE or is not linked to an active organisation.
    error GreenCertificateUnauthorizedIssuer(address account);

    /// @notice `account` is an active issuer acting for `accountOrgId`, but `deviceId` is the issuer organisation
    /// `issuerOrgId`'s.
    error GreenCertificateWrongIssuer(address account, bytes32 accountOrgId, bytes32 deviceId, bytes32 issuerOrgId);

    /// @notice The device id is zero.
    error GreenCertificateZeroDevice();

    /// @notice `deviceId` is already registered.
    error GreenCertificateDeviceExists(bytes32 deviceId);

    /// @notice `deviceId` is not registered.
    error GreenCertificateUnknownDevice(bytes32 deviceId);

    /// @notice The registration of `deviceId` lacks a technology, a region or a capacity.
    error GreenCertificateIncompleteDevice(bytes32 deviceId, bytes32 technology, bytes32 region, uint64 capacityKw);

    /// @notice `orgId` is not a registered, active organisation.
    error GreenCertificateInactiveOrganisation(bytes32 orgId);

    /// @notice `account` is not linked to an active organisation: it may not receive, send or claim certificates.
    error GreenCertificateInactiveParticipant(address account);

    /// @notice Certificates of `deviceId` go to accounts of its owner `ownerOrgId`, and `to` acts for `toOrgId`.
    error GreenCertificateRecipientNotOwner(bytes32 deviceId, address to, bytes32 toOrgId, bytes32 ownerOrgId);

    /// @notice The generation period `[generationStart, generationEnd)` of `deviceId` is empty or inverted.
    error GreenCertificateInvalidGenerationPeriod(bytes32 deviceId, uint64 generationStart, uint64 generationEnd);

    /// @notice The generation period of `deviceId` ends at `generationEnd`, after the block time `currentTime`.
    error GreenCertificateGenerationNotEnded(bytes32 deviceId, uint64 generationEnd, uint256 currentTime);

    /// @notice The generation period starting at `generationStart` overlaps, or precedes, the latest live issuance of
    /// `deviceId`, which ends at `issuedUntil`.
    error GreenCertificateOverlappingIssuance(bytes32 deviceId, uint64 generationStart, uint64 issuedUntil);

    /// @notice The issuance for `deviceId` has no units.
    error GreenCertificateZeroQuantity(bytes32 deviceId);

    /// @notice `quantity` MWh exceeds `maxQuantity`, what the capacity of `deviceId` can generate in the period.
    error GreenCertificateExceedsCapacity(bytes32 deviceId, uint64 quantity, uint256 maxQuantity);

    /// @notice The issuance for `deviceId` has no evidence hash.
    error GreenCertificateZeroEvidence(bytes32 deviceId);

    /// @notice No certificate has the token id `id`.
    error GreenCertificateUnknownCertificate(uint256 id);

    /// @notice A claim or revocation of `id` has a zero amount.
    error GreenCertificateZeroAmount(uint256 id);

    /// @notice The consumption period `[consumptionStart, consumptionEnd)` of a claim of `id` is empty or inverted.
    error GreenCertificateInvalidConsumptionPeriod(uint256 id, uint64 consumptionStart, uint64 consumptionEnd);

    /// @notice The consumption period `[consumptionStart, consumptionEnd)` does not overlap the claim window
    /// `[windowStart, windowEnd)` of `id`.
    error GreenCertificateClaimOutsideWindow(
        uint256 id,
        uint64 consumptionStart,
        uint64 consumptionEnd,
        uint64 windowStart,
        uint64 windowEnd
    );

    /// @notice A claim of `id` has no consumption location.
    error GreenCertificateZeroLocation(uint256 id);

    /// @notice A revocation of `id` gives no reason.
    error GreenCertificateEmptyReason(uint256 id);

    /// @notice No claim has the id `claimId`.
    error GreenCertificateUnknownClaim(uint256 claimId);

    /// @notice Registers the generation device `deviceId` of `ownerOrgId`.
    /// @dev Only an active participant holding CERTIFICATE_ISSUER_ROLE; its organisation becomes the device's issuer
    /// organisation. `ownerOrgId` must be a registered, active organisation; technology, region and capacity must not
    /// be zero. Emits {DeviceRegistered}.
    function registerDevice(
        bytes32 deviceId,
        bytes32 ownerOrgId,
        bytes32 technology,
        bytes32 region,
        uint64 capacityKw
    ) external;

    /// @notice Issues `quantity` certificates (MWh) for the generation of `deviceId` in
    /// `[generationStart, generationEnd)` to `to`, under a new token id.
    /// @dev Only an active CERTIFICATE_ISSUER_ROLE account of the device's issuer organisation. `to` must be an active
    /// participant acting for the device's owner. The period must be non-empty, ended (not after the block time) and
    /// start at or after the device's `issuedUntil` (see the overlap rule). `quantity` must be positive and at most
    /// `capacityKw * (generationEnd - generationStart) / 3_600_000` (the capacity running flat out, rounded down).
    /// `evidenceHash` must not be zero. Emits {CertificateIssued} and {TransferSingle}; calls
    /// {IERC1155Receiver-onERC1155Received} when `to` is a contract.
    /// @return id The token id of the new certificate batch.
    function issue(
        bytes32 deviceId,
        address to,
        uint64 generationStart,
        uint64 generationEnd,
        uint64 quantity,
        bytes32 evidenceHash,
        string calldata evidenceCid
    ) external returns (uint256 id);

    /// @notice Claims (retires) `amount` units of `id` held by the caller for the consumption of `beneficiaryOrgId` in
    /// `[consumptionStart, consumptionEnd)` at `location`: burns them and records the claim.
    /// @dev The caller must be an active participant holding the units; `beneficiaryOrgId` a registered, active
    /// organisation; the consumption period non-empty and within the claim window (see the claim rule); `location`
    /// not zero. Claimed units can never be transferred, claimed or revoked again. Emits {CertificateClaimed} and
    /// {TransferSingle}.
    /// @return claimId The id of the claim.
    function claim(
        uint256 id,
        uint256 amount,
        bytes32 beneficiaryOrgId,
        uint64 consumptionStart,
        uint64 consumptionEnd,
        bytes32 location
    ) external returns (uint256 claimId);

    /// @notice Revokes (burns) `amount` unclaimed units of `id` held by `holder`, for `reason`.
    /// @dev Only an active CERTIFICATE_ISSUER_ROLE account of the issuer organisation of the certificate's device.
    /// `holder` need not be active (units of a frozen participant can be revoked). `reason` must not be empty.
    /// Emits {CertificateRevoked} and {TransferSingle}, and {IssuanceWithdrawn} when no unit of `id` is left unrevoked
    /// (see the revocation rule).
    function revoke(uint256 id, address holder, uint256 amount, string calldata reason) external;

    /// @notice The device `deviceId`; reverts with {GreenCertificateUnknownDevice} if it is not registered.
    function device(bytes32 deviceId) external view returns (Device memory);

    /// @notice The certificate batch `id`; reverts with {GreenCertificateUnknownCertificate} if there is none.
    function certificate(uint256 id) external view returns (Certificate memory);

    /// @notice The claim `claimId`; reverts with {GreenCertificateUnknownClaim} if there is none.
    /// @dev Named `claimRecord` rather than `claim` so that the name does not overload {claim}.
    function claimRecord(uint256 claimId) external view returns (Claim memory);

    /// @notice Units of `id` claimed so far (ERC-1888's claimed amount, summed over claimants); zero for unknown ids.
    function claimedAmount(uint256 id) external view returns (uint256);

    /// @notice Number of certificate batches issued, which is also the latest token id.
    function certificateCount() external view returns (uint256);

    /// @notice Number of claims made, which is also the latest claim id.
    function claimCount() external view returns (uint256);

    /// @notice The participant registry consulted for roles and organisations.
    function registry() external view returns (IParticipantRegistry);
}
