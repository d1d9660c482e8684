import { date, uuid } from '../schemas';
import { ENERGY_KIND_NAMES } from '../../lib/energyKinds';
import { TOU_PERIODS } from '../../tariffs/tariffTypes';

const price = {
  type: 'string',
  pattern: '^\\d{1,12}(\\.\\d{1,8})?$',
  description: 'CNY per unit, exact decimal',
} as const;
const clock = {
  type: 'string',
  pattern: '^\\d{2}:\\d{2}$',
  description: 'local time HH:MM (24:00 ends the day)',
} as const;
const percent = { type: 'string', pattern: '^(100(\\.0{1,4})?|\\d{1,2}(\\.\\d{1,4})?)$' } as const;
const decimalText = { type: 'string' } as const;
const nullableText = { type: ['string', 'null'] } as const;

const periodRange = {
  type: 'object',
  additionalProperties: false,
  required: ['period', 'from', 'to'],
  properties: {
    period: { type: 'string', enum: [...TOU_PERIODS] },
    from: clock,
    to: clock,
    months: {
      type: ['array', 'null'],
      items: { type: 'integer', minimum: 1, maximum: 12 },
      maxItems: 12,
      description: 'months the range applies in; every month when omitted',
    },
  },
} as const;

const prices = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(TOU_PERIODS.map((p) => [p, price])),
} as const;

export const tariffBody = {
  type: 'object',
  additionalProperties: false,
  required: ['energyKind', 'validFrom'],
  properties: {
    siteId: { ...uuid, type: ['string', 'null'], description: "the organisation's default when omitted" },
    energyKind: { type: 'string', enum: ENERGY_KIND_NAMES },
    validFrom: { ...date, description: 'first local day this version prices' },
    price: { ...price, type: ['string', 'null'], description: 'one price per unit, when there are no periods' },
    periods: { type: ['array', 'null'], items: periodRange, maxItems: 48 },
    prices: { ...prices, type: ['object', 'null'] },
    note: { type: ['string', 'null'], maxLength: 500 },
  },
} as const;

export const tariffSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    siteId: nullableText,
    energyKind: { type: 'string' },
    unit: { type: 'string' },
    currency: { type: 'string' },
    validFrom: { type: 'string' },
    price: nullableText,
    periods: { type: 'array', items: periodRange },
    prices,
    note: nullableText,
    createdAt: { type: 'string' },
  },
} as const;

export const energyAnalysisQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: { ...date, description: 'first local day' },
    to: { ...date, description: 'day after the last' },
    siteId: uuid,
    movableSharePercent: { ...percent, description: 'per cent of flexible peak use that can move to valley (20)' },
    flexibleMeters: {
      type: 'string',
      maxLength: 4000,
      description:
        'comma-separated meter ids whose load can move; when omitted the flagged flexible meters, or all boundary electricity meters when none is flagged',
    },
    peakShareThresholdPercent: { ...percent, description: 'peak + sharp share above which to act (40)' },
    offHoursThresholdPercent: { ...percent, description: 'night and weekend share above which to act (30)' },
  },
} as const;

const figures = { type: 'object', additionalProperties: nullableText } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;

export const energyAnalysisSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { type: 'string' },
    to: { type: 'string' },
    siteId: nullableText,
    currency: { type: 'string' },
    factorSet: {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' }, version: { type: 'integer' } },
    },
    energy: {
      type: 'object',
      properties: {
        totalKgce: decimalText,
        kinds: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              energyKind: { type: 'string' },
              unit: { type: 'string' },
              quantity: decimalText,
              kgce: nullableText,
              sharePercent: nullableText,
              meters: strings,
            },
          },
        },
      },
    },
    cost: {
      type: 'object',
      properties: {
        totalCny: decimalText,
        kinds: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              energyKind: { type: 'string' },
              unit: { type: 'string' },
              quantity: decimalText,
              cny: decimalText,
              sharePercent: nullableText,
              unpricedQuantity: decimalText,
              tariffIds: strings,
            },
          },
        },
        electricityPeriods: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              period: { type: 'string' },
              kwh: decimalText,
              cny: decimalText,
              kwhSharePercent: nullableText,
              cnySharePercent: nullableText,
            },
          },
        },
      },
    },
    recommendations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string' },
          triggered: { type: 'boolean' },
          figures,
          meters: strings,
          tariffIds: strings,
          lines: {
            type: 'array',
            items: {
              type: 'object',
              properties: Object.fromEntries(
                ['tariffId', 'validFrom', 'period', 'kwh', 'movableKwh', 'price', 'valleyPrice', 'savedCny'].map(
                  (k) => [k, { type: 'string' }],
                ),
              ),
            },
          },
          basis: { type: 'string', enum: ['requested', 'flagged', 'all_electricity'] },
          assumption: { type: 'string' },
          flexibleMeters: {
            type: 'array',
            items: {
              type: 'object',
              properties: Object.fromEntries(
                ['externalId', 'movableSharePercent', 'shareSource', 'peakKwh', 'movableKwh'].map((k) => [
                  k,
                  { type: 'string' },
                ]),
              ),
            },
          },
        },
      },
    },
    meters: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          externalId: { type: 'string' },
          siteId: { type: 'string' },
          energyKind: { type: 'string' },
          unit: { type: 'string' },
          quantity: decimalText,
          flexible: { type: 'boolean' },
          inScope: { type: 'boolean' },
        },
      },
    },
    tariffs: { type: 'array', items: tariffSchema },
  },
} as const;
