import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { decimalString, errorResponses, uuid } from '../schemas';
import { computeBody } from './accounting';
import type { ComputeRequest } from '../../accounting/inventories';
import { ENERGY_KIND_NAMES } from '../../lib/energyKinds';
import { compareScenario } from '../../scenarios/compareScenario';
import type { ScenarioChange } from '../../scenarios/scenarioChanges';

const { restates: _restates, reason: _reason, ...inventoryProperties } = computeBody.properties;
/** A property schema without its default (defaults inside oneOf are refused by the validator: nothing to fill). */
function withoutDefault<T extends { default?: unknown }>(schema: T): Omit<T, 'default'> {
  const { default: _default, ...rest } = schema;
  return rest;
}
const kind = (name: string) => ({ type: 'string', const: name }) as const;
const meterKinds = { type: 'string', enum: ENERGY_KIND_NAMES } as const;

const change = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'percent'],
      properties: { kind: kind('production'), percent: { ...decimalString, description: 'e.g. "10" or "-5"' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'percent'],
      properties: {
        kind: kind('efficiency'),
        percent: { ...decimalString, description: 'Saving in percent of the touched meters' },
        energyKind: meterKinds,
        meters: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 1000 },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'from', 'to'],
      properties: {
        kind: kind('fuel_switch'),
        from: meterKinds,
        to: meterKinds,
        share: { ...decimalString, description: 'Percent of the fuel switched (100 when omitted)' },
        energyRatio: {
          ...decimalString,
          description: 'Energy of the new carrier per energy of the old (1 when omitted; e.g. 0.35 for a heat pump)',
        },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'mwh'],
      properties: { kind: kind('pv'), mwh: { ...decimalString, description: 'Own PV generation consumed on site' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'mwh'],
      properties: { kind: kind('green_power'), mwh: { ...decimalString, description: 'Certificates bought, MWh' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      properties: {
        kind: kind('method'),
        factorSetId: uuid,
        electricityRegion: withoutDefault(inventoryProperties.electricityRegion),
        fuelMethod: withoutDefault(inventoryProperties.fuelMethod),
        gwp: withoutDefault(inventoryProperties.gwp),
      },
    },
  ],
} as const;

const scenarioBody = {
  type: 'object',
  additionalProperties: false,
  required: ['start', 'end', 'changes'],
  properties: {
    ...inventoryProperties,
    changes: { type: 'array', items: change, minItems: 1, maxItems: 20 },
  },
} as const;

/** What-if scenarios (情景模拟) over a period's inventory: read-only, computed by the inventory engine. */
export async function scenarioRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: ComputeRequest & { changes: ScenarioChange[] } }>(
    '/v1/scenarios/preview',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analysis'],
        summary:
          'What-if: production ±x %, efficiency, fuel switch, PV, green power or another factor series or method, side by side with the base case',
        body: scenarioBody,
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => compareScenario(deps, orgOf(request), request.body),
  );
}
