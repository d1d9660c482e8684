import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, uuid } from '../schemas';
import { NengtanError } from '../../lib/errors';
import { issueApiKey, listApiKeys, revokeApiKey, SCOPES, type Scope } from '../../registry/apiKeys';
import {
  createOrganisation,
  getOrganisation,
  listOrganisations,
  ORGANISATION_KINDS,
  setEncryptionPublicKey,
  type OrganisationKind,
} from '../../registry/organisations';
import { listChainAccounts } from '../../custody/chainAccounts';
import { issueAccountChallenge } from '../../custody/accountChallenges';
import { registerChainAccount, type ChainAccountRequest } from '../../custody/registerChainAccount';

const issuedKeySchema = {
  type: 'object',
  properties: {
    id: uuid,
    name: { type: 'string' },
    prefix: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    key: { type: 'string', description: 'The whole key. Shown once; only its hash is stored.' },
  },
} as const;

const orgScopes = SCOPES.filter((s) => s !== 'platform');

export async function organisationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: { name: string; adminKeyName?: string; kinds?: OrganisationKind[] } }>(
    '/v1/organisations',
    {
      config: { scope: 'platform' },
      schema: {
        tags: ['access'],
        summary: 'Register an organisation and issue its first admin key (platform operators)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            adminKeyName: { type: 'string', maxLength: 100 },
            kinds: {
              type: 'array',
              minItems: 1,
              uniqueItems: true,
              items: { type: 'string', enum: ORGANISATION_KINDS },
              description:
                'Parts the organisation plays (roles on chain; trader: a trading desk, a participant without a role); enterprise by default.',
            },
          },
        },
        response: {
          201: { type: 'object', properties: { organisation: { $ref: 'Organisation#' }, adminKey: issuedKeySchema } },
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) => {
      const { organisation, adminKey } = await deps.db.transaction(async (tx) => {
        const organisation = await createOrganisation(tx, { name: request.body.name, kinds: request.body.kinds });
        const adminKey = await issueApiKey(tx, {
          orgId: organisation.id,
          name: request.body.adminKeyName ?? 'admin',
          scopes: ['admin'],
        });
        return { organisation, adminKey };
      });
      void reply.status(201);
      return { organisation, adminKey };
    },
  );

  app.get(
    '/v1/organisations',
    {
      config: { scope: 'platform' },
      schema: {
        tags: ['access'],
        summary: 'All organisations (platform operators)',
        response: { 200: { type: 'array', items: { $ref: 'Organisation#' } }, ...errorResponses() },
      },
    },
    async () => listOrganisations(deps.db),
  );

  app.get(
    '/v1/organisation',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['access'],
        summary: 'The organisation of the calling key',
        response: { 200: { $ref: 'Organisation#' }, ...errorResponses(404) },
      },
    },
    async (request) => {
      const org = await getOrganisation(deps.db, orgOf(request));
      if (!org) throw new NengtanError('NT_ERR_NOT_FOUND');
      return org;
    },
  );

  app.post<{ Body: { name: string; scopes: Scope[] } }>(
    '/v1/api-keys',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['access'],
        summary: "Issue an API key for the caller's organisation",
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'scopes'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            scopes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: orgScopes } },
          },
        },
        response: { 201: issuedKeySchema, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const key = await issueApiKey(deps.db, {
        orgId: orgOf(request),
        name: request.body.name,
        scopes: request.body.scopes,
      });
      void reply.status(201);
      return key;
    },
  );

  app.get(
    '/v1/api-keys',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['access'],
        summary: "Keys of the caller's organisation (never the secrets)",
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: uuid,
                name: { type: 'string' },
                prefix: { type: 'string' },
                scopes: { type: 'array', items: { type: 'string' } },
                createdAt: { type: 'string', format: 'date-time' },
                revokedAt: { type: ['string', 'null'], format: 'date-time' },
              },
            },
          },
          ...errorResponses(),
        },
      },
    },
    async (request) => listApiKeys(deps.db, orgOf(request)),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/api-keys/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['access'],
        summary: 'Revoke a key',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        response: { 204: { type: 'null' }, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const outcome = await deps.db.transaction((tx) => revokeApiKey(tx, orgOf(request), request.params.id));
      if (outcome === 'missing') throw new NengtanError('NT_ERR_NOT_FOUND');
      if (outcome === 'last-admin') throw new NengtanError('NT_ERR_AUTH_LAST_ADMIN_KEY');
      void reply.status(204);
    },
  );

  app.put<{ Body: { publicKey: string } }>(
    '/v1/organisation/encryption-key',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['access'],
        summary: "Register the organisation's X25519 public key, which evidence packages are encrypted to",
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['publicKey'],
          properties: {
            publicKey: { type: 'string', pattern: '^(0x)?[0-9a-fA-F]{64}$', description: '32 bytes, hex.' },
          },
        },
        response: { 200: { $ref: 'Organisation#' }, ...errorResponses(400) },
      },
    },
    async (request) =>
      setEncryptionPublicKey(deps.db, orgOf(request), Buffer.from(request.body.publicKey.replace(/^0x/, ''), 'hex')),
  );

  const chainAccountSchema = {
    type: 'object',
    properties: {
      address: { type: 'string' },
      orgId: uuid,
      custody: { type: 'string' },
      registeredTx: { type: ['string', 'null'] },
      createdAt: { type: 'string', format: 'date-time' },
    },
  } as const;

  const accountChallengeSchema = {
    type: 'object',
    properties: {
      nonce: { type: 'string', description: 'Send it back as `challenge`.' },
      orgId: uuid,
      address: { type: 'string' },
      chainId: { type: ['integer', 'null'] },
      expiresAt: { type: 'string', format: 'date-time' },
      message: { type: 'string', description: 'The text to sign with personal_sign (EIP-191).' },
      typedData: {
        type: 'object',
        description: 'The same statement as EIP-712 typed data (eth_signTypedData_v4).',
        properties: {
          domain: {
            type: 'object',
            properties: { name: { type: 'string' }, version: { type: 'string' }, chainId: { type: 'integer' } },
          },
          types: {
            type: 'object',
            additionalProperties: {
              type: 'array',
              items: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' } } },
            },
          },
          primaryType: { type: 'string' },
          message: {
            type: 'object',
            properties: {
              organisation: { type: 'string' },
              account: { type: 'string' },
              nonce: { type: 'string' },
              expires: { type: 'string' },
            },
          },
        },
      },
    },
  } as const;

  app.get(
    '/v1/organisation/chain-accounts',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['access'],
        summary: "The organisation's chain accounts",
        response: { 200: { type: 'array', items: chainAccountSchema }, ...errorResponses() },
      },
    },
    async (request) => listChainAccounts(deps.db, orgOf(request)),
  );

  app.post<{ Body: { address: string } }>(
    '/v1/organisation/chain-accounts/challenge',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['access'],
        summary: 'A challenge to sign with an external account, proving the organisation controls it',
        description: `Sign \`message\` (EIP-191 personal_sign) or \`typedData\` (EIP-712, eth_signTypedData_v4) with the account, then send \`{"custody": "external", "address", "challenge": nonce, "signature"}\` to POST /v1/organisation/chain-accounts before \`expiresAt\`. Contract accounts sign under ERC-1271. Each challenge is used once.`,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['address'],
          properties: { address: { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' } },
        },
        response: { 201: accountChallengeSchema, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const challenge = await issueAccountChallenge(deps.db, {
        orgId: orgOf(request),
        address: request.body.address,
        chainId: deps.chain?.chainId ?? null,
      });
      void reply.status(201);
      return challenge;
    },
  );

  app.post<{ Body: ChainAccountRequest }>(
    '/v1/organisation/chain-accounts',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['access'],
        summary:
          'Give the organisation a chain account: custodial (Nengtan holds the key, encrypted) or external (you sign, with proof of control)',
        description:
          'An external account needs a challenge from POST /v1/organisation/chain-accounts/challenge signed with it. When this instance holds the network authority key (always on the embedded chain), the organisation is registered in ParticipantRegistry, the account linked and the roles of its kinds granted.',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['custody'],
          properties: {
            custody: { type: 'string', enum: ['custodial', 'external'] },
            address: { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' },
            challenge: { type: 'string', pattern: '^0x[0-9a-fA-F]{64}$', description: 'The nonce of the challenge.' },
            signature: {
              type: 'string',
              pattern: '^0x([0-9a-fA-F]{2})*$',
              maxLength: 8194,
              description: "The account's signature of the challenge (EIP-191 or EIP-712; ERC-1271 for contracts).",
            },
          },
        },
        response: { 201: chainAccountSchema, ...errorResponses(400, 409, 422) },
      },
    },
    async (request, reply) => {
      const account = await registerChainAccount(deps, orgOf(request), request.body);
      void reply.status(201);
      return account;
    },
  );
}
