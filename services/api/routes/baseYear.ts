import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses } from '../schemas';
import type { Principal } from '../../registry/apiKeys';
import { getBaseYear, setBaseYear, type BaseYearInput } from '../../accounting/baseYear';
import { checkBaseYearRecalculation, type CurrentChoices } from '../../accounting/baseYearRecalculation';
import { restateBaseYear, type RestatementInput } from '../../accounting/restateBaseYear';
import {
  baseYearSchema,
  recalculationBody,
  recalculationSchema,
  restatementBody,
  setBaseYearBody,
} from './baseYearSchemas';
import { inventoryRecordSchema } from './inventorySchemas';

/** The base year, its recalculation policy, the recalculation check and restatements (GHG Protocol ch. 5). */
export async function baseYearRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/v1/base-year',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary: 'The base year, its recalculation policy and its restatements (reason, key, time)',
        response: { 200: baseYearSchema, ...errorResponses(404) },
      },
    },
    async (request) => getBaseYear(deps.db, orgOf(request)),
  );

  app.put<{ Body: BaseYearInput }>(
    '/v1/base-year',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['accounting'],
        summary:
          'Set the base year (a stored inventory of one calendar year) and the recalculation policy: the significance threshold and the triggers counted',
        body: setBaseYearBody,
        response: { 200: baseYearSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => setBaseYear(deps.db, orgOf(request), (request.principal as Principal).keyId, request.body),
  );

  app.get(
    '/v1/base-year/recalculation',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary:
          "The base year recomputed under the organisation's current boundary and methods: the effect of each trigger and whether the counted change exceeds the threshold",
        response: { 200: recalculationSchema, ...errorResponses(404, 422) },
      },
    },
    async (request) => checkBaseYearRecalculation(deps.db, orgOf(request)),
  );

  app.post<{ Body: CurrentChoices }>(
    '/v1/base-year/recalculation',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary:
          'The recalculation check with the current boundary or methods stated (the rest from the latest inventory)',
        body: recalculationBody,
        response: { 200: recalculationSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => checkBaseYearRecalculation(deps.db, orgOf(request), request.body ?? {}),
  );

  app.post<{ Body: RestatementInput }>(
    '/v1/base-year/restatements',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['accounting'],
        summary:
          'Restate the base year under the current boundary and methods: a new inventory of the year linked to the one it restates (notarizing it supersedes the original on chain)',
        body: restatementBody,
        response: {
          201: {
            type: 'object',
            additionalProperties: false,
            properties: {
              baseYear: baseYearSchema,
              inventory: inventoryRecordSchema,
              recalculation: recalculationSchema,
            },
          },
          ...errorResponses(400, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const restated = await restateBaseYear(
        deps.db,
        orgOf(request),
        (request.principal as Principal).keyId,
        request.body,
      );
      void reply.status(201);
      return restated;
    },
  );
}
