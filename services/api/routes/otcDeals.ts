import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { address, assetName, errorResponses, idParams, tokenQuantity, uint256, uuid } from '../schemas';
import { marketDeps } from './market';
import {
  acceptDeal,
  listDeals,
  proposeDeal,
  recordDeal,
  signProposedDeal,
  type ProposeDealInput,
} from '../../market/otcDeals';

const quantity = tokenQuantity;
const uint = uint256;
const bytes32 = { type: 'string', pattern: '^0x[0-9a-fA-F]{64}$' } as const;
const signature = {
  type: 'string',
  pattern: '^0x[0-9a-fA-F]{130}$',
  description: "The party's EIP-712 signature of the deal's typedData (65 bytes, r ‖ s ‖ v).",
} as const;
const params = idParams;

const typedDataSchema = {
  type: 'object',
  description: 'What both parties sign (eth_signTypedData_v4); integers as decimal strings.',
  required: ['domain', 'types', 'primaryType', 'message'],
  properties: {
    domain: {
      type: 'object',
      required: ['name', 'version', 'chainId', 'verifyingContract'],
      properties: {
        name: { type: 'string', enum: ['Nengtan TradeLedger'] },
        version: { type: 'string', enum: ['1'] },
        chainId: { type: 'integer' },
        verifyingContract: address,
      },
    },
    types: {
      type: 'object',
      additionalProperties: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'type'],
          properties: { name: { type: 'string' }, type: { type: 'string' } },
        },
      },
    },
    primaryType: { type: 'string', enum: ['Deal'] },
    message: {
      type: 'object',
      required: ['dealId', 'deadline', 'terms'],
      properties: {
        dealId: bytes32,
        deadline: { ...uint, description: 'Last second (Unix time, inclusive) at which the deal may be recorded.' },
        terms: {
          type: 'object',
          required: [
            'buyer',
            'seller',
            'asset',
            'tokenId',
            'quantity',
            'pricePerUnit',
            'currency',
            'paymentRef',
            'venue',
          ],
          properties: {
            buyer: address,
            seller: address,
            asset: address,
            tokenId: uint,
            quantity: uint,
            pricePerUnit: uint,
            currency: { type: 'string', pattern: '^0x[0-9a-fA-F]{6}$', description: 'ISO 4217 code as bytes3.' },
            paymentRef: { ...bytes32, description: 'keccak256 of the payment reference.' },
            venue: bytes32,
          },
        },
      },
    },
  },
} as const;

const dealSchema = {
  type: 'object',
  required: [
    'id',
    'status',
    'proposerOrgId',
    'counterpartyOrgId',
    'buyerOrgId',
    'sellerOrgId',
    'typedData',
    'signed',
    'transaction',
    'tradeId',
    'txHash',
  ],
  properties: {
    id: uuid,
    status: {
      type: 'string',
      enum: ['proposed', 'signed', 'recorded'],
      description:
        'proposed: awaiting the signatures of the proposer (external account) and the counterparty; signed: both signed, awaiting its record on chain; recorded: recorded in TradeLedger, tokens delivered.',
    },
    proposerOrgId: uuid,
    counterpartyOrgId: uuid,
    buyerOrgId: uuid,
    sellerOrgId: uuid,
    typedData: typedDataSchema,
    signed: {
      type: 'object',
      required: ['buyer', 'seller'],
      properties: { buyer: { type: 'boolean' }, seller: { type: 'boolean' } },
    },
    transaction: {
      type: ['object', 'null'],
      description:
        "Set while the deal is signed: TradeLedger.recordDeal with both signatures, for the buyer or the seller to send from its account in the deal (no value). The deal shows 'recorded' once the chain has it.",
      required: ['to', 'data'],
      properties: { to: address, data: { type: 'string', pattern: '^0x[0-9a-fA-F]*$' } },
    },
    tradeId: { type: ['string', 'null'], description: "TradeLedger's trade id, keccak256(buyer, seller, dealId)." },
    txHash: { type: ['string', 'null'] },
  },
} as const;

/**
 * Bilateral over-the-counter deals: proposed and signed by one party, accepted and signed by the other, recorded on
 * chain by either (Nengtan with a party's custodial account, or a party itself with its external account).
 */
