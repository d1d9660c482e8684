import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../buildApp';
import { orgOf } from '../auth';
import { date, errorResponses, idParams, uuid } from '../schemas';
import {
  createMeasure,
  deleteMeasure,
  getMeasure,
  listMeasures,
  moveMeasure,
  updateMeasure,
} from '../../measures/measures';
import { addComment, createTask, listComments, listTasks, updateTask } from '../../measures/measureTasks';
import { measureResults } from '../../measures/measureResults';
import type { MeasureInput, MeasureStatus } from '../../measures/measureTypes';
import {
  commentBody,
  commentSchema,
  measureBody,
  measurePatchBody,
  measureSchema,
  resultsSchema,
  statusBody,
  taskBody,
  taskPatchBody,
  taskSchema,
} from './measureSchemas';

const taskParams = {
  type: 'object',
  properties: { id: uuid, taskId: uuid },
  required: ['id', 'taskId'],
} as const;
const tags = ['measures'];

/** The UTC day after today: the default end (exclusive) of a reporting period, so it runs through today. */
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

type TaskPatch = { title?: string; owner?: string | null; dueOn?: string | null; status?: 'open' | 'done' };

/** Energy-saving measures (节能降碳措施, issue 11 §4): measures, tasks with comments, measured results. */
export async function measureRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: MeasureInput }>(
    '/v1/measures',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Plan a measure: what, where (meters/site), owner, expected savings and cost, IPMVP option, baseline',
        body: measureBody,
        response: { 201: measureSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createMeasure(deps.db, orgOf(request), request.body)),
  );

  app.get(
    '/v1/measures',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: "The organisation's measures",
        response: { 200: { type: 'array', items: measureSchema }, ...errorResponses() },
      },
    },
    async (request) => listMeasures(deps.db, orgOf(request)),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/measures/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'A measure',
        params: idParams,
        response: { 200: measureSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => getMeasure(deps.db, orgOf(request), request.params.id),
  );

  app.patch<{ Params: { id: string }; Body: Partial<MeasureInput> }>(
    '/v1/measures/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Change fields of a measure (its status moves with POST /v1/measures/{id}/status)',
        params: idParams,
        body: measurePatchBody,
        response: { 200: measureSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => updateMeasure(deps.db, orgOf(request), request.params.id, request.body),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/measures/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Delete a planned or cancelled measure with its tasks',
        params: idParams,
        response: { 204: { type: 'null' }, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteMeasure(deps.db, orgOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { id: string }; Body: { status: MeasureStatus; on?: string } }>(
    '/v1/measures/:id/status',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Move a measure: planned → in_progress → implemented (with its date), or cancelled before that',
        params: idParams,
        body: statusBody,
        response: { 200: measureSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => moveMeasure(deps.db, orgOf(request), request.params.id, request.body.status, request.body.on),
  );

  app.get<{ Params: { id: string }; Querystring: { to?: string; confidence: number } }>(
    '/v1/measures/:id/results',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary:
          'Measured savings since implementation: avoided energy with its Guideline 14 uncertainty, avoided kgce and CO2e, realised vs expected',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            to: { ...date, description: 'End of the reporting period (exclusive); through today when omitted.' },
            confidence: { type: 'number', enum: [0.68, 0.8, 0.9, 0.95], default: 0.9 },
          },
        },
        response: { 200: resultsSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request) =>
      measureResults(deps.db, orgOf(request), request.params.id, {
        to: request.query.to ?? tomorrow(),
        confidence: request.query.confidence,
      }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/measures/:id/tasks',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: "A measure's tasks",
        params: idParams,
        response: { 200: { type: 'array', items: taskSchema }, ...errorResponses(400, 404) },
      },
    },
    async (request) => listTasks(deps.db, orgOf(request), request.params.id),
  );

  app.post<{ Params: { id: string }; Body: { title: string; owner?: string | null; dueOn?: string | null } }>(
    '/v1/measures/:id/tasks',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Give a task to its owner (sent to the webhooks as measure.task.created)',
        params: idParams,
        body: taskBody,
        response: { 201: taskSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createTask(deps.db, orgOf(request), request.params.id, request.body)),
  );

  app.patch<{ Params: { id: string; taskId: string }; Body: TaskPatch }>(
    '/v1/measures/:id/tasks/:taskId',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Change a task; status done completes it (sent to the webhooks as measure.task.completed)',
        params: taskParams,
        body: taskPatchBody,
        response: { 200: taskSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => updateTask(deps.db, orgOf(request), request.params.id, request.params.taskId, request.body),
  );

  app.get<{ Params: { id: string; taskId: string } }>(
    '/v1/measures/:id/tasks/:taskId/comments',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: "A task's comments, oldest first",
        params: taskParams,
        response: { 200: { type: 'array', items: commentSchema }, ...errorResponses(400, 404) },
      },
    },
    async (request) => listComments(deps.db, orgOf(request), request.params.id, request.params.taskId),
  );

  app.post<{ Params: { id: string; taskId: string }; Body: { body: string; author?: string | null } }>(
    '/v1/measures/:id/tasks/:taskId/comments',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Comment on a task',
        params: taskParams,
        body: commentBody,
        response: { 201: commentSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await addComment(deps.db, orgOf(request), request.params.id, request.params.taskId, request.body)),
  );
}
