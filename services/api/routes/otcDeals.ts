import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, uuid } from '../schemas';
import { marketDeps } from './market';
import { acceptDeal, listDeals, proposeDeal, type ProposeDealInput } from '../../market/otcDeals';

const quantity = { type: 'string', pattern: '^[1-9][0-9]{0,30}$' } as const;
const signature = { type: 'string', pattern: '^0x[0-9a-fA-F]{130}$' } as const;
const deal = { type: 'object', additionalProperties: true } as const;

/** Bilateral over-the-counter deals: proposed and signed by one party, accepted, signed and recorded by the other. */
export async function otcDealRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const market = () => marketDeps(deps);

  app.post<{ Body: ProposeDealInput }>(
    '/v1/market/otc-deals',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['market'],
        summary: 'Propose an OTC deal to another organisation, signed (EIP-712) by your account',
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
            asset: { type: 'string', enum: ['allowance', 'certificate'] },
            tokenId: { type: 'string', pattern: '^[0-9]{1,78}$' },
            quantity,
            pricePerUnit: quantity,
            currency: { type: 'string', pattern: '^[A-Z]{3}$' },
            paymentRef: { type: 'string', minLength: 1, maxLength: 200 },
            deadline: { type: 'string', format: 'date-time' },
            signature,
          },
        },
        response: { 201: deal, ...errorResponses(400, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      void reply.status(201);
      return proposeDeal(market(), orgOf(request), request.body);
    },
  );

  app.get(
    '/v1/market/otc-deals',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['market'],
        summary: 'OTC deals you proposed or were offered, with the typed data to sign',
        response: { 200: { type: 'array', items: deal }, ...errorResponses() },
      },
    },
    async (request) => listDeals(market(), orgOf(request)),
  );

  app.post<{ Params: { id: string }; Body: { signature?: string } }>(
    '/v1/market/otc-deals/:id/accept',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['market'],
        summary: 'Accept a deal offered to you: your signature added, the deal recorded and settled on chain',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        body: { type: 'object', additionalProperties: false, properties: { signature } },
        response: { 200: deal, ...errorResponses(400, 404, 409, 422, 503) },
      },
    },
    async (request) => acceptDeal(market(), orgOf(request), request.params.id, request.body?.signature),
  );
}
