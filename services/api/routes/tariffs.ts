import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, uuid } from '../schemas';
import { NengtanError } from '../../lib/errors';
import { createTariff, deleteTariff, getTariff, listTariffs } from '../../tariffs/tariffs';
import { energyAnalysis } from '../../tariffs/energyAnalysis';
import type { TariffInput } from '../../tariffs/tariffTypes';
import type { EnergyAnalysisParams } from '../../tariffs/energyAnalysisTypes';
import { energyAnalysisQuery, energyAnalysisSchema, tariffBody, tariffSchema } from './tariffSchemas';

/** The latest calendar date anywhere (UTC+14): a version starting on or before it may already price a day somewhere. */
const latestDateOnEarth = () => new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);

type AnalysisQuery = Omit<EnergyAnalysisParams, 'flexibleMeters'> & { flexibleMeters?: string };

/** Energy tariffs (versioned, time-of-use for electricity) and the energy consumption analysis they price. */
export async function tariffRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: TariffInput }>(
    '/v1/tariffs',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['analysis'],
        summary: 'Add a tariff version for a site or the organisation, from a local date on (earlier days keep theirs)',
        description:
          'Electricity may be time-of-use: periods sharp/peak/flat/valley as local HH:MM ranges (optionally per ' +
          'months) that cover every day exactly once, with a price per period. Other kinds: one price per unit.',
        body: tariffBody,
        response: { 201: tariffSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.db.transaction((tx) => createTariff(tx, orgOf(request), request.body))),
  );

  app.get<{ Querystring: { siteId?: string; energyKind?: string } }>(
    '/v1/tariffs',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary: "The organisation's tariff versions, oldest first per kind and site",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { siteId: uuid, energyKind: { type: 'string', maxLength: 50 } },
        },
        response: { 200: { type: 'array', items: tariffSchema }, ...errorResponses(400) },
      },
    },
    async (request) => listTariffs(deps.db, orgOf(request), request.query),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/tariffs/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary: 'One tariff version',
        params: { type: 'object', required: ['id'], properties: { id: uuid } },
        response: { 200: tariffSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const tariff = await getTariff(deps.db, orgOf(request), request.params.id);
      if (!tariff) throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Tariff ${request.params.id} not found` });
      return tariff;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/tariffs/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['analysis'],
        summary: 'Remove a tariff version that has not come into effect',
        params: { type: 'object', required: ['id'], properties: { id: uuid } },
        response: { 204: { type: 'null' }, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteTariff(deps.db, orgOf(request), request.params.id, latestDateOnEarth());
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: AnalysisQuery }>(
    '/v1/energy-analysis',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary: 'Energy and cost structure over local days, with time-of-use split and recommendations (用能策略)',
        description:
          'Boundary import meters of the organisation or site: quantity and kgce per energy kind, cost per kind and ' +
          'per time-of-use period priced by the tariff version in force each day; load shifting, peak share and ' +
          'night/weekend base load, each with the meters and tariff versions behind its figures.',
        querystring: energyAnalysisQuery,
        response: { 200: energyAnalysisSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const { flexibleMeters, ...rest } = request.query;
      const refs = flexibleMeters
        ?.split(',')
        .map((r) => r.trim())
        .filter((r) => r.length > 0);
      return energyAnalysis(deps.db, orgOf(request), { ...rest, flexibleMeters: refs });
    },
  );
}
