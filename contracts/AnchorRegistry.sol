// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IAnchorRegistry} from "./interfaces/IAnchorRegistry.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";

/// @title AnchorRegistry
/// @notice Implementation of {IAnchorRegistry}: one Merkle root per batch, set once by an anchoring account.
contract AnchorRegistry is IAnchorRegistry {
    /// @notice keccak256("ANCHORER_ROLE"), the role in the participant registry that may anchor.
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");

    IParticipantRegistry private immutable _registry;
    mapping(bytes32 batchId => bytes32 root) private _roots;

    constructor(IParticipantRegistry registry_) {
        if (address(registry_) == address(0)) revert AnchorRegistryZeroRegistry();
        _registry = registry_;
    }

    /// @inheritdoc IAnchorRegistry
    function anchor(
        bytes32 batchId,
        bytes32 root,
        bytes32 orgId,
        uint32 leafCount,
        uint64 periodStart,
        uint64 periodEnd
    ) external {
        _requireAnchorer();
        _anchor(batchId, root, orgId, leafCount, periodStart, periodEnd);
    }

    /// @inheritdoc IAnchorRegistry
    function anchorBatches(BatchAnchor[] calldata batches) external {
        _requireAnchorer();
        uint256 count = batches.length;
        for (uint256 i = 0; i < count; ++i) {
            BatchAnchor calldata b = batches[i];
            _anchor(b.batchId, b.root, b.orgId, b.leafCount, b.periodStart, b.periodEnd);
        }
    }

    /// @inheritdoc IAnchorRegistry
    function rootOf(bytes32 batchId) external view returns (bytes32) {
        return _roots[batchId];
    }

    /// @inheritdoc IAnchorRegistry
    function verifyReading(
        bytes32 batchId,
        bytes calldata leafData,
        bytes32[] calldata proof
    ) external view returns (bool) {
        bytes32 root = _roots[batchId];
        bytes32 leaf = keccak256(bytes.concat(keccak256(leafData)));
        return root != bytes32(0) && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @inheritdoc IAnchorRegistry
    function registry() external view returns (IParticipantRegistry) {
        return _registry;
    }

    function _requireAnchorer() private view {
        if (!_registry.isActiveParticipantWithRole(ANCHORER_ROLE, msg.sender)) {
            revert AnchorRegistryUnauthorizedAnchorer(msg.sender);
        }
    }

    function _anchor(
        bytes32 batchId,
        bytes32 root,
        bytes32 orgId,
        uint32 leafCount,
        uint64 periodStart,
        uint64 periodEnd
    ) private {
        if (batchId == bytes32(0) || root == bytes32(0)) revert AnchorRegistryZeroValue(batchId, root);
        if (leafCount == 0 || periodEnd < periodStart) {
            revert AnchorRegistryInvalidBatch(batchId, leafCount, periodStart, periodEnd);
        }
        bytes32 existing = _roots[batchId];
        if (existing != bytes32(0)) revert AnchorRegistryBatchExists(batchId, existing);
        _roots[batchId] = root;
        emit BatchAnchored(batchId, root, orgId, leafCount, periodStart, periodEnd, msg.sender);
    }
}
