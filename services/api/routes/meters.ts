import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { decimalString, errorResponses, meterSchema, uuid } from '../schemas';
import { NengtanError } from '../../lib/errors';
import { ENERGY_KIND_NAMES } from '../../lib/energyKinds';
import { createMeter, getMeter, listMeters, type MeterInput } from '../../registry/meters';
import { correctMeter, type MeterCorrection } from '../../registry/meterChanges';
import type { Principal } from '../../registry/apiKeys';
import { rebaseRegister } from '../../ingest/rebaseRegister';
import { createSite, listSites, type SiteInput } from '../../registry/sites';

/** A meter as changed, with the audit entry and when ratio or unit changes apply (null when none changed). */
const correctedMeterSchema = {
  type: 'object',
  properties: {
    ...meterSchema.properties,
    changeId: {
      type: ['integer', 'null'],
      description: 'The audit entry (GET /v1/meters/{id}/changes); null when nothing changed.',
    },
    appliesFrom: {
      type: ['string', 'null'],
      format: 'date-time',
      description:
        'When CT/PT or the reading unit changed: readings received from this instant on are normalised with the new values, whatever interval they belong to; earlier stored readings keep theirs.',
    },
  },
} as const;

const address = { type: ['string', 'null'], pattern: '^0x[0-9a-fA-F]{40}$' } as const;

export async function meterRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: SiteInput }>(
    '/v1/sites',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['meters'],
        summary: "Register a site (plant, building) of the caller's organisation",
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            gridRegion: {
              type: ['string', 'null'],
              maxLength: 50,
              description: 'Grid region for location-based Scope 2, e.g. "East".',
            },
            province: { type: ['string', 'null'], maxLength: 50 },
            timeZone: { type: 'string', maxLength: 60, default: 'Asia/Shanghai' },
          },
        },
        response: { 201: { $ref: 'Site#' }, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const site = await createSite(deps.db, orgOf(request), request.body);
      void reply.status(201);
      return site;
    },
  );

  app.get(
    '/v1/sites',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['meters'],
        summary: "Sites of the caller's organisation",
        response: { 200: { type: 'array', items: { $ref: 'Site#' } }, ...errorResponses() },
      },
    },
    async (request) => listSites(deps.db, orgOf(request)),
  );

  app.post<{ Body: MeterInput }>(
    '/v1/meters',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['meters'],
        summary: 'Register a meter',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['siteId', 'externalId', 'energyKind'],
          properties: {
            siteId: uuid,
            externalId: {
              type: 'string',
              minLength: 1,
              maxLength: 100,
              description: 'The id the meter or gateway uses (e.g. its DL/T 645 address).',
            },
            name: { type: ['string', 'null'], maxLength: 200 },
            energyKind: { type: 'string', enum: ENERGY_KIND_NAMES },
            flow: { type: 'string', enum: ['import', 'export'], default: 'import' },
            registerType: { type: 'string', enum: ['interval', 'cumulative'], default: 'interval' },
            intervalSeconds: { type: 'integer', minimum: 60, maximum: 86400, default: 900 },
            readingUnit: { type: 'string', maxLength: 20 },
            ctRatio: decimalString,
            ptRatio: decimalString,
            rolloverAt: { ...decimalString, type: ['string', 'null'] },
            spikeLimit: { ...decimalString, type: ['string', 'null'] },
            spikeRatio: decimalString,
            timeZone: { type: 'string', maxLength: 60 },
            gatewayAddress: address,
            accountingRole: {
              type: 'string',
              enum: ['boundary', 'submeter', 'excluded'],
              default: 'boundary',
              description:
                'Boundary (fiscal) meters count in inventories; sub-meters (measuring part of a boundary meter) and excluded meters do not.',
            },
          },
        },
        response: { 201: { $ref: 'Meter#' }, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const meter = await createMeter(deps.db, orgOf(request), request.body);
      void reply.status(201);
      return meter;
    },
  );

  app.get<{ Querystring: { siteId?: string } }>(
    '/v1/meters',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['meters'],
        summary: "Meters of the caller's organisation",
        querystring: { type: 'object', additionalProperties: false, properties: { siteId: uuid } },
        response: { 200: { type: 'array', items: { $ref: 'Meter#' } }, ...errorResponses(400) },
      },
    },
    async (request) => listMeters(deps.db, orgOf(request), { siteId: request.query.siteId }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/meters/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['meters'],
        summary: 'One meter',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        response: { 200: { $ref: 'Meter#' }, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const meter = await getMeter(deps.db, orgOf(request), request.params.id);
      if (!meter) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Meter not found' });
      return meter;
    },
  );

  app.patch<{ Params: { id: string }; Body: MeterCorrection }>(
    '/v1/meters/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['meters'],
        summary:
          'Change a meter: name, gateway, spike limits, role; correct CT/PT ratios or the reading unit with a reason',
        description:
          'Every change is kept in the audit trail (GET /v1/meters/{id}/changes: who, when, before, after, reason). CT/PT ratios and the reading unit apply to readings received after the change (`appliesFrom`); raw readings and cleaned readings already stored are never rewritten. Energy kind, flow, register type and interval are fixed; register a new meter when they change. A retired meter cannot change.',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: ['string', 'null'], maxLength: 200 },
            gatewayAddress: address,
            spikeLimit: { ...decimalString, type: ['string', 'null'] },
            spikeRatio: decimalString,
            accountingRole: { type: 'string', enum: ['boundary', 'submeter', 'excluded'] },
            ctRatio: decimalString,
            ptRatio: decimalString,
            readingUnit: { type: 'string', minLength: 1, maxLength: 20 },
            reason: {
              type: 'string',
              maxLength: 500,
              description: 'Why; required with ctRatio, ptRatio or readingUnit.',
            },
          },
        },
        response: { 200: correctedMeterSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request) => {
      const orgId = orgOf(request);
      const keyId = (request.principal as Principal).keyId;
      const corrected = await deps.db.transaction(async (tx) => {
        const result = await correctMeter(tx, orgId, request.params.id, keyId, request.body);
        if (result?.appliesFrom) await rebaseRegister(tx, result.meter);
        return result;
      });
      if (!corrected) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Meter not found' });
      return {
        ...corrected.meter,
        changeId: corrected.change?.id ?? null,
        appliesFrom: corrected.appliesFrom?.toISOString() ?? null,
      };
    },
  );
}
