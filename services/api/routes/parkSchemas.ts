import { uuid } from '../schemas';

const named = { type: 'object', properties: { id: uuid, name: { type: 'string' } } } as const;
const time = { type: ['string', 'null'], format: 'date-time' } as const;

export const membershipSchema = {
  type: 'object',
  properties: {
    id: uuid,
    park: named,
    member: named,
    status: { type: 'string', enum: ['invited', 'declined', 'withdrawn', 'active', 'left', 'removed'] },
    grantLevel: { type: ['string', 'null'], description: 'aggregate or meters, once accepted' },
    invitedAt: { type: 'string', format: 'date-time' },
    invitedBy: { ...uuid, description: 'The API key that invited.' },
    respondedAt: time,
    respondedBy: { type: ['string', 'null'], description: 'The API key that accepted or declined.' },
    endedAt: time,
    endedBy: { type: ['string', 'null'], description: 'The API key that left, removed or withdrew.' },
  },
} as const;

const energyCarbon = {
  energyKgce: { type: 'string', description: 'kgce, 3 decimals' },
  co2eKg: { type: 'string', description: 'kg CO2e, location-based, 3 decimals' },
} as const;

const figuresSchema = {
  type: 'object',
  properties: {
    ...energyCarbon,
    scope1Kg: { type: 'string' },
    scope2LocationKg: { type: 'string' },
    exportedKg: { type: 'string' },
    byEnergyKind: {
      type: 'array',
      items: { type: 'object', properties: { energyKind: { type: 'string' }, ...energyCarbon } },
    },
    byMonth: {
      type: 'array',
      items: { type: 'object', properties: { month: { type: 'string', example: '2025-03' }, ...energyCarbon } },
    },
  },
} as const;

const stringOrNull = { type: ['string', 'null'] } as const;

export const overviewSchema = {
  type: 'object',
  properties: {
    period: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
    park: figuresSchema,
    members: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          member: {
            type: 'object',
            properties: { id: uuid, name: { type: 'string' }, grantLevel: { type: 'string' } },
          },
          hasData: { type: 'boolean' },
          figures: figuresSchema,
          intensity: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                product: { type: 'string' },
                quantity: { type: 'string' },
                unit: { type: 'string' },
                records: { type: 'string' },
                kgCO2ePerUnitLocation: stringOrNull,
                kgCO2ePerUnitMarket: stringOrNull,
                kgcePerUnit: stringOrNull,
              },
            },
          },
          latestInventory: {
            type: ['object', 'null'],
            properties: {
              periodStart: { type: 'string' },
              periodEnd: { type: 'string' },
              version: { type: 'integer' },
              status: { type: 'string' },
              notarizedAt: time,
              verification: stringOrNull,
            },
          },
        },
      },
    },
    ranking: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          product: { type: 'string' },
          unit: { type: 'string' },
          members: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                memberId: uuid,
                name: { type: 'string' },
                rank: { type: 'integer' },
                quantity: { type: 'string' },
                kgCO2ePerUnit: { type: 'string' },
                kgcePerUnit: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
} as const;
