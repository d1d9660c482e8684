import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, ApiError } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t } from '../i18n';
import { useLiveMarks } from '../live';
import { MonthComparison } from './cockpit/Comparison';

interface Totals {
  energyKgce: string;
  totalKgCO2e: string;
}
interface Meter {
  id: string;
  externalId: string;
  name: string | null;
}
interface Series {
  unit: string;
  points: [number, string, string, string][];
}
interface Batch {
  status: string;
}
interface Consumer {
  meter: Meter;
  quantity: string;
  unit: string;
}
interface CockpitData {
  today: Totals;
  month: Totals;
  consumers: Consumer[];
  anchored: number;
  pending: number;
  chart: { labels: string[]; series: Series[] };
}

const DAY_MS = 86_400_000;
/** A local calendar date (YYYY-MM-DD) of the browser's time zone. */
const localDate = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const preview = (start: string, end: string) =>
  api<{ totals: Totals }>('POST', '/v1/inventories/preview', { start, end }).then((r) => r.totals);
/** A meter's series, or the organisation's in kgce when `meter` is empty. */
const series = (meter: string, from: Date, to: Date, resolution: string, width: number) =>
  api<Series>(
    'GET',
    `/v1/series?${meter ? `meter=${encodeURIComponent(meter)}&` : ''}from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(
      to.toISOString(),
    )}&resolution=${resolution}&width=${width}`,
  );
/** Decimal strings compared without floats: by integer digits first, then as text of equal scale. */
const byQuantityDesc = (a: Consumer, b: Consumer) => {
  const [ai, af = ''] = a.quantity.split('.');
  const [bi, bf = ''] = b.quantity.split('.');
  if (ai.length !== bi.length) return bi.length - ai.length;
  const x = ai + af.padEnd(6, '0');
  const y = bi + bf.padEnd(6, '0');
  return x < y ? 1 : x > y ? -1 : 0;
};

async function loadCockpit(): Promise<CockpitData> {
  const now = new Date();
  const todayStart = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const monthStart = new Date(now.getFullYear(), now.getMonth(), 1);
  const nextMonth = new Date(now.getFullYear(), now.getMonth() + 1, 1);
  const weekStart = new Date(todayStart.getTime() - 6 * DAY_MS);
  // Every call starts as soon as what it needs is known (the chart's first, the meters' months once the meters are
  // listed), rather than one round after another: the page waits for the slowest chain, not for the sum of rounds.
  const organisation = series('', weekStart, new Date(todayStart.getTime() + DAY_MS), 'hour', 800);
  const consumers = api<Meter[]>('GET', '/v1/meters').then((meters) =>
    Promise.all(
      meters.map(async (meter) => {
        const s = await series(meter.id, monthStart, nextMonth, 'month', 2);
        return { meter, quantity: s.points[0]?.[1] ?? '0', unit: s.unit };
      }),
    ),
  );
  const [today, month, batches, all, chart] = await Promise.all([
    preview(localDate(todayStart), localDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1))),
    preview(localDate(monthStart), localDate(nextMonth)),
    api<Batch[]>('GET', '/v1/batches?limit=1000'),
    consumers,
    organisation,
  ]);
  return {
    today,
    month,
    consumers: all.sort(byQuantityDesc).slice(0, 5),
    anchored: batches.filter((b) => b.status === 'anchored').length,
    pending: batches.filter((b) => b.status !== 'anchored').length,
    chart: { labels: ['kgce'], series: [chart] },
  };
}

