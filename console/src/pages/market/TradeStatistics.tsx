import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t, type MessageKey } from '../../i18n';
import { tradeSeries, type AssetGroup, type StatisticsRow, type TradeSeries } from './tradeSeries';

type Period = 'day' | 'month' | 'year';
type Charts = ComponentType<{ group: string; series: TradeSeries[]; unit: 't' | 'MWh'; period: Period }>;

const GROUPS: { group: AssetGroup; title: MessageKey; unit: 't' | 'MWh' }[] = [
  { group: 'allowances', title: 'statsAllowances', unit: 't' },
  { group: 'offsets', title: 'statsOffsets', unit: 't' },
  { group: 'certificates', title: 'statsCertificates', unit: 'MWh' },
];
const PERIODS: [Period, MessageKey][] = [
  ['day', 'statsDay'],
  ['month', 'statsMonth'],
  ['year', 'statsYear'],
];

/** The chart module (uPlot and its drawing), fetched once, the first time the statistics are opened. */
let charts: Promise<Charts> | undefined;
const loadCharts = () => (charts ??= import('./TradeCharts').then((m) => m.TradeCharts));

/**
 * Trade statistics (成交统计) of the whole market from the indexed chain: volume and volume-weighted price per token and
 * local day, month or year, as charts of allowances by compliance year, offsets and green certificates, with the exact
 * figures in a table under each. Closed at first: neither the statistics nor the charts load until opened.
 */
export function TradeStatistics() {
  const [open, setOpen] = useState(false);
  const [period, setPeriod] = useState<Period>('day');
  const [series, setSeries] = useState<TradeSeries[] | undefined>();
  const [Chart, setChart] = useState<Charts | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!open) return;
    setError(undefined);
    loadCharts().then((c) => setChart(() => c), setError);
    Promise.all(
      (['allowance', 'certificate'] as const).map((asset) =>
        api<StatisticsRow[]>('GET', `/v1/market/statistics?asset=${asset}&period=${period}`),
      ),
    ).then((answers) => setSeries(tradeSeries(answers.flat())), setError);
  }, [open, period]);
  return (
    <details class="trade-statistics" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2>{t('statsTitle')}</h2>
      </summary>
      <label>
        {t('statsPeriod')}
        <select value={period} onChange={(e) => setPeriod(e.currentTarget.value as Period)}>
          {PERIODS.map(([value, label]) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
        </select>
      </label>
      <ErrorBox error={error} />
      {open && (!series || !Chart) && !error && <p class="notice">{t('statsLoading')}</p>}
      {series &&
        Chart &&
        GROUPS.map(({ group, title, unit }) => {
          const lines = series.filter((s) => s.group === group);
          return (
            <section key={group} data-stats={group}>
              <h3>{t(title)}</h3>
              {lines.length === 0 ? (
                <p class="notice">{t('statsEmpty')}</p>
              ) : (
                <>
                  <Chart group={group} series={lines} unit={unit} period={period} />
                  <StatisticsTable series={lines} unit={unit} />
                </>
              )}
            </section>
          );
        })}
    </details>
  );
}

function StatisticsTable({ series, unit }: { series: TradeSeries[]; unit: 't' | 'MWh' }) {
  return (
    <table class="stats">
      <thead>
        <tr>
          <th>{t('statsSeries')}</th>
          <th>{t('statsPeriodColumn')}</th>
          <th>{t('statsTrades')}</th>
          <th>{unit === 't' ? t('statsVolumeT') : t('statsVolumeMwh')}</th>
          <th>{unit === 't' ? t('statsPriceT') : t('statsPriceMwh')}</th>
        </tr>
      </thead>
      <tbody>
        {series.flatMap((s) =>
          s.points.map((p) => (
            <tr key={`${s.key}/${p.period}`} data-stats-row={`${s.label}/${p.period}`}>
              <td>{s.label}</td>
              <td>{p.period}</td>
              <td>{p.trades}</td>
              <td>{p.volume}</td>
              <td>
                {p.vwap} {s.currency}
              </td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
