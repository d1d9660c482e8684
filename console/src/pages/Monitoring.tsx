import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t, type MessageKey } from '../i18n';
import { MeterTree } from './monitoring/MeterTree';
import { SeriesChart } from './monitoring/SeriesChart';
import { SeriesTable } from './monitoring/SeriesTable';
import { RESOLUTIONS, type Meter, type Resolution, type Series, type Site } from './monitoring/types';
import './monitoring/monitoring.css';

const DAY_MS = 86_400_000;
const RESOLUTION_LABELS: Record<Resolution, MessageKey> = {
  '15min': 'monRes15min',
  hour: 'monResHour',
  day: 'monResDay',
  month: 'monResMonth',
};
/** A local calendar date (YYYY-MM-DD) of the browser's time zone. */
const localDate = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
/** Local midnight of a YYYY-MM-DD date. */
const midnight = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d);
};

function seriesQuery(meterIds: string[], from: Date, to: Date, resolution: Resolution): string {
  return [
    ...meterIds.map((id) => `meter=${encodeURIComponent(id)}`),
    `from=${encodeURIComponent(from.toISOString())}`,
    `to=${encodeURIComponent(to.toISOString())}`,
    `resolution=${resolution}`,
  ].join('&');
}

interface Shown {
  current: Series;
  previous: Series;
  shiftSeconds: number;
  csv: string;
  meterCount: number;
  resolution: Resolution;
}

/**
 * The previous period laid onto this one: shifted by the period's length, or for months point by point (months differ
 * in length, so a shift would miss them).
 */
function alignPrevious(current: Series, previous: Series, resolution: Resolution, shiftSeconds: number): Series {
  if (resolution !== 'month') return previous;
  const points = previous.points.flatMap((p, i) =>
    current.points[i] ? [[current.points[i][0] - shiftSeconds, p[1], p[2], p[3]] as Series['points'][number]] : [],
  );
  return { ...previous, points };
}

/** Energy monitoring (能耗查询): a meter or a group over any period, with the previous period and quality flags. */
export function Monitoring() {
  const [sites, setSites] = useState<Site[]>([]);
  const [meters, setMeters] = useState<Meter[] | undefined>();
  const [selected, setSelected] = useState<string[]>([]);
  const today = new Date();
  const [from, setFrom] = useState(localDate(new Date(today.getTime() - 6 * DAY_MS)));
  const [to, setTo] = useState(localDate(new Date(today.getTime() + DAY_MS)));
  const [resolution, setResolution] = useState<Resolution>('hour');
  const [shown, setShown] = useState<Shown | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    Promise.all([api<Site[]>('GET', '/v1/sites'), api<Meter[]>('GET', '/v1/meters')]).then(([s, m]) => {
      setSites(s);
      setMeters(m);
      const first = m.find((x) => x.retiredAt === null) ?? m[0];
      if (first) setSelected([first.id]);
    }, setError);
  }, []);

  async function show() {
    setError(undefined);
    if (selected.length === 0) {
      setError(new Error(t('monPickMeter')));
      return;
    }
    setBusy(true);
    try {
      const start = midnight(from);
      const end = midnight(to);
      const length = end.getTime() - start.getTime();
      const previousStart = new Date(start.getTime() - length);
      const width = Math.min(2000, Math.max(200, Math.round(innerWidth)));
      const query = seriesQuery(selected, start, end, resolution);
      const [current, previous] = await Promise.all([
        api<Series>('GET', `/v1/series?${query}&width=${width}`),
        api<Series>('GET', `/v1/series?${seriesQuery(selected, previousStart, start, resolution)}&width=${width}`),
      ]);
      const shiftSeconds = length / 1000;
      setShown({
        current,
        previous: alignPrevious(current, previous, resolution, shiftSeconds),
        shiftSeconds,
        csv: `/v1/series.csv?${query}`,
        meterCount: selected.length,
        resolution,
      });
    } catch (e) {
      setShown(undefined);
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    if (selected.length > 0 && shown === undefined && error === undefined) void show();
  }, [selected]);

  const toggle = (id: string) =>
    setSelected((list) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]));

  if (meters === undefined) return error ? <ErrorBox error={error} /> : <p class="loading">{t('loading')}</p>;
  return (
    <section class="page monitoring-page">
      <h1>{t('navMonitoring')}</h1>
      <div class="monitoring">
        <aside class="panel">
          <h2>{t('monTree')}</h2>
          <MeterTree sites={sites} meters={meters} selected={selected} onToggle={toggle} />
        </aside>
        <div>
          <form
            class="controls"
            onSubmit={(e) => {
              e.preventDefault();
              void show();
            }}
          >
            <label>
              {t('monFrom')}
              <input type="date" name="from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
            </label>
            <label>
              {t('monTo')}
              <input type="date" name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
            </label>
            <label>
              {t('monResolution')}
              <select
                name="resolution"
                value={resolution}
                onChange={(e) => setResolution(e.currentTarget.value as Resolution)}
              >
                {RESOLUTIONS.map((r) => (
                  <option key={r} value={r}>
                    {t(RESOLUTION_LABELS[r])}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={busy}>
              {t('monShow')}
            </button>
            {shown && (
              <a class="button csv" href={shown.csv} download data-link="csv">
                {t('monCsv')}
              </a>
            )}
          </form>
          <ErrorBox error={error} />
          {shown && !error && (
            <div class="panel" data-shown-meters={shown.meterCount} data-shown-resolution={shown.resolution}>
              {shown.meterCount > 1 && (
                <p class="help" data-group={shown.meterCount}>
                  {t('monGroupOf')}:{' '}
                  {meters
                    .filter((m) => selected.includes(m.id))
                    .map((m) => m.externalId)
                    .join(' + ')}
                </p>
              )}
              <SeriesChart current={shown.current} previous={shown.previous} shiftSeconds={shown.shiftSeconds} />
              <SeriesTable series={shown.current} />
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
