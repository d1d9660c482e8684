import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { date, decimalString, errorResponses, uuid } from '../schemas';
import {
  listCertificateClaims,
  recordCertificateClaim,
  type CertificateClaimInput,
} from '../../accounting/certificateClaims';
import {
  getInventory,
  listInventories,
  previewInventory,
  saveInventory,
  type ComputeRequest,
} from '../../accounting/inventories';
import {
  listProductionVolumes,
  recordProductionVolume,
  type ProductionVolumeInput,
} from '../../accounting/productionVolumes';
import { createFactorSet, getFactorSet, listFactorSets, type FactorSetInput } from '../../factors/factorSets';
import { FACTOR_CATEGORY_NAMES, type FactorCategory } from '../../factors/factorCategories';
import { listFactors } from '../../factors/factors';
import { freezeFactorSet } from '../../factors/freezeFactorSet';
import { NengtanError } from '../../lib/errors';
import type { InventoryDocument } from '../../accounting/computeInventory';
import { baseYearComparisonFor } from '../../accounting/baseYearComparison';
import { htmlToPdf } from '../../reports/htmlToPdf';
import { renderCarbonAuditReport } from '../../reports/renderCarbonAuditReport';
import { renderInventoryReport } from '../../reports/renderInventoryReport';
import { renderProductFootprintReport } from '../../reports/renderProductFootprintReport';
import { allocationRequestOf, type AllocationQuery } from '../../reports/allocationQuery';
import { allocationQuery } from './productFootprintSchemas';
import { inventoryRecordSchema } from './inventorySchemas';
import { reportFileName, type ReportKind } from '../../reports/reportFileName';

const factorSchema = {
  type: 'object',
  properties: {
    id: uuid,
    factorSetId: uuid,
    category: { type: 'string' },
    subject: { type: 'string' },
    gas: { type: ['string', 'null'] },
    region: { type: 'string' },
    year: { type: ['integer', 'null'] },
    value: { type: 'string' },
    unit: { type: 'string' },
    series: { type: 'string' },
    source: { type: 'string' },
    notice: { type: ['string', 'null'] },
    quality: { type: 'string' },
    note: { type: ['string', 'null'] },
  },
} as const;

