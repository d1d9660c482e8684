import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { t } from '../../i18n';
import type { TradeSeries } from './tradeSeries';

const COLOURS = ['#0f7a5a', '#1d4ed8', '#c2410c', '#7c3aed', '#b42318', '#0e7490'];

/** How long a period lasts at most, in seconds: the x range reaches half of it beyond the first and last point. */
const PERIOD_SECONDS = { day: 86_400, month: 31 * 86_400, year: 366 * 86_400 } as const;
export type ChartPeriod = keyof typeof PERIOD_SECONDS;

/** A time as the statistics name its period, in China Standard Time: 2026-12-07, 2026-12 or 2026. */
function periodLabel(seconds: number, period: ChartPeriod): string {
  const local = new Date((seconds + 8 * 3600) * 1000).toISOString();
  return local.slice(0, { day: 10, month: 7, year: 4 }[period]);
}

/**
 * One uPlot chart of `value` (the price or the volume) of every series of a group over time, axes labelled. Decimal
 * text becomes a float only here, to place a pixel; the table beside the charts shows the API's exact text.
 */
function SeriesPlot(props: {
  name: string;
  series: TradeSeries[];
  value: 'vwap' | 'volume';
  axis: string;
  period: ChartPeriod;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { series, value, axis, name, period } = props;
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.time)))].sort((a, b) => a - b);
  useEffect(() => {
    if (!box.current || times.length === 0) return;
    const columns = series.map((s) => {
      const at = new Map(s.points.map((p) => [p.time, Number(p[value])]));
      return times.map((time) => at.get(time) ?? null);
    });
    const pad = PERIOD_SECONDS[period] / 2;
    const bars = value === 'volume' ? uPlot.paths.bars?.({ size: [0.6 / series.length, 48] }) : undefined;
    const plot = new uPlot(
      {
        width: Math.max(320, box.current.clientWidth),
        height: 220,
        scales: {
          // Half a period of room either side, so that a single period is a point in the middle, not a full width.
          x: { time: true, range: () => [times[0] - pad, times[times.length - 1] + pad] },
          // Volumes and prices from zero: a bar's height is the volume.
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] },
        },
        axes: [
          {
            label: t('statsTime'),
            // Ticks on the periods themselves (at most eight of them), never between two periods.
            splits: () => times.filter((_time, i) => i % Math.ceil(times.length / 8) === 0),
            values: (_u, splits) => splits.map((s) => periodLabel(s, period)),
          },
          { label: axis, size: 70 },
        ],
        series: [
          {
            label: t('statsTime'),
            value: (_u, v) => (v === null ? '–' : periodLabel(v, period)),
          },
          ...series.map((s, i) => ({
            label: s.currency === 'CNY' ? s.label : `${s.label} ${s.currency}`,
            stroke: COLOURS[i % COLOURS.length],
            fill: bars ? `${COLOURS[i % COLOURS.length]}99` : undefined,
            width: 1.5,
            paths: bars,
            points: { show: true, size: 6 },
          })),
        ],
      },
      [times, ...columns],
      box.current,
    );
    return () => plot.destroy();
  }, [series, value, period]);
  // uPlot draws the axis titles on its canvas; the caption says them in text too (screen readers, tests).
  return (
    <figure class="trade-chart">
      <figcaption data-axes>
        {axis} / {t('statsTime')}
      </figcaption>
      <div class="chart" ref={box} data-chart={name} data-points={times.length} />
    </figure>
  );
}

/** Price and volume over time of one asset group; loaded only when the statistics are opened (see TradeStatistics). */
export function TradeCharts(props: { group: string; series: TradeSeries[]; unit: 't' | 'MWh'; period: ChartPeriod }) {
  const { group, series, unit, period } = props;
  return (
    <div class="trade-charts">
      <SeriesPlot
        name={`${group}-price`}
        series={series}
        value="vwap"
        period={period}
        axis={unit === 't' ? t('statsPriceT') : t('statsPriceMwh')}
      />
      <SeriesPlot
        name={`${group}-volume`}
        series={series}
        value="volume"
        period={period}
        axis={unit === 't' ? t('statsVolumeT') : t('statsVolumeMwh')}
      />
    </div>
  );
}
