import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, isoTime } from '../schemas';
import { NengtanError } from '../../lib/errors';
import { verifyStoredBatch, verifyStoredOrganisation, type RootLookup } from '../../receipts/verifyStoredBatches';

const batchSchema = {
  $id: 'Batch',
  type: 'object',
  properties: {
    id: { type: 'string', description: 'bytes32 batch id on chain' },
    seq: { type: 'integer' },
    status: { type: 'string', enum: ['open', 'sealing', 'sealed', 'anchored', 'anchor_lost'] },
    leafCount: { type: ['integer', 'null'] },
    root: { type: ['string', 'null'] },
    openedAt: isoTime,
    sealedAt: { type: ['string', 'null'], format: 'date-time' },
    periodStart: { type: ['string', 'null'], format: 'date-time' },
    periodEnd: { type: ['string', 'null'], format: 'date-time' },
    anchorAttempts: { type: 'integer' },
    lastAnchorError: { type: ['string', 'null'] },
    anchorLostAt: { type: ['string', 'null'], format: 'date-time' },
    anchorLostReason: { type: ['string', 'null'] },
    lostAnchors: {
      type: 'integer',
      description: 'Anchors this batch lost to a chain reset (re-anchored when anchored)',
    },
    anchor: {
      type: ['object', 'null'],
      properties: {
        chainId: { type: 'integer' },
        contract: { type: 'string' },
        txHash: { type: 'string' },
        blockNumber: { type: 'integer' },
        blockHash: { type: 'string' },
        timestamp: isoTime,
      },
    },
  },
} as const;

const findingSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string' },
    detail: { type: 'string' },
    readingId: { type: 'integer' },
    meterId: { type: 'string' },
    intervalStart: { type: 'string' },
    revision: { type: 'integer' },
    leafIndex: { type: 'integer' },
    rawIds: { type: 'array', items: { type: 'integer' } },
  },
} as const;

const batchVerificationSchema = {
  $id: 'BatchVerification',
  type: 'object',
  properties: {
    seq: { type: 'integer' },
    batchId: { type: 'string' },
    status: { type: 'string' },
    leafCount: { type: 'integer' },
    readingsChecked: { type: 'integer' },
    root: { type: 'string' },
    rootOnChain: { type: 'string' },
    ok: { type: 'boolean' },
    findings: { type: 'array', items: findingSchema },
  },
} as const;

interface BatchRow {
  seq: number;
  batch_id: Uint8Array;
  status: string;
  leaf_count: number | null;
  root: Uint8Array | null;
  opened_at: Date;
  sealed_at: Date | null;
  period_start: Date | null;
  period_end: Date | null;
  anchor_attempts: number;
  last_anchor_error: string | null;
  anchor_lost_at: Date | null;
  anchor_lost_reason: string | null;
  chain_id: number | null;
  contract: string | null;
  tx_hash: Uint8Array | null;
  block_number: number | null;
  block_hash: Uint8Array | null;
  block_time: Date | null;
  lost_anchors: number;
}

const hex = (b: Uint8Array | null) => (b ? '0x' + Buffer.from(b).toString('hex') : null);

function toBatch(r: BatchRow) {
  return {
    id: hex(r.batch_id),
    seq: Number(r.seq),
    status: r.status,
    leafCount: r.leaf_count,
    root: hex(r.root),
    openedAt: r.opened_at.toISOString(),
    sealedAt: r.sealed_at?.toISOString() ?? null,
    periodStart: r.period_start?.toISOString() ?? null,
    periodEnd: r.period_end?.toISOString() ?? null,
    anchorAttempts: r.anchor_attempts,
    lastAnchorError: r.last_anchor_error,
    anchorLostAt: r.anchor_lost_at ? new Date(r.anchor_lost_at).toISOString() : null,
    anchorLostReason: r.anchor_lost_reason,
    lostAnchors: Number(r.lost_anchors),
    anchor:
      r.tx_hash === null
        ? null
        : {
            chainId: Number(r.chain_id),
            contract: r.contract,
            txHash: hex(r.tx_hash),
            blockNumber: Number(r.block_number),
            blockHash: hex(r.block_hash),
            timestamp: r.block_time?.toISOString(),
          },
  };
}

