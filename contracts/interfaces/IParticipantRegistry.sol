// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

/// @title Nengtan participant registry
/// @notice The single source of truth for who takes part in the Nengtan network: organisations, the accounts that
/// act for them, and the roles those accounts hold. Every other Nengtan contract consults it for authorisation, so a
/// role granted or revoked here takes effect everywhere at once.
/// @dev Roles are OpenZeppelin AccessControl roles held by accounts. The authority holds `DEFAULT_ADMIN_ROLE` and
/// administers every other role. Organisation ids are `bytes32` values chosen off chain (Nengtan uses
/// `keccak256(utf8(organisation uuid))`).
interface IParticipantRegistry is IAccessControl {
    /// @notice An organisation known to the network.
    /// @param name Display name at registration.
    /// @param active Whether the organisation may act; deactivation freezes its accounts in every contract.
    /// @param registeredAt Block timestamp of registration.
    struct Organisation {
        string name;
        bool active;
        uint64 registeredAt;
    }

    /// @notice Emitted when `orgId` is registered under `name`.
    event OrganisationRegistered(bytes32 indexed orgId, string name);

    /// @notice Emitted when `orgId` is activated or deactivated.
    event OrganisationStatusChanged(bytes32 indexed orgId, bool active);

    /// @notice Emitted when `account` starts acting for `orgId`.
    event AccountLinked(address indexed account, bytes32 indexed orgId);

    /// @notice Emitted when `account` stops acting for `orgId`.
    event AccountUnlinked(address indexed account, bytes32 indexed orgId);

    /// @notice Emitted when the authority records (`affiliated` true) or removes (false) an affiliation between
    /// `orgA` and `orgB`. The relation is symmetric: one event covers both directions.
    event AffiliationChanged(bytes32 indexed orgA, bytes32 indexed orgB, bool affiliated);

    /// @notice The organisation id is zero.
    error ParticipantRegistryZeroOrganisation();

    /// @notice The organisation name is empty.
    error ParticipantRegistryEmptyName(bytes32 orgId);

    /// @notice `orgId` is already registered.
    error ParticipantRegistryOrganisationExists(bytes32 orgId);

    /// @notice `orgId` is not registered.
    error ParticipantRegistryUnknownOrganisation(bytes32 orgId);

    /// @notice `account` is the zero address.
    error ParticipantRegistryZeroAccount();

    /// @notice `account` already acts for `orgId`; unlink it first.
    error ParticipantRegistryAccountLinked(address account, bytes32 orgId);

    /// @notice `account` does not act for any organisation.
    error ParticipantRegistryAccountNotLinked(address account);

    /// @notice An affiliation was requested between `orgId` and itself; an organisation is never independent of
    /// itself, so the relation is not recorded.
    error ParticipantRegistrySameOrganisation(bytes32 orgId);

    /// @notice Registers a new, active organisation. Only the authority (`DEFAULT_ADMIN_ROLE`).
    function registerOrganisation(bytes32 orgId, string calldata name) external;

    /// @notice Activates or deactivates `orgId`. Only the authority.
    function setOrganisationActive(bytes32 orgId, bool active) external;

    /// @notice Makes `account` act for `orgId`. Only the authority. An account acts for at most one organisation.
    function linkAccount(address account, bytes32 orgId) external;

    /// @notice Stops `account` acting for its organisation. Only the authority.
    function unlinkAccount(address account) external;

    /// @notice Records (`affiliated` true) or removes (false) an affiliation between `orgA` and `orgB`, symmetrically.
    /// Only the authority. Both organisations must be registered and differ; deactivated ones are accepted.
    /// @dev Affiliations (common ownership, control, or a business relationship that threatens impartiality, in the
    /// sense of ISO 14065 and ISO 14064-3) drive the independence rule of verification: a verifier may not verify an
    /// organisation it is affiliated with. Emits {AffiliationChanged} even when the value does not change.
    function setAffiliation(bytes32 orgA, bytes32 orgB, bool affiliated) external;

    /// @notice The organisation `orgId`; reverts if it is not registered.
    function organisation(bytes32 orgId) external view returns (Organisation memory);

    /// @notice The organisation `account` acts for, or zero.
    function organisationOf(address account) external view returns (bytes32);

    /// @notice True when `account` is linked to an active organisation.
    function isActiveParticipant(address account) external view returns (bool);

    /// @notice True when `orgId` is registered and active; cheaper than `organisation`, which copies the name.
    function isActiveOrganisation(bytes32 orgId) external view returns (bool);

    /// @notice True when `account` holds `role` and is linked to an active organisation.
    function isActiveParticipantWithRole(bytes32 role, address account) external view returns (bool);

    /// @notice True when the authority has recorded `orgA` and `orgB` as affiliated (in either order).
    /// @dev False for unknown organisations and for an organisation paired with itself: callers that need
    /// independence compare the ids themselves as well.
    function areAffiliated(bytes32 orgA, bytes32 orgB) external view returns (bool);

    /// @notice Number of linked accounts (for building node allow-lists).
    function accountCount() external view returns (uint256);

    /// @notice The linked account at `index` (0 <= index < accountCount()); order is not stable across unlinks.
    function accountAt(uint256 index) external view returns (address);
}
