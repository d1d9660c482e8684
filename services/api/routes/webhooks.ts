import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, idParams } from '../schemas';
import { postSigned } from '../../alerts/deliverWebhooks';
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  updateWebhook,
  webhookWithSecret,
  type WebhookInput,
} from '../../alerts/webhooks';
import { deliverySchema, testDeliverySchema, webhookBody, webhookSchema } from './alertSchemas';

/** Webhook endpoints that receive alert events, signed with HMAC-SHA256 (header x-nengtan-signature). */
export async function webhookRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const tags = ['alerts'];
  const allowPrivate = deps.config.webhookAllowPrivate;
  app.post<{ Body: WebhookInput }>(
    '/v1/webhooks',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Register a webhook; the answer carries its HMAC secret, shown only this once',
        body: webhookBody,
        response: { 201: webhookSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createWebhook(deps.db, orgOf(request), request.body, allowPrivate)),
  );

  app.get(
    '/v1/webhooks',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: "The organisation's webhooks",
        response: { 200: { type: 'array', items: webhookSchema }, ...errorResponses() },
      },
    },
    async (request) => listWebhooks(deps.db, orgOf(request)),
  );

  app.put<{ Params: { id: string }; Body: WebhookInput }>(
    '/v1/webhooks/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Change a webhook (the secret stays)',
        params: idParams,
        body: webhookBody,
        response: { 200: webhookSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => updateWebhook(deps.db, orgOf(request), request.params.id, request.body, allowPrivate),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/webhooks/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Remove a webhook and its deliveries',
        params: idParams,
        response: { 204: { type: 'null' }, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await deleteWebhook(deps.db, orgOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/webhooks/:id/deliveries',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: "A webhook's latest deliveries with their attempts and next retry",
        params: idParams,
        response: { 200: { type: 'array', items: deliverySchema }, ...errorResponses(404) },
      },
    },
    async (request) => listDeliveries(deps.db, orgOf(request), request.params.id),
  );

  app.post<{ Params: { id: string } }>(
    '/v1/webhooks/:id/test',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Send a signed test event to the webhook now (once, no retry) and report what it answered',
        params: idParams,
        response: { 200: testDeliverySchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const orgId = orgOf(request);
      const hook = await webhookWithSecret(deps.db, orgId, request.params.id);
      const body = JSON.stringify({
        event: 'webhook.test',
        orgId,
        webhookId: hook.id,
        sentAt: new Date().toISOString(),
      });
      return postSigned(hook, 'webhook.test', `test-${randomUUID()}`, body, { allowPrivate, timeoutMs: 10_000 });
    },
  );
}
