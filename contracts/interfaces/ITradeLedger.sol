// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IParticipantRegistry} from "./IParticipantRegistry.sol";

/// @title Nengtan trade ledger
/// @notice Records trades of ERC-1155 assets (allowances, offsets, green certificates) between participants and
/// settles their token leg in the same transaction: no record without delivery, no delivery without a record.
/// Payment is made off chain; the record carries its reference. The seller approves this contract as operator on
/// the asset beforehand (`setApprovalForAll`), which is delivery versus payment with prior approval.
/// @dev Two ways in:
/// - a venue (an active EXCHANGE_ROLE participant) records a trade it executed, under its own reference `venueRef`;
/// - the buyer or the seller records a bilateral (OTC) deal that both signed as EIP-712 typed data, domain name
///   "Nengtan TradeLedger", version "1":
///   `Deal(bytes32 dealId,uint64 deadline,Trade terms)` with
///   `Trade(address buyer,address seller,address asset,uint256 tokenId,uint256 quantity,uint256 pricePerUnit,
///   bytes3 currency,bytes32 paymentRef,bytes32 venue)`.
/// Trade ids are derived, so that each source has its own name space and a record can never be made twice:
/// - venue trade: `keccak256(abi.encode(venueOrgId, venueRef))`, `venueOrgId` the recording account's organisation;
/// - OTC deal: `keccak256(abi.encode(buyer, seller, dealId))`; a deal id is thus a nonce per pair of accounts.
/// The two preimages differ in length (64 and 96 bytes), so the name spaces cannot meet.
/// Assets that admit only registered participants as operators (such as {ICarbonAllowance}) require this contract
/// to be linked to an active organisation in the participant registry.
interface ITradeLedger {
    /// @notice How a trade came to be recorded.
    enum TradeKind {
        Exchange,
        Otc
    }

    /// @notice The terms of a trade.
    /// @param buyer The account that receives the tokens.
    /// @param seller The account that delivers them; it must have approved this contract on `asset`.
    /// @param asset A listed ERC-1155 token contract.
    /// @param tokenId The token id traded.
    /// @param quantity Tokens delivered, positive (for allowances: tCO2e).
    /// @param pricePerUnit Price of one token in minor units of `currency` (fen for CNY), positive.
    /// @param currency ISO 4217 alphabetic code (e.g. "CNY"), non-zero.
    /// @param paymentRef Hash of the payment reference (bank transfer, clearing instruction), non-zero.
    /// @param venue Code of the market or channel (e.g. "CEEX", "OTC"), free for the recorder.
    struct Trade {
        address buyer;
        address seller;
        address asset;
        uint256 tokenId;
        uint256 quantity;
        uint256 pricePerUnit;
        bytes3 currency;
        bytes32 paymentRef;
        bytes32 venue;
    }

    /// @notice A bilateral deal as signed by both parties.
    /// @param dealId Chosen by the parties; used once per (buyer, seller); non-zero.
    /// @param deadline Last second (inclusive) at which the deal may be recorded.
    /// @param terms Its terms.
    struct Deal {
        bytes32 dealId;
        uint64 deadline;
        Trade terms;
    }

    /// @notice A recorded trade.
    /// @param terms Its terms.
    /// @param kind How it was recorded.
    /// @param recordedAt Block timestamp of the record (and of the delivery).
    /// @param recorder The venue account or the party that recorded it.
    struct TradeRecord {
        Trade terms;
        TradeKind kind;
        uint64 recordedAt;
        address recorder;
    }

    /// @notice Emitted when the authority lists (`listed` true) or delists (false) `asset`.
    event AssetListingChanged(address indexed asset, bool listed);

    /// @notice Emitted when the trade `tradeId` is recorded and its tokens delivered.
    /// @param ref The venue's reference, or the deal id of an OTC deal.
    event TradeRecorded(
        bytes32 indexed tradeId,
        address indexed seller,
        address indexed buyer,
        TradeKind kind,
        bytes32 ref,
        Trade terms,
        address recorder
    );

    /// @notice The participant registry address is zero.
    error TradeLedgerZeroRegistry();

    /// @notice `account` does not hold AUTHORITY_ROLE or is not linked to an active organisation.
    error TradeLedgerUnauthorizedAuthority(address account);

