import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, idParams } from '../schemas';
import { getInventory } from '../../accounting/inventories';
import type { InventoryDocumentWithScope3 } from '../../accounting/scope3PurchasedGoods';
import { NengtanError } from '../../lib/errors';
import { allocationRequestOf, type AllocationQuery } from '../../reports/allocationQuery';
import { cradleToGateFootprint } from '../../reports/cradleToGateFootprint';
import { allocationQuery, footprintSchema } from './productFootprintSchemas';

/** Product carbon footprint (产品碳足迹核算, GB/T 24067 / ISO 14067) of a stored inventory, as data for the console. */
export async function productFootprintRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Params: { id: string }; Querystring: AllocationQuery & { product?: string } }>(
    '/v1/inventories/:id/product-footprint',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary:
          'Cradle-to-gate carbon footprint per declared unit and life-cycle stage of the products of an inventory',
        description:
          'Stages: raw material acquisition (supplier footprints of Scope 3 category 1), upstream fuel and energy ' +
          '(category 3), inbound transport (category 4), production (Scope 1 + 2, location- and market-based); ' +
          'allocated between co-products by mass or economic value; the report ' +
          '(GET /v1/inventories/{id}/report?kind=product-footprint) prints the same figures.',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...allocationQuery, product: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: { 200: footprintSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const found = await getInventory(deps.db, orgOf(request), request.params.id);
      if (!found) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Inventory not found' });
      return cradleToGateFootprint(JSON.parse(found.canonical) as InventoryDocumentWithScope3, {
        allocation: allocationRequestOf(request.query),
        ...(request.query.product === undefined ? {} : { product: request.query.product }),
      });
    },
  );
}
