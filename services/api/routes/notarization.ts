import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { address, date, errorResponses, idParams, uuid } from '../schemas';
import { getSharedDocument } from '../../documents/sharedDocuments';
import { NengtanError } from '../../lib/errors';
import { notarizeInventory, type NotarizationDeps } from '../../notarization/notarizeInventory';
import { attestInventory, type AttestationInput } from '../../notarization/attestations';
import { assignVerifier, listAssignments } from '../../notarization/verifierAssignments';
import { complianceOverview } from '../../notarization/complianceOverview';
import { requireOrganisationKind } from '../../registry/requireOrganisationKind';

function notarizationDeps(deps: AppDeps): NotarizationDeps {
  if (!deps.chain || !deps.documents) {
    throw new NengtanError('NT_ERR_CHAIN_UNAVAILABLE', {
      message: 'Notarization needs the chain and the document store',
    });
  }
  return { db: deps.db, chain: deps.chain, documents: deps.documents, keystoreSecret: deps.keystoreSecret };
}

const params = idParams;
const txHash = {
  type: 'string',
  pattern: '^0x[0-9a-fA-F]{64}$',
  description: 'The hash of the transaction you signed and sent: confirms it.',
} as const;

/** The answer to an organisation that signs itself: what is stored, and the transaction to sign and send. */
const awaitingSignature = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['awaiting-signature'] },
    inventoryId: uuid,
    verifierOrgId: uuid,
    verifierAddress: address,
    manifestCid: { type: 'string' },
    transaction: {
      type: 'object',
      properties: {
        to: address,
        from: address,
        data: { type: 'string', pattern: '^0x[0-9a-f]*$' },
        chainId: { type: 'integer' },
      },
      required: ['to', 'from', 'data', 'chainId'],
    },
  },
  required: ['status', 'inventoryId', 'manifestCid', 'transaction'],
} as const;

/** The answer to a verifier that signs itself: its stored statement, and the attest transaction to sign and send. */
const attestationAwaitingSignature = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['awaiting-signature'] },
    inventoryId: uuid,
    statementCid: { type: 'string' },
    transaction: awaitingSignature.properties.transaction,
  },
  required: ['status', 'inventoryId', 'statementCid', 'transaction'],
} as const;

export async function notarizationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Params: { id: string }; Body: { txHash?: string } | undefined }>(
    '/v1/inventories/:id/notarize',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['verification'],
        summary: 'Notarize an inventory: evidence package to IPFS (encrypted), inventory to InventoryRegistry',
        description:
          'With a custodial account the inventory is recorded on chain and notarized (200). With an external account ' +
          'the evidence is stored and the answer is the transaction to sign and send yourself (202, ' +
          '"awaiting-signature"; asking again gives the same one); then call again with {"txHash": ...} to confirm.',
        params,
        // No body at all (null to the validator) asks for notarization, as it always has.
        body: { type: ['object', 'null'], additionalProperties: false, properties: { txHash } },
        response: {
          200: { type: 'object', additionalProperties: true },
          202: awaitingSignature,
          ...errorResponses(400, 404, 409, 422, 503),
        },
      },
    },
    async (request, reply) => {
      await requireOrganisationKind(deps.db, orgOf(request), 'enterprise');
      const result = await notarizeInventory(notarizationDeps(deps), orgOf(request), request.params.id, {
        txHash: request.body?.txHash,
      });
      if (result.status === 'awaiting-signature') void reply.status(202);
      return result;
    },
  );

  app.post<{ Params: { id: string }; Body: { verifierOrgId: string; txHash?: string } }>(
    '/v1/inventories/:id/verifiers',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['verification'],
        summary: 'Assign an independent verifier (on chain), giving it its own encrypted copy of the evidence',
        description:
          'With an external account the answer is the assignVerifier transaction to sign and send yourself (202); ' +
          'then call again with the same verifierOrgId and {"txHash": ...} to confirm.',
        params,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['verifierOrgId'],
          properties: { verifierOrgId: uuid, txHash },
        },
        response: {
          200: { type: 'object', additionalProperties: true },
          202: awaitingSignature,
          ...errorResponses(400, 404, 409, 422, 503),
        },
      },
    },
    async (request, reply) => {
      await requireOrganisationKind(deps.db, orgOf(request), 'enterprise');
      const result = await assignVerifier(
        notarizationDeps(deps),
        orgOf(request),
        request.params.id,
        request.body.verifierOrgId,
        { txHash: request.body.txHash },
      );
      if (result.status === 'awaiting-signature') void reply.status(202);
      return result;
    },
  );

  app.get(
    '/v1/verifications',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['verification'],
        summary: "The inventories assigned to the caller's (verifier) organisation",
        response: {
          200: { type: 'array', items: { type: 'object', additionalProperties: true } },
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      await requireOrganisationKind(deps.db, orgOf(request), 'verifier');
      return listAssignments(deps, orgOf(request));
    },
  );

  app.post<{ Params: { id: string }; Body: AttestationInput | { txHash: string } }>(
    '/v1/verifications/:id/attestation',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['verification'],
        summary: 'Attest an assigned inventory on chain (verified, qualified or rejected) with a statement',
        description:
          'With a custodial account the attestation is recorded on chain (200). With an external account the ' +
          'statement is stored and the answer is the attest transaction to sign and send yourself (202, ' +
          '"awaiting-signature"); then call again with {"txHash": ...} to confirm.',
        params,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            opinion: { type: 'string', enum: ['verified', 'qualified', 'rejected'] },
            assurance: { type: 'string', enum: ['limited', 'reasonable'] },
            materialityBps: { type: 'integer', minimum: 0, maximum: 10_000 },
            statement: { type: 'string', minLength: 1, maxLength: 100_000 },
            txHash,
          },
          anyOf: [{ required: ['opinion', 'assurance', 'materialityBps', 'statement'] }, { required: ['txHash'] }],
        },
        response: {
          200: { type: 'object', additionalProperties: true },
          202: attestationAwaitingSignature,
          ...errorResponses(400, 404, 409, 422, 503),
        },
      },
    },
    async (request, reply) => {
      await requireOrganisationKind(deps.db, orgOf(request), 'verifier');
      const result = await attestInventory(notarizationDeps(deps), orgOf(request), request.params.id, request.body);
      if (result.status === 'awaiting-signature') void reply.status(202);
      return result;
    },
  );

  app.get<{ Params: { cid: string } }>(
    '/v1/shared-documents/:cid',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['verification'],
        summary: "An encrypted document (envelope bytes) the caller's organisation is a recipient of",
        params: { type: 'object', properties: { cid: { type: 'string', maxLength: 200 } }, required: ['cid'] },
      },
    },
    async (request, reply) => {
      if (!deps.documents) throw new NengtanError('NT_ERR_CHAIN_UNAVAILABLE', { message: 'No document store' });
      const envelope = await getSharedDocument(deps.db, deps.documents, orgOf(request), request.params.cid);
      void reply.type('application/octet-stream');
      return Buffer.from(envelope);
    },
  );

  app.get<{ Querystring: { periodStart?: string; periodEnd?: string } }>(
    '/v1/oversight/inventories',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['verification'],
        summary: 'Authority: every notarized inventory with its chain totals and verification status',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            periodStart: date,
            periodEnd: date,
          },
        },
        response: {
          200: { type: 'array', items: { type: 'object', additionalProperties: true } },
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      await requireOrganisationKind(deps.db, orgOf(request), 'authority');
      return complianceOverview(deps.db, request.query);
    },
  );
}
