// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {ERC1155Supply} from "@openzeppelin/contracts/token/ERC1155/extensions/ERC1155Supply.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ICarbonAllowance} from "./interfaces/ICarbonAllowance.sol";
import {IInventoryRegistry} from "./interfaces/IInventoryRegistry.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";

/// @title CarbonAllowance
/// @notice Implementation of {ICarbonAllowance} on OpenZeppelin ERC1155 with per-id supply.
/// @dev The participant rule lives in {_update} (transfers) and {setApprovalForAll} (approvals), so that every path
/// that moves tokens between holders is covered, including batch transfers and operators.
contract CarbonAllowance is ICarbonAllowance, ERC1155Supply {
    /// @notice keccak256("AUTHORITY_ROLE"), the role in the participant registry that runs the market.
    bytes32 public constant AUTHORITY_ROLE = keccak256("AUTHORITY_ROLE");
    /// @notice keccak256("ENTERPRISE_ROLE"), the role of covered enterprises.
    bytes32 public constant ENTERPRISE_ROLE = keccak256("ENTERPRISE_ROLE");
    /// @notice The offset cap of the national carbon market: 5 % of the obligation.
    uint16 public constant DEFAULT_OFFSET_CAP_BPS = 500;
    /// @notice 100 % in basis points.
    uint16 public constant MAX_BPS = 10_000;
    /// @notice The bit that marks offset ids; allowance ids are below 2^16.
    uint256 public constant OFFSET_ID_FLAG = 1 << 255;

    /// @dev Tonnes surrendered by one organisation for one year.
    struct Surrenders {
        uint256 allowances;
        uint256 offsets;
    }

    /// @dev Tokens of one id ever minted and burnt.
    struct Totals {
        uint256 issued;
        uint256 surrendered;
    }

    IParticipantRegistry private immutable _registry;
    IInventoryRegistry private immutable _inventories;
    mapping(uint16 year => ComplianceYear complianceYear) private _years;
    mapping(uint256 id => bool registered) private _offsets;
    mapping(uint256 id => Totals totals) private _totals;
    mapping(bytes32 orgId => mapping(uint16 year => Surrenders surrenders)) private _surrenders;

    /// @param uri_ The ERC-1155 metadata URI, with `{id}` substituted by clients.
    constructor(IParticipantRegistry registry_, IInventoryRegistry inventories_, string memory uri_) ERC1155(uri_) {
        if (address(registry_) == address(0)) revert CarbonAllowanceZeroRegistry();
        if (address(inventories_) == address(0)) revert CarbonAllowanceZeroInventories();
        _registry = registry_;
        _inventories = inventories_;
    }

    /// @inheritdoc ICarbonAllowance
    function openYear(
        uint16 year,
        uint64 periodStart,
        uint64 periodEnd,
        uint64 surrenderDeadline,
        uint16 offsetCapBps
    ) external {
        _requireAuthority();
        if (year == 0) revert CarbonAllowanceInvalidYear(year);
        if (_years[year].periodEnd != 0) revert CarbonAllowanceYearExists(year);
        if (periodStart >= periodEnd) revert CarbonAllowanceInvalidPeriod(year, periodStart, periodEnd);
        if (surrenderDeadline < periodEnd) revert CarbonAllowanceInvalidDeadline(year, periodEnd, surrenderDeadline);
        if (offsetCapBps > MAX_BPS) revert CarbonAllowanceOffsetCapOutOfRange(offsetCapBps);
        _years[year] = ComplianceYear(periodStart, periodEnd, surrenderDeadline, offsetCapBps);
        emit YearOpened(year, periodStart, periodEnd, surrenderDeadline, offsetCapBps);
    }

    /// @inheritdoc ICarbonAllowance
    function extendSurrenderDeadline(uint16 year, uint64 newDeadline) external {
        _requireAuthority();
        ComplianceYear storage y = _requireOpenYear(year);
        _requireBeforeDeadline(year, y);
        uint64 previous = y.surrenderDeadline;
        if (newDeadline <= previous) revert CarbonAllowanceInvalidDeadline(year, y.periodEnd, newDeadline);
        y.surrenderDeadline = newDeadline;
        emit SurrenderDeadlineExtended(year, previous, newDeadline);
    }

    /// @inheritdoc ICarbonAllowance
    function allocate(uint16 year, address[] calldata accounts, uint256[] calldata amounts) external {
        _requireAuthority();
        _requireBeforeDeadline(year, _requireOpenYear(year));
        if (accounts.length != amounts.length) revert CarbonAllowanceLengthMismatch(accounts.length, amounts.length);
        Totals storage totals = _totals[year];
        for (uint256 i = 0; i < accounts.length; ++i) {
            address account = accounts[i];
            uint256 amount = amounts[i];
            if (!_registry.isActiveParticipantWithRole(ENTERPRISE_ROLE, account)) {
                revert CarbonAllowanceNotEnterprise(account);
            }
            if (amount == 0) revert CarbonAllowanceZeroAmount(account);
            // Counted before the mint, whose receiver hook is an external call.
            totals.issued += amount;
            _mint(account, year, amount, "");
            emit Allocated(year, account, _registry.organisationOf(account), amount);
        }
    }

    /// @inheritdoc ICarbonAllowance
    function registerOffset(bytes16 program, uint16 vintage) external returns (uint256 id) {
        _requireAuthority();
        if (program == bytes16(0) || vintage == 0) revert CarbonAllowanceInvalidOffset(program, vintage);
        id = offsetId(program, vintage);
        if (_offsets[id]) revert CarbonAllowanceOffsetExists(id);
        _offsets[id] = true;
        emit OffsetRegistered(id, program, vintage);
    }

    /// @inheritdoc ICarbonAllowance
    function issueOffset(uint256 id, address account, uint256 amount, bytes32 issuanceRef) external {
        _requireAuthority();
        if (!_offsets[id]) revert CarbonAllowanceUnknownOffset(id);
        if (!_registry.isActiveParticipant(account)) revert CarbonAllowanceInactiveParticipant(account);
        if (amount == 0) revert CarbonAllowanceZeroAmount(account);
        _totals[id].issued += amount;
        _mint(account, id, amount, "");
        emit OffsetIssued(id, account, _registry.organisationOf(account), amount, issuanceRef);
    }

    /// @inheritdoc ICarbonAllowance
    function surrender(
        uint16 year,
        uint256 allowanceAmount,
        uint256[] calldata offsetIds,
        uint256[] calldata offsetAmounts
    ) external {
        if (!_registry.isActiveParticipantWithRole(ENTERPRISE_ROLE, msg.sender)) {
            revert CarbonAllowanceNotEnterprise(msg.sender);
        }
        bytes32 orgId = _registry.organisationOf(msg.sender);
        ComplianceYear storage y = _requireOpenYear(year);
        _requireBeforeDeadline(year, y);
        uint256 offsetAmount = _sumOffsets(offsetIds, offsetAmounts);
        uint256 obligationT = _recordSurrender(orgId, year, y, allowanceAmount, offsetAmount);

        if (allowanceAmount != 0) {
            _totals[year].surrendered += allowanceAmount;
            _burn(msg.sender, year, allowanceAmount);
        }
        if (offsetIds.length != 0) {
            for (uint256 i = 0; i < offsetIds.length; ++i) {
                _totals[offsetIds[i]].surrendered += offsetAmounts[i];
            }
            _burnBatch(msg.sender, offsetIds, offsetAmounts);
        }
        emit Surrendered(orgId, year, msg.sender, allowanceAmount, offsetIds, offsetAmounts, obligationT);
    }

    /// @notice Approves or revokes `operator` for all of the caller's tokens.
    /// @dev Approving requires both the caller and `operator` to be active participants; revoking is always allowed,
    /// so that an account can withdraw an approval even after its organisation was deactivated.
    function setApprovalForAll(address operator, bool approved) public override(ERC1155, IERC1155) {
        if (approved) {
            if (!_registry.isActiveParticipant(msg.sender)) revert CarbonAllowanceInactiveParticipant(msg.sender);
            if (!_registry.isActiveParticipant(operator)) revert CarbonAllowanceInactiveParticipant(operator);
        }
        super.setApprovalForAll(operator, approved);
    }

    /// @inheritdoc ICarbonAllowance
    function compliance(
        bytes32 orgId,
        uint16 year
    )
        external
        view
        returns (
            bool verified,
            uint256 obligationT,
            uint256 allowancesSurrendered,
            uint256 offsetsSurrendered,
            uint256 shortfall
        )
    {
        (verified, obligationT, ) = _obligation(orgId, _requireOpenYear(year));
        Surrenders storage s = _surrenders[orgId][year];
        allowancesSurrendered = s.allowances;
        offsetsSurrendered = s.offsets;
        uint256 surrenderedT = allowancesSurrendered + offsetsSurrendered;
        if (obligationT > surrenderedT) {
            // Cannot underflow: obligationT > surrenderedT.
            unchecked {
                shortfall = obligationT - surrenderedT;
            }
        }
    }

    /// @inheritdoc ICarbonAllowance
    function complianceStatus(bytes32 orgId, uint16 year) external view returns (Status) {
        ComplianceYear storage y = _requireOpenYear(year);
        (bool verified, uint256 obligationT, ) = _obligation(orgId, y);
        Surrenders storage s = _surrenders[orgId][year];
        if (verified && s.allowances + s.offsets >= obligationT) return Status.Compliant;
        return block.timestamp > y.surrenderDeadline ? Status.NonCompliant : Status.Pending;
    }

    /// @inheritdoc ICarbonAllowance
    function complianceYear(uint16 year) external view returns (ComplianceYear memory) {
        return _requireOpenYear(year);
    }

    /// @inheritdoc ICarbonAllowance
    function isOffsetRegistered(uint256 id) external view returns (bool) {
        return _offsets[id];
    }

    /// @inheritdoc ICarbonAllowance
    function tokenTotals(uint256 id) external view returns (uint256 issued, uint256 surrendered) {
        Totals storage t = _totals[id];
        return (t.issued, t.surrendered);
    }

    /// @inheritdoc ICarbonAllowance
    function allowanceId(uint16 year) external pure returns (uint256) {
        return year;
    }

    /// @inheritdoc ICarbonAllowance
    function offsetId(bytes16 program, uint16 vintage) public pure returns (uint256) {
        return OFFSET_ID_FLAG | (uint256(uint128(program)) << 16) | vintage;
    }

    /// @notice ERC-165: ERC-1155, its metadata extension and {ICarbonAllowance}.
    function supportsInterface(bytes4 interfaceId) public view override(ERC1155, IERC165) returns (bool) {
        return interfaceId == type(ICarbonAllowance).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @inheritdoc ICarbonAllowance
    function totalSupply(uint256 id) public view override(ICarbonAllowance, ERC1155Supply) returns (uint256) {
        return super.totalSupply(id);
    }

    /// @inheritdoc ICarbonAllowance
    function registry() external view returns (IParticipantRegistry) {
        return _registry;
    }

    /// @inheritdoc ICarbonAllowance
    function inventories() external view returns (IInventoryRegistry) {
        return _inventories;
    }

    /// @dev Transfers between holders (neither side zero) need an active sender, recipient and, when someone else
    /// moves the tokens, an active operator. Mint and burn are governed by the functions that call them.
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values) internal override {
        if (from != address(0) && to != address(0)) {
            if (!_registry.isActiveParticipant(from)) revert CarbonAllowanceInactiveParticipant(from);
            if (!_registry.isActiveParticipant(to)) revert CarbonAllowanceInactiveParticipant(to);
            address operator = _msgSender();
            if (operator != from && !_registry.isActiveParticipant(operator)) {
                revert CarbonAllowanceInactiveParticipant(operator);
            }
        }
        super._update(from, to, ids, values);
    }

    /// @dev Refuses callers that are not active AUTHORITY_ROLE participants.
    function _requireAuthority() private view {
        if (!_registry.isActiveParticipantWithRole(AUTHORITY_ROLE, msg.sender)) {
            revert CarbonAllowanceUnauthorizedAuthority(msg.sender);
        }
    }

    function _requireOpenYear(uint16 year) private view returns (ComplianceYear storage y) {
        y = _years[year];
        if (y.periodEnd == 0) revert CarbonAllowanceUnknownYear(year);
    }

    function _requireBeforeDeadline(uint16 year, ComplianceYear storage y) private view {
        uint64 deadline = y.surrenderDeadline;
        if (block.timestamp > deadline) revert CarbonAllowanceYearClosed(year, deadline, block.timestamp);
    }

    /// @dev Checks that `offsetIds` are registered offsets, parallel to `offsetAmounts`; returns the sum.
    function _sumOffsets(
        uint256[] calldata offsetIds,
        uint256[] calldata offsetAmounts
    ) private view returns (uint256 offsetAmount) {
        if (offsetIds.length != offsetAmounts.length) {
            revert CarbonAllowanceLengthMismatch(offsetIds.length, offsetAmounts.length);
        }
        for (uint256 i = 0; i < offsetIds.length; ++i) {
            if (!_offsets[offsetIds[i]]) revert CarbonAllowanceUnknownOffset(offsetIds[i]);
            offsetAmount += offsetAmounts[i];
        }
    }

    /// @dev Applies the surrender rules of {ICarbonAllowance-surrender} to `allowanceAmount` allowances and
    /// `offsetAmount` offsets for `orgId` and `year`, and adds them to its record; returns the obligation.
    function _recordSurrender(
        bytes32 orgId,
        uint16 year,
        ComplianceYear storage y,
        uint256 allowanceAmount,
        uint256 offsetAmount
    ) private returns (uint256 obligationT) {
        uint256 amount = allowanceAmount + offsetAmount;
        if (amount == 0) revert CarbonAllowanceEmptySurrender(orgId, year);
        bool verified;
        bytes32 inventoryId;
        (verified, obligationT, inventoryId) = _obligation(orgId, y);
        if (!verified) revert CarbonAllowanceEmissionsNotVerified(orgId, year, inventoryId);

        Surrenders storage s = _surrenders[orgId][year];
        uint256 surrenderedT = s.allowances + s.offsets;
        if (surrenderedT + amount > obligationT) {
            revert CarbonAllowanceOverSurrender(orgId, year, obligationT, surrenderedT, amount);
        }
        uint256 offsetsT = s.offsets + offsetAmount;
        // mulDiv rounds down and cannot overflow, whatever the verified total.
        uint256 capT = Math.mulDiv(obligationT, y.offsetCapBps, MAX_BPS);
        if (offsetsT > capT) revert CarbonAllowanceOffsetCapExceeded(orgId, year, offsetsT, capT);
        s.allowances += allowanceAmount;
        s.offsets = offsetsT;
    }

    /// @dev The verified emissions of `orgId` over the period of `y` in tonnes, rounded up; 0 when not verified or
    /// when the total is zero or negative.
    function _obligation(
        bytes32 orgId,
        ComplianceYear storage y
    ) private view returns (bool verified, uint256 obligationT, bytes32 inventoryId) {
        int256 totalKgCO2e;
        (verified, totalKgCO2e, inventoryId) = _inventories.verifiedEmissions(orgId, y.periodStart, y.periodEnd);
        if (verified && totalKgCO2e > 0) {
            // Cannot overflow: a positive int256 is below 2^255, far from the uint256 limit after adding 999.
            unchecked {
                obligationT = (uint256(totalKgCO2e) + 999) / 1000;
            }
        }
    }
}
