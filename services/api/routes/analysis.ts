import type { FastifyInstance } from 'fastify';
import { queueDriverDays } from '../../alerts/scopeTotals';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { date, errorResponses, idParams } from '../schemas';
import { NengtanError } from '../../lib/errors';
import { createBaseline, getBaseline, reportSavings, type BaselineInput } from '../../analysis/baselines';
import { baselineFit } from '../../analysis/baselineFit';
import { listBaselines } from '../../analysis/listBaselines';
import { listDrivers } from '../../analysis/listDrivers';
import { parseDriverCsv, readDriverValues, storeDriverValues, type DriverUpload } from '../../analysis/driverSeries';
import {
  baselineBody,
  baselineFitSchema,
  baselineListSchema,
  baselineSchema,
  driverListSchema,
  driverName,
  driverSeriesSchema,
  driverUploadBody,
  savingsSchema,
} from './analysisSchemas';

const nameParams = { type: 'object', properties: { name: driverName }, required: ['name'] } as const;

/** Measurement and verification (issue 11 §3): driver series, baseline models, measured savings. */
export async function analysisRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/v1/drivers',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary: "The organisation's driver series with their unit and the days they cover",
        response: { 200: driverListSchema, ...errorResponses() },
      },
    },
    async (request) => listDrivers(deps.db, orgOf(request)),
  );

  app.get(
    '/v1/baselines',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary: "The organisation's baselines, newest first, with their verdict and headline statistics",
        response: { 200: baselineListSchema, ...errorResponses() },
      },
    },
    async (request) => listBaselines(deps.db, orgOf(request)),
  );

  app.post<{ Params: { name: string }; Querystring: { unit?: string }; Body: DriverUpload | string }>(
    '/v1/drivers/:name/values',
    {
      config: { scope: 'ingest' },
      schema: {
        tags: ['analysis'],
        summary: 'Upload daily values of a driver (temperature, production ...)',
        description:
          'JSON {"unit", "values": [{"day", "value"}]}, or text/csv with the header day,value and the unit as ?unit=. Values of days already stored are replaced.',
        params: nameParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { unit: { type: 'string', minLength: 1, maxLength: 40 } },
        },
        body: { oneOf: [driverUploadBody, { type: 'string' }] },
        response: {
          200: { type: 'object', properties: { name: { type: 'string' }, stored: { type: 'integer' } } },
          ...errorResponses(400, 422),
        },
      },
    },
    async (request) => {
      let upload: DriverUpload;
      if (typeof request.body === 'string') {
        if (!request.query.unit)
          throw new NengtanError('NT_ERR_ANALYSIS_DRIVER_VALUES', { message: 'A CSV upload names its unit as ?unit=' });
        upload = { unit: request.query.unit, values: parseDriverCsv(request.body) };
      } else upload = request.body;
      const stored = await storeDriverValues(deps.db, orgOf(request), request.params.name, upload);
      await queueDriverDays(
        deps.db,
        orgOf(request),
        request.params.name,
        upload.values.map((v) => v.day),
      );
      return { name: request.params.name, stored };
    },
  );

  app.get<{ Params: { name: string }; Querystring: { from?: string; to?: string } }>(
    '/v1/drivers/:name/values',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary: 'Daily values of a driver over [from, to)',
        params: nameParams,
        querystring: { type: 'object', additionalProperties: false, properties: { from: date, to: date } },
        response: { 200: driverSeriesSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const series = await readDriverValues(
        deps.db,
        orgOf(request),
        request.params.name,
        request.query.from,
        request.query.to,
      );
      if (!series) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Driver not found' });
      return series;
    },
  );

  app.post<{ Body: BaselineInput }>(
    '/v1/baselines',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['analysis'],
        summary: 'Fit and store a baseline model of daily energy (degree days, drivers) with its acceptance',
        body: baselineBody,
        response: { 201: baselineSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const baseline = await createBaseline(deps.db, orgOf(request), request.body);
      void reply.status(201);
      return baseline;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/baselines/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary: 'A baseline model, its statistics and acceptance',
        params: idParams,
        response: { 200: baselineSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const baseline = await getBaseline(deps.db, orgOf(request), request.params.id);
      if (!baseline) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Baseline not found' });
      return baseline;
    },
  );

  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>(
    '/v1/baselines/:id/fit',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary:
          "The model's daily values beside the measured ones over [from, to) (the baseline period when omitted), complete days only",
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: { from: date, to: date } },
        response: { 200: baselineFitSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const fit = await baselineFit(deps.db, orgOf(request), request.params.id, request.query);
      if (!fit) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Baseline not found' });
      return fit;
    },
  );

  app.get<{ Params: { id: string }; Querystring: { from: string; to: string; confidence: number } }>(
    '/v1/baselines/:id/savings',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary: 'Avoided energy over a reporting period [from, to), with its Guideline 14 uncertainty',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to'],
          properties: {
            from: date,
            to: date,
            confidence: { type: 'number', enum: [0.68, 0.8, 0.9, 0.95], default: 0.9 },
          },
        },
        response: { 200: savingsSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const { from, to, confidence } = request.query;
      const savings = await reportSavings(deps.db, orgOf(request), request.params.id, {
        periodStart: from,
        periodEnd: to,
        confidence,
      });
      if (!savings) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Baseline not found' });
      return savings;
    },
  );
}
