import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t, type MessageKey } from '../../i18n';

interface CalendarDay {
  day: string;
  kind: 'holiday' | 'workday';
  name: string | null;
  changedAt: string;
}

const value = (e: Event) => (e.target as HTMLInputElement).value;
const kindWord = (kind: string) => t(`calKind_${kind}` as MessageKey);

/** The organisation's holidays and adjusted working days: listed, added and removed (each change audited). */
export function CalendarEditor({ onChanged }: { onChanged: () => void }) {
  const [days, setDays] = useState<CalendarDay[]>([]);
  const [day, setDay] = useState('');
  const [kind, setKind] = useState<'holiday' | 'workday'>('holiday');
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>();
  const load = () => api<CalendarDay[]>('GET', '/v1/calendar/days').then(setDays, setError);
  useEffect(() => void load(), []);

  const change = async (request: Promise<unknown>) => {
    setError(undefined);
    try {
      await request;
      await load();
      onChanged();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  const add = async () => {
    const ok = await change(api('PUT', '/v1/calendar/days', { days: [{ day, kind, name: name.trim() || null }] }));
    if (ok) {
      setDay('');
      setName('');
    }
  };

  return (
    <div class="panel" data-panel="calendar">
      <h2>{t('calTitle')}</h2>
      <p class="muted">{t('calIntro')}</p>
      {days.length === 0 ? (
        <p class="notice" data-calendar-empty>
          {t('calEmpty')}
        </p>
      ) : (
        <table class="ea-calendar">
          <thead>
            <tr>
              <th>{t('calDay')}</th>
              <th>{t('calKind')}</th>
              <th>{t('calName')}</th>
              <th>{t('calChangedAt')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day} data-calendar-day={d.day} data-kind={d.kind}>
                <td>{d.day}</td>
                <td>{kindWord(d.kind)}</td>
                <td>{d.name ?? ''}</td>
                <td>{d.changedAt.slice(0, 16).replace('T', ' ')}</td>
                <td>
                  <button
                    type="button"
                    class="link"
                    aria-label={`${t('calRemove')} ${d.day}`}
                    onClick={() => void change(api('DELETE', `/v1/calendar/days/${d.day}`))}
                  >
                    {t('calRemove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label>
          {t('calDay')}
          <input type="date" required value={day} onInput={(e) => setDay(value(e))} />
        </label>
        <label>
          {t('calKind')}
          <select value={kind} onChange={(e) => setKind(value(e) as 'holiday' | 'workday')}>
            <option value="holiday">{kindWord('holiday')}</option>
            <option value="workday">{kindWord('workday')}</option>
          </select>
        </label>
        <label>
          {t('calName')}
          <input value={name} maxLength={100} onInput={(e) => setName(value(e))} />
        </label>
        <button type="submit">{t('calAdd')}</button>
      </form>
      <ErrorBox error={error} />
    </div>
  );
}
