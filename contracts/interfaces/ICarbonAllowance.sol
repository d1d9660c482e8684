// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC1155MetadataURI} from "@openzeppelin/contracts/token/ERC1155/extensions/IERC1155MetadataURI.sol";
import {IERC1155Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IInventoryRegistry} from "./IInventoryRegistry.sol";
import {IParticipantRegistry} from "./IParticipantRegistry.sol";

/// @title Nengtan carbon allowances and offsets
/// @notice Emission allowances (配额) per compliance year and offset credits (such as CCER) as ERC-1155 tokens, and
/// their surrender against the verified emissions of each organisation (national carbon market rules: offsets count
/// toward the obligation up to a cap, 5 % by default). One token is one tonne of CO2e.
/// @dev Token ids:
/// - allowances of compliance year `year` have id `allowanceId(year) == year` (1..65535, e.g. 2025);
/// - offsets of programme `program` and vintage `vintage` have id
///   `offsetId(program, vintage) == OFFSET_ID_FLAG | uint256(uint128(program)) << 16 | vintage`, where `program` is a
///   short ASCII code left-aligned in a `bytes16` (e.g. `"CCER"`) and `OFFSET_ID_FLAG == 1 << 255`.
/// The two ranges cannot meet. An offset id must be registered by the authority before it is issued.
/// Transfers and approvals are open only to active participants of the registry (see {IParticipantRegistry}); mint
/// (allocation, issuance) and burn (surrender) have their own rules. An operator such as a trade ledger contract must
/// therefore itself be linked to an active organisation in the registry.
interface ICarbonAllowance is IERC1155MetadataURI, IERC1155Errors {
    /// @notice Where an organisation stands for a compliance year.
    /// - `Pending`: the surrender deadline has not passed and the organisation is not (yet) compliant.
    /// - `Compliant`: its emissions for the year are verified and fully covered by what it surrendered.
    /// - `NonCompliant`: the deadline has passed and its emissions are unverified or not fully covered.
    enum Status {
        Pending,
        Compliant,
        NonCompliant
    }

    /// @notice A compliance year as opened by the authority.
    /// @param periodStart First second of the emissions period (unix seconds, inclusive), as in {IInventoryRegistry}.
    /// @param periodEnd End of the emissions period (unix seconds, exclusive), as in {IInventoryRegistry}.
    /// @param surrenderDeadline Last second (inclusive) at which allowances of the year can be allocated or
    /// surrendered.
    /// @param offsetCapBps Offsets counted toward an obligation, at most, in basis points of it (500 = 5 %).
    struct ComplianceYear {
        uint64 periodStart;
        uint64 periodEnd;
        uint64 surrenderDeadline;
        uint16 offsetCapBps;
    }

    /// @notice Emitted when the authority opens compliance year `year`.
    event YearOpened(
        uint16 indexed year,
        uint64 periodStart,
        uint64 periodEnd,
        uint64 surrenderDeadline,
        uint16 offsetCapBps
    );

    /// @notice Emitted when the authority moves the surrender deadline of `year` from `previousDeadline` to
    /// `newDeadline`.
    event SurrenderDeadlineExtended(uint16 indexed year, uint64 previousDeadline, uint64 newDeadline);

    /// @notice Emitted for each account that receives `amount` allowances of `year`; `orgId` is its organisation.
    event Allocated(uint16 indexed year, address indexed account, bytes32 indexed orgId, uint256 amount);

    /// @notice Emitted when the authority registers the offset id `id` for `program` and `vintage`.
    event OffsetRegistered(uint256 indexed id, bytes16 program, uint16 vintage);

    /// @notice Emitted when `amount` offsets of `id` are issued to `account` of `orgId`.
    /// @param issuanceRef Reference of the issuance in the programme's own registry (e.g. keccak256 of its serial
    /// range), for traceability.
    event OffsetIssued(
        uint256 indexed id,
        address indexed account,
        bytes32 indexed orgId,
        uint256 amount,
        bytes32 issuanceRef
    );

    /// @notice Emitted when `account` surrenders, for `orgId` and `year`, `allowanceAmount` allowances of the year and
    /// the offsets `offsetIds` in the quantities `offsetAmounts`; all of them are burnt.
    /// @param obligationT The organisation's obligation for the year at the time, in tonnes.
    event Surrendered(
        bytes32 indexed orgId,
        uint16 indexed year,
        address indexed account,
        uint256 allowanceAmount,
        uint256[] offsetIds,
        uint256[] offsetAmounts,
        uint256 obligationT
    );

