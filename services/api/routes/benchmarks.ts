import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { date, errorResponses, uuid } from '../schemas';
import { computeBody } from './accounting';
import type { ComputeRequest } from '../../accounting/inventories';
import { benchmarkProducts } from '../../benchmarking/benchmarking';
import { deleteBenchmark, listBenchmarks, setBenchmark, type BenchmarkInput } from '../../benchmarking/benchmarks';

const level = { type: ['string', 'null'], pattern: '^\\d{1,20}(\\.\\d{1,10})?$' } as const;

/** The benchmark table (标杆 / 基准 levels per product) and benchmarking of the organisation's products against it. */
export async function benchmarkRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: BenchmarkInput }>(
    '/v1/benchmarks',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['analysis'],
        summary:
          'Set the advanced (标杆) and baseline (基准) levels of a product (replaces the same product and indicator)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['product', 'unit', 'indicator'],
          properties: {
            product: { type: 'string', minLength: 1, maxLength: 200 },
            unit: { type: 'string', minLength: 1, maxLength: 30 },
            indicator: { type: 'string', enum: ['kgce_per_unit', 'kgco2e_per_unit'] },
            advanced: { ...level, description: '标杆水平, per unit of product' },
            baseline: { ...level, description: '基准水平, per unit of product' },
            source: { type: ['string', 'null'], maxLength: 500, description: 'e.g. GB 16780-2021 (cement clinker)' },
          },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 422) },
      },
    },
    async (request) => setBenchmark(deps.db, orgOf(request), request.body),
  );

  app.get(
    '/v1/benchmarks',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary: "The organisation's benchmark table",
        response: {
          200: { type: 'array', items: { type: 'object', additionalProperties: true } },
          ...errorResponses(),
        },
      },
    },
    async (request) => listBenchmarks(deps.db, orgOf(request)),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/benchmarks/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['analysis'],
        summary: 'Remove a benchmark',
        params: { type: 'object', required: ['id'], properties: { id: uuid } },
        response: { 204: { type: 'null' }, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await deleteBenchmark(deps.db, orgOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  const { restates: _restates, reason: _reason, ...inventoryProperties } = computeBody.properties;
  app.post<{ Body: ComputeRequest }>(
    '/v1/benchmarking',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary:
          'Energy and CO2e per unit of each product in a period, against the same period a year earlier (同比) and the benchmark table',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['start', 'end'],
          properties: { ...inventoryProperties, start: date, end: date },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => benchmarkProducts(deps.db, orgOf(request), request.body),
  );
}
