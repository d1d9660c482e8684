import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { date, errorResponses, uuid } from '../schemas';
import { createBudget, deleteBudget, listBudgets, type BudgetInput } from '../../budgets/budgets';
import { budgetStatus } from '../../budgets/budgetStatus';
import { complianceForecast } from '../../budgets/complianceForecast';
import { requireOrganisationKind } from '../../registry/requireOrganisationKind';

const amount = { type: ['string', 'null'], pattern: '^\\d{1,20}(\\.\\d{1,10})?$' } as const;

/** Energy (kgce) and CO2e budgets per organisation or site and period, with their status and forecast. */
export async function budgetRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: BudgetInput }>(
    '/v1/budgets',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['analysis'],
        summary:
          'Set an energy (kgce) and/or CO2e (kg, location-based) budget for a period (local dates, end exclusive)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['periodStart', 'periodEnd'],
          properties: {
            name: { type: ['string', 'null'], maxLength: 200 },
            siteId: { ...uuid, type: ['string', 'null'], description: 'the whole organisation when omitted' },
            periodStart: date,
            periodEnd: date,
            energyKgce: { ...amount, description: 'kgce' },
            co2eKg: { ...amount, description: 'kg CO2e, location-based' },
            forecastBy: {
              type: 'string',
              enum: ['calendar_days', 'day_type'],
              description:
                'calendar_days (default): remaining days × the daily mean; day_type: remaining working and non-working days (PUT /v1/calendar/days) × their own means',
            },
          },
        },
        response: { 201: { type: 'object', additionalProperties: true }, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createBudget(deps.db, orgOf(request), request.body)),
  );

  app.get(
    '/v1/budgets',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary: "The organisation's budgets",
        response: {
          200: { type: 'array', items: { type: 'object', additionalProperties: true } },
          ...errorResponses(),
        },
      },
    },
    async (request) => listBudgets(deps.db, orgOf(request)),
  );

  app.get<{ Params: { id: string }; Querystring: { asOf: string } }>(
    '/v1/budgets/:id/status',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary:
          'Actual energy and CO2e so far and the forecast to the end of the period with a 90 % interval, warning when it crosses the budget',
        params: { type: 'object', required: ['id'], properties: { id: uuid } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['asOf'],
          properties: { asOf: { ...date, description: 'the first day not counted (actual over [start, asOf))' } },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => budgetStatus(deps.db, orgOf(request), request.params.id, request.query.asOf),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/budgets/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['analysis'],
        summary: 'Remove a budget',
        params: { type: 'object', required: ['id'], properties: { id: uuid } },
        response: { 204: { type: 'null' }, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await deleteBudget(deps.db, orgOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { year: number }; Querystring: { asOf?: string } }>(
    '/v1/market/years/:year/compliance-forecast',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary:
          "Compliance shortfall forecast: the year's emissions forecast to its end as an allowance obligation, against the allowances held and surrendered, and the shortfall's cost at the last price",
        params: {
          type: 'object',
          required: ['year'],
          properties: { year: { type: 'integer', minimum: 2000, maximum: 2200 } },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            asOf: {
              ...date,
              description:
                'forecast from the data before this local date; default today (China Standard Time), at most 1 January of the next year',
            },
          },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 403, 422) },
      },
    },
    async (request) => {
      await requireOrganisationKind(deps.db, orgOf(request), 'enterprise');
      const { year } = request.params;
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const asOf = request.query.asOf ?? (today < `${year + 1}-01-01` ? today : `${year + 1}-01-01`);
      return complianceForecast({ db: deps.db, chain: deps.chain }, orgOf(request), year, asOf);
    },
  );
}
