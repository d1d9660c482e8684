import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses } from '../schemas';
import { NengtanError } from '../../lib/errors';
import type { Principal } from '../../registry/apiKeys';
import { energyBalanceModel, formatEnergyBalance } from '../../flow/energyBalance';
import { balanceOptimisation } from '../../flow/balanceOptimisation';
import {
  listConversionUnits,
  removeConversionUnit,
  setConversionUnit,
  type ConversionUnitInput,
} from '../../flow/conversionUnits';
import {
  conversionUnitBody,
  conversionUnitSchema,
  energyBalanceQuery,
  energyBalanceSchema,
  optimisationQuery,
  optimisationSchema,
} from './energyBalanceSchemas';

const meterRef = { type: 'string', minLength: 1, maxLength: 200 } as const;
const meterParams = { type: 'object', properties: { id: meterRef }, required: ['id'] } as const;
const keyOf = (principal: unknown) => (principal as Principal).keyId;
const tags = ['analysis'];

type BalanceQuery = { from: string; to: string; site?: string; lossTolerancePercent?: string };

/**
 * The enterprise energy balance (企业能量平衡, MIIT function 5) with the conversion units it needs, and the ranked
 * loss and efficiency points with their expected savings (能效平衡与优化, function 6).
 */
export async function energyBalanceRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Querystring: BalanceQuery }>(
    '/v1/energy-balance',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'Energy balance table (企业能量平衡表, GB/T 3484 / GB/T 28751) over local days, per energy kind',
        description:
          'Per energy kind, in its unit and in kgce: purchased, stock change (not recorded: null), conversion output ' +
          'and input (PUT /v1/meters/{id}/conversion), distribution losses (parent − sub-meters), end use by use, ' +
          'exported, and the unexplained remainder supply − disposition; with each conversion unit’s efficiency.',
        querystring: energyBalanceQuery,
        response: { 200: energyBalanceSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const { from, to, site } = request.query;
      return formatEnergyBalance(await energyBalanceModel(deps.db, orgOf(request), { from, to, siteId: site }));
    },
  );

  app.get<{ Querystring: BalanceQuery }>(
    '/v1/energy-balance/optimisation',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'Loss and efficiency points ranked by expected saving (kgce, kg CO2e, CNY), each with a measure draft',
        description:
          'Branches whose losses exceed lossTolerancePercent of the parent meter (or the strictest enabled loss alert ' +
          'rule of that meter) and conversion units below their ' +
          'reference efficiency, with the saving if brought to the tolerance or reference, over the period and per ' +
          'year (× 365 / days). measureDraft is a body for POST /v1/measures.',
        querystring: optimisationQuery,
        response: { 200: optimisationSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const { from, to, site, lossTolerancePercent } = request.query;
      return balanceOptimisation(deps.db, orgOf(request), { from, to, siteId: site, lossTolerancePercent });
    },
  );

  app.get(
    '/v1/conversion-units',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'Conversion units (boilers, generators, heat pumps): output meter, input meters, reference efficiency',
        response: { 200: { type: 'array', items: conversionUnitSchema }, ...errorResponses() },
      },
    },
    async (request) => listConversionUnits(deps.db, orgOf(request)),
  );

  app.put<{ Params: { id: string }; Body: ConversionUnitInput }>(
    '/v1/meters/:id/conversion',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Mark a meter as the output of a conversion unit, with the meters of what it consumes',
        description:
          'E.g. a boiler: the steam meter is the output, the coal meter the input. Inputs are meters of the ' +
          'organisation of another energy kind; a unit may not consume, through other units, its own output.',
        params: meterParams,
        body: conversionUnitBody,
        response: { 200: conversionUnitSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) =>
      deps.db.transaction((tx) =>
        setConversionUnit(tx, orgOf(request), keyOf(request.principal), request.params.id, request.body),
      ),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/meters/:id/conversion',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Remove the conversion unit marking of a meter',
        params: meterParams,
        response: { 204: { type: 'null' }, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      if (!(await removeConversionUnit(deps.db, orgOf(request), request.params.id))) {
        throw new NengtanError('NT_ERR_NOT_FOUND', {
          message: `Meter ${request.params.id} is not the output of a conversion unit`,
        });
      }
      return reply.code(204).send();
    },
  );
}
