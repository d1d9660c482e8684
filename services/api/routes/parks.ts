import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { date, errorResponses, uuid } from '../schemas';
import { listMeters } from '../../registry/meters';
import { requireOrganisationKind } from '../../registry/requireOrganisationKind';
import {
  GRANT_LEVELS,
  inviteToPark,
  listInvitationsOf,
  listParkMemberships,
  requireMemberGrant,
  stepMembership,
  type Actor,
  type GrantLevel,
  type MembershipStep,
} from '../../parks/parkMemberships';
import { parkOverview } from '../../parks/parkOverview';
import { membershipSchema, overviewSchema } from './parkSchemas';
import { seriesBody, seriesQuerystring, seriesResponse, type SeriesQuery } from './series';

const idParams = { type: 'object', additionalProperties: false, required: ['id'], properties: { id: uuid } } as const;

function actorOf(request: FastifyRequest): Actor {
  return { orgId: orgOf(request), keyId: request.principal?.keyId as string };
}

/** The calling organisation, refused unless it is a park operator. */
export async function parkOf(deps: AppDeps, request: FastifyRequest): Promise<Actor> {
  const actor = actorOf(request);
  await requireOrganisationKind(deps.db, actor.orgId, 'park');
  return actor;
}

/**
 * Industrial parks (园区): a park invites enterprises, each enterprise accepts (granting aggregated figures, or meter
 * data too), declines or later leaves; the park sees its consenting members' figures and nothing of anyone else.
 */
export async function parkRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: { enterpriseId: string } }>(
    '/v1/park/invitations',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['parks'],
        summary: 'Invite an enterprise into the park (park operators); it sees the invitation and may accept',
        description:
          'Find the enterprise with GET /v1/directory?kind=enterprise. Nothing of it is visible to the park until it accepts.',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['enterpriseId'],
          properties: { enterpriseId: uuid },
        },
        response: { 201: membershipSchema, ...errorResponses(400, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const park = await parkOf(deps, request);
      return reply.code(201).send(await inviteToPark(deps.db, park, request.body.enterpriseId));
    },
  );

  app.get(
    '/v1/park/members',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['parks'],
        summary: "The park's invitations and memberships with their status, grant and who took each step",
        response: {
          200: { type: 'object', properties: { memberships: { type: 'array', items: membershipSchema } } },
          ...errorResponses(403),
        },
      },
    },
    async (request) => ({ memberships: await listParkMemberships(deps.db, (await parkOf(deps, request)).orgId) }),
  );

  const parkStep = (step: MembershipStep, summary: string) =>
    app.post<{ Params: { id: string } }>(
      `/v1/park/invitations/:id/${step}`,
      {
        config: { scope: 'admin' },
        schema: {
          tags: ['parks'],
          summary,
          params: idParams,
          response: { 200: membershipSchema, ...errorResponses(403, 404, 409) },
        },
      },
      async (request) => stepMembership(deps.db, await parkOf(deps, request), request.params.id, step),
    );
  parkStep('withdraw', 'Withdraw an invitation not yet answered (park operators)');
  parkStep('remove', 'Remove a member from the park (park operators); its figures leave the park views at once');

  app.get(
    '/v1/park-invitations',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['parks'],
        summary: 'The park invitations and memberships of the calling enterprise',
        response: {
          200: { type: 'object', properties: { invitations: { type: 'array', items: membershipSchema } } },
          ...errorResponses(),
        },
      },
    },
    async (request) => ({ invitations: await listInvitationsOf(deps.db, orgOf(request)) }),
  );

  app.post<{ Params: { id: string }; Body: { grantLevel?: GrantLevel } | undefined }>(
    '/v1/park-invitations/:id/accept',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['parks'],
        summary: "Accept a park's invitation, granting aggregated figures (default) or meter data too",
        params: idParams,
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { grantLevel: { type: 'string', enum: [...GRANT_LEVELS], default: 'aggregate' } },
        },
        response: { 200: membershipSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) =>
      stepMembership(deps.db, actorOf(request), request.params.id, 'accept', request.body?.grantLevel ?? 'aggregate'),
  );

  const memberStep = (step: MembershipStep, summary: string) =>
    app.post<{ Params: { id: string } }>(
      `/v1/park-invitations/:id/${step}`,
      {
        config: { scope: 'admin' },
        schema: {
          tags: ['parks'],
          summary,
          params: idParams,
          response: { 200: membershipSchema, ...errorResponses(404, 409) },
        },
      },
      async (request) => stepMembership(deps.db, actorOf(request), request.params.id, step),
    );
  memberStep('decline', "Decline a park's invitation");
  memberStep('leave', 'Leave the park (revoke consent): the park stops seeing any figure of the enterprise at once');

  app.get<{ Querystring: { from: string; to: string } }>(
    '/v1/park/overview',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['parks'],
        summary:
          'Energy (kgce) and location-based CO2e of the park and of each consenting member, by energy kind and month',
        description:
          "Each member's figures are its own inventory preview (the same engine, public default factor set and rounding as POST /v1/inventories/preview); the park's are their exact sum. Members ranked per product by CO2e per unit where they record production volumes; each member's latest inventory and whether it is notarized and verified. Local dates, `to` exclusive, at most 24 months.",
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to'],
          properties: { from: date, to: date },
        },
        response: { 200: overviewSchema, ...errorResponses(400, 403) },
      },
    },
    async (request) =>
      parkOverview(deps.db, (await parkOf(deps, request)).orgId, { from: request.query.from, to: request.query.to }),
  );

  app.get<{ Params: { orgId: string }; Querystring: SeriesQuery }>(
    '/v1/park/members/:orgId/series',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['parks'],
        summary: "A member's meter, site or organisation series, as GET /v1/series, if it granted the park meter data",
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['orgId'],
          properties: { orgId: uuid },
        },
        querystring: seriesQuerystring(1000),
        response: { 200: seriesResponse, ...errorResponses(400, 403, 404, 422) },
      },
    },
    async (request) => {
      const park = await parkOf(deps, request);
      await requireMemberGrant(deps.db, park.orgId, request.params.orgId, 'meters');
      return seriesBody(deps, request.params.orgId, request.query);
    },
  );

  app.get<{ Params: { orgId: string } }>(
    '/v1/park/members/:orgId/meters',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['parks'],
        summary: "A member's meters (ids and names only), if it granted the park meter data",
        description:
          'What a park needs to name meters of the member: in GET /v1/park/members/{orgId}/series and in the meterIds of a park alert rule (POST /v1/park/alert-rules). Retired meters are left out.',
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['orgId'],
          properties: { orgId: uuid },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              meters: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['id', 'externalId', 'name', 'energyKind', 'unit', 'accountingRole'],
                  properties: {
                    id: uuid,
                    externalId: { type: 'string' },
                    name: { type: ['string', 'null'] },
                    energyKind: { type: 'string' },
                    unit: { type: 'string' },
                    accountingRole: { type: 'string' },
                  },
                },
              },
            },
          },
          ...errorResponses(403, 404),
        },
      },
    },
    async (request) => {
      const park = await parkOf(deps, request);
      await requireMemberGrant(deps.db, park.orgId, request.params.orgId, 'meters');
      const meters = (await listMeters(deps.db, request.params.orgId)).filter((m) => m.retiredAt === null);
      return {
        meters: meters.map((m) => ({
          id: m.id,
          externalId: m.externalId,
          name: m.name,
          energyKind: m.energyKind,
          unit: m.unit,
          accountingRole: m.accountingRole,
        })),
      };
    },
  );
}
