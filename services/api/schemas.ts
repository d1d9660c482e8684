/** JSON schemas shared by routes; they double as the OpenAPI document served at /docs. */
export const errorSchema = {
  $id: 'Error',
  type: 'object',
  description: 'Every error: a stable code, a message and a hint that says what to do.',
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', example: 'NT_ERR_INGEST_INVALID' },
    message: { type: 'string' },
    hint: { type: 'string' },
    errorCount: { type: 'integer' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer', description: 'Position of the reading in the request (NDJSON/CSV: line number).' },
          field: { type: 'string' },
          path: { type: 'string' },
          code: { type: 'string' },
          message: { type: 'string' },
          hint: { type: 'string' },
        },
      },
    },
    requiredScope: { type: 'string' },
    requiredKind: { type: 'string' },
    maxReadings: { type: 'integer' },
    maxRows: { type: 'integer' },
    limitBytes: { type: 'integer' },
    limit: { type: 'integer' },
    windowSeconds: { type: 'integer' },
    retryAfterSeconds: { type: 'integer' },
    idempotencyKey: { type: 'string' },
    batchStatus: { type: 'string' },
    anchorLostAt: { type: 'string', format: 'date-time' },
    anchorLostReason: { type: 'string' },
    failedCriteria: {
      type: 'array',
      description: 'Acceptance criteria a baseline failed (NT_ERR_ANALYSIS_BASELINE_NOT_ACCEPTED).',
      items: { type: 'object', additionalProperties: true },
    },
    // alerts
    field: { type: 'string', description: 'The field an invalid alert rule or webhook was refused for.' },
    missing: {
      type: 'array',
      items: { type: 'string' },
      description: 'Meters named in an alert rule that do not exist.',
    },
    state: { type: 'string', description: "The alert's current state (NT_ERR_ALERT_STATE)." },
    requested: { type: 'string', description: 'The state asked for (NT_ERR_ALERT_STATE).' },
    // quota estimate
    products: {
      type: 'array',
      items: { type: 'string' },
      description: 'The product lines an allocation rule may cover (NT_ERR_QUOTA_PRODUCT_UNKNOWN).',
    },
    product: { type: 'string', description: 'The product line the quota estimate was refused for.' },
    productionProduct: { type: 'string', description: 'The production volumes product name searched.' },
    year: { type: 'integer', description: 'The year the output was to be forecast for.' },
    fullYears: {
      type: 'array',
      items: { type: 'integer' },
      description: 'Years fully covered by production volumes (NT_ERR_QUOTA_TREND_HISTORY).',
    },
    correctionIndex: { type: 'integer', description: 'Position of the refused correction factor in the rule.' },
  },
  required: ['statusCode', 'code', 'message', 'hint'],
} as const;

export const errorRef = { $ref: 'Error#' } as const;

/** Error responses a route with a body and auth can give. */
export function errorResponses(...statuses: number[]): Record<number, typeof errorRef> {
  // Every authenticated route is rate-limited per organisation (429).
  return Object.fromEntries([401, 403, 429, ...statuses].map((s) => [s, errorRef]));
}

export const uuid = { type: 'string', format: 'uuid' } as const;
export const decimalString = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', maxLength: 40 } as const;
/** A local calendar day, YYYY-MM-DD, that exists (the format refuses month 13 and 30 February). */
export const date = { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
export const hex32 = { type: 'string', pattern: '^0x[0-9a-f]{64}$' } as const;
export const isoTime = { type: 'string', format: 'date-time' } as const;
/** An account address, any letter case. */
export const address = { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' } as const;
/** A uint256 as a decimal string (token ids). */
export const uint256 = { type: 'string', pattern: '^[0-9]{1,78}$' } as const;
/** A positive token quantity as a decimal string. */
export const tokenQuantity = { type: 'string', pattern: '^[1-9][0-9]{0,30}$' } as const;
/** The market's tokens. */
export const assetName = { type: 'string', enum: ['allowance', 'certificate'] } as const;
/** Route parameters of a resource addressed by its UUID. */
export const idParams = { type: 'object', properties: { id: uuid }, required: ['id'] } as const;

export const organisationSchema = {
  $id: 'Organisation',
  type: 'object',
  properties: {
    id: uuid,
    name: { type: 'string' },
    kinds: { type: 'array', items: { type: 'string' } },
    encryptionPublicKey: { type: ['string', 'null'] },
    chainId: hex32,
    createdAt: isoTime,
  },
  required: ['id', 'name', 'kinds', 'chainId', 'createdAt'],
} as const;

export const siteSchema = {
  $id: 'Site',
  type: 'object',
  properties: {
    id: uuid,
    orgId: uuid,
    name: { type: 'string' },
    gridRegion: { type: ['string', 'null'] },
    province: { type: ['string', 'null'] },
    timeZone: { type: 'string' },
    createdAt: isoTime,
  },
  required: ['id', 'orgId', 'name', 'timeZone', 'createdAt'],
} as const;

export const meterSchema = {
  $id: 'Meter',
  type: 'object',
  properties: {
    id: uuid,
    orgId: uuid,
    siteId: uuid,
    externalId: { type: 'string' },
    name: { type: ['string', 'null'] },
    energyKind: { type: 'string' },
    flow: { type: 'string', enum: ['import', 'export'] },
    registerType: { type: 'string', enum: ['interval', 'cumulative'] },
    intervalSeconds: { type: 'integer' },
    readingUnit: { type: 'string' },
    unit: { type: 'string', description: 'Normalised unit of cleaned readings.' },
    ctRatio: { type: 'string' },
    ptRatio: { type: 'string' },
    rolloverAt: { type: ['string', 'null'] },
    spikeLimit: { type: ['string', 'null'] },
    spikeRatio: { type: 'string' },
    timeZone: { type: 'string' },
    gatewayAddress: { type: ['string', 'null'] },
    accountingRole: { type: 'string', enum: ['boundary', 'submeter', 'excluded'] },
    createdAt: isoTime,
    retiredAt: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['id', 'orgId', 'siteId', 'externalId', 'energyKind', 'flow', 'registerType', 'intervalSeconds', 'unit'],
} as const;

export const sharedSchemas = [errorSchema, organisationSchema, siteSchema, meterSchema];
