import { AbiCoder, keccak256, type TypedDataDomain, type TypedDataField } from 'ethers';
import type { ChainConnection } from '../chain/connectChain';
import { marketContracts } from './marketContracts';

const TRADE: TypedDataField[] = [
  { name: 'buyer', type: 'address' },
  { name: 'seller', type: 'address' },
  { name: 'asset', type: 'address' },
  { name: 'tokenId', type: 'uint256' },
  { name: 'quantity', type: 'uint256' },
  { name: 'pricePerUnit', type: 'uint256' },
  { name: 'currency', type: 'bytes3' },
  { name: 'paymentRef', type: 'bytes32' },
  { name: 'venue', type: 'bytes32' },
];

/** The EIP-712 types TradeLedger verifies (domain "Nengtan TradeLedger", version "1"). */
export const DEAL_TYPES: Record<string, TypedDataField[]> = {
  Deal: [
    { name: 'dealId', type: 'bytes32' },
    { name: 'deadline', type: 'uint64' },
    { name: 'terms', type: 'Trade' },
  ],
  Trade: TRADE,
};

/** TradeLedger's Deal struct (EIP-712 `Deal`), with integers as decimal strings. */
export interface DealValue {
  dealId: string;
  deadline: string;
  terms: {
    buyer: string;
    seller: string;
    asset: string;
    tokenId: string;
    quantity: string;
    pricePerUnit: string;
    currency: string;
    paymentRef: string;
    venue: string;
  };
}

/** The EIP-712 domain of the deployed TradeLedger. */
export function dealDomain(chain: ChainConnection): TypedDataDomain & { chainId: number; verifyingContract: string } {
  return {
    name: 'Nengtan TradeLedger',
    version: '1',
    chainId: chain.chainId,
    verifyingContract: marketContracts(chain).ledger.target.toString(),
  };
}

/** The id TradeLedger records the deal under: keccak256(abi.encode(buyer, seller, dealId)), as dealTradeId computes. */
export function dealTradeId(deal: DealValue): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ['address', 'address', 'bytes32'],
      [deal.terms.buyer, deal.terms.seller, deal.dealId],
    ),
  );
}
