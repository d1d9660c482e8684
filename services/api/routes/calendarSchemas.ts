import { date, isoTime, uuid } from '../schemas';
import { DAY_KINDS } from '../../calendar/calendarTypes';

const kind = {
  type: 'string',
  enum: [...DAY_KINDS],
  description: 'holiday: no work although the weekday rule says work; workday: adjusted working day (调休)',
} as const;
const name = { type: ['string', 'null'], maxLength: 100, description: 'e.g. 春节, 国庆节, 调休' } as const;

export const calendarDaySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    day: { type: 'string' },
    kind: { type: 'string' },
    name: { type: ['string', 'null'] },
    changedAt: isoTime,
    changedBy: uuid,
  },
} as const;

export const calendarDaysBody = {
  type: 'object',
  additionalProperties: false,
  required: ['days'],
  properties: {
    days: {
      type: 'array',
      minItems: 1,
      maxItems: 400,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['day', 'kind'],
        properties: { day: date, kind, name },
      },
    },
  },
} as const;

export const calendarPeriodQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { from: { ...date, description: 'first local day' }, to: { ...date, description: 'day after the last' } },
} as const;

const side = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { kind: { type: 'string' }, name: { type: ['string', 'null'] } },
} as const;

export const calendarChangeSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'integer' },
    day: { type: 'string' },
    before: side,
    after: side,
    changedAt: isoTime,
    changedBy: uuid,
  },
} as const;

export const flexibleMeterSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    meterId: uuid,
    externalId: { type: 'string' },
    siteId: uuid,
    maxShiftPercent: { type: ['string', 'null'] },
    note: { type: ['string', 'null'] },
    changedAt: isoTime,
    changedBy: uuid,
  },
} as const;

export const flexibleMeterBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxShiftPercent: {
      type: ['string', 'null'],
      maxLength: 20,
      description:
        'per cent of the meter’s peak and sharp use that may move to valley hours; null: the analysis’s share',
    },
    note: { type: ['string', 'null'], maxLength: 200, description: 'e.g. air compressor group, EV chargers' },
  },
} as const;
