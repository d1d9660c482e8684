// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IParticipantRegistry} from "./IParticipantRegistry.sol";

/// @title Nengtan anchor registry
/// @notice Stores the Merkle root of every batch of meter readings. A reading is proven to belong to an anchored
/// batch with an OpenZeppelin-compatible Merkle proof (sorted pairs, double-hashed leaves); see the leaf schema in
/// the Nengtan README.
/// @dev One storage slot per batch keeps anchoring cost independent of batch size.
interface IAnchorRegistry {
    /// @notice One batch to anchor with {anchorBatches}; the fields mean what {anchor}'s arguments mean.
    struct BatchAnchor {
        bytes32 batchId;
        bytes32 root;
        bytes32 orgId;
        uint32 leafCount;
        uint64 periodStart;
        uint64 periodEnd;
    }

    /// @notice Emitted when the batch `batchId` of organisation `orgId` is anchored with `root`.
    /// @dev `orgId` is declared by the anchoring service; every leaf carries the organisation's uuid and
    /// `orgId == keccak256(bytes(uuid))`, which receipt verifiers check.
    /// @param leafCount Number of readings in the batch.
    /// @param periodStart Earliest interval start among the readings (unix seconds).
    /// @param periodEnd Latest interval end among the readings (unix seconds).
    /// @param anchorer The account that anchored it.
    event BatchAnchored(
        bytes32 indexed batchId,
        bytes32 indexed root,
        bytes32 indexed orgId,
        uint32 leafCount,
        uint64 periodStart,
        uint64 periodEnd,
        address anchorer
    );

    /// @notice `batchId` already has a root; a batch is anchored once and never changes.
    error AnchorRegistryBatchExists(bytes32 batchId, bytes32 root);

    /// @notice `account` lacks the anchoring role or is not an active participant.
    error AnchorRegistryUnauthorizedAnchorer(address account);

    /// @notice The participant registry address is zero.
    error AnchorRegistryZeroRegistry();

    /// @notice The root or the batch id is zero.
    error AnchorRegistryZeroValue(bytes32 batchId, bytes32 root);

    /// @notice The batch has no readings or its period ends before it starts.
    error AnchorRegistryInvalidBatch(bytes32 batchId, uint32 leafCount, uint64 periodStart, uint64 periodEnd);

    /// @notice Anchors `root` for `batchId`. Only active participants holding `ANCHORER_ROLE` in the registry.
    function anchor(
        bytes32 batchId,
        bytes32 root,
        bytes32 orgId,
        uint32 leafCount,
        uint64 periodStart,
        uint64 periodEnd
    ) external;

    /// @notice Anchors several batches in one transaction, all or none; each emits its own {BatchAnchored}.
    /// @dev Amortises the transaction and authorisation overhead over the batches; the same checks as {anchor}
    /// apply to each batch, and one refused batch reverts them all.
    function anchorBatches(BatchAnchor[] calldata batches) external;

    /// @notice The root anchored for `batchId`, or zero when none is.
    function rootOf(bytes32 batchId) external view returns (bytes32);

    /// @notice True when the reading `leafData` with `proof` folds to the root anchored for `batchId`.
    /// @dev The leaf is hashed here, `keccak256(bytes.concat(keccak256(leafData)))`, so that an inner node of the tree
    /// can never be passed off as a reading (second-preimage protection holds on chain, not only off chain).
    /// @param leafData `abi.encode(values)` of the reading in its leaf schema (README: leaf schema v1).
    function verifyReading(
        bytes32 batchId,
        bytes calldata leafData,
        bytes32[] calldata proof
    ) external view returns (bool);

    /// @notice The participant registry consulted for roles.
    function registry() external view returns (IParticipantRegistry);
}
