import { date, decimalString, isoTime, uuid } from '../schemas';
import { measureBody } from './measureSchemas';

/** JSON schemas of the energy balance routes (企业能量平衡, 能效平衡与优化) and conversion units. */
const nullableDecimal = { type: ['string', 'null'] } as const;
const figure = { type: 'string' } as const;

const columns = {
  type: 'object',
  additionalProperties: false,
  properties: {
    purchased: figure,
    stockChange: { type: 'null', description: 'Nengtan records no stock levels: always null, not in the sums' },
    conversionOutput: figure,
    conversionInput: figure,
    losses: { ...figure, description: 'Distribution and transmission losses: parent meters minus their sub-meters' },
    endUse: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: { use: { type: ['string', 'null'] }, quantity: figure },
      },
    },
    endUseTotal: figure,
    exported: figure,
    supply: { ...figure, description: 'purchased + conversion output' },
    disposition: { ...figure, description: 'conversion input + losses + end use + exported' },
    unexplained: { ...figure, description: 'supply − disposition: what the meters do not explain' },
  },
} as const;

const part = {
  type: 'object',
  additionalProperties: false,
  properties: {
    meter: figure,
    energyKind: figure,
    unit: figure,
    quantity: figure,
    kgce: nullableDecimal,
  },
} as const;

export const energyBalanceQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: { ...date, description: 'First local day' },
    to: { ...date, description: 'Day after the last' },
    site: { ...uuid, description: 'Only the meters of this site' },
  },
} as const;

export const optimisationQuery = {
  ...energyBalanceQuery,
  properties: {
    ...energyBalanceQuery.properties,
    lossTolerancePercent: {
      ...decimalString,
      description:
        'Losses of a branch up to this per cent of its parent meter are tolerated (default 3); a branch with an enabled loss alert rule is held to the rule instead',
    },
  },
} as const;

export const energyBalanceSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: figure,
    to: figure,
    siteId: { type: ['string', 'null'] },
    factorSet: figure,
    rows: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          energyKind: figure,
          unit: figure,
          quantity: columns,
          kgce: { anyOf: [columns, { type: 'null' }] },
        },
      },
    },
    totalKgce: {
      ...columns,
      properties: {
        ...columns.properties,
        conversionLoss: { ...figure, description: 'conversion input − conversion output, kgce' },
      },
    },
    conversionUnits: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          outputMeter: figure,
          name: { type: ['string', 'null'] },
          output: part,
          inputs: { type: 'array', items: part },
          inputKgce: nullableDecimal,
          efficiencyPercent: { ...nullableDecimal, description: 'output kgce / input kgce, per cent' },
          referenceEfficiencyPercent: nullableDecimal,
        },
      },
    },
    branches: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          meter: figure,
          energyKind: figure,
          unit: figure,
          quantity: figure,
          childrenQuantity: figure,
          loss: figure,
          lossPercent: nullableDecimal,
          lossKgce: nullableDecimal,
        },
      },
    },
    unplaced: { type: 'array', items: figure },
    stockChangeNote: figure,
  },
} as const;

const saving = {
  type: 'object',
  additionalProperties: false,
  properties: {
    lines: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          meter: figure,
          energyKind: figure,
          unit: figure,
          quantity: figure,
          kgce: figure,
          co2eLocationKg: nullableDecimal,
          costCny: nullableDecimal,
        },
      },
    },
    kgce: figure,
    co2eLocationKg: { ...nullableDecimal, description: 'kg CO2e location-based (inventory engine); null: no data' },
    costCny: { ...nullableDecimal, description: 'CNY at the average tariff price; null: no tariff' },
  },
} as const;

export const optimisationSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: figure,
    to: figure,
    days: { type: 'integer' },
    lossTolerancePercent: figure,
    points: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          rank: { type: 'integer' },
          kind: { type: 'string', enum: ['branch_loss', 'conversion'] },
          meter: figure,
          observedPercent: figure,
          targetPercent: figure,
          targetSource: {
            type: 'string',
            enum: ['request', 'loss_rule', 'reference'],
            description: "lossTolerancePercent, the meter's strictest enabled loss alert rule, or the unit's reference",
          },
          saving,
          perYear: saving,
          measureDraft: { ...measureBody, description: 'A body for POST /v1/measures' },
        },
      },
    },
  },
} as const;

export const conversionUnitBody = {
  type: 'object',
  additionalProperties: false,
  required: ['inputs'],
  properties: {
    inputs: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: { type: 'string', minLength: 1, maxLength: 200 },
      description: 'External ids or UUIDs of the meters of the energy the unit consumes (fuel, electricity)',
    },
    name: { type: ['string', 'null'], maxLength: 100 },
    referenceEfficiencyPercent: {
      anyOf: [decimalString, { type: 'null' }],
      description: 'Output kgce / input kgce the unit should reach, per cent (e.g. 80 for a coal boiler)',
    },
  },
} as const;

export const conversionUnitSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    outputMeterId: uuid,
    outputMeter: figure,
    name: { type: ['string', 'null'] },
    inputs: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, properties: { meterId: uuid, meter: figure } },
    },
    referenceEfficiencyPercent: nullableDecimal,
    changedAt: isoTime,
    changedBy: uuid,
  },
} as const;