function EnergyChart({ labels, series: list }: CockpitData['chart']) {
  const box = useRef<HTMLDivElement>(null);
  const times = [...new Set(list.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  useEffect(() => {
    if (!box.current || times.length === 0) return;
    const columns = list.map((s) => {
      const byTime = new Map(s.points.map((p) => [p[0], Number(p[1])]));
      return times.map((time) => byTime.get(time) ?? null);
    });
    const colours = ['#2f6f4f'];
    const plot = new uPlot(
      {
        width: Math.max(320, box.current.clientWidth),
        height: 260,
        series: [{}, ...labels.map((label, i) => ({ label, stroke: colours[i], width: 1.5 }))],
        // bench:console reads this mark (ms since navigation start) as the cockpit's first chart painted.
        hooks: { draw: [() => void performance.mark('nengtan:cockpit-chart-drawn')] },
      },
      [times, ...columns],
      box.current,
    );
    return () => plot.destroy();
  }, [list]);
  if (times.length === 0) return <p class="notice">{t('chartEmpty')}</p>;
  return <div class="chart" ref={box} data-chart="energy-7d" />;
}

/** An organisation without readings: what to do instead of an error (the preview answers NT_ERR_ACCOUNTING_NO_DATA). */
function CockpitEmpty() {
  return (
    <section class="page cockpit">
      <h1>{t('navCockpit')}</h1>
      <div class="panel" data-empty="cockpit">
        <h2>{t('cockpitEmptyTitle')}</h2>
        <p>
          {t('cockpitEmptyBody')} <a href="#/meters">{t('cockpitEmptyLink')}</a>
        </p>
      </div>
    </section>
  );
}

/** The cockpit (能碳驾驶舱): the organisation's figures as the API computes them; no invented data. */
export function Cockpit() {
  const [data, setData] = useState<CockpitData | undefined>();
  const [error, setError] = useState<unknown>();
  const [shown, setShown] = useState<{ at: Date; mark: string } | undefined>();
  const live = useLiveMarks();
  const firstMarks = useRef<string | undefined>(undefined);
  // Loaded at once, and again each time readings or anchors move (not for the stream's first word: nothing moved).
  useEffect(() => {
    const mark = `${live.marks?.ingest}/${live.marks?.anchored}`;
    if (live.marks && firstMarks.current === undefined) {
      firstMarks.current = mark;
      return;
    }
    if (mark === firstMarks.current) return;
    loadCockpit().then((loaded) => {
      setError(undefined);
      setData(loaded);
      setShown({ at: new Date(), mark });
    }, setError);
  }, [live.marks?.ingest, live.marks?.anchored]);
  if (error instanceof ApiError && error.code === 'NT_ERR_ACCOUNTING_NO_DATA') return <CockpitEmpty />;
  if (error) return <ErrorBox error={error} />;
  if (!data) return <p class="loading">{t('loading')}</p>;
  const figure = (label: string, value: string, id: string) => (
    <div class="figure" data-figure={id}>
      <span class="figure-label">{label}</span>
      <strong class="figure-value">{value}</strong>
    </div>
  );
  return (
    <section class="page cockpit">
      <h1>{t('navCockpit')}</h1>
      <p class={`live ${live.connected ? 'on' : 'off'}`} data-shown-mark={shown?.mark}>
        {live.connected ? t('liveOn') : t('liveOff')}
        {shown ? ` · ${t('liveShownAt')} ${shown.at.toLocaleTimeString()}` : ''}
      </p>
      <div class="figures">
        {figure(`${t('today')} · ${t('energyKgce')}`, data.today.energyKgce, 'today-energy')}
        {figure(`${t('today')} · ${t('emissionsCo2e')}`, data.today.totalKgCO2e, 'today-co2e')}
        {figure(`${t('thisMonth')} · ${t('energyKgce')}`, data.month.energyKgce, 'month-energy')}
        {figure(`${t('thisMonth')} · ${t('emissionsCo2e')}`, data.month.totalKgCO2e, 'month-co2e')}
      </div>
      <MonthComparison mark={`${live.marks?.ingest}/${live.marks?.anchored}`} />
      <h2>{t('last7Days')}</h2>
      <EnergyChart {...data.chart} />
      <h2>{t('topConsumers')}</h2>
      <table class="consumers">
        <thead>
          <tr>
            <th>{t('meter')}</th>
            <th>{t('quantity')}</th>
          </tr>
        </thead>
        <tbody>
          {data.consumers.map((c) => (
            <tr key={c.meter.id} data-meter={c.meter.externalId}>
              <td>{c.meter.name ?? c.meter.externalId}</td>
              <td>
                {c.quantity} {c.unit}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('anchoring')}</h2>
      <div class="figures">
        {figure(t('anchoredBatches'), String(data.anchored), 'anchored')}
        {figure(t('pendingBatches'), String(data.pending), 'pending')}
      </div>
    </section>
  );
}
