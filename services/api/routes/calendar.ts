import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { date, errorResponses, idParams } from '../schemas';
import { NengtanError } from '../../lib/errors';
import type { Principal } from '../../registry/apiKeys';
import { listCalendarChanges, listCalendarDays, removeCalendarDay, setCalendarDays } from '../../calendar/calendarDays';
import type { CalendarDayInput } from '../../calendar/calendarTypes';
import {
  listFlexibleMeters,
  removeFlexibleMeter,
  setFlexibleMeter,
  type FlexibleMeterInput,
} from '../../tariffs/flexibleMeters';
import {
  calendarChangeSchema,
  calendarDaySchema,
  calendarDaysBody,
  calendarPeriodQuery,
  flexibleMeterBody,
  flexibleMeterSchema,
} from './calendarSchemas';

const keyOf = (principal: unknown) => (principal as Principal).keyId;

/**
 * The organisation's working-day calendar (holidays and adjusted working days over the weekday rule) and its flexible
 * loads: what the alert schedule rules and the energy analysis read to tell working from non-working time.
 */
export async function calendarRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/v1/calendar/days',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary: "The organisation's holidays and adjusted working days, in date order",
        querystring: calendarPeriodQuery,
        response: { 200: { type: 'array', items: calendarDaySchema }, ...errorResponses(400, 422) },
      },
    },
    async (request) => listCalendarDays(deps.db, orgOf(request), request.query),
  );

  app.put<{ Body: { days: CalendarDayInput[] } }>(
    '/v1/calendar/days',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['analysis'],
        summary: 'Set holidays (节假日) and adjusted working days (调休), up to 400 at once; each change is audited',
        description:
          'A holiday is a non-working day whatever its weekday; a workday is a working day whatever its weekday (a ' +
          'weekend day worked in exchange for a holiday). Days already set the same way are left alone. Alert days ' +
          'judged by schedule rules on the changed dates are evaluated again.',
        body: calendarDaysBody,
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            properties: { days: { type: 'array', items: calendarDaySchema }, changed: { type: 'integer' } },
          },
          ...errorResponses(400, 422),
        },
      },
    },
    async (request) =>
      deps.db.transaction((tx) => setCalendarDays(tx, orgOf(request), keyOf(request.principal), request.body.days)),
  );

  app.delete<{ Params: { day: string } }>(
    '/v1/calendar/days/:day',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['analysis'],
        summary: 'Remove a holiday or adjusted working day: the weekday rule applies to it again (audited)',
        params: { type: 'object', required: ['day'], properties: { day: date } },
        response: { 204: { type: 'null' }, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => {
      const removed = await deps.db.transaction((tx) =>
        removeCalendarDay(tx, orgOf(request), keyOf(request.principal), request.params.day),
      );
      if (!removed) {
        throw new NengtanError('NT_ERR_NOT_FOUND', {
          message: `${request.params.day} is not in the calendar`,
          hint: 'GET /v1/calendar/days lists the holidays and adjusted working days set.',
        });
      }
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: { limit?: number } }>(
    '/v1/calendar/changes',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary: "The calendar's audit trail, newest first: who changed which day when, before and after",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 } },
        },
        response: { 200: { type: 'array', items: calendarChangeSchema }, ...errorResponses(400) },
      },
    },
    async (request) => listCalendarChanges(deps.db, orgOf(request), request.query.limit),
  );

  app.get(
    '/v1/flexible-meters',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary: 'Meters flagged as flexible (shiftable) loads, with the share of peak use each may move',
        response: { 200: { type: 'array', items: flexibleMeterSchema }, ...errorResponses() },
      },
    },
    async (request) => listFlexibleMeters(deps.db, orgOf(request)),
  );

  app.put<{ Params: { id: string }; Body: FlexibleMeterInput }>(
    '/v1/meters/:id/flexibility',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['analysis'],
        summary: 'Flag an electricity meter as a flexible load (compressor, chiller, EV charger, electric boiler)',
        description:
          'When any meter is flagged, GET /v1/energy-analysis computes the load shifting potential from the flagged ' +
          'meters only, each with its maxShiftPercent (or the movable share asked for when it has none).',
        params: idParams,
        body: flexibleMeterBody,
        response: { 200: flexibleMeterSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const flagged = await setFlexibleMeter(
        deps.db,
        orgOf(request),
        keyOf(request.principal),
        request.params.id,
        request.body,
      );
      if (!flagged) throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Meter ${request.params.id} not found` });
      return flagged;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/meters/:id/flexibility',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['analysis'],
        summary: 'Remove the flexible-load flag of a meter',
        params: idParams,
        response: { 204: { type: 'null' }, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      if (!(await removeFlexibleMeter(deps.db, orgOf(request), request.params.id))) {
        throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Meter ${request.params.id} is not flagged flexible` });
      }
      return reply.code(204).send();
    },
  );
}
