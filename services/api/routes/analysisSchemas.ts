import { date, uuid } from '../schemas';

/** JSON schemas of the M&V routes (drivers, baselines, savings). */
export const driverName = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' } as const;
const num = { type: 'number' } as const;
const nullableNumber = { type: ['number', 'null'] } as const;
const range = { type: 'object', properties: { min: num, max: num }, required: ['min', 'max'] } as const;

export const driverUploadBody = {
  type: 'object',
  additionalProperties: false,
  required: ['unit', 'values'],
  properties: {
    unit: { type: 'string', minLength: 1, maxLength: 40, description: 'e.g. "degC" or "t"' },
    values: {
      type: 'array',
      maxItems: 20_000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['day', 'value'],
        properties: { day: date, value: { type: 'string', maxLength: 40 } },
      },
    },
  },
} as const;

export const driverSeriesSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    unit: { type: 'string' },
    values: {
      type: 'array',
      items: { type: 'object', properties: { day: date, value: { type: 'string' } }, required: ['day', 'value'] },
    },
  },
  required: ['name', 'unit', 'values'],
} as const;

export const baselineBody = {
  type: 'object',
  additionalProperties: false,
  required: ['meterIds', 'periodStart', 'periodEnd'],
  properties: {
    name: { type: ['string', 'null'], maxLength: 200 },
    meterIds: { type: 'array', items: uuid, minItems: 1, maxItems: 100, uniqueItems: true },
    periodStart: { ...date, description: 'First day of the baseline period.' },
    periodEnd: { ...date, description: 'The day after the last (exclusive).' },
    temperatureDriver: {
      ...driverName,
      type: ['string', 'null'],
      description: 'Driver holding the daily mean outdoor temperature in °C; degree days are searched over it.',
    },
    drivers: { type: 'array', items: driverName, maxItems: 5, uniqueItems: true, default: [] },
  },
} as const;

const criterion = {
  type: 'object',
  properties: {
    criterion: { type: 'string' },
    value: nullableNumber,
    limit: { type: 'string' },
    passed: { type: 'boolean' },
    source: { type: 'string' },
  },
} as const;

/** What a baseline covers, first in both the full view and the list (BaselineCoverage). */
const baselineCoverageProperties = {
  id: uuid,
  name: { type: ['string', 'null'] },
  meterIds: { type: 'array', items: uuid },
  unit: { type: 'string' },
  periodStart: date,
  periodEnd: date,
  temperatureDriver: { type: ['string', 'null'] },
  drivers: { type: 'array', items: { type: 'string' } },
} as const;

export const baselineSchema = {
  type: 'object',
  properties: {
    ...baselineCoverageProperties,
    model: {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            heatingBalancePoint: nullableNumber,
            coolingBalancePoint: nullableNumber,
            drivers: { type: 'array', items: { type: 'string' } },
          },
        },
        terms: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              term: { type: 'string' },
              coefficient: num,
              standardError: num,
              tStat: num,
              pValue: num,
            },
          },
        },
        n: { type: 'integer' },
        p: { type: 'integer' },
        meanEnergy: num,
        rSquared: num,
        adjustedRSquared: num,
        cvRmse: num,
        nmbe: num,
        modelP: nullableNumber,
        autocorrelation: num,
        ranges: {
          type: 'object',
          properties: { temperature: range, drivers: { type: 'object', additionalProperties: range } },
        },
        candidatesTried: { type: 'integer' },
      },
    },
    acceptance: {
      type: 'object',
      properties: { accepted: { type: 'boolean' }, criteria: { type: 'array', items: criterion } },
    },
    accepted: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'meterIds', 'unit', 'periodStart', 'periodEnd', 'model', 'acceptance', 'accepted'],
} as const;

const energy = { type: 'string', pattern: '^-?\\d+\\.\\d{3}$' } as const;

export const savingsSchema = {
  type: 'object',
  properties: {
    baselineId: uuid,
    unit: { type: 'string' },
    periodStart: date,
    periodEnd: date,
    periodDays: { type: 'integer' },
    days: { type: 'integer', description: 'Complete reporting days (m).' },
    adjustedBaseline: energy,
    actual: energy,
    avoided: energy,
    uncertainty: { ...energy, description: '± avoided energy at the confidence level (Guideline 14).' },
    confidence: num,
    fractionalSavings: num,
    relativeUncertainty: nullableNumber,
    effectiveN: num,
    t: num,
  },
  required: ['baselineId', 'unit', 'days', 'adjustedBaseline', 'actual', 'avoided', 'uncertainty', 'confidence'],
} as const;

export const baselineListSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      ...baselineCoverageProperties,
      accepted: { type: 'boolean' },
      rSquared: num,
      cvRmse: num,
      nmbe: num,
      createdAt: { type: 'string', format: 'date-time' },
    },
    required: ['id', 'meterIds', 'unit', 'periodStart', 'periodEnd', 'accepted'],
  },
} as const;

export const driverListSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      unit: { type: 'string' },
      days: { type: 'integer' },
      firstDay: { type: ['string', 'null'] },
      lastDay: { type: ['string', 'null'] },
    },
    required: ['name', 'unit', 'days', 'firstDay', 'lastDay'],
  },
} as const;

export const baselineFitSchema = {
  type: 'object',
  properties: {
    baselineId: uuid,
    unit: { type: 'string' },
    periodStart: date,
    periodEnd: date,
    days: {
      type: 'array',
      items: {
        type: 'object',
        properties: { day: date, actual: { type: 'string' }, predicted: { type: 'string' } },
        required: ['day', 'actual', 'predicted'],
      },
    },
  },
  required: ['baselineId', 'unit', 'periodStart', 'periodEnd', 'days'],
} as const;
