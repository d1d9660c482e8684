import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { date, errorResponses, uuid } from '../schemas';
import { getOrganisation } from '../../registry/organisations';
import { requireOrganisationKind } from '../../registry/requireOrganisationKind';
import { NengtanError } from '../../lib/errors';
import { quotaEstimate } from '../../market/quotaEstimate';
import type { OutputMethod } from '../../market/quotaOutput';
import { createQuotaRule, listQuotaRules, retireQuotaRule, type QuotaRuleInput } from '../../market/quotaRules';
import { orgQuery, quotaEstimateSchema, quotaRuleBody, quotaRuleSchema } from './quotaSchemas';

const year = { type: 'integer', minimum: 2000, maximum: 2200 } as const;

/** Local date in China Standard Time, the calendar of compliance years. */
const todayCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Allowance allocation rules and the next-period quota estimate (MIIT guide function 12, 碳资产管理). An enterprise
 * writes and reads its own rules; the authority reads those of any enterprise (`orgId`); other kinds are refused.
 */
export async function quotaRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  /** Whose rules a read concerns: the caller's own as an enterprise, or an enterprise's as the authority. */
  const subjectOf = async (request: FastifyRequest, orgId: string | undefined): Promise<string> => {
    const own = orgOf(request);
    if (orgId === undefined || orgId === own) {
      await requireOrganisationKind(deps.db, own, 'enterprise');
      return own;
    }
    await requireOrganisationKind(deps.db, own, 'authority');
    const target = await getOrganisation(deps.db, orgId);
    if (!target?.kinds.includes('enterprise')) {
      throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Enterprise ${orgId} not found` });
    }
    return orgId;
  };

  app.post<{ Body: QuotaRuleInput }>(
    '/v1/market/quota-rules',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['market'],
        summary:
          'Put an allowance allocation rule in force for a product line (benchmark t CO2/unit, named correction factors, source); the version in force before is retired as superseded',
        body: quotaRuleBody,
        response: { 201: quotaRuleSchema, ...errorResponses(400, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const orgId = orgOf(request);
      await requireOrganisationKind(deps.db, orgId, 'enterprise');
      const rule = await createQuotaRule(deps.db, orgId, request.principal?.keyId ?? null, request.body);
      return reply.code(201).send(rule);
    },
  );

  app.get<{ Querystring: { orgId?: string; inForce?: boolean } }>(
    '/v1/market/quota-rules',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['market'],
        summary: 'Allocation rules, every version with who created and retired it (inForce=true: those in force)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...orgQuery, inForce: { type: 'boolean', default: false } },
        },
        response: { 200: { type: 'array', items: quotaRuleSchema }, ...errorResponses(400, 403, 404) },
      },
    },
    async (request) =>
      listQuotaRules(deps.db, await subjectOf(request, request.query.orgId), request.query.inForce ?? false),
  );

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/v1/market/quota-rules/:id/retire',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['market'],
        summary: 'Retire the allocation rule in force for its product line (kept, with who retired it and why)',
        params: { type: 'object', required: ['id'], properties: { id: uuid } },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
        },
        response: { 200: quotaRuleSchema, ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (request) => {
      const orgId = orgOf(request);
      await requireOrganisationKind(deps.db, orgId, 'enterprise');
      return retireQuotaRule(deps.db, orgId, request.principal?.keyId ?? null, request.params.id, request.body.reason);
    },
  );

  app.get<{
    Params: { year: number };
    Querystring: { orgId?: string; asOf?: string; method?: OutputMethod; outputs?: string };
  }>(
    '/v1/market/years/:year/quota-estimate',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['market'],
        summary:
          "Next-period quota estimate: each line's allocation (benchmark × output × Π corrections) from the rules in force and the output forecast or entered, against the year's emissions obligation from the compliance forecast: the expected surplus or shortfall and its value at the last price",
        params: { type: 'object', required: ['year'], properties: { year } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...orgQuery,
            asOf: {
              ...date,
              description:
                'the day the estimate is made: the emissions forecast uses the data before it; default today',
            },
            method: {
              type: 'string',
              enum: ['last_year', 'trend'],
              default: 'last_year',
              description: "output forecast: the year before's output, or the least-squares trend of the full years",
            },
            outputs: {
              type: 'string',
              maxLength: 500,
              description: 'outputs typed in, overriding the forecast: product=quantity pairs, e.g. clinker=850000',
            },
          },
        },
        response: { 200: quotaEstimateSchema, ...errorResponses(400, 403, 404, 422) },
      },
    },
    async (request) => {
      const orgId = await subjectOf(request, request.query.orgId);
      return quotaEstimate({ db: deps.db, chain: deps.chain }, orgId, request.params.year, {
        asOf: request.query.asOf ?? todayCst(),
        method: request.query.method ?? 'last_year',
        outputs: request.query.outputs,
      });
    },
  );
}
