import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { assetName, date, errorResponses, tokenQuantity, uint256, uuid } from '../schemas';
import { NengtanError } from '../../lib/errors';
import {
  allocateAllowances,
  issueOffsets,
  openComplianceYear,
  surrenderAllowances,
  type MarketDeps,
} from '../../market/allowances';
import { claimCertificates, issueCertificates, registerDevice, revokeCertificates } from '../../market/certificates';
import type { SurrenderInput } from '../../market/confirmSurrender';
import { recordExchangeTrade, type ExchangeTradeInput } from '../../market/trades';
import { approveLedger, transferTokens } from '../../market/transfers';
import { requireOrganisationKind } from '../../registry/requireOrganisationKind';

const quantity = tokenQuantity;
const tokenId = uint256;
const asset = assetName;
const year = { type: 'integer', minimum: 2000, maximum: 2200 } as const;
const ok = {
  200: { type: 'object', additionalProperties: true, description: 'Mined: status, txHash, blockNumber' },
  202: {
    type: 'object',
    additionalProperties: true,
    description:
      'The organisation signs itself (external account): status awaiting-signature and the transaction {to, from, data, chainId} to sign and send',
  },
  ...errorResponses(400, 404, 422, 503),
};

/** A transaction prepared for an organisation that signs itself is answered 202: accepted, not yet done. */
async function answerPrepared(_request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if ((payload as { status?: string } | null)?.status === 'awaiting-signature') void reply.code(202);
  return payload;
}

function body(required: string[], properties: Record<string, unknown>) {
  return { type: 'object', additionalProperties: false, required, properties } as const;
}

export function marketDeps(deps: AppDeps): MarketDeps {
  if (!deps.chain) throw new NengtanError('NT_ERR_CHAIN_UNAVAILABLE', { message: 'The market needs the chain' });
  return { db: deps.db, chain: deps.chain, keystoreSecret: deps.keystoreSecret };
}

/**
 * Allowances, offsets, green certificates and trades. Writes are signed by the calling organisation's custodial account
 * and checked twice: by organisation kind here (NT_ERR_AUTH_ROLE) and by role on chain. Reads come from the indexer.
 */
