import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { date, errorResponses, uuid } from '../schemas';
import {
  ACTIVITY_SOURCE_KINDS,
  ACTIVITY_SUBJECTS,
  listActivityData,
  recordActivityData,
  type ActivityRecordInput,
} from '../../accounting/activityData';

const decimal = { type: 'string', pattern: '^\\d{1,20}(\\.\\d{1,12})?$' } as const;
const percent = { type: ['string', 'null'], pattern: '^\\d{1,4}(\\.\\d{1,6})?$' } as const;

const clinkerComposition = {
  type: 'object',
  additionalProperties: false,
  required: ['method', 'caoPct', 'caoNonCarbonatePct', 'mgoPct', 'mgoNonCarbonatePct'],
  properties: {
    method: { type: 'string', enum: ['clinker_composition'] },
    caoPct: decimal,
    caoNonCarbonatePct: decimal,
    mgoPct: decimal,
    mgoNonCarbonatePct: decimal,
    kilnDustT: decimal,
    bypassDustT: decimal,
    rawMealT: decimal,
    rawMealOrganicCarbonPct: decimal,
    kilnDustCalcinationPct: {
      ...decimal,
      description: 'measured calcination degree of the kiln dust, %; left out, the dust counts at the clinker factor',
    },
    bypassDustCalcinationPct: {
      ...decimal,
      description: 'measured calcination degree of the bypass dust, %; left out, the dust counts at the clinker factor',
    },
  },
} as const;

const carbonStream = {
  type: 'object',
  additionalProperties: false,
  required: ['material', 'quantity', 'unit', 'carbonContent'],
  properties: {
    material: { type: 'string', minLength: 1, maxLength: 64 },
    quantity: decimal,
    unit: { type: 'string', enum: ['t', '10^4 Nm3'] },
    carbonContent: { ...decimal, description: 'tC per t, or per 10^4 Nm3 of gas' },
  },
} as const;

const carbonBalance = {
  type: 'object',
  additionalProperties: false,
  required: ['method', 'inputs', 'outputs'],
  properties: {
    method: { type: 'string', enum: ['carbon_balance'] },
    inputs: { type: 'array', minItems: 1, maxItems: 100, items: carbonStream },
    outputs: { type: 'array', maxItems: 100, items: carbonStream },
  },
} as const;

const measured = { oneOf: [clinkerComposition, carbonBalance] } as const;

const activityRecord = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: uuid,
    orgId: uuid,
    siteId: { ...uuid, type: ['string', 'null'] },
    periodStart: date,
    periodEnd: date,
    sourceKind: { type: 'string', enum: ACTIVITY_SOURCE_KINDS },
    subject: { type: 'string' },
    quantity: { type: 'string' },
    unit: { type: 'string' },
    calcinationFraction: { type: ['string', 'null'] },
    activityUncertaintyPct: { type: ['string', 'null'] },
    factorUncertaintyPct: { type: ['string', 'null'] },
    evidence: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    measured,
  },
} as const;

const subjectsText = Object.entries(ACTIVITY_SUBJECTS)
  .map(([kind, subjects]) => `${kind}: ${subjects.join(', ')}`)
  .join('; ');

/** Activity data no meter measures: refrigerant and SF6 leaks, vehicle fuel, process materials, biomass. */
export async function activityDataRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: ActivityRecordInput }>(
    '/v1/activity-data',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['accounting'],
        summary:
          'Record non-metered activity data (fugitive gas leaked, vehicle fuel, process material, biomass) for a period with its evidence',
        description: `Subjects per source kind: ${subjectsText}. Carbonates (calcite, magnesite, dolomite) need calcinationFraction. Clinker may carry its measured composition (measured.method "clinker_composition"), crude_steel needs its carbon balance (measured.method "carbon_balance"). Uncertainties are percent at 95 % confidence; left out, the inventory uses its default for the kind.`,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['periodStart', 'periodEnd', 'sourceKind', 'subject', 'quantity', 'unit', 'evidence'],
          properties: {
            siteId: { ...uuid, type: ['string', 'null'], description: 'the whole organisation when omitted' },
            periodStart: date,
            periodEnd: { ...date, description: 'exclusive' },
            sourceKind: { type: 'string', enum: ACTIVITY_SOURCE_KINDS },
            subject: { type: 'string', minLength: 1, maxLength: 64 },
            quantity: { ...decimal, description: 'exact decimal, e.g. "12.5"' },
            unit: { type: 'string', enum: ['kg', 't'] },
            calcinationFraction: { type: ['string', 'null'], pattern: '^[01](\\.\\d{1,6})?$' },
            activityUncertaintyPct: percent,
            factorUncertaintyPct: percent,
            evidence: {
              type: 'string',
              minLength: 1,
              maxLength: 2000,
              description: 'the document the figure rests on (invoice, maintenance log, weighbridge record, CID)',
            },
            measured: {
              ...measured,
              description:
                'clinker: its measured composition (GB/T 32151.8); crude_steel: its carbon balance (GB/T 32151.5, required)',
            },
          },
        },
        response: { 201: activityRecord, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await recordActivityData(deps.db, orgOf(request), request.body)),
  );

  app.get<{ Querystring: { start?: string; end?: string } }>(
    '/v1/activity-data',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary: "The organisation's non-metered activity data, optionally those inside [start, end)",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { start: date, end: date },
        },
        response: { 200: { type: 'array', items: activityRecord }, ...errorResponses(400) },
      },
    },
    async (request) => listActivityData(deps.db, orgOf(request), request.query),
  );
}