    /// @notice The participant registry address is zero.
    error CarbonAllowanceZeroRegistry();

    /// @notice The inventory registry address is zero.
    error CarbonAllowanceZeroInventories();

    /// @notice `account` does not hold AUTHORITY_ROLE or is not linked to an active organisation.
    error CarbonAllowanceUnauthorizedAuthority(address account);

    /// @notice `account` does not hold ENTERPRISE_ROLE or is not linked to an active organisation.
    error CarbonAllowanceNotEnterprise(address account);

    /// @notice `account` is not linked to an active organisation, so it may not send, receive, operate or approve.
    error CarbonAllowanceInactiveParticipant(address account);

    /// @notice Year 0 does not exist.
    error CarbonAllowanceInvalidYear(uint16 year);

    /// @notice `year` is already open.
    error CarbonAllowanceYearExists(uint16 year);

    /// @notice `year` has not been opened.
    error CarbonAllowanceUnknownYear(uint16 year);

    /// @notice The period `[periodStart, periodEnd)` of `year` is empty or inverted.
    error CarbonAllowanceInvalidPeriod(uint16 year, uint64 periodStart, uint64 periodEnd);

    /// @notice The surrender deadline `deadline` of `year` is before the end of its period, `periodEnd`, or does not
    /// move the current deadline later.
    error CarbonAllowanceInvalidDeadline(uint16 year, uint64 periodEnd, uint64 deadline);

    /// @notice The offset cap `offsetCapBps` exceeds 10000 basis points (100 %).
    error CarbonAllowanceOffsetCapOutOfRange(uint16 offsetCapBps);

    /// @notice The surrender deadline `deadline` of `year` passed; the current block time is `currentTime`.
    error CarbonAllowanceYearClosed(uint16 year, uint64 deadline, uint256 currentTime);

    /// @notice Two parallel arrays differ in length.
    error CarbonAllowanceLengthMismatch(uint256 length, uint256 otherLength);

    /// @notice An allocation or issuance of zero tokens to `account`.
    error CarbonAllowanceZeroAmount(address account);

    /// @notice The programme code is zero or the vintage is 0.
    error CarbonAllowanceInvalidOffset(bytes16 program, uint16 vintage);

    /// @notice The offset id `id` is already registered.
    error CarbonAllowanceOffsetExists(uint256 id);

    /// @notice `id` is not a registered offset id.
    error CarbonAllowanceUnknownOffset(uint256 id);

    /// @notice A surrender for `orgId` and `year` of nothing at all.
    error CarbonAllowanceEmptySurrender(bytes32 orgId, uint16 year);

    /// @notice The emissions of `orgId` for the period of `year` are not verified in the inventory registry;
    /// `inventoryId` is the live inventory version, zero if none was submitted.
    error CarbonAllowanceEmissionsNotVerified(bytes32 orgId, uint16 year, bytes32 inventoryId);

    /// @notice Surrendering `amount` more tonnes for `orgId` and `year` would exceed its obligation `obligationT`,
    /// of which `surrenderedT` is already surrendered.
    error CarbonAllowanceOverSurrender(
        bytes32 orgId,
        uint16 year,
        uint256 obligationT,
        uint256 surrenderedT,
        uint256 amount
    );

    /// @notice The offsets surrendered for `orgId` and `year` would reach `offsetsT` tonnes, above the cap `capT`.
    error CarbonAllowanceOffsetCapExceeded(bytes32 orgId, uint16 year, uint256 offsetsT, uint256 capT);

    /// @notice Opens compliance year `year` for the emissions period `[periodStart, periodEnd)`. Only an active
    /// participant holding AUTHORITY_ROLE.
    /// @dev The period must match, to the second, the period of the inventories that are to be verified for it.
    /// `surrenderDeadline` must not be before `periodEnd`; `offsetCapBps` at most 10000 (the national market uses
    /// `DEFAULT_OFFSET_CAP_BPS`, 500). Emits {YearOpened}.
    function openYear(
        uint16 year,
        uint64 periodStart,
        uint64 periodEnd,
        uint64 surrenderDeadline,
        uint16 offsetCapBps
    ) external;

    /// @notice Moves the surrender deadline of `year` later, to `newDeadline`. Only the authority, and only while the
    /// current deadline has not passed, so that a status once `NonCompliant` stays so. Emits
    /// {SurrenderDeadlineExtended}.
    function extendSurrenderDeadline(uint16 year, uint64 newDeadline) external;

