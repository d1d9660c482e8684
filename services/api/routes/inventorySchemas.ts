import { date, uuid } from '../schemas';

/** A saved inventory version as the accounting and base-year routes answer it. */
export const inventoryRecordSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: uuid,
    orgId: uuid,
    periodStart: date,
    periodEnd: date,
    version: { type: 'integer' },
    previousId: { type: ['string', 'null'] },
    status: { type: 'string' },
    factorSetId: uuid,
    inventoryHash: { type: 'string' },
    totals: { type: 'object', additionalProperties: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;
