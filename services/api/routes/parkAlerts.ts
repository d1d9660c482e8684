import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { errorResponses } from '../schemas';
import { createParkAlertRule, listParkAlertRules, type ParkAlertRuleInput } from '../../parks/parkAlertRules';
import { parkRuleBody, parkRuleSchema } from './parkAlertSchemas';
import { parkOf } from './parks';

/**
 * A park's alert rules on its consenting members' aggregates. The alerts they raise are the park's own: listed by
 * GET /v1/alerts, acknowledged and resolved by POST /v1/alerts/{id}/acknowledge|resolve, delivered to the park's
 * webhooks and its MQTT topic; DELETE /v1/alert-rules/{id} removes a rule.
 */
export async function parkAlertRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: ParkAlertRuleInput }>(
    '/v1/park/alert-rules',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['parks', 'alerts'],
        summary:
          "Add a park alert rule: the park's or a member's total, the park's budgets, or a member's intensity against the park's benchmark table",
        description:
          "total (scope park or member): kgce or kg CO2e of the members' boundary import meters per local day or month above a limit; with meterIds (scope member), those meters, only under the member's meters grant. budget (scope park): every park budget (POST /v1/park/budgets) whose forecast crosses it. intensity (scope park or member): a member's energy or CO2e per unit of a product per month above the baseline (基准) or advanced (标杆) level of the park's benchmark table (POST /v1/benchmarks). Judged by the alert worker as member data arrives and by its timed sweep; a member that left is not read from then on.",
        body: parkRuleBody,
        response: { 201: parkRuleSchema, ...errorResponses(400, 403, 404, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createParkAlertRule(deps.db, (await parkOf(deps, request)).orgId, request.body)),
  );

  app.get(
    '/v1/park/alert-rules',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['parks', 'alerts'],
        summary: "The park's alert rules (rules about a member that left are gone with it)",
        response: {
          200: { type: 'object', properties: { rules: { type: 'array', items: parkRuleSchema } } },
          ...errorResponses(403),
        },
      },
    },
    async (request) => ({ rules: await listParkAlertRules(deps.db, (await parkOf(deps, request)).orgId) }),
  );
}