    /// @notice Allocates `amounts[i]` allowances of `year` to `accounts[i]`, all or none. Only the authority, until
    /// the year's surrender deadline.
    /// @dev Every account must be an active participant holding ENTERPRISE_ROLE (a covered enterprise) and every
    /// amount positive. Emits {Allocated} (and {TransferSingle}) for each account.
    function allocate(uint16 year, address[] calldata accounts, uint256[] calldata amounts) external;

    /// @notice Registers the offset id of `program` (non-zero, left-aligned ASCII code) and `vintage` (non-zero),
    /// once. Only the authority. Emits {OffsetRegistered}.
    /// @return id `offsetId(program, vintage)`.
    function registerOffset(bytes16 program, uint16 vintage) external returns (uint256 id);

    /// @notice Issues `amount` (positive) offsets of the registered id `id` to `account`, an active participant.
    /// Only the authority. Emits {OffsetIssued} (and {TransferSingle}).
    function issueOffset(uint256 id, address account, uint256 amount, bytes32 issuanceRef) external;

    /// @notice Surrenders, for the caller's organisation and `year`, `allowanceAmount` allowances of `year` and the
    /// offsets `offsetIds` in the quantities `offsetAmounts`, burning them from the caller's balances.
    /// @dev Only an active participant holding ENTERPRISE_ROLE, until the year's surrender deadline, and only once
    /// the organisation's emissions for exactly the year's period are verified in the inventory registry. The
    /// obligation is the verified total converted to tonnes rounded up (`ceil(kgCO2e / 1000)`, 0 for a total of zero
    /// or below). Rules, over everything the organisation surrendered for the year:
    /// - no over-surrender: allowances plus offsets must not exceed the obligation, so that no token is burnt for
    ///   nothing (a restatement that lowers the obligation afterwards may leave a surplus, which is not returned);
    /// - offset cap: offsets must not exceed `floor(obligation * offsetCapBps / 10000)` tonnes.
    /// Allowances of other years are not accepted (no banking or borrowing); offsets of any registered id are.
    /// Emits {Surrendered}.
    function surrender(
        uint16 year,
        uint256 allowanceAmount,
        uint256[] calldata offsetIds,
        uint256[] calldata offsetAmounts
    ) external;

    /// @notice The compliance position of `orgId` for `year`, which must be open.
    /// @dev Reads the live inventory: a restatement after a surrender changes the obligation, or makes it
    /// unverified again until the new version is attested.
    /// @return verified Whether the organisation's emissions for the year's period are verified.
    /// @return obligationT The verified emissions in tonnes rounded up, 0 when not verified.
    /// @return allowancesSurrendered Allowances the organisation surrendered for the year, tonnes.
    /// @return offsetsSurrendered Offsets the organisation surrendered for the year, tonnes.
    /// @return shortfall `obligationT` minus everything surrendered, 0 when covered (or not verified).
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
        );

    /// @notice The {Status} of `orgId` for `year`, which must be open; final once the deadline has passed, unless
    /// the inventory is later restated.
    function complianceStatus(bytes32 orgId, uint16 year) external view returns (Status);

    /// @notice Compliance year `year`; reverts with {CarbonAllowanceUnknownYear} if it was not opened.
    function complianceYear(uint16 year) external view returns (ComplianceYear memory);

    /// @notice Whether `id` is a registered offset id.
    function isOffsetRegistered(uint256 id) external view returns (bool);

    /// @notice Tokens of `id` ever minted (allocated or issued) and ever burnt by surrender. The current supply
    /// `totalSupply(id)` is always `issued - surrendered`.
    function tokenTotals(uint256 id) external view returns (uint256 issued, uint256 surrendered);

    /// @notice The token id of the allowances of compliance year `year`: `year` itself.
    function allowanceId(uint16 year) external pure returns (uint256);

    /// @notice The token id of the offsets of `program` and `vintage` (see the id scheme above).
    function offsetId(bytes16 program, uint16 vintage) external pure returns (uint256);

    /// @notice Total supply of the token `id`.
    function totalSupply(uint256 id) external view returns (uint256);

    /// @notice The participant registry consulted for roles and organisations.
    function registry() external view returns (IParticipantRegistry);

    /// @notice The inventory registry that provides verified emissions.
    function inventories() external view returns (IInventoryRegistry);
}
