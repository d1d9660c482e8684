import { date, isoTime, uuid } from '../schemas';
import { QUOTA_PRODUCT_LINES } from '../../market/quotaProductLines';

const nullableText = { type: ['string', 'null'] } as const;

const correction = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'factor'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    factor: { type: 'string', maxLength: 40, description: 'a positive exact decimal, e.g. "0.99"' },
  },
} as const;

export const quotaRuleBody = {
  type: 'object',
  additionalProperties: false,
  required: ['product', 'benchmark', 'source'],
  properties: {
    product: {
      type: 'string',
      maxLength: 40,
      description: `the covered product line: ${Object.entries(QUOTA_PRODUCT_LINES)
        .map(([k, v]) => `${k} (${v.unit})`)
        .join(', ')}`,
    },
    benchmark: { type: 'string', maxLength: 40, description: 't CO2 per unit of output, a positive exact decimal' },
    corrections: { type: 'array', maxItems: 10, items: correction },
    productionProduct: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'the product name of the production volumes measuring this output; the line key when omitted',
    },
    source: { type: 'string', maxLength: 500, description: 'where the benchmark and factors come from' },
  },
} as const;

export const quotaRuleSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: uuid,
    orgId: uuid,
    product: { type: 'string' },
    unit: { type: 'string' },
    version: { type: 'integer' },
    benchmark: { type: 'string' },
    corrections: { type: 'array', items: correction },
    productionProduct: { type: 'string' },
    source: { type: 'string' },
    createdAt: isoTime,
    createdByKey: { type: ['string', 'null'] },
    retiredAt: { type: ['string', 'null'] },
    retiredByKey: { type: ['string', 'null'] },
    retiredReason: nullableText,
  },
} as const;

export const orgQuery = {
  orgId: { ...uuid, description: 'an enterprise the authority oversees; your own organisation when omitted' },
} as const;

const annualOutput = {
  type: 'object',
  additionalProperties: false,
  properties: {
    year: { type: 'integer' },
    output: { type: 'string' },
    coveredDays: { type: 'integer' },
    daysInYear: { type: 'integer' },
    volumes: { type: 'integer' },
  },
} as const;

const interval = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { confidence: { type: 'number' }, lower: { type: 'string' }, upper: { type: 'string' } },
} as const;

const line = {
  type: 'object',
  additionalProperties: false,
  properties: {
    product: { type: 'string' },
    unit: { type: 'string' },
    rule: {
      type: 'object',
      additionalProperties: false,
      properties: { id: uuid, version: { type: 'integer' }, source: { type: 'string' }, createdAt: isoTime },
    },
    output: {
      type: 'object',
      additionalProperties: false,
      properties: {
        value: { type: 'string' },
        source: { type: 'string', enum: ['entered', 'last_year', 'last_year_annualised', 'trend'] },
        explanation: { type: 'string' },
        series: { type: 'array', items: annualOutput },
        interval,
      },
    },
    benchmarkTPerUnit: { type: 'string' },
    corrections: { type: 'array', items: correction },
    correctionProduct: { type: 'string' },
    allocationT: { type: 'string' },
    formula: { type: 'string' },
    interval: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { lowerT: { type: 'string' }, upperT: { type: 'string' } },
    },
  },
} as const;

const pair = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { forecast: nullableText, upper: nullableText },
} as const;

export const quotaEstimateSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    orgId: uuid,
    year: { type: 'integer' },
    asOf: date,
    method: { type: 'string' },
    formula: { type: 'string' },
    lines: { type: 'array', items: line },
    allocationT: { type: 'string' },
    emissions: {
      type: 'object',
      additionalProperties: false,
      properties: {
        year: { type: 'integer' },
        asOf: date,
        note: { type: 'string' },
        basis: { type: ['string', 'null'], enum: ['verified', 'forecast', null] },
        verifiedObligationT: nullableText,
        obligationT: pair,
        emissionsKg: { type: ['object', 'null'], additionalProperties: true },
        rule: nullableText,
        unavailable: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { code: { type: 'string' }, message: { type: 'string' }, hint: { type: 'string' } },
        },
      },
    },
    balanceT: pair,
    position: { type: ['string', 'null'], enum: ['surplus', 'shortfall', 'balanced', null] },
    lastPrice: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { day: { type: 'string' }, currency: { type: 'string' }, minorUnitsPerT: { type: 'string' } },
    },
    balanceValueMinorUnits: pair,
  },
} as const;
