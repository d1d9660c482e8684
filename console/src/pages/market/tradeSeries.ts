/** One row of GET /v1/market/statistics: a token's trades of one period and currency. */
export interface StatisticsRow {
  asset: 'allowance' | 'certificate';
  tokenId: string;
  /** An offset token's programme and vintage, as the API names it; absent for allowances and certificates. */
  offset?: { program: string; vintage: number };
  period: string;
  currency: string;
  trades: number;
  volume: string;
  vwapMinorUnits: string;
}

/** What the charts are drawn for: allowances by compliance year, offsets, green certificates. */
export type AssetGroup = 'allowances' | 'offsets' | 'certificates';

/** One line of a chart: a token (and currency) with its periods' figures, exact as the API gave them. */
export interface TradeSeries {
  key: string;
  group: AssetGroup;
  /** A year, "CCER 2024", or a certificate id. */
  label: string;
  currency: string;
  points: { period: string; time: number; trades: number; volume: string; vwap: string }[];
}

/** Certificates, offsets (the rows the API names by programme and vintage), or allowances of a compliance year. */
export function groupOf(row: Pick<StatisticsRow, 'asset' | 'offset'>): AssetGroup {
  if (row.asset === 'certificate') return 'certificates';
  return row.offset ? 'offsets' : 'allowances';
}

/** A period (local day, month or year in China Standard Time) as the Unix second it starts at. */
export function periodStart(period: string): number {
  const [year, month = '01', day = '01'] = period.split('-');
  return Date.parse(`${year}-${month}-${day}T00:00:00+08:00`) / 1000;
}

/** The statistics rows as series per token and currency, in period order. */
export function tradeSeries(rows: readonly StatisticsRow[]): TradeSeries[] {
  const series = new Map<string, TradeSeries>();
  for (const row of rows) {
    const group = groupOf(row);
    const key = `${row.asset}/${row.tokenId}/${row.currency}`;
    const label = row.offset ? `${row.offset.program} ${row.offset.vintage}` : row.tokenId;
    const line = series.get(key) ?? { key, group, label, currency: row.currency, points: [] };
    line.points.push({
      period: row.period,
      time: periodStart(row.period),
      trades: row.trades,
      volume: row.volume,
      vwap: row.vwapMinorUnits,
    });
    series.set(key, line);
  }
  for (const line of series.values()) line.points.sort((a, b) => a.time - b.time);
  return [...series.values()];
}
