import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t } from '../i18n';
import { BaselineDetail } from './baselines/BaselineDetail';
import { BaselineForm } from './baselines/BaselineForm';
import { DriverPanel } from './baselines/DriverPanel';
import { percent, statistic, type Baseline, type BaselineSummary, type DriverSummary } from './baselines/types';
import type { Meter } from './meters/types';
import './analysis/analysis.css';

interface Registry {
  meters: Meter[];
  drivers: DriverSummary[];
  baselines: BaselineSummary[];
}

/**
 * Baselines and measured savings (基线与节能量, M&V): driver series, fitting a baseline, its statistics and
 * acceptance, and the savings of a reporting period.
 */
export function Baselines() {
  const [registry, setRegistry] = useState<Registry | undefined>();
  const [open, setOpen] = useState<Baseline | undefined>();
  const [error, setError] = useState<unknown>();
  const load = () =>
    Promise.all([
      api<Meter[]>('GET', '/v1/meters'),
      api<DriverSummary[]>('GET', '/v1/drivers'),
      api<BaselineSummary[]>('GET', '/v1/baselines'),
    ]).then(([meters, drivers, baselines]) => setRegistry({ meters, drivers, baselines }), setError);
  useEffect(() => void load(), []);

  async function show(id: string) {
    setError(undefined);
    try {
      setOpen(await api<Baseline>('GET', `/v1/baselines/${id}`));
    } catch (e) {
      setError(e);
    }
  }

  if (!registry) return error ? <ErrorBox error={error} /> : <p class="loading">{t('loading')}</p>;
  return (
    <section class="page analysis-page baselines-page">
      <h1>{t('navBaselines')}</h1>
      <DriverPanel drivers={registry.drivers} onUploaded={() => void load()} />
      <div class="panel" data-panel="baselines">
        <h2>{t('blList')}</h2>
        {registry.baselines.length === 0 ? (
          <p class="notice">{t('blNone')}</p>
        ) : (
          <table data-table="baselines">
            <thead>
              <tr>
                <th>{t('blName')}</th>
                <th>{t('blPeriod')}</th>
                <th>{t('blDrivers')}</th>
                <th class="num">{t('blRSquared')}</th>
                <th class="num">{t('blCvRmse')}</th>
                <th class="num">{t('blNmbe')}</th>
                <th>{t('blVerdict')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {registry.baselines.map((b) => (
                <tr key={b.id} data-baseline={b.name ?? b.id} class={open?.id === b.id ? 'picked' : ''}>
                  <td>{b.name ?? '—'}</td>
                  <td>
                    {b.periodStart} – {b.periodEnd}
                  </td>
                  <td>{[b.temperatureDriver, ...b.drivers].filter(Boolean).join(', ') || '—'}</td>
                  <td class="num">{statistic(b.rSquared)}</td>
                  <td class="num">{percent(b.cvRmse)}</td>
                  <td class="num">{percent(b.nmbe)}</td>
                  <td class={b.accepted ? 'ok' : 'warn'}>{b.accepted ? t('blAccepted') : t('blRejected')}</td>
                  <td>
                    <button type="button" class="link" data-action="open" onClick={() => void show(b.id)}>
                      {t('blOpen')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <BaselineForm
          meters={registry.meters}
          drivers={registry.drivers}
          onFitted={(b) => {
            setOpen(b);
            void load();
          }}
        />
        <ErrorBox error={error} />
      </div>
      {open && <BaselineDetail key={open.id} baseline={open} />}
    </section>
  );
}
