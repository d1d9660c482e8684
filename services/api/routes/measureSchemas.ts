import { date, uuid } from '../schemas';
import { MEASURE_KINDS, MEASURE_STATUSES } from '../../measures/measureTypes';
import { savingsSchema } from './analysisSchemas';

/** JSON schemas of the measures routes (节能降碳措施): measures, their tasks and comments, their results. */
const amount = { type: ['string', 'null'], pattern: '^\\d{1,20}(\\.\\d{1,10})?$' } as const;
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const nullableText = (max: number) => ({ type: ['string', 'null'], maxLength: max }) as const;
const nullableDate = { ...date, type: ['string', 'null'] } as const;
const kg = { type: 'string', pattern: '^-?\\d+\\.\\d{3}$' } as const;

const measureFields = {
  title: text(200),
  kind: { type: 'string', enum: [...MEASURE_KINDS] },
  siteId: { ...uuid, type: ['string', 'null'], description: 'Where: the site (needed for IPMVP option C).' },
  meterIds: {
    type: 'array',
    items: uuid,
    maxItems: 100,
    uniqueItems: true,
    description: 'Where: the meters of the measure (needed for IPMVP option B).',
  },
  owner: nullableText(200),
  expectedEnergy: { ...amount, description: "Expected savings per year in the baseline meters' unit." },
  expectedKgce: { ...amount, description: 'Expected savings per year in kgce.' },
  costCny: { ...amount, description: 'Cost in CNY.' },
  plannedStart: nullableDate,
  plannedEnd: nullableDate,
  ipmvpOption: { type: 'string', enum: ['B', 'C'], description: "B: the measure's meters; C: the whole facility." },
  baselineId: {
    ...uuid,
    type: ['string', 'null'],
    description: 'The baseline (POST /v1/baselines) savings are measured against.',
  },
} as const;

export const measureBody = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'kind', 'ipmvpOption'],
  properties: measureFields,
} as const;

export const measurePatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: measureFields,
} as const;

export const measureSchema = {
  type: 'object',
  properties: {
    id: uuid,
    ...measureFields,
    title: { type: 'string' },
    status: { type: 'string', enum: [...MEASURE_STATUSES] },
    implementedOn: { type: ['string', 'null'] },
    statusChangedAt: { type: 'string', format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'title', 'kind', 'ipmvpOption', 'status'],
} as const;

export const statusBody = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['in_progress', 'implemented', 'cancelled'] },
    on: { ...date, description: 'The implementation date (needed for implemented): the first reporting day.' },
  },
} as const;

export const taskBody = {
  type: 'object',
  additionalProperties: false,
  required: ['title'],
  properties: { title: text(200), owner: nullableText(200), dueOn: nullableDate },
} as const;

export const taskPatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    title: text(200),
    owner: nullableText(200),
    dueOn: nullableDate,
    status: { type: 'string', enum: ['open', 'done'] },
  },
} as const;

export const taskSchema = {
  type: 'object',
  properties: {
    id: uuid,
    measureId: uuid,
    title: { type: 'string' },
    owner: { type: ['string', 'null'] },
    dueOn: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['open', 'done'] },
    completedAt: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    comments: { type: 'integer' },
  },
  required: ['id', 'measureId', 'title', 'status'],
} as const;

export const commentBody = {
  type: 'object',
  additionalProperties: false,
  required: ['body'],
  properties: { body: text(4000), author: nullableText(200) },
} as const;

export const commentSchema = {
  type: 'object',
  properties: {
    id: uuid,
    taskId: uuid,
    author: { type: ['string', 'null'] },
    body: { type: 'string' },
    createdAt: { type: 'string' },
  },
  required: ['id', 'taskId', 'body'],
} as const;

export const resultsSchema = {
  type: 'object',
  properties: {
    measure: measureSchema,
    reportingPeriod: { type: 'object', properties: { start: date, end: date }, required: ['start', 'end'] },
    savings: savingsSchema,
    avoided: {
      type: ['object', 'null'],
      properties: {
        energyKgce: kg,
        co2eLocationKg: kg,
        co2eMarketKg: kg,
        factorSet: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            version: { type: 'integer' },
            contentHash: { type: 'string' },
          },
        },
        method: { type: 'string' },
      },
    },
    realisedVsExpected: {
      type: ['object', 'null'],
      properties: {
        basis: { type: 'string', enum: ['energy', 'kgce'] },
        unit: { type: 'string' },
        expectedProRata: kg,
        realised: kg,
        percent: { type: ['string', 'null'], pattern: '^-?\\d+\\.\\d{2}$' },
      },
    },
    warnings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string' },
          message: { type: 'string' },
          withinUncertainty: { type: 'boolean' },
        },
      },
    },
  },
  required: ['measure', 'reportingPeriod', 'savings', 'avoided', 'realisedVsExpected', 'warnings'],
} as const;
