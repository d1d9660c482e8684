import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { date, errorResponses } from '../schemas';
import {
  listScope3Activities,
  recordScope3Activity,
  type Scope3ActivityInput,
} from '../../accounting/scope3Activities';
import {
  createScope3FactorSet,
  listScope3FactorSets,
  type Scope3FactorSetInput,
} from '../../accounting/scope3FactorSets';
import { activityBody, activitySchema, factorSetBody, factorSetSchema } from './scope3Schemas';

/** Scope 3 categories 3, 4, 6 and 7: the organisation's own factor sets, and its activities against them. */
export async function scope3Routes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: Scope3FactorSetInput }>(
    '/v1/scope3-factor-sets',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['accounting'],
        summary: 'Create a Scope 3 factor set, or the next version of one of the same name (sets never change)',
        description:
          'Each factor: a category (3, 4, 6, 7, or 1 for purchased goods without a supplier footprint), the subject it applies to, its unit ("CNY" makes it spend-based), kgCO2e per unit as an exact decimal, and its source. Category 3 subjects "well_to_tank:<fuel>" and "td_losses" (per kWh) apply to the inventory\'s own fuel and purchased electricity when the inventory is computed with scope3FactorSetId.',
        body: factorSetBody,
        response: { 201: factorSetSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createScope3FactorSet(deps.db, orgOf(request), request.body)),
  );

  app.get(
    '/v1/scope3-factor-sets',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary: "The organisation's Scope 3 factor sets with their factors, by name and version",
        response: { 200: { type: 'array', items: factorSetSchema }, ...errorResponses() },
      },
    },
    async (request) => listScope3FactorSets(deps.db, orgOf(request)),
  );

  app.post<{ Body: Scope3ActivityInput }>(
    '/v1/scope3-activities',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['accounting'],
        summary:
          'Record a Scope 3 activity of a period (category 3, 4 upstream transport, 6 business travel, 7 commuting) against a factor of one of your sets',
        description:
          "The quantity is in the factor's unit: t·km, passenger·km, kWh, or CNY spent (spend-based). Send it as quantity, or as terms whose product it is (staff × days × trips × km).",
        body: activityBody,
        response: { 201: activitySchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await recordScope3Activity(deps.db, orgOf(request), request.body)),
  );

  app.get<{ Querystring: { start?: string; end?: string } }>(
    '/v1/scope3-activities',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary: "The organisation's Scope 3 activities, optionally those inside [start, end)",
        querystring: { type: 'object', additionalProperties: false, properties: { start: date, end: date } },
        response: { 200: { type: 'array', items: activitySchema }, ...errorResponses(400) },
      },
    },
    async (request) => listScope3Activities(deps.db, orgOf(request), request.query),
  );
}