const SELECT_BATCHES = `select b.seq, b.batch_id, b.status, b.leaf_count, b.root, b.opened_at, b.sealed_at, b.period_start, b.period_end,
    b.anchor_attempts, b.last_anchor_error, b.anchor_lost_at, b.anchor_lost_reason, a.chain_id, a.contract, a.tx_hash, a.block_number, a.block_hash, a.block_time,
    (select count(*)::integer from lost_anchors l where l.batch_seq = b.seq) as lost_anchors
  from batches b left join anchors a on a.batch_seq = b.seq`;

export async function batchRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addSchema(batchSchema);
  app.addSchema(batchVerificationSchema);
  const rootOnChain: RootLookup | undefined = deps.chain ? (id) => deps.chain!.anchorRegistry.rootOf(id) : undefined;

  const seqOf = async (orgId: string, id: string): Promise<number> => {
    const byHex = /^0x[0-9a-fA-F]{64}$/.test(id);
    if (!byHex && !/^\d{1,15}$/.test(id)) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Batch not found' });
    const { rows } = await deps.db.query<{ seq: number }>(
      byHex
        ? 'select seq from batches where org_id = $1::uuid and batch_id = $2'
        : 'select seq from batches where org_id = $1::uuid and seq = $2::bigint',
      [orgId, byHex ? Buffer.from(id.slice(2), 'hex') : id],
    );
    if (!rows[0]) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Batch not found' });
    return Number(rows[0].seq);
  };

  app.get<{ Querystring: { status?: string; limit?: number; before?: number } }>(
    '/v1/batches',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['batches'],
        summary: "Batches of the caller's organisation, newest first",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['open', 'sealing', 'sealed', 'anchored', 'anchor_lost'] },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            before: { type: 'integer', minimum: 1, description: 'Page: batches with seq below this.' },
          },
        },
        response: { 200: { type: 'array', items: { $ref: 'Batch#' } }, ...errorResponses(400) },
      },
    },
    async (request) => {
      const { rows } = await deps.db.query<BatchRow>(
        `${SELECT_BATCHES} where b.org_id = $1::uuid and ($2::text is null or b.status = $2) and ($3::bigint is null or b.seq < $3::bigint)
       order by b.seq desc limit $4::integer`,
        [orgOf(request), request.query.status ?? null, request.query.before ?? null, request.query.limit ?? 100],
      );
      return rows.map(toBatch);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/batches/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['batches'],
        summary: 'One batch, by bytes32 id or sequence number',
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 66 } }, required: ['id'] },
        response: { 200: { $ref: 'Batch#' }, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const seq = await seqOf(orgOf(request), request.params.id);
      const { rows } = await deps.db.query<BatchRow>(`${SELECT_BATCHES} where b.seq = $1::bigint`, [seq]);
      return toBatch(rows[0]);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/v1/batches/:id/verify',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['batches'],
        summary: 'Re-hash the stored readings of a batch and compare with its sealed leaves and the anchored root',
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 66 } }, required: ['id'] },
        response: { 200: { $ref: 'BatchVerification#' }, ...errorResponses(400, 404) },
      },
    },
    async (request) => verifyStoredBatch(deps.db, await seqOf(orgOf(request), request.params.id), rootOnChain),
  );

  app.post(
    '/v1/verify',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['batches'],
        summary: "Verify every sealed batch of the caller's organisation",
        response: {
          200: {
            type: 'object',
            properties: {
              orgId: { type: 'string' },
              batches: { type: 'integer' },
              readingsChecked: { type: 'integer' },
              ok: { type: 'boolean' },
              openBatches: { type: 'integer' },
              failed: { type: 'array', items: { $ref: 'BatchVerification#' } },
            },
          },
          ...errorResponses(),
        },
      },
    },
    async (request) => verifyStoredOrganisation(deps.db, orgOf(request), rootOnChain),
  );
}
