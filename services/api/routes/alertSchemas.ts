import { date, isoTime, uuid } from '../schemas';

/** JSON schemas of the alert and webhook routes (issue 11 §1). */
const nullableText = { type: ['string', 'null'] } as const;
const decimal = { type: 'string', pattern: '^\\d{1,20}(\\.\\d{1,10})?$' } as const;

export const ruleKind = {
  type: 'string',
  enum: [
    'threshold',
    'completeness',
    'zero_run',
    'flat_line',
    'schedule',
    'anomaly',
    'loss',
    'budget',
    'compliance',
    'total',
    'intensity',
    'register_check',
  ],
} as const;

export const subjectKind = {
  type: 'string',
  enum: ['meter', 'budget', 'compliance', 'group', 'organisation'],
} as const;

export const ruleParams = {
  type: 'object',
  description:
    'threshold: {metric: energy|kgce|co2e|power (kW, interval only), period: interval|day|month, above}; ' +
    'completeness: {minPercent (90)}; loss: {maxPercent ("5"): parent meter minus its sub-meters per day}; ' +
    'zero_run and flat_line: {minIntervals}; schedule: {start "HH:MM", end "HH:MM", weekdays [1..7], holidays [dates], ' +
    'allowance}; anomaly: {weeks (12), k (8), minDeviation ("0")}; budget and compliance (scope organisation): ' +
    '{trigger: forecast|upper}; total (group or organisation): {metric: energy|kgce|co2e, period: day|month, above}; ' +
    'intensity: {metric: kgce|co2e, driver (a driver series), period: day|month, above}; register_check: {maxPercent ' +
    '("2"), minDifference ("0")}: an interval meter against its paired cumulative register per day. Decimals are strings.',
  additionalProperties: false,
  properties: {
    metric: { type: 'string', enum: ['energy', 'kgce', 'co2e', 'power'] },
    period: { type: 'string', enum: ['interval', 'day', 'month'] },
    above: decimal,
    minPercent: { type: 'integer' },
    minIntervals: { type: 'integer' },
    start: { type: 'string', maxLength: 5 },
    end: { type: 'string', maxLength: 5 },
    weekdays: { type: 'array', maxItems: 7, items: { type: 'integer' } },
    holidays: { type: 'array', maxItems: 400, items: date },
    allowance: decimal,
    weeks: { type: 'integer' },
    k: decimal,
    minDeviation: decimal,
    maxPercent: decimal,
    trigger: { type: 'string', enum: ['forecast', 'upper'] },
    driver: { type: 'string', maxLength: 64 },
    minDifference: decimal,
  },
} as const;

export const ruleBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind', 'scope'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    kind: ruleKind,
    scope: { type: 'string', enum: ['meter', 'group', 'organisation'] },
    meterIds: { type: 'array', maxItems: 1000, items: uuid },
    params: ruleParams,
    enabled: { type: 'boolean' },
  },
} as const;

export const ruleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'kind', 'scope', 'meterIds', 'params', 'enabled', 'createdAt'],
  properties: { ...ruleBody.properties, id: uuid, createdAt: isoTime },
} as const;

export const alertState = { type: 'string', enum: ['open', 'acknowledged', 'resolved'] } as const;

export const alertSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: uuid,
    ruleId: uuid,
    meterId: { type: ['string', 'null'], description: 'the meter when the subject is one' },
    subjectKind,
    subjectId: {
      type: 'string',
      description: 'meter, budget or organisation id; the rule id for a group; the year for compliance',
    },
    subjectLabel: { type: 'string', description: 'the subject in words' },
    kind: ruleKind,
    state: alertState,
    day: { ...date, description: 'the local day (first of the month for monthly thresholds) last seen in violation' },
    message: { type: 'string' },
    observed: nullableText,
    expected: nullableText,
    deviation: nullableText,
    details: { type: 'object', additionalProperties: true },
    openedAt: isoTime,
    lastSeenAt: isoTime,
    acknowledgedBy: { ...nullableText, description: 'the API key id' },
    acknowledgedAt: { type: ['string', 'null'] },
    resolvedBy: { ...nullableText, description: 'the API key id, or "system" when the condition ended' },
    resolvedAt: { type: ['string', 'null'] },
  },
} as const;

export const alertQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    state: alertState,
    meterId: uuid,
    subjectKind,
    kind: ruleKind,
    ruleId: uuid,
    since: { ...isoTime, description: 'alerts seen at or after this time' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
  },
} as const;

export const webhookBody = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: { type: 'string', minLength: 8, maxLength: 2000 },
    description: { type: ['string', 'null'], maxLength: 200 },
    enabled: { type: 'boolean' },
  },
} as const;

export const webhookSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: uuid,
    url: { type: 'string' },
    description: nullableText,
    enabled: { type: 'boolean' },
    createdAt: isoTime,
    secret: { type: 'string', description: 'HMAC-SHA256 key of the x-nengtan-signature header; shown only once' },
  },
} as const;

export const deliverySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'integer' },
    event: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    nextAttemptAt: isoTime,
    lastStatus: { type: ['integer', 'null'] },
    lastError: nullableText,
    deliveredAt: { type: ['string', 'null'] },
  },
} as const;

export const testDeliverySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { ok: { type: 'boolean' }, status: { type: ['integer', 'null'] }, error: nullableText },
} as const;
