import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, isoTime, uuid } from '../schemas';
import { NengtanError } from '../../lib/errors';
import { formatDecimal } from '../../lib/decimal';
import { QUANTITY_SCALE } from '../../lib/leafSchema';
import { getMeterByReference } from '../../registry/meters';
import { getSite } from '../../registry/sites';
import { downsampleMinMax, type SeriesBucket } from '../../series/downsample';
import { kgceSeries } from '../../series/kgceSeries';
import { meterSeries, RESOLUTIONS, type Resolution } from '../../series/meterSeries';

interface SeriesQuery {
  meter?: string;
  site?: string;
  from: string;
  to: string;
  resolution: Resolution;
  width?: number;
}

/** GET /v1/series: a meter's, site's or the organisation's energy as chart points, downsampled on the server to the chart's width. */
export async function seriesRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Querystring: SeriesQuery }>(
    '/v1/series',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['readings'],
        summary:
          "A meter's energy (its unit), or a site's or the organisation's (kgce), at 15min, hour, day or month resolution, for charts",
        description:
          "Points [time (unix seconds), mean, min, max] as decimal strings (no trailing zeros) in the meter unit: 15min and hour sum the current revision of the cleaned readings, day and month the daily rollups (local calendar of the meter). More buckets than `width` are grouped evenly, keeping each group's minimum and maximum.",
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to', 'resolution'],
          properties: {
            meter: { type: 'string', minLength: 1, maxLength: 200, description: 'Meter external id or UUID.' },
            site: { ...uuid, description: 'A site of the organisation (kgce of its boundary meters).' },
            from: isoTime,
            to: isoTime,
            resolution: { type: 'string', enum: [...RESOLUTIONS] },
            width: { type: 'integer', minimum: 2, maximum: 10_000, default: 1000 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              meter: { type: 'object', properties: { id: { type: 'string' }, externalId: { type: 'string' } } },
              site: { type: 'object', properties: { id: { type: 'string' } } },
              resolution: { type: 'string' },
              unit: { type: 'string' },
              buckets: { type: 'integer' },
              points: {
                type: 'array',
                items: {
                  type: 'array',
                  items: [{ type: 'integer' }, { type: 'string' }, { type: 'string' }, { type: 'string' }],
                },
              },
            },
          },
          ...errorResponses(400, 404, 422),
        },
      },
    },
    async (request) => {
      const orgId = orgOf(request);
      const { resolution } = request.query;
      const from = Math.floor(Date.parse(request.query.from) / 1000);
      const to = Math.floor(Date.parse(request.query.to) / 1000);
      if (!(to > from))
        throw new NengtanError('NT_ERR_SERIES_PERIOD', { details: { from: request.query.from, to: request.query.to } });
      const fmt = (units: bigint) => formatDecimal({ units, scale: QUANTITY_SCALE });
      const answer = (buckets: SeriesBucket[]) => ({
        resolution,
        buckets: buckets.length,
        points: downsampleMinMax(buckets, request.query.width ?? 1000).map((p) => [
          p.time,
          fmt(p.value),
          fmt(p.min),
          fmt(p.max),
        ]),
      });
      if (request.query.meter !== undefined) {
        if (request.query.site !== undefined)
          throw new NengtanError('NT_ERR_REQUEST_INVALID', { message: 'Name a meter or a site, not both' });
        const meter = await getMeterByReference(deps.db, orgId, request.query.meter);
        if (!meter) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Meter not found' });
        const buckets = await meterSeries(deps.db, meter, from, to, resolution);
        return { meter: { id: meter.id, externalId: meter.externalId }, unit: meter.unit, ...answer(buckets) };
      }
      const site = request.query.site;
      if (site !== undefined && !(await getSite(deps.db, orgId, site)))
        throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Site not found' });
      const buckets = await kgceSeries(deps.db, orgId, site, from, to, resolution);
      return { ...(site ? { site: { id: site } } : {}), unit: 'kgce', ...answer(buckets) };
    },
  );
}
