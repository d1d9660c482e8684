import { t } from '../../i18n';
import type { Forecast } from './types';

const WIDTH = 480;
const HEIGHT = 34;

/**
 * Actual so far (solid), the forecast to the end (lighter), its interval (whisker) and the budget (red line) on one
 * bar. Decimal text becomes a float only here, to place a pixel; the figures beside it are the API's text.
 */
export function ForecastBar(props: { forecast: Forecast; quantity: string }) {
  const f = props.forecast;
  const values = [f.actual, f.forecast, f.upper, f.budget].filter((v): v is string => v !== null).map(Number);
  const top = Math.max(...values, 1) * 1.05;
  const x = (v: string) => Math.max(0, (Number(v) / top) * WIDTH);
  return (
    <svg
      class="forecast-bar"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`${props.quantity}: ${t('budChartActual')} ${f.actual}, ${t('budChartForecast')} ${f.forecast}`}
      data-chart={props.quantity}
    >
      <rect x={0} y={8} width={WIDTH} height={18} fill="#eef2f4" />
      <rect x={0} y={8} width={x(f.forecast)} height={18} fill="#9fd3c0" />
      <rect x={0} y={8} width={x(f.actual)} height={18} fill="#0f7a5a" />
      {f.lower !== null && f.upper !== null && (
        <line x1={x(f.lower)} x2={x(f.upper)} y1={17} y2={17} stroke="#334" stroke-width={2} />
      )}
      {f.budget !== null && <line x1={x(f.budget)} x2={x(f.budget)} y1={2} y2={32} stroke="#b42318" stroke-width={3} />}
    </svg>
  );
}
