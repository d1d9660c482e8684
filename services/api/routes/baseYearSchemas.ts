import { computeBody } from './accounting';
import { uuid } from '../schemas';
import { RECALCULATION_TRIGGERS, THRESHOLD_SCOPES } from '../../accounting/baseYear';

const keyRef = {
  type: 'object',
  additionalProperties: false,
  properties: { keyId: uuid, keyName: { type: 'string' }, keyPrefix: { type: 'string' } },
} as const;

const kgText = { type: 'string', description: 'kg CO2e, exact decimal (3 decimals)' } as const;

export const thresholdPct = {
  type: 'string',
  pattern: '^\\d{1,3}(\\.\\d{1,4})?$',
  description: 'Significance threshold in percent of the base-year total, exact (e.g. "5", "2.5"); 5 when omitted.',
} as const;

const scopeNames = { type: 'string', enum: THRESHOLD_SCOPES } as const;

/** Thresholds per scope, each optional: a scope left out falls back to thresholdPct. */
export const scopeThresholdPct = {
  type: 'object',
  additionalProperties: false,
  properties: {
    scope1: thresholdPct,
    scope2Location: thresholdPct,
    scope2Market: thresholdPct,
    scope3: thresholdPct,
  },
  description:
    'Significance threshold per scope (Scope 1, Scope 2 location-based, Scope 2 market-based, Scope 3), each optional and falling back to thresholdPct; with any given, every scope is checked as well as the total.',
} as const;

const scopeThresholdsOut = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(THRESHOLD_SCOPES.map((s) => [s, { type: 'string' }])),
} as const;

export const baseYearSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    orgId: uuid,
    year: { type: 'integer' },
    originalInventoryId: uuid,
    currentInventoryId: uuid,
    restated: { type: 'boolean' },
    policy: {
      type: 'object',
      additionalProperties: false,
      properties: {
        thresholdPct: { type: 'string' },
        triggers: { type: 'array', items: { type: 'string', enum: RECALCULATION_TRIGGERS } },
        scopeThresholdPct: scopeThresholdsOut,
      },
    },
    setBy: keyRef,
    setAt: { type: 'string', format: 'date-time' },
    restatements: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          id: { type: 'integer' },
          restatedInventoryId: uuid,
          restatementInventoryId: uuid,
          reason: { type: 'string' },
          required: { type: 'boolean' },
          cumulativeChangeKgCO2e: { type: 'string' },
          cumulativeChangePct: { type: ['string', 'null'] },
          restatedBy: keyRef,
          restatedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;

export const setBaseYearBody = {
  type: 'object',
  additionalProperties: false,
  required: ['inventoryId'],
  properties: {
    inventoryId: { ...uuid, description: 'A stored inventory of one calendar year, the live version of that year.' },
    thresholdPct,
    triggers: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', enum: RECALCULATION_TRIGGERS },
      description: 'Triggers counted towards the threshold; all four when omitted.',
    },
    scopeThresholdPct,
  },
} as const;

const p = computeBody.properties;
/** The current boundary and methods, each optional: taken from the organisation's latest inventory when left out. */
const choiceProperties = {
  siteIds: p.siteIds,
  factorSetId: p.factorSetId,
  gwp: { type: 'string', enum: ['AR4', 'AR5', 'AR6'] },
  electricityRegion: { type: 'string', enum: ['grid_region', 'province', 'national'] },
  regionalFactorMissing: { type: 'string', enum: ['warn', 'refuse'] },
  fuelMethod: { type: 'string', enum: ['gbt32151', 'ipcc2006'] },
  electricitySeries: p.electricitySeries,
  extendedResults: p.extendedResults,
} as const;

export const recalculationBody = {
  type: 'object',
  additionalProperties: false,
  properties: choiceProperties,
} as const;

export const restatementBody = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    ...choiceProperties,
    reason: { type: 'string', minLength: 1, maxLength: 2000, description: 'Why the base year is restated.' },
    belowThreshold: {
      type: 'boolean',
      description: 'Restate although the counted change does not exceed the threshold (the organisation chooses to).',
    },
  },
} as const;

const options = {
  type: 'object',
  additionalProperties: false,
  properties: {
    gwp: { type: 'string' },
    electricityRegion: { type: 'string' },
    regionalFactorMissing: { type: 'string' },
    fuelMethod: { type: 'string' },
    electricitySeries: { type: 'string' },
    extendedResults: { type: 'boolean' },
  },
} as const;

const factorSetRef = {
  type: 'object',
  additionalProperties: false,
  properties: { id: uuid, name: { type: 'string' }, version: { type: 'integer' } },
} as const;

const siteRefs = {
  type: 'array',
  items: { type: 'object', additionalProperties: false, properties: { id: uuid, name: { type: 'string' } } },
} as const;

export const recalculationSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    year: { type: 'integer' },
    baseInventoryId: uuid,
    restated: { type: 'boolean' },
    statedKgCO2e: kgText,
    current: {
      type: 'object',
      additionalProperties: false,
      properties: {
        fromInventoryId: { ...uuid, type: ['string', 'null'] },
        siteIds: { type: 'array', items: uuid },
        factorSetId: uuid,
        options,
      },
    },
    order: { type: 'string' },
    triggers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          trigger: { type: 'string', enum: RECALCULATION_TRIGGERS },
          counted: { type: 'boolean' },
          changed: { type: 'boolean' },
          totalAfterKgCO2e: kgText,
          effectKgCO2e: kgText,
          sitesRemoved: siteRefs,
          sitesAdded: siteRefs,
          methodChanges: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: { option: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
            },
          },
          factorSets: {
            type: 'object',
            additionalProperties: false,
            properties: { from: factorSetRef, to: factorSetRef },
          },
          effectsByScope: scopeThresholdsOut,
        },
      },
    },
    recalculatedKgCO2e: kgText,
    cumulativeChangeKgCO2e: kgText,
    cumulativeChangePct: { type: ['string', 'null'] },
    thresholdPct: { type: 'string' },
    exceedsThreshold: { type: 'boolean' },
    restatementRequired: { type: 'boolean' },
    scopes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          scope: scopeNames,
          statedKgCO2e: kgText,
          cumulativeChangeKgCO2e: kgText,
          cumulativeChangePct: { type: ['string', 'null'] },
          thresholdPct: { type: 'string' },
          thresholdFrom: { type: 'string', enum: ['scope', 'policy'] },
          exceedsThreshold: { type: 'boolean' },
        },
      },
    },
    thresholdCrossedBy: { type: 'array', items: { type: 'string', enum: ['total', ...THRESHOLD_SCOPES] } },
  },
} as const;
