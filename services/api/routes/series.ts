import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, isoTime, uuid } from '../schemas';
import { NengtanError } from '../../lib/errors';
import { formatDecimal } from '../../lib/decimal';
import { QUANTITY_SCALE } from '../../lib/leafSchema';
import { QualityFlag } from '../../lib/qualityFlags';
import { resolveMeters, type Meter } from '../../registry/meters';
import { getSite } from '../../registry/sites';
import { downsampleMinMax, type SeriesBucket, type SeriesPoint } from '../../series/downsample';
import { groupSeries } from '../../series/groupSeries';
import { kgceSeries } from '../../series/kgceSeries';
import { RESOLUTIONS, type Resolution } from '../../series/meterSeries';
import { SERIES_CSV_HEADER, seriesCsvRow } from '../../series/seriesCsv';

export interface SeriesQuery {
  meter?: string[];
  site?: string;
  from: string;
  to: string;
  resolution: Resolution;
  width?: number;
}

/** Most meters one group may sum (each is one query). */
const MAX_GROUP = 50;

export const seriesQuerystring = (widthDefault: number | undefined) => ({
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to', 'resolution'],
  properties: {
    meter: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_GROUP,
      items: { type: 'string', minLength: 1, maxLength: 200 },
      description: 'Meter external id or UUID; repeat (meter=a&meter=b) to sum a group of meters of one unit.',
    },
    site: { ...uuid, description: 'A site of the organisation (kgce of its boundary meters).' },
    from: isoTime,
    to: isoTime,
    resolution: { type: 'string', enum: [...RESOLUTIONS] },
    width: {
      type: 'integer',
      minimum: 2,
      maximum: 10_000,
      ...(widthDefault === undefined ? {} : { default: widthDefault }),
    },
  },
});

interface SeriesAnswer {
  meters?: Meter[];
  site?: string;
  unit: string;
  buckets: SeriesBucket[];
}

/**
 * The buckets a series query asks for: a meter, a group of meters, a site or the organisation `orgId` (the caller's
 * own, or a park member's after the park's grant check).
 */
async function seriesOf(deps: AppDeps, orgId: string, request: { query: SeriesQuery }): Promise<SeriesAnswer> {
  const { resolution } = request.query;
  const from = Math.floor(Date.parse(request.query.from) / 1000);
  const to = Math.floor(Date.parse(request.query.to) / 1000);
  if (!(to > from))
    throw new NengtanError('NT_ERR_SERIES_PERIOD', { details: { from: request.query.from, to: request.query.to } });
  const refs = request.query.meter;
  if (refs !== undefined) {
    if (request.query.site !== undefined)
      throw new NengtanError('NT_ERR_REQUEST_INVALID', { message: 'Name meters or a site, not both' });
    const byRef = await resolveMeters(deps.db, orgId, refs);
    const missing = refs.filter((r) => !byRef.has(r));
    if (missing.length > 0)
      throw new NengtanError('NT_ERR_NOT_FOUND', {
        message: `Meter not found: ${missing.map((m) => m.slice(0, 80)).join(', ')}`,
        hint: "GET /v1/meters lists the organisation's meters (external id or UUID).",
      });
    const meters = [...new Map(refs.map((r) => [(byRef.get(r) as Meter).id, byRef.get(r) as Meter])).values()];
    const buckets = await groupSeries(deps.db, meters, from, to, resolution);
    return { meters, unit: meters[0].unit, buckets };
  }
  const site = request.query.site;
  if (site !== undefined && !(await getSite(deps.db, orgId, site)))
    throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Site not found' });
  const buckets = await kgceSeries(deps.db, orgId, site, from, to, resolution);
  return { site, unit: 'kgce', buckets };
}

const fmt = (units: bigint) => formatDecimal({ units, scale: QUANTITY_SCALE });
const pointsOf = (buckets: SeriesBucket[], width: number | undefined): SeriesPoint[] =>
  width === undefined
    ? buckets.map((b) => ({ time: b.time, value: b.units, min: b.units, max: b.units, flags: b.flags ?? 0 }))
    : downsampleMinMax(buckets, width);

/** The answer of GET /v1/series (and of a park member's series). */
export const seriesResponse = {
  type: 'object',
  properties: {
    meter: { type: 'object', properties: { id: { type: 'string' }, externalId: { type: 'string' } } },
    meters: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, externalId: { type: 'string' } } },
    },
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
    flags: { type: 'array', items: { type: 'integer' } },
    qualityFlags: { type: 'object', additionalProperties: { type: 'integer' } },
  },
} as const;

/** The GET /v1/series answer for `orgId`. */
export async function seriesBody(deps: AppDeps, orgId: string, query: SeriesQuery) {
  const answer = await seriesOf(deps, orgId, { query });
  const points = pointsOf(answer.buckets, query.width ?? 1000);
  const ref = (m: Meter) => ({ id: m.id, externalId: m.externalId });
  return {
    ...(answer.meters?.length === 1 ? { meter: ref(answer.meters[0]) } : {}),
    ...(answer.meters ? { meters: answer.meters.map(ref) } : {}),
    ...(answer.site ? { site: { id: answer.site } } : {}),
    resolution: query.resolution,
    unit: answer.unit,
    buckets: answer.buckets.length,
    points: points.map((p) => [p.time, fmt(p.value), fmt(p.min), fmt(p.max)]),
    flags: points.map((p) => p.flags),
    qualityFlags: QualityFlag,
  };
}

/**
 * GET /v1/series: a meter's, a group's, a site's or the organisation's energy as chart points, downsampled on the
 * server to the chart's width, with the quality flags of each point; GET /v1/series.csv: the same query as CSV.
 */
export async function seriesRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Querystring: SeriesQuery }>(
    '/v1/series',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['readings'],
        summary:
          "A meter's or a group's energy (their unit), or a site's or the organisation's (kgce), at 15min, hour, day or month resolution, for charts",
        description:
          "Points [time (unix seconds), mean, min, max] as decimal strings (no trailing zeros) in the meter unit: 15min and hour sum the current revision of the cleaned readings, day and month the daily rollups (local calendar of the meter). More buckets than `width` are grouped evenly, keeping each group's minimum and maximum. `flags[i]` is the OR of the quality flags (bit values in `qualityFlags`) of the cleaned readings behind `points[i]`: estimated, interpolated, spike and so on. Repeating `meter` sums meters of one unit bucket by bucket.",
        querystring: seriesQuerystring(1000),
        response: {
          200: seriesResponse,
          ...errorResponses(400, 404, 422),
        },
      },
    },
    async (request) => seriesBody(deps, orgOf(request), request.query),
  );

  app.get<{ Querystring: SeriesQuery }>(
    '/v1/series.csv',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['readings'],
        summary: 'The same query as GET /v1/series, as CSV (every bucket unless `width` is given)',
        description:
          'Columns start (ISO 8601 UTC), mean, min, max, unit, flags (quality flag names joined by "|"). Rows are written as they are formatted.',
        querystring: seriesQuerystring(undefined),
        produces: ['text/csv'],
        response: { 200: { type: 'string' }, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => {
      const answer = await seriesOf(deps, orgOf(request), request);
      const points = pointsOf(answer.buckets, request.query.width);
      function* rows(): Generator<string> {
        yield SERIES_CSV_HEADER;
        for (const p of points) yield seriesCsvRow(p.time, fmt(p.value), fmt(p.min), fmt(p.max), answer.unit, p.flags);
      }
      const name = `series-${request.query.resolution}-${request.query.from.slice(0, 10)}.csv`;
      void reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`);
      return reply.send(Readable.from(rows()));
    },
  );
}
