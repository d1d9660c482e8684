import { address, assetName, decimalString, hex32, isoTime, uint256, uuid } from '../schemas';

const organisation = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name'],
  properties: { id: uuid, name: { type: 'string' } },
} as const;

const party = {
  type: ['object', 'null'],
  description: 'null for the zero address (a mint or a burn)',
  additionalProperties: false,
  required: ['account', 'organisation'],
  properties: { account: address, organisation: { ...organisation, type: ['object', 'null'] } },
} as const;

/** An offset token's programme and vintage, read from its id (services/market/offsetToken.ts); absent for others. */
const offset = {
  type: 'object',
  description: "An offset token's programme and vintage; absent for allowances and certificates.",
  additionalProperties: false,
  required: ['program', 'vintage'],
  properties: { program: { type: 'string' }, vintage: { type: 'integer' } },
} as const;

const holding = {
  type: 'object',
  additionalProperties: false,
  required: ['organisation', 'accounts', 'asset', 'tokenId', 'balance', 'compliance'],
  properties: {
    organisation,
    accounts: { type: 'array', items: address },
    asset: assetName,
    tokenId: { ...uint256, description: "An allowance's token id is its compliance year; offsets carry the top bit." },
    offset,
    balance: { ...decimalString, description: "Summed over the organisation's accounts." },
    compliance: {
      type: ['object', 'null'],
      description: 'For an allowance of a compliance year: the standing in that year, from the contract.',
      additionalProperties: false,
      required: ['obligationT', 'allowancesSurrendered', 'offsetsSurrendered', 'shortfallT', 'status'],
      properties: {
        obligationT: decimalString,
        allowancesSurrendered: decimalString,
        offsetsSurrendered: decimalString,
        shortfallT: decimalString,
        status: { type: 'string', enum: ['pending', 'compliant', 'non_compliant'] },
      },
    },
  },
} as const;

const event = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'asset', 'tokenId', 'quantity', 'from', 'to', 'blockNumber', 'time', 'txHash'],
  properties: {
    kind: {
      type: 'string',
      enum: ['issuance', 'transfer', 'surrender', 'retirement'],
      description:
        'issuance: minted; surrender: allowances or offsets burnt; retirement: certificates claimed or revoked',
    },
    asset: assetName,
    tokenId: uint256,
    offset,
    quantity: decimalString,
    from: party,
    to: party,
    blockNumber: { type: 'integer' },
    time: isoTime,
    txHash: hex32,
  },
} as const;

/** GET /v1/market/register: the authority's register of holdings and the recent token events. */
export const registerResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['holdings', 'events'],
  properties: { holdings: { type: 'array', items: holding }, events: { type: 'array', items: event } },
} as const;