const factorSetSchema = {
  type: 'object',
  properties: {
    id: uuid,
    orgId: { type: ['string', 'null'] },
    name: { type: 'string' },
    version: { type: 'integer' },
    basedOn: { type: ['string', 'null'] },
    description: { type: ['string', 'null'] },
    contentHash: { type: ['string', 'null'] },
    frozenAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const computeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['start', 'end'],
  properties: {
    start: { ...date, description: 'First local day of the period (YYYY-MM-DD).' },
    end: { ...date, description: 'Day after the last (exclusive).' },
    siteIds: { type: 'array', items: uuid, minItems: 1, description: 'Boundary; all sites when omitted.' },
    factorSetId: { ...uuid, description: 'A frozen factor set; the public default when omitted.' },
    gwp: { type: 'string', enum: ['AR4', 'AR5', 'AR6'], default: 'AR5' },
    electricityRegion: { type: 'string', enum: ['grid_region', 'province', 'national'], default: 'grid_region' },
    regionalFactorMissing: {
      type: 'string',
      enum: ['warn', 'refuse'],
      default: 'warn',
      description:
        "A site's region without a grid factor: 'warn' uses the national factor and lists it under warnings; 'refuse' answers NT_ERR_FACTOR_REGION_MISSING.",
    },
    fuelMethod: {
      type: 'string',
      enum: ['gbt32151', 'ipcc2006'],
      default: 'gbt32151',
      description:
        "Fuel combustion CO2: 'gbt32151' (Chinese guideline defaults or the set's measured values: FC × NCV × CC × OF × 44/12) or 'ipcc2006' (IPCC 2006 Tier 1: FC × NCV × EF(CO2)/TJ, oxidation 1).",
    },
    electricitySeries: {
      type: 'string',
      enum: ['statistical', 'compliance', 'fossil'],
      description:
        "Location-based electricity factor series: 'statistical' (MEE/NBS average of the grid region, province or nation, per electricityRegion), 'compliance' (national ETS series for purchased electricity) or 'fossil' (national fossil-only); the method text names it.",
    },
    extendedResults: {
      type: 'boolean',
      description:
        'State results per gas, gross beside net and the uncertainty (IPCC Approach 1) even without non-metered activity data, which always brings them.',
    },
    restates: { ...uuid, description: 'The notarized inventory this one restates.' },
    reason: { type: 'string', minLength: 1, maxLength: 2000 },
    scope3FactorSetId: {
      ...uuid,
      description:
        "One of your Scope 3 factor sets: Scope 3 category 3 of the inventory's own fuel (its well_to_tank:<fuel> factors) and purchased electricity (its td_losses factor).",
    },
  },
} as const;

export async function accountingRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/v1/factor-sets',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary: "Factor sets: the public ones and the organisation's own",
        response: { 200: { type: 'array', items: factorSetSchema }, ...errorResponses() },
      },
    },
    async (request) => listFactorSets(deps.db, orgOf(request)),
  );

  app.get<{
    Params: { id: string };
    Querystring: { category?: FactorCategory; subject?: string; region?: string; year?: number };
  }>(
    '/v1/factor-sets/:id/factors',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary: 'Factors of a set (with those of its bases)',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            category: { type: 'string', enum: FACTOR_CATEGORY_NAMES },
            subject: { type: 'string' },
            region: { type: 'string' },
            year: { type: 'integer' },
          },
        },
        response: { 200: { type: 'array', items: factorSchema }, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const factors = await listFactors(deps.db, orgOf(request), request.params.id, request.query);
      if (!factors) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Factor set not found' });
      return factors;
    },
  );

  app.post<{ Body: FactorSetInput }>(
    '/v1/factor-sets',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['accounting'],
        summary:
          'Create an own factor set on a frozen base (measured carbon content, supplier-specific electricity ...)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            basedOn: { ...uuid, type: ['string', 'null'] },
            description: { type: ['string', 'null'], maxLength: 2000 },
            factors: { type: 'array', maxItems: 1000, items: { type: 'object' } },
          },
        },
        response: { 201: factorSetSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const set = await createFactorSet(deps.db, orgOf(request), request.body);
      void reply.status(201);
      return set;
    },
  );

  app.post<{ Params: { id: string } }>(
    '/v1/factor-sets/:id/freeze',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['accounting'],
        summary: 'Freeze a factor set: it can then be pinned by inventories and never changes',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        response: { 200: factorSetSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => freezeFactorSet(deps.db, orgOf(request), request.params.id),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/factor-sets/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary: 'One factor set',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        response: { 200: factorSetSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const set = await getFactorSet(deps.db, orgOf(request), request.params.id);
      if (!set) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Factor set not found' });
      return set;
    },
  );

  app.post<{ Body: CertificateClaimInput }>(
    '/v1/certificate-claims',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['accounting'],
        summary: 'Record green electricity certificates claimed for the organisation (market-based Scope 2)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['certificateRef', 'mwh', 'consumptionStart', 'consumptionEnd'],
          properties: {
            certificateRef: { type: 'string', minLength: 1, maxLength: 200 },
            mwh: decimalString,
            consumptionStart: date,
            consumptionEnd: date,
            region: { type: ['string', 'null'], maxLength: 100 },
            generator: { type: ['string', 'null'], maxLength: 200 },
            technology: { type: ['string', 'null'], maxLength: 100 },
          },
        },
        response: { 201: { type: 'object', additionalProperties: true }, ...errorResponses(400, 409, 422) },
      },
    },
    async (request, reply) => {
      const claim = await recordCertificateClaim(deps.db, orgOf(request), request.body);
      void reply.status(201);
      return claim;
    },
  );

  app.get(
    '/v1/certificate-claims',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary:
          'Certificate claims for the organisation: recorded through this API (source api) and claimed on chain for it (source chain, from the indexer)',
        response: {
          200: { type: 'array', items: { type: 'object', additionalProperties: true } },
          ...errorResponses(),
        },
      },
    },
    async (request) => listCertificateClaims(deps.db, orgOf(request)),
  );

  app.post<{ Body: ProductionVolumeInput }>(
    '/v1/production-volumes',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['accounting'],
        summary: 'Record a production volume (for intensity and product footprints)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['product', 'periodStart', 'periodEnd', 'quantity', 'unit'],
          properties: {
            siteId: { ...uuid, type: ['string', 'null'] },
            product: { type: 'string', minLength: 1, maxLength: 200 },
            periodStart: date,
            periodEnd: date,
            quantity: decimalString,
            unit: { type: 'string', minLength: 1, maxLength: 30 },
          },
        },
        response: { 201: { type: 'object', additionalProperties: true }, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => {
      const volume = await recordProductionVolume(deps.db, orgOf(request), request.body);
      void reply.status(201);
      return volume;
    },
  );

  app.get(
    '/v1/production-volumes',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary: 'Production volumes of the organisation',
        response: {
          200: { type: 'array', items: { type: 'object', additionalProperties: true } },
          ...errorResponses(),
        },
      },
    },
    async (request) => listProductionVolumes(deps.db, orgOf(request)),
  );

  app.post<{ Body: ComputeRequest }>(
    '/v1/inventories/preview',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary: 'Compute an inventory without storing it: the document, its canonical hash and the chain totals',
        body: computeBody,
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const preview = await previewInventory(deps.db, orgOf(request), request.body);
      return { hash: preview.hash, totals: preview.totals, document: preview.document };
    },
  );

  app.post<{ Body: ComputeRequest & { restates?: string; reason?: string } }>(
    '/v1/inventories',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['accounting'],
        summary: 'Compute and store an inventory (a draft until notarized; a notarized period needs a restatement)',
        body: computeBody,
        response: { 201: inventoryRecordSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const record = await saveInventory(deps.db, orgOf(request), request.body);
      void reply.status(201);
      return record;
    },
  );

  app.get(
    '/v1/inventories',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary: 'Inventories of the organisation',
        response: { 200: { type: 'array', items: inventoryRecordSchema }, ...errorResponses() },
      },
    },
    async (request) => listInventories(deps.db, orgOf(request)),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/inventories/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary: 'One inventory: the record and its document',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const found = await getInventory(deps.db, orgOf(request), request.params.id);
      if (!found) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Inventory not found' });
      return { ...found.record, document: JSON.parse(found.canonical) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/inventories/:id/canonical',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary: 'The canonical JSON (RFC 8785) of an inventory, byte for byte: keccak256 of it is the inventory hash',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
      },
    },
    async (request, reply) => {
      const found = await getInventory(deps.db, orgOf(request), request.params.id);
      if (!found) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Inventory not found' });
      void reply.type('application/json; charset=utf-8');
      return found.canonical;
    },
  );

  app.get<{
    Params: { id: string };
    Querystring: {
      kind?: ReportKind;
      lang?: 'zh' | 'en';
      format?: 'html' | 'pdf';
      disposition?: 'attachment' | 'inline';
    } & AllocationQuery;
  }>(
    '/v1/inventories/:id/report',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounting'],
        summary:
          'An inventory report (GB/T 32150 / ISO 14064-1), carbon audit report or product footprint, as HTML or PDF',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: ['inventory', 'carbon-audit', 'product-footprint'], default: 'inventory' },
            lang: { type: 'string', enum: ['zh', 'en'], default: 'zh' },
            format: { type: 'string', enum: ['html', 'pdf'], default: 'html' },
            disposition: {
              type: 'string',
              enum: ['attachment', 'inline'],
              default: 'attachment',
              description: 'inline: shown in the browser (the console opens the HTML report in a sandboxed frame)',
            },
            ...allocationQuery,
          },
        },
      },
    },
    async (request, reply) => {
      const found = await getInventory(deps.db, orgOf(request), request.params.id);
      if (!found) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Inventory not found' });
      const doc = JSON.parse(found.canonical) as InventoryDocument;
      const kind = request.query.kind ?? 'inventory';
      const lang = request.query.lang ?? 'zh';
      const format = request.query.format ?? 'html';
      const baseYear = kind === 'inventory' ? await baseYearComparisonFor(deps.db, orgOf(request), doc) : undefined;
      const options = { lang, inventoryHash: found.record.inventoryHash, ...(baseYear ? { baseYear } : {}) };
      const html =
        kind === 'inventory'
          ? renderInventoryReport(doc, options)
          : kind === 'carbon-audit'
            ? renderCarbonAuditReport(doc, options)
            : renderProductFootprintReport(doc, { ...options, allocation: allocationRequestOf(request.query) });
      // Printed before any header is set: a refusal (no Chromium) is then an ordinary JSON error, not an attachment.
      const body = format === 'pdf' ? await htmlToPdf(html, { executablePath: deps.config.chromiumPath }) : html;
      const name = reportFileName(doc, kind, lang, format);
      void reply.header(
        'content-disposition',
        `${request.query.disposition ?? 'attachment'}; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      );
      void reply.type(format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8');
      return body;
    },
  );
}
