import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { date, errorResponses, uuid } from '../schemas';
import {
  CONTRACT_INSTRUMENTS,
  endEnergyContract,
  listEnergyContracts,
  recordEnergyContract,
  type EndEnergyContractInput,
  type EnergyContractInput,
} from '../../accounting/energyContracts';

const decimal = { type: 'string', pattern: '^\\d{1,20}(\\.\\d{1,12})?$' } as const;

const energyContract = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: uuid,
    orgId: uuid,
    contractRef: { type: 'string' },
    instrument: { type: 'string', enum: CONTRACT_INSTRUMENTS },
    counterparty: { type: 'string' },
    periodStart: date,
    periodEnd: date,
    contractedKWh: { type: 'string' },
    factor: { type: 'string' },
    evidence: { type: 'string' },
    meterIds: { type: 'array', items: uuid },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** Supplier contracts (PPA, direct line, green tariff) for market-based Scope 2, one row per contract period. */
export async function energyContractRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: EnergyContractInput }>(
    '/v1/energy-contracts',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['accounting'],
        summary: 'Record the kWh contracted for one period under a PPA, direct line or supplier-specific green tariff',
        description:
          'Market-based Scope 2 applies contracts after green-certificate claims and before the supplier-specific rate and the residual mix (GHG Protocol Scope 2 Guidance), matched to the consumption of their period; no kWh is covered twice.',
        body: {
          type: 'object',
          additionalProperties: false,
          required: [
            'contractRef',
            'instrument',
            'counterparty',
            'periodStart',
            'periodEnd',
            'contractedKWh',
            'factor',
            'evidence',
          ],
          properties: {
            contractRef: { type: 'string', minLength: 1, maxLength: 128 },
            instrument: { type: 'string', enum: CONTRACT_INSTRUMENTS },
            counterparty: { type: 'string', minLength: 1, maxLength: 256 },
            periodStart: date,
            periodEnd: { ...date, description: 'exclusive' },
            contractedKWh: { ...decimal, description: 'kWh contracted for the period, exact decimal' },
            factor: { ...decimal, description: 'tCO2/MWh the contract states (0 for wind or solar)' },
            evidence: {
              type: 'string',
              minLength: 1,
              maxLength: 2000,
              description: 'the contract and settlement statement the figure rests on (document id, CID)',
            },
            meterIds: {
              type: 'array',
              maxItems: 100,
              items: { type: 'string', minLength: 1, maxLength: 64 },
              description:
                'the delivery points: electricity import boundary meters whose consumption alone the contract covers (a PPA or direct line); omitted or empty: all purchased electricity',
            },
          },
        },
        response: { 201: energyContract, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await recordEnergyContract(deps.db, orgOf(request), request.body)),
  );

  app.get<{ Querystring: { start?: string; end?: string } }>(
    '/v1/energy-contracts',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary: "The organisation's contract periods, optionally those overlapping [start, end)",
        querystring: { type: 'object', additionalProperties: false, properties: { start: date, end: date } },
        response: { 200: { type: 'array', items: energyContract }, ...errorResponses(400) },
      },
    },
    async (request) => listEnergyContracts(deps.db, orgOf(request), request.query),
  );

  app.post<{ Params: { id: string }; Body: EndEnergyContractInput }>(
    '/v1/energy-contracts/:id/end',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['accounting'],
        summary: 'End a contract period early: the period closes on `end` with the kWh delivered until then',
        description:
          "Market-based Scope 2 after `end` falls to the next level of the hierarchy (supplier-specific rate, residual mix); the evidence of the termination is appended to the contract's. Stored inventories keep their documents.",
        params: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: uuid } },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['end', 'deliveredKWh', 'evidence'],
          properties: {
            end: { ...date, description: 'the new exclusive end, after the start and before the present end' },
            deliveredKWh: { ...decimal, description: 'kWh delivered from the start until `end`, exact decimal' },
            evidence: { type: 'string', minLength: 1, maxLength: 500, description: 'the termination notice' },
          },
        },
        response: { 200: energyContract, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request) => endEnergyContract(deps.db, orgOf(request), request.params.id, request.body),
  );
}
