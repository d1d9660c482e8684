import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { errorResponses } from '../schemas';
import { NengtanError } from '../../lib/errors';
import { publicRpcUrl } from '../../chain/publicRpcUrl';

const chainSchema = {
  $id: 'Chain',
  type: 'object',
  description: "What a browser needs to check a receipt against the chain itself: the chain's id, RPC and contracts.",
  properties: {
    chainId: { type: 'integer' },
    rpcUrl: { type: 'string', description: 'JSON-RPC URL browsers may use (RPC_PUBLIC_URL)' },
    contracts: {
      type: 'object',
      properties: {
        anchorRegistry: { type: 'string' },
        participantRegistry: { type: 'string' },
        inventoryRegistry: { type: ['string', 'null'] },
      },
    },
    rootGetter: { type: 'string', description: 'The anchoring contract function that answers a batch root' },
  },
} as const;

/** GET /v1/chain: the chain the organisation's batches are anchored on, for verifiers that trust only the chain. */
export async function chainRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addSchema(chainSchema);
  app.get(
    '/v1/chain',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['receipts'],
        summary: 'The chain id, contract addresses and the public JSON-RPC URL receipts can be checked against',
        response: { 200: { $ref: 'Chain#' }, ...errorResponses(503) },
      },
    },
    async () => {
      const chain = deps.chain;
      if (!chain)
        throw new NengtanError('NT_ERR_CHAIN_UNAVAILABLE', { message: 'This installation runs without a chain' });
      const rpcUrl = publicRpcUrl(deps.config, chain);
      if (!rpcUrl) throw new NengtanError('NT_ERR_CHAIN_RPC_NOT_PUBLIC');
      return {
        chainId: chain.chainId,
        rpcUrl,
        contracts: {
          anchorRegistry: chain.deployment.anchorRegistry,
          participantRegistry: chain.deployment.participantRegistry,
          inventoryRegistry: chain.deployment.inventoryRegistry ?? null,
        },
        rootGetter: 'function rootOf(bytes32 batchId) view returns (bytes32)',
      };
    },
  );
}
