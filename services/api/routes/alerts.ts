import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { errorResponses, idParams } from '../schemas';
import {
  createAlertRule,
  deleteAlertRule,
  getAlertRule,
  listAlertRules,
  replaceAlertRule,
} from '../../alerts/alertRules';
import { listAlerts, moveAlert, type AlertFilter } from '../../alerts/alertStore';
import type { AlertRuleInput } from '../../alerts/ruleTypes';
import { alertQuery, alertSchema, ruleBody, ruleSchema } from './alertSchemas';

/** Alert rules (per meter, group or organisation) and the alerts they raise, with their states. */
export async function alertRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const tags = ['alerts'];
  app.post<{ Body: AlertRuleInput }>(
    '/v1/alert-rules',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary:
          'Add an alert rule: threshold, completeness, zero_run, flat_line, schedule, anomaly, loss, budget, ' +
          'compliance, total or intensity',
        body: ruleBody,
        response: { 201: ruleSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createAlertRule(deps.db, orgOf(request), request.body)),
  );

  app.get(
    '/v1/alert-rules',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: "The organisation's alert rules",
        response: { 200: { type: 'array', items: ruleSchema }, ...errorResponses() },
      },
    },
    async (request) => listAlertRules(deps.db, orgOf(request)),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/alert-rules/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'One alert rule',
        params: idParams,
        response: { 200: ruleSchema, ...errorResponses(404) },
      },
    },
    async (request) => getAlertRule(deps.db, orgOf(request), request.params.id),
  );

  app.put<{ Params: { id: string }; Body: AlertRuleInput }>(
    '/v1/alert-rules/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Replace an alert rule (enabled: false pauses it and keeps its alerts)',
        params: idParams,
        body: ruleBody,
        response: { 200: ruleSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => replaceAlertRule(deps.db, orgOf(request), request.params.id, request.body),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/alert-rules/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Remove an alert rule and its alerts',
        params: idParams,
        response: { 204: { type: 'null' }, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await deleteAlertRule(deps.db, orgOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: AlertFilter }>(
    '/v1/alerts',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'Alerts, newest first, filtered by state, meter, subject kind, rule kind, rule and time',
        querystring: alertQuery,
        response: { 200: { type: 'array', items: alertSchema }, ...errorResponses(400) },
      },
    },
    async (request) => listAlerts(deps.db, orgOf(request), request.query),
  );

  for (const [action, state] of [
    ['acknowledge', 'acknowledged'],
    ['resolve', 'resolved'],
  ] as const) {
    app.post<{ Params: { id: string } }>(
      `/v1/alerts/:id/${action}`,
      {
        config: { scope: 'admin' },
        schema: {
          tags,
          summary:
            action === 'acknowledge'
              ? 'Acknowledge an open alert (who and when are recorded)'
              : 'Resolve an open or acknowledged alert',
          params: idParams,
          response: { 200: alertSchema, ...errorResponses(404, 409) },
        },
      },
      async (request) =>
        moveAlert(deps.db, orgOf(request), request.params.id, state, request.principal?.keyId ?? 'unknown'),
    );
  }
}
