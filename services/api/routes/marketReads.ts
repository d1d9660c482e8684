import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { assetName, errorResponses, uint256, uuid } from '../schemas';
import { awaitIndexed, indexedThrough } from '../../indexer/indexedThrough';
import { listDevices } from '../../market/certificates';
import { complianceTable } from '../../market/complianceTable';
import { accountsOf, type AssetName } from '../../market/marketContracts';
import { holdings, listTrades, marketStatistics, positions } from '../../market/marketQueries';
import { getOrganisation } from '../../registry/organisations';
import { requireOrganisationKind } from '../../registry/requireOrganisationKind';
import { marketDeps } from './market';
import { registerResponse } from './marketRegisterSchemas';
import { oversightRegister } from '../../market/oversightRegister';
import { registerEvents } from '../../market/registerEvents';

const asset = assetName;
const list = {
  200: { type: 'array', items: { type: 'object', additionalProperties: true } },
  ...errorResponses(400, 403, 503),
};
/** How long a read waits for the indexer to reach `minBlock`. */
const MIN_BLOCK_WAIT_MS = 10_000;
const minBlock = {
  type: 'integer',
  minimum: 0,
  description: `Read your own write: wait (up to ${MIN_BLOCK_WAIT_MS / 1000} s) until the index holds this block, the blockNumber a write answered`,
} as const;

function query(properties: Record<string, unknown> = {}) {
  return { type: 'object', additionalProperties: false, properties: { ...properties, minBlock } } as const;
}

/**
 * What the market looks like, read from the indexed chain (compliance obligations from the contract itself). Every
 * answer says how far the index is (`x-nengtan-indexed-block`); `minBlock` waits for a block first.
 */
export async function marketReadRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const indexed = async (request: FastifyRequest, reply: FastifyReply) => {
    const { chain } = marketDeps(deps);
    const { minBlock: block } = request.query as { minBlock?: number };
    const through =
      block === undefined
        ? await indexedThrough(deps.db, chain.chainId)
        : await awaitIndexed(deps.db, chain.chainId, block, MIN_BLOCK_WAIT_MS);
    void reply.header('x-nengtan-indexed-block', String(through));
  };
  const kindsOf = async (request: FastifyRequest) => (await getOrganisation(deps.db, orgOf(request)))?.kinds ?? [];

  app.get<{ Params: { year: number }; Querystring: { scope: 'covered' | 'all' } }>(
    '/v1/market/years/:year/compliance',
    {
      config: { scope: 'read' },
      preHandler: indexed,
      schema: {
        tags: ['market'],
        summary:
          'Compliance per enterprise (allocated, obligation, surrendered, shortfall, status): the authority sees every ' +
          'covered enterprise (scope=all: every enterprise), others their own row',
        params: {
          type: 'object',
          properties: { year: { type: 'integer', minimum: 2000, maximum: 2200 } },
          required: ['year'],
        },
        querystring: query({ scope: { type: 'string', enum: ['covered', 'all'], default: 'covered' } }),
        response: list,
      },
    },
    async (request) => {
      const orgId = orgOf(request);
      const authority = (await kindsOf(request)).includes('authority');
      return complianceTable(
        marketDeps(deps),
        request.params.year,
        authority ? { scope: request.query.scope } : { orgIds: [orgId], scope: 'all' },
      );
    },
  );

  app.get<{ Querystring: { limit: number } }>(
    '/v1/market/trades',
    {
      config: { scope: 'read' },
      preHandler: indexed,
      schema: {
        tags: ['market'],
        summary: "Recorded trades: an organisation's own; all of them for exchanges and the authority",
        querystring: query({ limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }),
        response: list,
      },
    },
    async (request) => {
      const all = (await kindsOf(request)).some((k) => k === 'exchange' || k === 'authority');
      return listTrades(marketDeps(deps).chain, deps.db, {
        accounts: all ? undefined : await accountsOf(deps.db, orgOf(request)),
        limit: request.query.limit,
      });
    },
  );

  app.get<{ Querystring: { asset: AssetName; period: 'day' | 'month' | 'year' } }>(
    '/v1/market/statistics',
    {
      config: { scope: 'read' },
      preHandler: indexed,
      schema: {
        tags: ['market'],
        summary: 'Volume and volume-weighted price per token (vintage) and local day, month or year',
        querystring: query({
          asset: { ...asset, default: 'allowance' },
          period: { type: 'string', enum: ['day', 'month', 'year'], default: 'month' },
        }),
        response: list,
      },
    },
    async (request) => marketStatistics(marketDeps(deps).chain, deps.db, request.query.asset, request.query.period),
  );

  app.get(
    '/v1/market/positions',
    {
      config: { scope: 'read' },
      preHandler: indexed,
      schema: {
        tags: ['market'],
        summary: "The caller's token balances, from the indexed chain",
        querystring: query(),
        response: list,
      },
    },
    async (request) => positions(deps.db, await accountsOf(deps.db, orgOf(request))),
  );

  app.get<{ Querystring: { asset?: AssetName; tokenId?: string; orgId?: string } }>(
    '/v1/market/holdings',
    {
      config: { scope: 'read' },
      preHandler: indexed,
      schema: {
        tags: ['market'],
        summary:
          'Authority: who holds what, per organisation, account and token (optionally one asset, token or organisation)',
        querystring: query({ asset, tokenId: uint256, orgId: uuid }),
        response: list,
      },
    },
    async (request) => {
      await requireOrganisationKind(deps.db, orgOf(request), 'authority');
      return holdings(deps.db, request.query);
    },
  );

  app.get(
    '/v1/certificates/devices',
    {
      config: { scope: 'read' },
      preHandler: indexed,
      schema: {
        tags: ['market'],
        summary: 'Generation devices registered on chain (from the indexer)',
        querystring: query(),
        response: list,
      },
    },
    async () => listDevices(marketDeps(deps)),
  );

  app.get<{ Querystring: { holder?: string; limit: number } }>(
    '/v1/market/register',
    {
      config: { scope: 'read' },
      preHandler: indexed,
      schema: {
        tags: ['market'],
        summary:
          "Authority: the oversight register, every holder's balance per asset and compliance year with its obligation " +
          'and surrenders, and the recent issuances, transfers and surrenders (optionally of holders whose name matches)',
        querystring: query({
          holder: { type: 'string', minLength: 1, maxLength: 200, description: 'Part of a holder name, any case' },
          limit: { type: 'integer', minimum: 1, maximum: 500, default: 100, description: 'How many recent events' },
        }),
        response: { 200: registerResponse, ...errorResponses(400, 503) },
      },
    },
    async (request) => {
      await requireOrganisationKind(deps.db, orgOf(request), 'authority');
      const { holder, limit } = request.query;
      const [register, events] = await Promise.all([
        oversightRegister(marketDeps(deps), { holder }),
        registerEvents(deps.db, { holder, limit }),
      ]);
      return { holdings: register, events };
    },
  );
}
