// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IGreenCertificate} from "./interfaces/IGreenCertificate.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";

/// @title GreenCertificate
/// @notice Implementation of {IGreenCertificate} on OpenZeppelin ERC1155: one token id per issuance, transfers only
/// between active participants, claims and revocations as burns.
/// @dev The live issuances of a device form a doubly linked list in time order (`_links`), of which the device keeps
/// the tail (`lastCertificateId`) and its end (`issuedUntil`, the high-water mark). Issuing appends to the list;
/// revoking the last unit of an issuance unlinks it in O(1), and when it was the tail the high-water mark falls back
/// to the end of the new tail. Because every live issuance starts at or after the end of the one before it, the tail
/// ends last, so the high-water mark is always the latest end among the live issuances: a start at or after it
/// overlaps none of them.
///
/// Storage: a certificate's period end, issue time, quantity and claimed count share one slot, so a claim updates
/// one existing slot of it; a device's capacity, registration time, high-water mark and tail share one slot, so the
/// overlap check is one read. Quantities are `uint64` MWh internally (the capacity bound keeps an issuance far below
/// 2^64 for any real device, and issue takes a `uint64`); ids are `uint64` (2^64 issuances will not happen).
contract GreenCertificate is IGreenCertificate, ERC1155 {
    /// @notice keccak256("CERTIFICATE_ISSUER_ROLE"), the role in the participant registry that registers devices and
    /// issues and revokes certificates.
    bytes32 public constant CERTIFICATE_ISSUER_ROLE = keccak256("CERTIFICATE_ISSUER_ROLE");
    /// @notice How long after the end of its generation period a certificate may still be claimed for consumption
    /// that starts then: two years, the validity of a GEC.
    uint64 public constant CLAIM_WINDOW = 730 days;
    /// @notice kW·s in one MWh: capacity in kW times seconds divided by this is the most a device can generate.
    uint256 public constant KW_SECONDS_PER_MWH = 3_600_000;

    /// @dev Neighbours of a live issuance in its device's time-ordered list; zero at either end.
    struct Links {
        uint64 previous;
        uint64 next;
    }

    IParticipantRegistry private immutable _registry;
    uint64 private _certificateCount;
    uint64 private _claimCount;
    mapping(bytes32 deviceId => Device device) private _devices;
    mapping(uint256 id => Certificate certificate) private _certificates;
    mapping(uint256 id => Links links) private _links;
    mapping(uint256 claimId => Claim claim) private _claims;

    /// @param registry_ The participant registry consulted for roles and organisations.
    /// @param uri_ ERC-1155 metadata URI template (`{id}` is replaced by the hex token id), e.g. an API route.
    constructor(IParticipantRegistry registry_, string memory uri_) ERC1155(uri_) {
        if (address(registry_) == address(0)) revert GreenCertificateZeroRegistry();
        _registry = registry_;
    }

    /// @inheritdoc IGreenCertificate
    function registerDevice(
        bytes32 deviceId,
        bytes32 ownerOrgId,
        bytes32 technology,
        bytes32 region,
        uint64 capacityKw
    ) external {
        bytes32 issuerOrgId = _requireIssuer();
        if (deviceId == bytes32(0)) revert GreenCertificateZeroDevice();
        Device storage d = _devices[deviceId];
        if (d.registeredAt != 0) revert GreenCertificateDeviceExists(deviceId);
        if (technology == bytes32(0) || region == bytes32(0) || capacityKw == 0) {
            revert GreenCertificateIncompleteDevice(deviceId, technology, region, capacityKw);
        }
        _requireActiveOrganisation(ownerOrgId);
        d.ownerOrgId = ownerOrgId;
        d.issuerOrgId = issuerOrgId;
        d.technology = technology;
        d.region = region;
        d.capacityKw = capacityKw;
        // uint64 seconds last until the year 584,942,417,355: the cast cannot truncate.
        d.registeredAt = uint64(block.timestamp);
        emit DeviceRegistered(deviceId, ownerOrgId, issuerOrgId, technology, region, capacityKw, msg.sender);
    }

    /// @inheritdoc IGreenCertificate
    function issue(
        bytes32 deviceId,
        address to,
        uint64 generationStart,
        uint64 generationEnd,
        uint64 quantity,
        bytes32 evidenceHash,
        string calldata evidenceCid
    ) external returns (uint256 id) {
        Device storage d = _requireDeviceIssuer(_requireIssuer(), deviceId);
        _checkIssuance(d, deviceId, to, generationStart, generationEnd, quantity, evidenceHash);
        id = _append(d, deviceId, generationStart, generationEnd, quantity, evidenceHash, evidenceCid);
        emit CertificateIssued(
            id,
            deviceId,
            to,
            generationStart,
            generationEnd,
            quantity,
            evidenceHash,
            evidenceCid,
            msg.sender
        );
        // Last: the receiver hook of a contract recipient runs on fully updated state.
        _mint(to, id, quantity, "");
    }

    /// @inheritdoc IGreenCertificate
    function claim(
        uint256 id,
        uint256 amount,
        bytes32 beneficiaryOrgId,
        uint64 consumptionStart,
        uint64 consumptionEnd,
        bytes32 location
    ) external returns (uint256 claimId) {
        if (!_registry.isActiveParticipant(msg.sender)) revert GreenCertificateInactiveParticipant(msg.sender);
        Certificate storage c = _requireCertificate(id);
        if (amount == 0) revert GreenCertificateZeroAmount(id);
        if (consumptionStart >= consumptionEnd) {
            revert GreenCertificateInvalidConsumptionPeriod(id, consumptionStart, consumptionEnd);
        }
        uint64 windowStart = c.generationStart;
        // generationEnd is at most the block time of issuance: adding two years cannot overflow uint64.
        uint64 windowEnd = c.generationEnd + CLAIM_WINDOW;
        if (consumptionEnd <= windowStart || consumptionStart >= windowEnd) {
            revert GreenCertificateClaimOutsideWindow(id, consumptionStart, consumptionEnd, windowStart, windowEnd);
        }
        if (location == bytes32(0)) revert GreenCertificateZeroLocation(id);
        _requireActiveOrganisation(beneficiaryOrgId);

        // Reverts with ERC1155InsufficientBalance unless the caller holds `amount`; from here on amount <= quantity
        // < 2^64, so the casts below cannot truncate and claimed + amount <= quantity cannot overflow.
        _burn(msg.sender, id, amount);
        uint64 units = uint64(amount);
        c.claimed += units;
        Claim storage record;
        (claimId, record) = _recordClaim(id, units, beneficiaryOrgId, consumptionStart, consumptionEnd, location);

        Device storage d = _devices[c.deviceId];
        emit CertificateClaimed(
            claimId,
            id,
            beneficiaryOrgId,
            record,
            c.deviceId,
            d.technology,
            d.region,
            windowStart,
            c.generationEnd
        );
    }

    /// @inheritdoc IGreenCertificate
    function revoke(uint256 id, address holder, uint256 amount, string calldata reason) external {
        bytes32 accountOrgId = _requireIssuer();
        Certificate storage c = _requireCertificate(id);
        bytes32 deviceId = c.deviceId;
        Device storage d = _requireDeviceIssuer(accountOrgId, deviceId);
        if (amount == 0) revert GreenCertificateZeroAmount(id);
        if (bytes(reason).length == 0) revert GreenCertificateEmptyReason(id);

        // Reverts with ERC1155InsufficientBalance unless `holder` holds `amount`; from here on amount <= quantity
        // < 2^64, so the cast cannot truncate and revoked + amount <= quantity cannot overflow.
        _burn(holder, id, amount);
        uint64 units = uint64(amount);
        uint64 revoked = c.revoked + units;
        c.revoked = revoked;
        emit CertificateRevoked(id, holder, deviceId, units, reason, msg.sender);

        if (revoked == c.quantity) _withdraw(d, deviceId, id);
    }

    /// @inheritdoc IGreenCertificate
    function device(bytes32 deviceId) external view returns (Device memory) {
        return _requireDevice(deviceId);
    }

    /// @inheritdoc IGreenCertificate
    function certificate(uint256 id) external view returns (Certificate memory) {
        return _requireCertificate(id);
    }

    /// @inheritdoc IGreenCertificate
    function claimRecord(uint256 claimId) external view returns (Claim memory) {
        Claim storage record = _claims[claimId];
        if (record.claimedAt == 0) revert GreenCertificateUnknownClaim(claimId);
        return record;
    }

    /// @inheritdoc IGreenCertificate
    function claimedAmount(uint256 id) external view returns (uint256) {
        return _certificates[id].claimed;
    }

    /// @inheritdoc IGreenCertificate
    function certificateCount() external view returns (uint256) {
        return _certificateCount;
    }

    /// @inheritdoc IGreenCertificate
    function claimCount() external view returns (uint256) {
        return _claimCount;
    }

    /// @inheritdoc IGreenCertificate
    function registry() external view returns (IParticipantRegistry) {
        return _registry;
    }

    /// @inheritdoc ERC1155
    function supportsInterface(bytes4 interfaceId) public view override(ERC1155, IERC165) returns (bool) {
        return interfaceId == type(IGreenCertificate).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @dev Transfers (neither mint nor burn) need both sides to be active participants. Mints are checked by
    /// {issue}, claims check their caller, and revocations may burn from anyone.
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values) internal override {
        if (from != address(0) && to != address(0)) {
            if (!_registry.isActiveParticipant(from)) revert GreenCertificateInactiveParticipant(from);
            if (!_registry.isActiveParticipant(to)) revert GreenCertificateInactiveParticipant(to);
        }
        super._update(from, to, ids, values);
    }

    /// @dev The checks of {issue} after the caller's: recipient, period, overlap, quantity and evidence.
    function _checkIssuance(
        Device storage d,
        bytes32 deviceId,
        address to,
        uint64 generationStart,
        uint64 generationEnd,
        uint64 quantity,
        bytes32 evidenceHash
    ) private view {
        if (!_registry.isActiveParticipant(to)) revert GreenCertificateInactiveParticipant(to);
        bytes32 toOrgId = _registry.organisationOf(to);
        if (toOrgId != d.ownerOrgId) revert GreenCertificateRecipientNotOwner(deviceId, to, toOrgId, d.ownerOrgId);
        if (generationStart >= generationEnd) {
            revert GreenCertificateInvalidGenerationPeriod(deviceId, generationStart, generationEnd);
        }
        if (generationEnd > block.timestamp) {
            revert GreenCertificateGenerationNotEnded(deviceId, generationEnd, block.timestamp);
        }
        uint64 issuedUntil = d.issuedUntil;
        if (generationStart < issuedUntil) {
            revert GreenCertificateOverlappingIssuance(deviceId, generationStart, issuedUntil);
        }
        if (quantity == 0) revert GreenCertificateZeroQuantity(deviceId);
        // At most 2^64 * 2^64: no overflow in uint256.
        uint256 maxQuantity = (uint256(d.capacityKw) * (generationEnd - generationStart)) / KW_SECONDS_PER_MWH;
        if (quantity > maxQuantity) revert GreenCertificateExceedsCapacity(deviceId, quantity, maxQuantity);
        if (evidenceHash == bytes32(0)) revert GreenCertificateZeroEvidence(deviceId);
    }

    /// @dev Stores a new issuance of `deviceId` under the next token id and appends it to the device's live list.
    function _append(
        Device storage d,
        bytes32 deviceId,
        uint64 generationStart,
        uint64 generationEnd,
        uint64 quantity,
        bytes32 evidenceHash,
        string calldata evidenceCid
    ) private returns (uint256) {
        // Checked: 2^64 - 1 issuances cannot happen, and if they did the overflow must revert.
        uint64 id = _certificateCount + 1;
        _certificateCount = id;
        Certificate storage c = _certificates[id];
        c.deviceId = deviceId;
        c.issuer = msg.sender;
        c.generationStart = generationStart;
        c.generationEnd = generationEnd;
        // uint64 seconds last until the year 584,942,417,355: the cast cannot truncate.
        c.issuedAt = uint64(block.timestamp);
        c.quantity = quantity;
        c.evidenceHash = evidenceHash;
        if (bytes(evidenceCid).length != 0) c.evidenceCid = evidenceCid;

        uint64 previous = d.lastCertificateId;
        if (previous != 0) {
            _links[id].previous = previous;
            _links[previous].next = id;
        }
        d.lastCertificateId = id;
        d.issuedUntil = generationEnd;
        return id;
    }

    /// @dev Stores a claim of `amount` units of `id` by the caller under the next claim id.
    function _recordClaim(
        uint256 id,
        uint64 amount,
        bytes32 beneficiaryOrgId,
        uint64 consumptionStart,
        uint64 consumptionEnd,
        bytes32 location
    ) private returns (uint256, Claim storage record) {
        // Checked: 2^64 - 1 claims cannot happen, and if they did the overflow must revert.
        uint64 claimId = _claimCount + 1;
        _claimCount = claimId;
        record = _claims[claimId];
        record.claimant = msg.sender;
        // uint64 seconds last until the year 584,942,417,355: the cast cannot truncate.
        record.claimedAt = uint64(block.timestamp);
        // Token ids are assigned from a uint64 counter: the cast cannot truncate for a known id.
        record.certificateId = uint64(id);
        record.consumptionStart = consumptionStart;
        record.consumptionEnd = consumptionEnd;
        record.amount = amount;
        record.claimantOrgId = _registry.organisationOf(msg.sender);
        record.beneficiaryOrgId = beneficiaryOrgId;
        record.location = location;
        return (claimId, record);
    }

    /// @dev Takes the wholly revoked issuance `id` out of the live list of `deviceId`; when it was the latest, the
    /// high-water mark falls back to the end of the previous live issuance (zero when none is left).
    function _withdraw(Device storage d, bytes32 deviceId, uint256 id) private {
        Links memory links = _links[id];
        delete _links[id];
        if (links.previous != 0) _links[links.previous].next = links.next;
        uint64 issuedUntil = d.issuedUntil;
        if (links.next != 0) {
            _links[links.next].previous = links.previous;
        } else {
            d.lastCertificateId = links.previous;
            issuedUntil = links.previous == 0 ? 0 : _certificates[links.previous].generationEnd;
            d.issuedUntil = issuedUntil;
        }
        emit IssuanceWithdrawn(id, deviceId, issuedUntil);
    }

    /// @dev Refuses callers that are not active CERTIFICATE_ISSUER_ROLE accounts; returns the caller's organisation.
    function _requireIssuer() private view returns (bytes32 orgId) {
        if (!_registry.isActiveParticipantWithRole(CERTIFICATE_ISSUER_ROLE, msg.sender)) {
            revert GreenCertificateUnauthorizedIssuer(msg.sender);
        }
        return _registry.organisationOf(msg.sender);
    }

    /// @dev Refuses an issuer acting for `accountOrgId` unless that is the issuer organisation of `deviceId`.
    function _requireDeviceIssuer(bytes32 accountOrgId, bytes32 deviceId) private view returns (Device storage d) {
        d = _requireDevice(deviceId);
        bytes32 issuerOrgId = d.issuerOrgId;
        if (accountOrgId != issuerOrgId) {
            revert GreenCertificateWrongIssuer(msg.sender, accountOrgId, deviceId, issuerOrgId);
        }
    }

    /// @dev Refuses `orgId` unless the registry knows it as active. {IParticipantRegistry-organisation} reverts for
    /// unknown organisations; that revert is translated so callers decode one error from this contract's interface.
    function _requireActiveOrganisation(bytes32 orgId) private view {
        if (!_registry.isActiveOrganisation(orgId)) revert GreenCertificateInactiveOrganisation(orgId);
    }

    function _requireDevice(bytes32 deviceId) private view returns (Device storage d) {
        d = _devices[deviceId];
        if (d.registeredAt == 0) revert GreenCertificateUnknownDevice(deviceId);
    }

    function _requireCertificate(uint256 id) private view returns (Certificate storage c) {
        c = _certificates[id];
        if (c.issuedAt == 0) revert GreenCertificateUnknownCertificate(id);
    }
}
