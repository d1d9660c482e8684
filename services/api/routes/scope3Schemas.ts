import { SCOPE3_FACTOR_CATEGORIES } from '../../accounting/scope3FactorSets';
import { date, isoTime, uuid } from '../schemas';

const decimal = { type: 'string', pattern: '^\\d{1,20}(\\.\\d{1,12})?$' } as const;
const category = { type: 'integer', enum: SCOPE3_FACTOR_CATEGORIES } as const;
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

const factorProperties = {
  category,
  subject: {
    ...text(64),
    description:
      'What the factor applies to: a mode ("road", "rail", "air economy", "car"), "spend", or for category 3 "well_to_tank:<fuel>" (diesel, natural_gas, …) and "td_losses".',
  },
  unit: { ...text(32), description: 'The activity unit ("t·km", "passenger·km", "kWh", "t") or "CNY" (spend-based).' },
  kgCO2ePerUnit: { ...decimal, description: 'Exact decimal, e.g. "0.0712".' },
  source: { ...text(2000), description: 'Where the value comes from (publication, table, year).' },
} as const;

const factorInput = {
  type: 'object',
  additionalProperties: false,
  required: ['category', 'subject', 'unit', 'kgCO2ePerUnit', 'source'],
  properties: factorProperties,
} as const;

const factor = { ...factorInput, properties: { id: uuid, ...factorProperties } } as const;

export const factorSetSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: uuid,
    orgId: uuid,
    name: { type: 'string' },
    version: { type: 'integer' },
    description: { type: 'string' },
    factors: { type: 'array', items: factor },
    createdAt: isoTime,
  },
} as const;

export const factorSetBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'factors'],
  properties: {
    name: { ...text(100), description: 'A set of this name already there gets its next version.' },
    description: { type: 'string', maxLength: 2000 },
    factors: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: factorInput,
    },
  },
} as const;

const term = {
  type: 'object',
  additionalProperties: false,
  required: ['label', 'value'],
  properties: { label: text(100), value: decimal },
} as const;

export const activitySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: uuid,
    orgId: uuid,
    periodStart: date,
    periodEnd: date,
    category,
    method: { type: 'string', enum: ['activity', 'spend'] },
    description: { type: 'string' },
    quantity: { type: 'string' },
    terms: { type: ['array', 'null'], items: term },
    factor: {
      type: 'object',
      additionalProperties: false,
      properties: {
        setId: uuid,
        setName: { type: 'string' },
        setVersion: { type: 'integer' },
        factorId: uuid,
        subject: { type: 'string' },
        unit: { type: 'string' },
        kgCO2ePerUnit: { type: 'string' },
        source: { type: 'string' },
      },
    },
    evidence: { type: 'string' },
    createdAt: isoTime,
  },
} as const;

export const activityBody = {
  type: 'object',
  additionalProperties: false,
  required: ['periodStart', 'periodEnd', 'category', 'factorSetId', 'subject', 'description', 'evidence'],
  properties: {
    periodStart: date,
    periodEnd: { ...date, description: 'exclusive' },
    category,
    factorSetId: { ...uuid, description: 'One of your Scope 3 factor sets (GET /v1/scope3-factor-sets).' },
    subject: { ...text(64), description: 'The factor\'s subject in the set, e.g. "road" or "spend".' },
    description: text(500),
    quantity: { ...decimal, description: "In the factor's unit (t·km, passenger·km, CNY…); or send terms." },
    terms: {
      type: 'array',
      minItems: 1,
      maxItems: 8,
      items: term,
      description: 'The quantity as a product, e.g. staff × working days × trips per day × km per trip.',
    },
    evidence: {
      ...text(2000),
      description: 'The document the figure rests on (freight bills, travel report, survey).',
    },
  },
} as const;