export async function marketRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const as = async (request: Parameters<typeof orgOf>[0], kind?: Parameters<typeof requireOrganisationKind>[2]) => {
    const orgId = orgOf(request);
    if (kind) await requireOrganisationKind(deps.db, orgId, kind);
    return orgId;
  };

  app.post<{
    Body: { year: number; periodStart: string; periodEnd: string; surrenderDeadline: string; offsetCapBps: number };
  }>(
    '/v1/market/years',
    {
      config: { scope: 'admin' },
      preSerialization: answerPrepared,
      schema: {
        tags: ['market'],
        summary: 'Authority: open a compliance year (period of local days, end exclusive; deadline; offset cap)',
        body: body(['year', 'periodStart', 'periodEnd', 'surrenderDeadline'], {
          year,
          periodStart: date,
          periodEnd: date,
          surrenderDeadline: date,
          offsetCapBps: { type: 'integer', minimum: 0, maximum: 10_000, default: 500 },
        }),
        response: ok,
      },
    },
    async (request) => openComplianceYear(marketDeps(deps), await as(request, 'authority'), request.body),
  );

  app.post<{ Params: { year: number }; Body: { allocations: { orgId: string; quantity: string }[] } }>(
    '/v1/market/years/:year/allocations',
    {
      config: { scope: 'admin' },
      preSerialization: answerPrepared,
      schema: {
        tags: ['market'],
        summary: 'Authority: allocate allowances of a year to enterprises (1 = 1 tCO2e), all or none',
        params: { type: 'object', properties: { year }, required: ['year'] },
        body: body(['allocations'], {
          allocations: {
            type: 'array',
            minItems: 1,
            maxItems: 500,
            items: body(['orgId', 'quantity'], { orgId: uuid, quantity }),
          },
        }),
        response: ok,
      },
    },
    async (request) =>
      allocateAllowances(
        marketDeps(deps),
        await as(request, 'authority'),
        request.params.year,
        request.body.allocations,
      ),
  );

  app.post<{ Body: { program: string; vintage: number; orgId: string; quantity: string; issuanceRef: string } }>(
    '/v1/market/offsets',
    {
      config: { scope: 'admin' },
      preSerialization: answerPrepared,
      schema: {
        tags: ['market'],
        summary: 'Authority: issue offsets (e.g. CCER of a vintage) to an organisation',
        body: body(['program', 'vintage', 'orgId', 'quantity', 'issuanceRef'], {
          program: { type: 'string', pattern: '^[A-Z0-9-]{1,16}$' },
          vintage: year,
          orgId: uuid,
          quantity,
          issuanceRef: { type: 'string', minLength: 1, maxLength: 200 },
        }),
        response: ok,
      },
    },
    async (request) => issueOffsets(marketDeps(deps), await as(request, 'authority'), request.body),
  );

  app.post<{ Body: SurrenderInput & { txHash?: string } }>(
    '/v1/market/surrenders',
    {
      config: { scope: 'admin' },
      preSerialization: answerPrepared,
      schema: {
        tags: ['market'],
        summary: 'Enterprise: surrender allowances (and offsets up to the cap) against verified emissions',
        description:
          'With an external account the answer is 202 with the transaction {to, from, data, chainId} to sign and send ' +
          'from it; then send the same surrender again with {"txHash": ...} to confirm (NT_ERR_CHAIN_TX_MISMATCH when ' +
          'that transaction is not this surrender by your organisation).',
        body: body(['year', 'allowances'], {
          year,
          allowances: { type: 'string', pattern: '^[0-9]{1,31}$' },
          offsets: { type: 'array', maxItems: 20, items: body(['tokenId', 'quantity'], { tokenId, quantity }) },
          txHash: {
            type: 'string',
            pattern: '^0x[0-9a-fA-F]{64}$',
            description: 'The hash of the surrender your external account signed and sent: confirms it.',
          },
        }),
        response: ok,
      },
    },
    async (request) => surrenderAllowances(marketDeps(deps), await as(request, 'enterprise'), request.body),
  );

  app.post<{
    Body: { asset: 'allowance' | 'certificate'; tokenId: string; toOrgId: string; quantity: string; txHash?: string };
  }>(
    '/v1/market/transfers',
    {
      config: { scope: 'admin' },
      preSerialization: answerPrepared,
      schema: {
        tags: ['market'],
        summary: "Transfer tokens to another participant organisation's account",
        description:
          'With an external account the answer is 202 with the transaction {to, from, data, chainId} to sign and send ' +
          'from it; then send the same transfer again with {"txHash": ...} to confirm (NT_ERR_CHAIN_TX_MISMATCH when ' +
          'that transaction is not this transfer from your organisation).',
        body: body(['asset', 'tokenId', 'toOrgId', 'quantity'], {
          asset,
          tokenId,
          toOrgId: uuid,
          quantity,
          txHash: {
            type: 'string',
            pattern: '^0x[0-9a-fA-F]{64}$',
            description: 'The hash of the transfer your external account signed and sent: confirms it.',
          },
        }),
        response: ok,
      },
    },
    async (request) => transferTokens(marketDeps(deps), await as(request), request.body),
  );

  app.put<{ Params: { asset: 'allowance' | 'certificate' }; Body: { approved: boolean; txHash?: string } }>(
    '/v1/market/ledger-approvals/:asset',
    {
      config: { scope: 'admin' },
      preSerialization: answerPrepared,
      schema: {
        tags: ['market'],
        summary: 'Let TradeLedger deliver your tokens of an asset when an exchange records your sale',
        description:
          'With an external account the answer is 202 with the transaction to sign and send; then send the same ' +
          'approval again with {"txHash": ...} to confirm (NT_ERR_CHAIN_TX_MISMATCH when it is not this approval).',
        params: { type: 'object', properties: { asset }, required: ['asset'] },
        body: body(['approved'], {
          approved: { type: 'boolean' },
          txHash: {
            type: 'string',
            pattern: '^0x[0-9a-fA-F]{64}$',
            description: 'The hash of the approval your external account signed and sent: confirms it.',
          },
        }),
        response: ok,
      },
    },
    async (request) =>
      approveLedger(
        marketDeps(deps),
        await as(request),
        request.params.asset,
        request.body.approved,
        request.body.txHash,
      ),
  );

  app.post<{ Body: ExchangeTradeInput }>(
    '/v1/market/trades',
    {
      config: { scope: 'admin' },
      preSerialization: answerPrepared,
      schema: {
        tags: ['market'],
        summary: 'Exchange: record a trade; its token leg settles in the same transaction',
        body: body(
          [
            'venueRef',
            'buyerOrgId',
            'sellerOrgId',
            'asset',
            'tokenId',
            'quantity',
            'pricePerUnit',
            'currency',
            'paymentRef',
            'venue',
          ],
          {
            venueRef: { type: 'string', minLength: 1, maxLength: 200 },
            buyerOrgId: uuid,
            sellerOrgId: uuid,
            asset,
            tokenId,
            quantity,
            pricePerUnit: quantity,
            currency: { type: 'string', pattern: '^[A-Z]{3}$' },
            paymentRef: { type: 'string', minLength: 1, maxLength: 200 },
            venue: { type: 'string', minLength: 1, maxLength: 31 },
          },
        ),
        response: ok,
      },
    },
    async (request) => recordExchangeTrade(marketDeps(deps), await as(request, 'exchange'), request.body),
  );

  app.post<{
    Body: { reference: string; ownerOrgId: string; technology: string; region: string; capacityKw: number };
  }>(
    '/v1/certificates/devices',
    {
      config: { scope: 'admin' },
      preSerialization: answerPrepared,
      schema: {
        tags: ['market'],
        summary: 'Certificate issuer: register a generation device',
        body: body(['reference', 'ownerOrgId', 'technology', 'region', 'capacityKw'], {
          reference: { type: 'string', minLength: 1, maxLength: 200 },
          ownerOrgId: uuid,
          technology: { type: 'string', minLength: 1, maxLength: 31 },
          region: { type: 'string', minLength: 1, maxLength: 31 },
          capacityKw: { type: 'integer', minimum: 1, maximum: 1e12 },
        }),
        response: ok,
      },
    },
    async (request) => registerDevice(marketDeps(deps), await as(request, 'certificate_issuer'), request.body),
  );

  app.post<{
    Body: { deviceReference: string; generationStart: string; generationEnd: string; mwh: number; evidence: string };
  }>(
    '/v1/certificates/issuances',
    {
      config: { scope: 'admin' },
      preSerialization: answerPrepared,
      schema: {
        tags: ['market'],
        summary: "Certificate issuer: issue certificates (1 = 1 MWh) for a device's generation period to its owner",
        body: body(['deviceReference', 'generationStart', 'generationEnd', 'mwh', 'evidence'], {
          deviceReference: { type: 'string', minLength: 1, maxLength: 200 },
          generationStart: date,
          generationEnd: date,
          mwh: { type: 'integer', minimum: 1, maximum: 1e12 },
          evidence: { type: 'string', minLength: 1, maxLength: 1000 },
        }),
        response: ok,
      },
    },
    async (request) => issueCertificates(marketDeps(deps), await as(request, 'certificate_issuer'), request.body),
  );

  app.post<{
    Body: {
      certificateId: string;
      mwh: number;
      beneficiaryOrgId?: string;
      consumptionStart: string;
      consumptionEnd: string;
      location: string;
      txHash?: string;
    };
  }>(
    '/v1/certificates/claims',
    {
      config: { scope: 'admin' },
      preSerialization: answerPrepared,
      schema: {
        tags: ['market'],
        summary: 'Claim (retire) certificates for a beneficiary and a consumption period; feeds market-based Scope 2',
        description:
          'With an external account the answer is 202 with the transaction {to, from, data, chainId} to sign and send ' +
          'from it; then send the same claim again with {"txHash": ...} to confirm (NT_ERR_CHAIN_TX_MISMATCH when ' +
          'that transaction is not this claim by your organisation).',
        body: body(['certificateId', 'mwh', 'consumptionStart', 'consumptionEnd', 'location'], {
          certificateId: tokenId,
          mwh: { type: 'integer', minimum: 1, maximum: 1e12 },
          beneficiaryOrgId: uuid,
          consumptionStart: date,
          consumptionEnd: date,
          location: { type: 'string', minLength: 1, maxLength: 31 },
          txHash: {
            type: 'string',
            pattern: '^0x[0-9a-fA-F]{64}$',
            description: 'The hash of the claim your external account signed and sent: confirms it.',
          },
        }),
        response: ok,
      },
    },
    async (request) => claimCertificates(marketDeps(deps), await as(request), request.body),
  );

  app.post<{ Body: { certificateId: string; holderOrgId: string; mwh: number; reason: string } }>(
    '/v1/certificates/revocations',
    {
      config: { scope: 'admin' },
      preSerialization: answerPrepared,
      schema: {
        tags: ['market'],
        summary: 'Certificate issuer: revoke unclaimed certificates of a device it issues for, with a reason',
        body: body(['certificateId', 'holderOrgId', 'mwh', 'reason'], {
          certificateId: tokenId,
          holderOrgId: uuid,
          mwh: { type: 'integer', minimum: 1, maximum: 1e12 },
          reason: { type: 'string', minLength: 1, maxLength: 1000 },
        }),
        response: ok,
      },
    },
    async (request) => revokeCertificates(marketDeps(deps), await as(request, 'certificate_issuer'), request.body),
  );
}
