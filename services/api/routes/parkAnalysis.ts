import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { date, decimalString, errorResponses, uuid } from '../schemas';
import { parkBenchmarking } from '../../parks/parkBenchmarking';
import { parkEnergyFlow } from '../../parks/parkEnergyFlow';
import { createUtility, listUtilities, recordUtilityOutput, type UtilityInput } from '../../parks/parkUtilities';
import { createParkBudget, listParkBudgets, parkBudgetWarnings, type ParkBudgetInput } from '../../parks/parkBudgets';
import { parkMemberCompliance } from '../../parks/memberCompliance';
import { parkOf } from './parks';
import {
  benchmarkingSchema,
  complianceSchema,
  flowSchema,
  parkBudgetSchema,
  utilitySchema,
  warningsSchema,
} from './parkAnalysisSchemas';

const periodQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { from: date, to: date },
} as const;
const positive = { type: 'string', pattern: '^\\d{1,20}(\\.\\d{1,10})?$' } as const;
const orNull = <T extends object>(s: T) => ({ ...s, type: ['string', 'null'] }) as const;

/** China Standard Time's today, the default day a forecast is made on. */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * What a park analyses on its consenting members' aggregates: benchmarking against its own table, the energy flow
 * with its shared utilities, budgets with forecasts and warnings, and the members' notarization and compliance.
 * Every route is the park's alone and reads only members that consent now.
 */
export async function parkAnalysisRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Querystring: { from: string; to: string } }>(
    '/v1/park/benchmarking',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['parks'],
        summary:
          "Members' energy and CO2e per unit of product (or output value) ranked, against the park's benchmark table (advanced / average / lagging)",
        description:
          'Set the levels with POST /v1/benchmarks as the park (标杆 advanced, 基准 baseline per product, unit and indicator). Record output value as a production volume in a unit such as 万元 to get intensity per output value. Local dates, `to` exclusive, at most two years.',
        querystring: periodQuery,
        response: { 200: benchmarkingSchema, ...errorResponses(400, 403) },
      },
    },
    async (request) => parkBenchmarking(deps.db, (await parkOf(deps, request)).orgId, request.query),
  );

  app.get<{ Querystring: { from: string; to: string } }>(
    '/v1/park/energy-flow',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['parks'],
        summary:
          "The park's energy flow in kgce: purchased energy → members → exported, and the park utilities' output shared out to members",
        querystring: periodQuery,
        response: { 200: flowSchema, ...errorResponses(400, 403) },
      },
    },
    async (request) => parkEnergyFlow(deps.db, (await parkOf(deps, request)).orgId, request.query),
  );

  app.post<{ Body: UtilityInput }>(
    '/v1/park/utilities',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['parks'],
        summary: 'Add a utility the park owns (steam network, rooftop PV), shared out by metered consumption or a key',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'energyKind', 'allocation'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            energyKind: { type: 'string', minLength: 1, maxLength: 40 },
            allocation: { type: 'string', enum: ['metered', 'fixed'] },
            key: {
              type: 'array',
              maxItems: 500,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['memberId', 'weight'],
                properties: { memberId: uuid, weight: positive },
              },
            },
          },
        },
        response: { 201: utilitySchema, ...errorResponses(400, 403, 404, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createUtility(deps.db, (await parkOf(deps, request)).orgId, request.body)),
  );

  app.get(
    '/v1/park/utilities',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['parks'],
        summary: "The park's utilities with their keys (consenting members only) and recorded outputs",
        response: {
          200: { type: 'object', properties: { utilities: { type: 'array', items: utilitySchema } } },
          ...errorResponses(403),
        },
      },
    },
    async (request) => ({ utilities: await listUtilities(deps.db, (await parkOf(deps, request)).orgId) }),
  );

  app.post<{ Params: { id: string }; Body: { periodStart: string; periodEnd: string; quantity: string } }>(
    '/v1/park/utilities/:id/outputs',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['parks'],
        summary: "Record what a utility delivered over a period, in its energy kind's unit (replaces the same period)",
        params: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: uuid } },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['periodStart', 'periodEnd', 'quantity'],
          properties: { periodStart: date, periodEnd: date, quantity: positive },
        },
        response: { 200: utilitySchema, ...errorResponses(400, 403, 404, 422) },
      },
    },
    async (request) =>
      recordUtilityOutput(deps.db, (await parkOf(deps, request)).orgId, request.params.id, request.body),
  );

  app.post<{ Body: ParkBudgetInput }>(
    '/v1/park/budgets',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['parks'],
        summary: 'Set an energy (kgce) and/or CO2e (kg) budget for the park or one member over a period',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['periodStart', 'periodEnd'],
          properties: {
            name: { type: ['string', 'null'], maxLength: 200 },
            memberId: { ...uuid, type: ['string', 'null'], description: 'the whole park when omitted' },
            periodStart: date,
            periodEnd: { ...date, description: 'exclusive' },
            energyKgce: orNull(decimalString),
            co2eKg: orNull(decimalString),
          },
        },
        response: { 201: parkBudgetSchema, ...errorResponses(400, 403, 404, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createParkBudget(deps.db, (await parkOf(deps, request)).orgId, request.body)),
  );

  app.get(
    '/v1/park/budgets',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['parks'],
        summary: "The park's budgets (a member's only while it consents)",
        response: {
          200: { type: 'object', properties: { budgets: { type: 'array', items: parkBudgetSchema } } },
          ...errorResponses(403),
        },
      },
    },
    async (request) => ({ budgets: await listParkBudgets(deps.db, (await parkOf(deps, request)).orgId) }),
  );

  app.get<{ Querystring: { asOf?: string } }>(
    '/v1/park/warnings',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['parks'],
        summary:
          "Park budgets in force on a day with their forecasts on the members' aggregated daily series, and the warnings where a forecast crosses a budget",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            asOf: { ...date, description: 'forecast from the data before this local date; default today' },
          },
        },
        response: { 200: warningsSchema, ...errorResponses(400, 403, 422) },
      },
    },
    async (request) => parkBudgetWarnings(deps.db, (await parkOf(deps, request)).orgId, request.query.asOf ?? today()),
  );

  app.get<{ Querystring: { year: number } }>(
    '/v1/park/compliance',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['parks'],
        summary:
          "Each consenting member's latest inventory (notarized, verified) and, if covered, its compliance position of the year",
        description:
          'Allocated, verified emissions, obligation (tonnes rounded up), surrendered and status, from the chain events the indexer mirrors.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['year'],
          properties: { year: { type: 'integer', minimum: 2000, maximum: 2200 } },
        },
        response: { 200: complianceSchema, ...errorResponses(400, 403) },
      },
    },
    async (request) => ({
      year: request.query.year,
      members: await parkMemberCompliance(deps.db, (await parkOf(deps, request)).orgId, request.query.year),
    }),
  );
}
