import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { Meter } from './types';

interface FlexibleMeter {
  meterId: string;
  externalId: string;
  maxShiftPercent: string | null;
  note: string | null;
}

const value = (e: Event) => (e.target as HTMLInputElement).value;

/** Electricity meters flagged as flexible (shiftable) loads, for the load shifting figure of the energy analysis. */
export function FlexibleMeters({ meters }: { meters: Meter[] }) {
  const [flagged, setFlagged] = useState<FlexibleMeter[]>([]);
  const [meterId, setMeterId] = useState('');
  const [share, setShare] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const load = () => api<FlexibleMeter[]>('GET', '/v1/flexible-meters').then(setFlagged, setError);
  useEffect(() => void load(), []);

  const electricity = meters.filter((m) => m.energyKind === 'electricity' && !m.retiredAt);
  const change = async (request: Promise<unknown>) => {
    setError(undefined);
    try {
      await request;
      await load();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  const flag = async () => {
    const body = { maxShiftPercent: share.trim() || null, note: note.trim() || null };
    if (await change(api('PUT', `/v1/meters/${meterId}/flexibility`, body))) {
      setShare('');
      setNote('');
    }
  };

  return (
    <div class="panel" data-panel="flexible-meters">
      <h2>{t('calFlexibleTitle')}</h2>
      <p class="muted">{t('calFlexibleIntro')}</p>
      {flagged.length === 0 ? (
        <p class="notice">{t('calFlexibleNone')}</p>
      ) : (
        <ul class="site-list">
          {flagged.map((f) => (
            <li key={f.meterId} data-flexible={f.externalId}>
              {f.externalId}
              {f.maxShiftPercent && <span> · ≤ {f.maxShiftPercent} %</span>}
              {f.note && <span class="muted"> · {f.note}</span>}{' '}
              <button
                type="button"
                class="link"
                aria-label={`${t('calFlexibleUnflag')} ${f.externalId}`}
                onClick={() => void change(api('DELETE', `/v1/meters/${f.meterId}/flexibility`))}
              >
                {t('calFlexibleUnflag')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="controls"
        onSubmit={(e) => {
          e.preventDefault();
          void flag();
        }}
      >
        <label>
          {t('calFlexibleMeter')}
          <select required value={meterId} onChange={(e) => setMeterId(value(e))}>
            <option value="" />
            {electricity.map((m) => (
              <option key={m.id} value={m.id}>
                {m.externalId}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('calFlexibleShare')}
          <input inputMode="decimal" value={share} onInput={(e) => setShare(value(e))} />
        </label>
        <label>
          {t('calFlexibleNote')}
          <input value={note} maxLength={200} onInput={(e) => setNote(value(e))} />
        </label>
        <button type="submit">{t('calFlexibleFlag')}</button>
      </form>
      <ErrorBox error={error} />
    </div>
  );
}
