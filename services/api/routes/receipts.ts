import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, hex32, isoTime, uuid } from '../schemas';
import { buildReceipt, type ReadingRef } from '../../receipts/buildReceipt';
import { confirmReceiptAnchor } from '../../anchoring/confirmReceiptAnchor';

const receiptSchema = {
  $id: 'Receipt',
  type: 'object',
  description:
    'nengtan-receipt/v1: a self-contained proof that a reading is in a batch anchored on chain (README: verifying a receipt by hand).',
  properties: {
    format: { type: 'string', const: 'nengtan-receipt/v1' },
    reading: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        organisation: uuid,
        meter: { type: 'object', properties: { id: uuid, externalId: { type: 'string' } } },
        energyKind: { type: 'string' },
        flow: { type: 'string' },
        intervalStart: isoTime,
        intervalEnd: isoTime,
        quantity: { type: 'string' },
        unit: { type: 'string' },
        flags: { type: 'integer' },
        flagNames: { type: 'array', items: { type: 'string' } },
        revision: { type: 'integer' },
        raw: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'integer' },
              timeField: { type: 'string' },
              time: isoTime,
              timeMs: { type: 'integer' },
              value: { type: 'string' },
              unit: { type: 'string' },
              status: { type: 'string' },
            },
          },
        },
        rawHash: hex32,
        signatureHash: hex32,
      },
    },
    leafNames: { type: 'array', items: { type: 'string' } },
    leafTypes: { type: 'array', items: { type: 'string' } },
    leafValues: { type: 'array', items: { type: ['string', 'integer'] } },
    leaf: hex32,
    proof: { type: 'array', items: hex32 },
    root: hex32,
    batch: {
      type: 'object',
      properties: {
        id: hex32,
        leafCount: { type: 'integer' },
        index: { type: 'integer' },
        start: isoTime,
        end: isoTime,
      },
    },
    anchor: {
      type: 'object',
      properties: {
        chainId: { type: 'integer' },
        contract: { type: 'string' },
        txHash: hex32,
        blockNumber: { type: 'integer' },
        blockHash: hex32,
        timestamp: isoTime,
      },
    },
  },
} as const;

export async function receiptRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addSchema(receiptSchema);
  // Receipts are only handed out while the chain still holds their anchor (a reset chain loses it).
  const receiptOf = async (orgId: string, ref: ReadingRef) => {
    const receipt = await buildReceipt(deps.db, orgId, ref);
    return deps.chain ? confirmReceiptAnchor(deps.db, deps.chain, receipt) : receipt;
  };

  app.get<{ Params: { id: number } }>(
    '/v1/readings/:id/receipt',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['receipts'],
        summary: 'The proof receipt of a reading, by reading id',
        params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] },
        response: { 200: { $ref: 'Receipt#' }, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => receiptOf(orgOf(request), { readingId: request.params.id }),
  );

  app.get<{ Querystring: { meter: string; start: string; revision?: number } }>(
    '/v1/receipts',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['receipts'],
        summary: "The proof receipt of a meter's interval (latest revision unless one is named)",
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['meter', 'start'],
          properties: { meter: uuid, start: isoTime, revision: { type: 'integer', minimum: 0 } },
        },
        response: { 200: { $ref: 'Receipt#' }, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) =>
      receiptOf(orgOf(request), {
        meterId: request.query.meter,
        start: request.query.start,
        revision: request.query.revision,
      }),
  );
}
