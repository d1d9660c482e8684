import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';

interface Fit {
  unit: string;
  periodStart: string;
  periodEnd: string;
  days: { day: string; actual: string; predicted: string }[];
}

const WIDTH = 760;
const HEIGHT = 200;
const PAD = 4;

/**
 * Measured daily energy (solid) and the model's value for the same day (dashed) over a period, from
 * GET /v1/baselines/{id}/fit. Decimal text becomes a float only here, to place a pixel.
 */
export function FitChart(props: { baselineId: string; from?: string; to?: string; label: string }) {
  const [fit, setFit] = useState<Fit | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const query = new URLSearchParams();
    if (props.from) query.set('from', props.from);
    if (props.to) query.set('to', props.to);
    api<Fit>('GET', `/v1/baselines/${props.baselineId}/fit?${query.toString()}`).then(setFit, setError);
  }, [props.baselineId, props.from, props.to]);
  if (error) return <ErrorBox error={error} />;
  if (!fit || fit.days.length < 2) return null;
  const actual = fit.days.map((d) => Number(d.actual));
  const predicted = fit.days.map((d) => Number(d.predicted));
  const low = Math.min(...actual, ...predicted);
  const high = Math.max(...actual, ...predicted);
  const span = high - low || 1;
  const x = (i: number) => PAD + (i / (fit.days.length - 1)) * (WIDTH - 2 * PAD);
  const y = (v: number) => HEIGHT - PAD - ((v - low) / span) * (HEIGHT - 2 * PAD);
  const line = (values: number[]) =>
    values.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
  return (
    <figure class="fit-chart" data-chart="fit" data-points={fit.days.length}>
      <figcaption>
        {props.label} ({fit.unit}/d) · {fit.days[0].day} – {fit.days[fit.days.length - 1].day} ·{' '}
        <i class="swatch actual" /> {t('blActual')} <i class="swatch predicted" /> {t('blPredicted')}
      </figcaption>
      <svg width="100%" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={props.label}>
        <path d={line(actual)} fill="none" stroke="#0f7a5a" stroke-width={1.2} />
        <path d={line(predicted)} fill="none" stroke="#334" stroke-width={1.2} stroke-dasharray="5 3" />
        <text x={PAD} y={12} font-size={11} fill="#667">
          {high.toFixed(0)}
        </text>
        <text x={PAD} y={HEIGHT - 6} font-size={11} fill="#667">
          {low.toFixed(0)}
        </text>
      </svg>
    </figure>
  );
}
