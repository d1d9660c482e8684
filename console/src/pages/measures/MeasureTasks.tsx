import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { FIELD, type Comment, type Task } from './types';

function TaskComments({ measureId, task, onChanged }: { measureId: string; task: Task; onChanged: () => void }) {
  const [comments, setComments] = useState<Comment[]>([]);
  const [body, setBody] = useState('');
  const [author, setAuthor] = useState('');
  const [error, setError] = useState<unknown>();
  const base = `/v1/measures/${measureId}/tasks/${task.id}/comments`;
  const load = () => void api<Comment[]>('GET', base).then(setComments, setError);
  useEffect(load, [task.id]);

  async function submit(event: Event) {
    event.preventDefault();
    try {
      await api('POST', base, { body, ...(author ? { author } : {}) });
      setBody('');
      load();
      onChanged();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div data-comments={task.id}>
      <ul>
        {comments.map((c) => (
          <li key={c.id}>
            <strong>{c.author ?? '—'}</strong> {c.body} <small>{new Date(c.createdAt).toLocaleString()}</small>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} style="display:flex;gap:0.5rem;align-items:end">
        <input
          name="author"
          placeholder={t('measuresCommentAuthor')}
          value={author}
          onInput={(e) => setAuthor(e.currentTarget.value)}
        />
        <input
          name="comment"
          required
          placeholder={t('measuresComments')}
          value={body}
          onInput={(e) => setBody(e.currentTarget.value)}
        />
        <button type="submit">{t('measuresCommentAdd')}</button>
      </form>
      <ErrorBox error={error} />
    </div>
  );
}

/** A measure's tasks with their owners, due dates and comments; completing one is sent to the webhooks. */
export function MeasureTasks({ measureId }: { measureId: string }) {
  const [tasks, setTasks] = useState<Task[]>([]);
  const [open, setOpen] = useState<string>();
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<unknown>();
  const load = () => void api<Task[]>('GET', `/v1/measures/${measureId}/tasks`).then(setTasks, setError);
  useEffect(load, [measureId]);

  async function act(fn: () => Promise<unknown>) {
    setError(undefined);
    try {
      await fn();
      load();
    } catch (e) {
      setError(e);
    }
  }

  function add(event: Event) {
    event.preventDefault();
    void act(async () => {
      await api('POST', `/v1/measures/${measureId}/tasks`, {
        title,
        ...(owner ? { owner } : {}),
        ...(due ? { dueOn: due } : {}),
      });
      setTitle('');
      setOwner('');
      setDue('');
    });
  }

  return (
    <section data-panel="tasks">
      <h3>{t('measuresTasks')}</h3>
      {tasks.length === 0 && <p>{t('measuresTasksNone')}</p>}
      {tasks.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('measuresTaskTitle')}</th>
              <th>{t('measuresOwner')}</th>
              <th>{t('measuresTaskDue')}</th>
              <th>{t('measuresStatus')}</th>
              <th>{t('measuresActions')}</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.id} data-task={task.title} data-status={task.status}>
                <td>{task.title}</td>
                <td>{task.owner ?? '—'}</td>
                <td>{task.dueOn ?? '—'}</td>
                <td>{t(task.status === 'done' ? 'measuresTaskDone' : 'measuresTaskOpen')}</td>
                <td>
                  {task.status === 'open' && (
                    <button
                      type="button"
                      data-action="complete"
                      onClick={() =>
                        void act(() => api('PATCH', `/v1/measures/${measureId}/tasks/${task.id}`, { status: 'done' }))
                      }
                    >
                      {t('measuresTaskComplete')}
                    </button>
                  )}{' '}
                  <button
                    type="button"
                    class="link"
                    data-action="comments"
                    onClick={() => setOpen(open === task.id ? undefined : task.id)}
                  >
                    {t('measuresComments')} ({task.comments})
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {tasks
        .filter((task) => task.id === open)
        .map((task) => (
          <TaskComments key={task.id} measureId={measureId} task={task} onChanged={load} />
        ))}
      <form onSubmit={add} data-form="task" style="display:flex;flex-wrap:wrap;gap:0.75rem;align-items:end">
        <label style={FIELD}>
          {t('measuresTaskTitle')}
          <input name="title" required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <label style={FIELD}>
          {t('measuresOwner')}
          <input name="owner" value={owner} onInput={(e) => setOwner(e.currentTarget.value)} />
        </label>
        <label style={FIELD}>
          {t('measuresTaskDue')}
          <input name="due" type="date" value={due} onInput={(e) => setDue(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('measuresTaskAdd')}</button>
      </form>
      <ErrorBox error={error} />
    </section>
  );
}
