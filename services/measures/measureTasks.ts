import { randomUUID } from 'node:crypto';
import { withTransaction, type Db, type Queryable } from '../db/db';
import { enqueueWebhookEvent } from '../alerts/webhookOutbox';
import { NengtanError } from '../lib/errors';
import { getMeasure } from './measures';

export interface MeasureTask {
  id: string;
  measureId: string;
  title: string;
  owner: string | null;
  dueOn: string | null;
  status: 'open' | 'done';
  completedAt: string | null;
  createdAt: string;
  comments: number;
}

export interface TaskComment {
  id: string;
  taskId: string;
  author: string | null;
  body: string;
  createdAt: string;
}

interface Row {
  id: string;
  measure_id: string;
  title: string;
  owner: string | null;
  due_on: string | null;
  status: 'open' | 'done';
  completed_at: Date | null;
  created_at: Date;
  comments: string;
}

const COLUMNS = `t.id, t.measure_id, t.title, t.owner, to_char(t.due_on, 'YYYY-MM-DD') as due_on, t.status,
  t.completed_at, t.created_at,
  (select count(*) from measure_task_comments c where c.task_id = t.id)::text as comments`;

const toTask = (r: Row): MeasureTask => ({
  id: r.id,
  measureId: r.measure_id,
  title: r.title,
  owner: r.owner,
  dueOn: r.due_on,
  status: r.status,
  completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
  createdAt: new Date(r.created_at).toISOString(),
  comments: Number(r.comments),
});

const taskNotFound = () =>
  new NengtanError('NT_ERR_NOT_FOUND', {
    message: 'No such task of this measure',
    hint: "List the measure's tasks with GET /v1/measures/{id}/tasks.",
  });

async function readTask(db: Queryable, orgId: string, measureId: string, taskId: string): Promise<MeasureTask> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from measure_tasks t where t.org_id = $1::uuid and t.measure_id = $2::uuid and t.id = $3::uuid`,
    [orgId, measureId, taskId],
  );
  if (!rows[0]) throw taskNotFound();
  return toTask(rows[0]);
}

/** The task's event for the organisation's webhooks (same outbox, signature and retries as alert events). */
async function notify(
  tx: Queryable,
  orgId: string,
  event: string,
  measure: { id: string; title: string },
  task: MeasureTask,
) {
  await enqueueWebhookEvent(
    tx,
    orgId,
    event,
    JSON.stringify({ event, orgId, measure: { id: measure.id, title: measure.title }, task }),
  );
}

export async function listTasks(db: Queryable, orgId: string, measureId: string): Promise<MeasureTask[]> {
  await getMeasure(db, orgId, measureId);
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from measure_tasks t where t.org_id = $1::uuid and t.measure_id = $2::uuid
     order by t.created_at, t.id`,
    [orgId, measureId],
  );
  return rows.map(toTask);
}

export async function createTask(
  db: Db,
  orgId: string,
  measureId: string,
  input: { title: string; owner?: string | null; dueOn?: string | null },
): Promise<MeasureTask> {
  const measure = await getMeasure(db, orgId, measureId);
  return withTransaction(db, async (tx) => {
    const id = randomUUID();
    await tx.query(
      `insert into measure_tasks (id, measure_id, org_id, title, owner, due_on)
       values ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6::date)`,
      [id, measureId, orgId, input.title, input.owner ?? null, input.dueOn ?? null],
    );
    const task = await readTask(tx, orgId, measureId, id);
    await notify(tx, orgId, 'measure.task.created', measure, task);
    return task;
  });
}

/** Changes a task; completing it (open → done) is sent to the webhooks, reopening clears its completion time. */
export async function updateTask(
  db: Db,
  orgId: string,
  measureId: string,
  taskId: string,
  patch: { title?: string; owner?: string | null; dueOn?: string | null; status?: 'open' | 'done' },
): Promise<MeasureTask> {
  const measure = await getMeasure(db, orgId, measureId);
  return withTransaction(db, async (tx) => {
    const current = await readTask(tx, orgId, measureId, taskId);
    const status = patch.status ?? current.status;
    await tx.query(
      `update measure_tasks set title = $4, owner = $5, due_on = $6::date, status = $7,
         completed_at = case when $7 = 'done' then coalesce(completed_at, now()) else null end
       where org_id = $1::uuid and measure_id = $2::uuid and id = $3::uuid`,
      [
        orgId,
        measureId,
        taskId,
        patch.title ?? current.title,
        patch.owner === undefined ? current.owner : patch.owner,
        patch.dueOn === undefined ? current.dueOn : patch.dueOn,
        status,
      ],
    );
    const task = await readTask(tx, orgId, measureId, taskId);
    if (current.status === 'open' && status === 'done')
      await notify(tx, orgId, 'measure.task.completed', measure, task);
    return task;
  });
}

export async function addComment(
  db: Queryable,
  orgId: string,
  measureId: string,
  taskId: string,
  input: { body: string; author?: string | null },
): Promise<TaskComment> {
  await readTask(db, orgId, measureId, taskId);
  const { rows } = await db.query<{
    id: string;
    task_id: string;
    author: string | null;
    body: string;
    created_at: Date;
  }>(
    `insert into measure_task_comments (id, task_id, org_id, author, body) values ($1::uuid, $2::uuid, $3::uuid, $4, $5)
     returning id, task_id, author, body, created_at`,
    [randomUUID(), taskId, orgId, input.author ?? null, input.body],
  );
  const r = rows[0];
  return {
    id: r.id,
    taskId: r.task_id,
    author: r.author,
    body: r.body,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function listComments(
  db: Queryable,
  orgId: string,
  measureId: string,
  taskId: string,
): Promise<TaskComment[]> {
  await readTask(db, orgId, measureId, taskId);
  const { rows } = await db.query<{
    id: string;
    task_id: string;
    author: string | null;
    body: string;
    created_at: Date;
  }>(
    `select id, task_id, author, body, created_at from measure_task_comments
     where org_id = $1::uuid and task_id = $2::uuid order by created_at, id`,
    [orgId, taskId],
  );
  return rows.map((r) => ({
    id: r.id,
    taskId: r.task_id,
    author: r.author,
    body: r.body,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
