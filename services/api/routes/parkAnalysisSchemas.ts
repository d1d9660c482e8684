import { uuid } from '../schemas';

const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const level = { type: ['string', 'null'], enum: ['advanced', 'average', 'lagging', null] } as const;
const levels = {
  type: ['object', 'null'],
  properties: { advanced: strOrNull, baseline: strOrNull, source: strOrNull },
} as const;

export const benchmarkingSchema = {
  type: 'object',
  properties: {
    period: { type: 'object', properties: { from: str, to: str } },
    basis: str,
    products: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          product: str,
          unit: str,
          benchmarks: { type: 'object', properties: { kgcePerUnit: levels, kgCO2ePerUnit: levels } },
          parkAverage: {
            type: 'object',
            properties: { quantity: str, kgcePerUnit: str, kgCO2ePerUnit: str },
          },
          members: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                memberId: uuid,
                name: str,
                rank: { type: 'integer' },
                quantity: str,
                energyKgce: str,
                co2eKg: str,
                kgcePerUnit: str,
                kgCO2ePerUnit: str,
                kgceLevel: level,
                co2eLevel: level,
              },
            },
          },
        },
      },
    },
  },
} as const;

export const utilitySchema = {
  type: 'object',
  properties: {
    id: uuid,
    name: str,
    energyKind: str,
    unit: str,
    allocation: { type: 'string', enum: ['metered', 'fixed'] },
    key: {
      type: 'array',
      items: { type: 'object', properties: { memberId: uuid, name: str, weight: str } },
    },
    outputs: {
      type: 'array',
      items: { type: 'object', properties: { periodStart: str, periodEnd: str, quantity: str } },
    },
  },
} as const;

export const flowSchema = {
  type: 'object',
  properties: {
    period: { type: 'object', properties: { from: str, to: str } },
    unit: str,
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: str,
          kind: { type: 'string', enum: ['purchased', 'utility', 'member', 'export'] },
          name: str,
        },
      },
    },
    links: {
      type: 'array',
      items: { type: 'object', properties: { source: str, target: str, kgce: str } },
    },
    utilities: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          utility: {
            type: 'object',
            properties: { id: uuid, name: str, energyKind: str, unit: str, allocation: str },
          },
          output: str,
          outputKgce: str,
          members: {
            type: 'array',
            items: {
              type: 'object',
              properties: { memberId: uuid, name: str, weight: str, quantity: str, kgce: str },
            },
          },
        },
      },
    },
  },
} as const;

export const parkBudgetSchema = {
  type: 'object',
  properties: {
    id: uuid,
    name: strOrNull,
    member: { type: ['object', 'null'], properties: { id: uuid, name: str } },
    periodStart: str,
    periodEnd: str,
    energyKgce: strOrNull,
    co2eKg: strOrNull,
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

const forecastSchema = {
  type: ['object', 'null'],
  properties: {
    actual: str,
    forecast: str,
    dailyMean: str,
    lower: strOrNull,
    upper: strOrNull,
    budget: strOrNull,
    headroom: strOrNull,
    warning: strOrNull,
  },
} as const;

export const warningsSchema = {
  type: 'object',
  properties: {
    asOf: str,
    budgets: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          budget: parkBudgetSchema,
          asOf: str,
          elapsedDays: { type: 'integer' },
          remainingDays: { type: 'integer' },
          historyDays: { type: 'integer' },
          daysWithoutData: { type: 'array', items: str },
          members: { type: 'integer' },
          confidence: { type: 'number' },
          energyKgce: forecastSchema,
          co2eKg: forecastSchema,
        },
      },
    },
    warnings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          budgetId: uuid,
          budgetName: strOrNull,
          member: { type: ['object', 'null'], properties: { id: uuid, name: str } },
          quantity: { type: 'string', enum: ['energyKgce', 'co2eKg'] },
          warning: str,
          budget: str,
          forecast: str,
          upper: strOrNull,
        },
      },
    },
  },
} as const;

export const complianceSchema = {
  type: 'object',
  properties: {
    year: { type: 'integer' },
    members: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          member: { type: 'object', properties: { id: uuid, name: str, grantLevel: str } },
          latestInventory: {
            type: ['object', 'null'],
            properties: {
              periodStart: str,
              periodEnd: str,
              version: { type: 'integer' },
              status: str,
              notarizedAt: strOrNull,
              verification: strOrNull,
            },
          },
          compliance: {
            type: ['object', 'null'],
            properties: {
              year: { type: 'integer' },
              allocatedT: str,
              verifiedKgCO2e: strOrNull,
              obligationT: str,
              allowancesSurrenderedT: str,
              offsetsSurrenderedT: str,
              shortfallT: str,
              status: { type: 'string', enum: ['pending', 'compliant', 'non_compliant'] },
            },
          },
        },
      },
    },
  },
} as const;