export async function otcDealRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const market = () => marketDeps(deps);
  app.addSchema({ $id: 'OtcDeal', ...dealSchema });
  const deal = { $ref: 'OtcDeal#' } as const;

  app.post<{ Body: ProposeDealInput }>(
    '/v1/market/otc-deals',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['market'],
        summary: 'Propose an OTC deal to another organisation',
        description:
          'Signed at once by your custodial account; with an external account, sign the returned typedData and send the signature to /v1/market/otc-deals/{id}/signature.',
        body: {
          type: 'object',
          additionalProperties: false,
          required: [
            'side',
            'counterpartyOrgId',
            'asset',
            'tokenId',
            'quantity',
            'pricePerUnit',
            'currency',
            'paymentRef',
            'deadline',
          ],
          properties: {
            side: { type: 'string', enum: ['sell', 'buy'] },
            counterpartyOrgId: uuid,
            asset: assetName,
            tokenId: uint,
            quantity,
            pricePerUnit: quantity,
            currency: { type: 'string', pattern: '^[A-Z]{3}$' },
            paymentRef: { type: 'string', minLength: 1, maxLength: 200 },
            deadline: { type: 'string', format: 'date-time' },
          },
        },
        response: { 201: deal, ...errorResponses(400, 404, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      void reply.status(201);
      return proposeDeal(market(), orgOf(request), request.body, {
        openPerHour: deps.config.otcProposalsPerHour,
      });
    },
  );

  app.get(
    '/v1/market/otc-deals',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['market'],
        summary:
          'OTC deals you proposed or were offered, with the typed data to sign and, once signed, the transaction',
        response: { 200: { type: 'array', items: deal }, ...errorResponses(503) },
      },
    },
    async (request) => listDeals(market(), orgOf(request)),
  );

  app.post<{ Params: { id: string }; Body: { signature: string } }>(
    '/v1/market/otc-deals/:id/signature',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['market'],
        summary: 'Proposer with an external account: add your signature of the deal you proposed',
        params,
        body: { type: 'object', additionalProperties: false, required: ['signature'], properties: { signature } },
        response: { 200: deal, ...errorResponses(400, 404, 409, 422, 503) },
      },
    },
    async (request) => signProposedDeal(market(), orgOf(request), request.params.id, request.body.signature),
  );

  app.post<{ Params: { id: string }; Body: { signature?: string } }>(
    '/v1/market/otc-deals/:id/accept',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['market'],
        summary: 'Accept a deal offered to you: your signature added, the deal recorded and settled on chain',
        description:
          "Your custodial account signs, or send your external account's signature. The deal is recorded with your custodial account, else the proposer's; when neither party has one it stays 'signed' with the transaction for either of you to send.",
        params,
        body: { type: 'object', additionalProperties: false, properties: { signature } },
        response: { 200: deal, ...errorResponses(400, 404, 409, 422, 503) },
      },
    },
    async (request) => acceptDeal(market(), orgOf(request), request.params.id, request.body?.signature),
  );

  app.post<{ Params: { id: string }; Body: { txHash?: string } }>(
    '/v1/market/otc-deals/:id/record',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['market'],
        summary:
          'Record a signed deal on chain: with your custodial account, or the transaction your external account sends',
        description:
          'Idempotent: a deal already recorded on chain, by anyone, is only marked recorded, without a transaction. ' +
          'When your account in the deal is external, the answer is 202 with the transaction {to, from, data, chainId} ' +
          'to sign and send from it; then call again with {"txHash": ...} to confirm.',
        params,
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { txHash: { ...bytes32, description: 'The transaction your external account sent' } },
        },
        response: {
          200: deal,
          202: {
            type: 'object',
            required: ['status', 'deal', 'transaction'],
            properties: {
              status: { type: 'string', enum: ['awaiting-signature'] },
              deal,
              transaction: {
                type: 'object',
                required: ['to', 'from', 'data', 'chainId'],
                properties: {
                  to: address,
                  from: address,
                  data: { type: 'string', pattern: '^0x[0-9a-fA-F]*$' },
                  chainId: { type: 'integer' },
                },
              },
            },
          },
          ...errorResponses(400, 404, 409, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const result = await recordDeal(market(), orgOf(request), request.params.id, request.body?.txHash);
      if ('transaction' in result && result.status === 'awaiting-signature') void reply.status(202);
      return result;
    },
  );
}
