import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { t } from '../../i18n';
import { ESTIMATE_FLAGS, flagsIn, localTime, SUSPECT_FLAGS, type Series } from './types';

/** A tick label: the time of day within a day, the date across days, the month when every tick is a month start. */
function axisLabel(seconds: number, splits: number[]): string {
  const text = localTime(seconds);
  const span = splits.length > 1 ? splits[splits.length - 1] - splits[0] : 0;
  if (span <= 86_400) return text.slice(11);
  if (splits.every((s) => localTime(s).endsWith('00:00'))) return text.slice(0, 10);
  return `${text.slice(5, 10)} ${text.slice(11)}`;
}

/**
 * The period's series, the previous period shifted onto it (same offset from the start), and markers on the points
 * whose readings were estimated or flagged suspect. uPlot zooms on a drag of the x axis and resets on double-click.
 * Decimal text becomes a float only here, to place a pixel; tables show the API's text.
 */
export function SeriesChart(props: { current: Series; previous: Series; shiftSeconds: number }) {
  const box = useRef<HTMLDivElement>(null);
  const range = useRef<HTMLSpanElement>(null);
  const { current, previous, shiftSeconds } = props;
  useEffect(() => {
    if (!box.current || current.points.length === 0) return;
    const times = current.points.map((p) => p[0]);
    const values = current.points.map((p) => Number(p[1]));
    const previousByTime = new Map(previous.points.map((p) => [p[0] + shiftSeconds, Number(p[1])]));
    const marker = (names: string[]) =>
      current.points.map((p, i) =>
        flagsIn(current.flags[i] ?? 0, names, current.qualityFlags).length ? values[i] : null,
      );
    // bench:console reads the measure `nengtan:monitoring-chart-draw`: from here to uPlot's first draw.
    performance.mark('nengtan:monitoring-chart-start');
    let drawn = false;
    const plot = new uPlot(
      {
        width: Math.max(320, box.current.clientWidth),
        height: 300,
        cursor: { drag: { x: true, y: false } },
        scales: { x: { time: true } },
        // 24-hour local labels in both languages (uPlot's default is English am/pm).
        axes: [{ values: (_u, splits) => splits.map((v) => axisLabel(v, splits)) }, {}],
        hooks: {
          draw: [
            () => {
              if (drawn) return;
              drawn = true;
              performance.measure('nengtan:monitoring-chart-draw', 'nengtan:monitoring-chart-start');
            },
          ],
          // The visible range, written straight into the DOM: a zoom must not re-render (and so rebuild) the chart.
          setScale: [
            (u, key) => {
              if (key !== 'x' || !range.current) return;
              const { min, max } = u.scales.x;
              if (min !== undefined && max !== undefined)
                range.current.textContent = `${localTime(min)} – ${localTime(max)}`;
            },
          ],
        },
        series: [
          {},
          { label: `${t('monCurrent')} (${current.unit})`, stroke: '#0f7a5a', width: 1.5 },
          { label: t('monPrevious'), stroke: '#8a98a3', width: 1, dash: [6, 4] },
          {
            label: t('monEstimated'),
            stroke: '#c2410c',
            width: 0,
            points: { show: true, size: 8, fill: '#f59e0b' },
          },
          { label: t('monSuspect'), stroke: '#b42318', width: 0, points: { show: true, size: 9, fill: '#b42318' } },
        ],
      },
      [
        times,
        values,
        times.map((time) => previousByTime.get(time) ?? null),
        marker(ESTIMATE_FLAGS),
        marker(SUSPECT_FLAGS),
      ],
      box.current,
    );
    return () => plot.destroy();
  }, [current, previous, shiftSeconds]);
  if (current.points.length === 0) return <p class="notice">{t('monNoData')}</p>;
  const times = new Set(current.points.map((p) => p[0]));
  const overlaid = previous.points.filter((p) => times.has(p[0] + shiftSeconds)).length;
  return (
    <div>
      <div class="chart" ref={box} data-chart="monitoring" data-previous-points={overlaid} />
      <p class="help">
        {t('monZoomHelp')} <span class="range" data-range ref={range} />
      </p>
    </div>
  );
}
