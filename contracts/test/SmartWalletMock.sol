// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC1155Holder} from "@openzeppelin/contracts/token/ERC1155/utils/ERC1155Holder.sol";
import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title SmartWalletMock
/// @notice Test double of a contract account (a multisig, a smart wallet): one owner key signs for it under ERC-1271 and
/// has it call other contracts. Never deployed by Nengtan; tests use it to show that contract accounts can sign OTC
/// deals and hold tokens.
contract SmartWalletMock is ERC1155Holder, IERC1271 {
    address public immutable owner;

    error SmartWalletMockNotOwner(address caller);

    constructor(address owner_) {
        owner = owner_;
    }

    /// @notice Accepts native currency (chains that charge gas fund participant accounts).
    receive() external payable {}

    /// @notice Calls `target` with `data` as this wallet; only the owner.
    function execute(address target, bytes calldata data) external returns (bytes memory) {
        if (msg.sender != owner) revert SmartWalletMockNotOwner(msg.sender);
        return Address.functionCall(target, data);
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecover(hash, signature);
        return error == ECDSA.RecoverError.NoError && signer == owner ? IERC1271.isValidSignature.selector : bytes4(0);
    }
}