    /// @notice `account` does not hold EXCHANGE_ROLE or is not linked to an active organisation.
    error TradeLedgerUnauthorizedExchange(address account);

    /// @notice `asset` does not declare ERC-1155 support through ERC-165.
    error TradeLedgerNotERC1155(address asset);

    /// @notice `asset` is not listed for trading.
    error TradeLedgerAssetNotListed(address asset);

    /// @notice `account`, a buyer or seller, is not linked to an active organisation.
    error TradeLedgerInactiveParticipant(address account);

    /// @notice Buyer and seller both act for `orgId`; a trade within one organisation is a transfer, not a trade.
    error TradeLedgerSameOrganisation(bytes32 orgId);

    /// @notice The trade has no quantity, no price, no currency or no payment reference.
    error TradeLedgerInvalidTerms(uint256 quantity, uint256 pricePerUnit, bytes3 currency, bytes32 paymentRef);

    /// @notice The venue reference or the deal id is zero.
    error TradeLedgerZeroReference();

    /// @notice `tradeId` is already recorded.
    error TradeLedgerTradeExists(bytes32 tradeId);

    /// @notice No trade has the id `tradeId`.
    error TradeLedgerUnknownTrade(bytes32 tradeId);

    /// @notice `account` is neither the buyer nor the seller of the deal it tried to record.
    error TradeLedgerNotParty(address account);

    /// @notice The deal `dealId` could be recorded until `deadline`; the current block time is `currentTime`.
    error TradeLedgerDealExpired(bytes32 dealId, uint64 deadline, uint256 currentTime);

    /// @notice The signature of `signer` over the deal `dealId` is not valid (EOA or ERC-1271).
    error TradeLedgerInvalidSignature(bytes32 dealId, address signer);

    /// @notice Lists (`listed` true) or delists `asset` for trading. Only an active participant holding
    /// AUTHORITY_ROLE. Listing requires ERC-165 support of ERC-1155. Emits {AssetListingChanged}.
    function setAssetListed(address asset, bool listed) external;

    /// @notice Records the trade `terms` executed by the caller's venue under `venueRef`, and delivers its tokens.
    /// @dev Only an active participant holding EXCHANGE_ROLE. The asset must be listed; buyer and seller active
    /// participants of different organisations; the terms complete (see {Trade}). Calls
    /// `safeTransferFrom(seller, buyer, tokenId, quantity, "")` on the asset, and reverts with it. Emits
    /// {TradeRecorded}.
    /// @return tradeId `keccak256(abi.encode(organisationOf(msg.sender), venueRef))`.
    function recordTrade(bytes32 venueRef, Trade calldata terms) external returns (bytes32 tradeId);

    /// @notice Records the OTC deal `deal`, signed by its buyer and its seller, and delivers its tokens.
    /// @dev Only the buyer or the seller, until the deal's deadline; both signatures are checked (ECDSA for
    /// accounts, ERC-1271 for contracts) against {dealDigest}. Then the same rules and delivery as {recordTrade}.
    /// @return tradeId `keccak256(abi.encode(buyer, seller, dealId))`.
    function recordDeal(
        Deal calldata deal,
        bytes calldata buyerSignature,
        bytes calldata sellerSignature
    ) external returns (bytes32 tradeId);

    /// @notice The trade `tradeId`; reverts with {TradeLedgerUnknownTrade} if there is none.
    function trade(bytes32 tradeId) external view returns (TradeRecord memory);

    /// @notice Whether `tradeId` is recorded.
    function isRecorded(bytes32 tradeId) external view returns (bool);

    /// @notice Whether `asset` is listed for trading.
    function isListed(address asset) external view returns (bool);

    /// @notice The EIP-712 digest the buyer and the seller sign for `deal`.
    function dealDigest(Deal calldata deal) external view returns (bytes32);

    /// @notice The id of the venue trade recorded by an account of `venueOrgId` under `venueRef`.
    function exchangeTradeId(bytes32 venueOrgId, bytes32 venueRef) external pure returns (bytes32);

    /// @notice The id of the OTC deal `dealId` between `buyer` and `seller`.
    function dealTradeId(address buyer, address seller, bytes32 dealId) external pure returns (bytes32);

    /// @notice The participant registry consulted for roles and organisations.
    function registry() external view returns (IParticipantRegistry);
}
