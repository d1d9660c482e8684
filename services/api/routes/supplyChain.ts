import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, idParams } from '../schemas';
import {
  listShares,
  revokeShare,
  shareFootprint,
  shareStatementFor,
  type ShareRequest,
} from '../../supplyChain/footprintShares';
import { listPurchases, recordPurchase } from '../../supplyChain/supplierPurchases';
import { verifyShare } from '../../supplyChain/verifyShare';
import {
  purchaseBody,
  purchaseSchema,
  shareBody,
  shareSchema,
  statementBody,
  statementSchema,
  verificationSchema,
} from './supplyChainSchemas';

/** Supply chain carbon (供应链碳管理): product footprints shared by suppliers, purchases counted in Scope 3. */
export async function supplyChainRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: ShareRequest }>(
    '/v1/footprint-shares',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['supply chain'],
        summary: 'Share the product footprint of a notarized inventory with a customer, signed with your chain key',
        description:
          'The figure is the product footprint of the inventory (as GET /v1/inventories/{id}/report?kind=product-footprint ' +
          'states it), never typed in; the share carries the inventory hash, its record in InventoryRegistry and your ' +
          'EIP-191 signature.',
        body: shareBody,
        response: { 201: shareSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const share = await shareFootprint(deps.db, deps.keystoreSecret, orgOf(request), request.body);
      void reply.status(201);
      return share;
    },
  );

  app.post<{ Body: ShareRequest }>(
    '/v1/footprint-shares/statement',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['supply chain'],
        summary: 'For a supplier that signs itself: the share statement to sign (EIP-191) and its share id',
        description:
          'Sign the statement with your registered external account and send the same body with shareId and ' +
          'signature to POST /v1/footprint-shares.',
        body: statementBody,
        response: { 200: statementSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => shareStatementFor(deps.db, orgOf(request), request.body),
  );

  for (const side of ['sent', 'received'] as const) {
    app.get(
      `/v1/footprint-shares/${side}`,
      {
        config: { scope: 'read' },
        schema: {
          tags: ['supply chain'],
          summary:
            side === 'sent' ? 'Footprints you shared, and with which customer' : 'Footprints suppliers shared with you',
          response: { 200: { type: 'array', items: shareSchema }, ...errorResponses() },
        },
      },
      async (request) => listShares(deps.db, orgOf(request), side),
    );
  }

  app.post<{ Params: { id: string } }>(
    '/v1/footprint-shares/:id/revoke',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['supply chain'],
        summary: "Revoke a footprint you shared: the customer's inventories stop counting purchases against it",
        params: idParams,
        response: { 200: shareSchema, ...errorResponses(404) },
      },
    },
    async (request) => revokeShare(deps.db, orgOf(request), request.params.id),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/footprint-shares/:id/verify',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['supply chain'],
        summary: 'Check a shared footprint against the chain, the signature and the supplier’s stored inventory',
        params: idParams,
        response: { 200: verificationSchema, ...errorResponses(404) },
      },
    },
    async (request) => verifyShare(deps.db, deps.chain, orgOf(request), request.params.id),
  );

  app.post<{ Body: { shareId: string; period: string; quantity: string } }>(
    '/v1/supplier-purchases',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['supply chain'],
        summary: 'Record a purchase from a supplier: counted in Scope 3 category 1 of your inventories of the period',
        body: purchaseBody,
        response: { 201: purchaseSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const purchase = await recordPurchase(deps.db, orgOf(request), request.body);
      void reply.status(201);
      return purchase;
    },
  );

  app.get(
    '/v1/supplier-purchases',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['supply chain'],
        summary: 'Your purchases from suppliers',
        response: { 200: { type: 'array', items: purchaseSchema }, ...errorResponses() },
      },
    },
    async (request) => listPurchases(deps.db, orgOf(request)),
  );
}
