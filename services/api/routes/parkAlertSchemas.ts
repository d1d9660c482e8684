import { isoTime, uuid } from '../schemas';

/** JSON schemas of the park alert rule routes (issue 12 §1). */
const text = { type: 'string', minLength: 1, maxLength: 200 } as const;

export const parkRuleParams = {
  type: 'object',
  description:
    'total: {metric: kgce|co2e (kgce), period: day|month, above}; budget: {trigger: forecast|upper (forecast)}; ' +
    'intensity: {product, unit, indicator: kgce_per_unit|kgco2e_per_unit (kgce_per_unit), level: baseline|advanced ' +
    '(baseline)}. Decimals are strings.',
  additionalProperties: false,
  properties: {
    metric: { type: 'string' },
    period: { type: 'string' },
    above: { type: 'string', maxLength: 40 },
    trigger: { type: 'string' },
    product: text,
    unit: text,
    indicator: { type: 'string' },
    level: { type: 'string' },
  },
} as const;

export const parkRuleBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind', 'scope'],
  properties: {
    name: text,
    kind: { type: 'string', description: 'total, budget or intensity' },
    scope: { type: 'string', description: 'park (every consenting member) or member (memberId)' },
    memberId: uuid,
    meterIds: {
      type: 'array',
      maxItems: 1000,
      items: uuid,
      description: "total rules of scope member only, and only under the member's meters grant",
    },
    params: parkRuleParams,
    enabled: { type: 'boolean' },
  },
} as const;

export const parkRuleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'kind', 'scope', 'member', 'meterIds', 'params', 'enabled', 'createdAt'],
  properties: {
    id: uuid,
    name: { type: 'string' },
    kind: { type: 'string', enum: ['total', 'budget', 'intensity'] },
    scope: { type: 'string', enum: ['park', 'member'] },
    member: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['id', 'name'],
      properties: { id: uuid, name: { type: 'string' } },
    },
    meterIds: { type: 'array', items: uuid },
    params: parkRuleParams,
    enabled: { type: 'boolean' },
    createdAt: isoTime,
  },
} as const;
