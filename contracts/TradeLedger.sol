// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ERC165Checker} from "@openzeppelin/contracts/utils/introspection/ERC165Checker.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {ITradeLedger} from "./interfaces/ITradeLedger.sol";

/// @title TradeLedger
/// @notice Implementation of {ITradeLedger} on OpenZeppelin EIP712 and SignatureChecker.
/// @dev Delivery is the last step of a record, after every check and every write (checks-effects-interactions):
/// the asset's receiver hook may call back into the ledger, but it finds the trade already recorded, and anything
/// it records itself passes the same checks. A failed delivery reverts the record with it.
contract TradeLedger is ITradeLedger, EIP712 {
    /// @notice keccak256("AUTHORITY_ROLE"), the role in the participant registry that lists assets.
    bytes32 public constant AUTHORITY_ROLE = keccak256("AUTHORITY_ROLE");
    /// @notice keccak256("EXCHANGE_ROLE"), the role of trading venues.
    bytes32 public constant EXCHANGE_ROLE = keccak256("EXCHANGE_ROLE");
    /// @notice The EIP-712 type hash of {ITradeLedger-Trade}.
    bytes32 public constant TRADE_TYPEHASH = keccak256(
        "Trade(address buyer,address seller,address asset,uint256 tokenId,uint256 quantity,uint256 pricePerUnit,"
        "bytes3 currency,bytes32 paymentRef,bytes32 venue)"
    );
    /// @notice The EIP-712 type hash of {ITradeLedger-Deal} (its type string followed by the referenced Trade's).
    bytes32 public constant DEAL_TYPEHASH = keccak256(
        "Deal(bytes32 dealId,uint64 deadline,Trade terms)"
        "Trade(address buyer,address seller,address asset,uint256 tokenId,uint256 quantity,uint256 pricePerUnit,"
        "bytes3 currency,bytes32 paymentRef,bytes32 venue)"
    );

    IParticipantRegistry private immutable _registry;
    mapping(address asset => bool listed) private _listed;
    mapping(bytes32 tradeId => TradeRecord record) private _trades;

    constructor(IParticipantRegistry registry_) EIP712("Nengtan TradeLedger", "1") {
        if (address(registry_) == address(0)) revert TradeLedgerZeroRegistry();
        _registry = registry_;
    }

    /// @inheritdoc ITradeLedger
    function setAssetListed(address asset, bool listed) external {
        if (!_registry.isActiveParticipantWithRole(AUTHORITY_ROLE, msg.sender)) {
            revert TradeLedgerUnauthorizedAuthority(msg.sender);
        }
        if (listed && !ERC165Checker.supportsInterface(asset, type(IERC1155).interfaceId)) {
            revert TradeLedgerNotERC1155(asset);
        }
        _listed[asset] = listed;
        emit AssetListingChanged(asset, listed);
    }

    /// @inheritdoc ITradeLedger
    function recordTrade(bytes32 venueRef, Trade calldata terms) external returns (bytes32 tradeId) {
        if (!_registry.isActiveParticipantWithRole(EXCHANGE_ROLE, msg.sender)) {
            revert TradeLedgerUnauthorizedExchange(msg.sender);
        }
        if (venueRef == bytes32(0)) revert TradeLedgerZeroReference();
        tradeId = exchangeTradeId(_registry.organisationOf(msg.sender), venueRef);
        _recordAndDeliver(tradeId, TradeKind.Exchange, venueRef, terms);
    }

    /// @inheritdoc ITradeLedger
    function recordDeal(
        Deal calldata deal,
        bytes calldata buyerSignature,
        bytes calldata sellerSignature
    ) external returns (bytes32 tradeId) {
        Trade calldata terms = deal.terms;
        if (msg.sender != terms.buyer && msg.sender != terms.seller) revert TradeLedgerNotParty(msg.sender);
        bytes32 dealId = deal.dealId;
        if (dealId == bytes32(0)) revert TradeLedgerZeroReference();
        if (block.timestamp > deal.deadline) revert TradeLedgerDealExpired(dealId, deal.deadline, block.timestamp);
        bytes32 digest = dealDigest(deal);
        if (!SignatureChecker.isValidSignatureNowCalldata(terms.buyer, digest, buyerSignature)) {
            revert TradeLedgerInvalidSignature(dealId, terms.buyer);
        }
        if (!SignatureChecker.isValidSignatureNowCalldata(terms.seller, digest, sellerSignature)) {
            revert TradeLedgerInvalidSignature(dealId, terms.seller);
        }
        tradeId = dealTradeId(terms.buyer, terms.seller, dealId);
        _recordAndDeliver(tradeId, TradeKind.Otc, dealId, terms);
    }

    /// @inheritdoc ITradeLedger
    function trade(bytes32 tradeId) external view returns (TradeRecord memory) {
        TradeRecord storage record = _trades[tradeId];
        if (record.recordedAt == 0) revert TradeLedgerUnknownTrade(tradeId);
        return record;
    }

    /// @inheritdoc ITradeLedger
    function isRecorded(bytes32 tradeId) external view returns (bool) {
        return _trades[tradeId].recordedAt != 0;
    }

    /// @inheritdoc ITradeLedger
    function isListed(address asset) external view returns (bool) {
        return _listed[asset];
    }

    /// @inheritdoc ITradeLedger
    function dealDigest(Deal calldata deal) public view returns (bytes32) {
        // Every field of Trade has a static type, so abi.encode lays it out as its 32-byte words in order, which is
        // EIP-712's encodeData (bytes3 left-aligned, zero-padded); tests cross-check against ethers' encoder.
        bytes32 termsHash = keccak256(abi.encode(TRADE_TYPEHASH, deal.terms));
        return _hashTypedDataV4(keccak256(abi.encode(DEAL_TYPEHASH, deal.dealId, deal.deadline, termsHash)));
    }

    /// @inheritdoc ITradeLedger
    function exchangeTradeId(bytes32 venueOrgId, bytes32 venueRef) public pure returns (bytes32) {
        return keccak256(abi.encode(venueOrgId, venueRef));
    }

    /// @inheritdoc ITradeLedger
    function dealTradeId(address buyer, address seller, bytes32 dealId) public pure returns (bytes32) {
        return keccak256(abi.encode(buyer, seller, dealId));
    }

    /// @inheritdoc ITradeLedger
    function registry() external view returns (IParticipantRegistry) {
        return _registry;
    }

    /// @dev Checks `terms`, records them as `tradeId`, emits {TradeRecorded} and delivers the tokens.
    function _recordAndDeliver(bytes32 tradeId, TradeKind kind, bytes32 ref, Trade calldata terms) private {
        if (!_listed[terms.asset]) revert TradeLedgerAssetNotListed(terms.asset);
        if (
            terms.quantity == 0 ||
            terms.pricePerUnit == 0 ||
            terms.currency == bytes3(0) ||
            terms.paymentRef == bytes32(0)
        ) {
            revert TradeLedgerInvalidTerms(terms.quantity, terms.pricePerUnit, terms.currency, terms.paymentRef);
        }
        bytes32 sellerOrgId = _requireActive(terms.seller);
        if (_requireActive(terms.buyer) == sellerOrgId) revert TradeLedgerSameOrganisation(sellerOrgId);
        TradeRecord storage record = _trades[tradeId];
        if (record.recordedAt != 0) revert TradeLedgerTradeExists(tradeId);

        record.terms = terms;
        record.kind = kind;
        // uint64 seconds last until the year 584,942,417,355: the cast cannot truncate.
        record.recordedAt = uint64(block.timestamp);
        record.recorder = msg.sender;
        emit TradeRecorded(tradeId, terms.seller, terms.buyer, kind, ref, terms, msg.sender);

        IERC1155(terms.asset).safeTransferFrom(terms.seller, terms.buyer, terms.tokenId, terms.quantity, "");
    }

    /// @dev Refuses `account` unless it is linked to an active organisation; returns that organisation.
    function _requireActive(address account) private view returns (bytes32 orgId) {
        if (!_registry.isActiveParticipant(account)) revert TradeLedgerInactiveParticipant(account);
        return _registry.organisationOf(account);
    }
}
