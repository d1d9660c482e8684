import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t } from '../i18n';
import { MeasureForm } from './measures/MeasureForm';
import { MeasureResultsPanel } from './measures/MeasureResultsPanel';
import { MeasureTasks } from './measures/MeasureTasks';
import { KIND_LABEL, STATUS_LABEL, type Measure, type MeasureResults } from './measures/types';

/** What the list shows for an implemented measure: its realised share of the expected savings, or the refusal's code. */
type Realised = { percent: string | null; shortfall: boolean } | { code: string };

function RealisedCell({ realised }: { realised?: Realised }) {
  if (!realised) return <>—</>;
  if ('code' in realised) return <code class="error-code">{realised.code}</code>;
  return (
    <span data-realised={realised.percent ?? ''}>
      {realised.percent === null ? '—' : `${realised.percent} %`}
      {realised.shortfall && <strong class="shortfall"> ⚠ {t('measuresShortfall')}</strong>}
    </span>
  );
}

/** Energy-saving measures (节能降碳措施) and the closed loop: plan, assign, implement, measure, compare. */
export function Measures() {
  const [measures, setMeasures] = useState<Measure[] | undefined>();
  const [realised, setRealised] = useState<Record<string, Realised>>({});
  const [meters, setMeters] = useState<{ id: string; externalId: string; name: string | null; siteId: string }[]>([]);
  const [sites, setSites] = useState<{ id: string; name: string }[]>([]);
  const [selected, setSelected] = useState<string>();
  const [implementedOn, setImplementedOn] = useState(new Date().toISOString().slice(0, 10));
  const [error, setError] = useState<unknown>();

  const load = () => {
    api<Measure[]>('GET', '/v1/measures').then((list) => {
      setMeasures(list);
      for (const m of list.filter((x) => x.status === 'implemented')) {
        api<MeasureResults>('GET', `/v1/measures/${m.id}/results`).then(
          (r) =>
            setRealised((prev) => ({
              ...prev,
              [m.id]: { percent: r.realisedVsExpected?.percent ?? null, shortfall: r.warnings.length > 0 },
            })),
          (e) => setRealised((prev) => ({ ...prev, [m.id]: { code: e instanceof ApiError ? e.code : 'NT_ERR' } })),
        );
      }
    }, setError);
  };
  useEffect(() => {
    load();
    Promise.all([api<typeof meters>('GET', '/v1/meters'), api<typeof sites>('GET', '/v1/sites')]).then(([m, s]) => {
      setMeters(m);
      setSites(s);
    }, setError);
  }, []);

  async function move(measure: Measure, status: string) {
    setError(undefined);
    try {
      await api('POST', `/v1/measures/${measure.id}/status`, {
        status,
        ...(status === 'implemented' ? { on: implementedOn } : {}),
      });
      load();
    } catch (e) {
      setError(e);
    }
  }

  const chosen = measures?.find((m) => m.id === selected);
  return (
    <section class="page measures">
      <h2>{t('measuresTitle')}</h2>
      <ErrorBox error={error} />
      {measures?.length === 0 && <p>{t('measuresNone')}</p>}
      {measures && measures.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('measuresTitleField')}</th>
              <th>{t('measuresKind')}</th>
              <th>{t('measuresOwner')}</th>
              <th>{t('measuresStatus')}</th>
              <th>{t('measuresExpected')}</th>
              <th>{t('measuresCost')}</th>
              <th>{t('measuresRealised')}</th>
              <th>{t('measuresActions')}</th>
            </tr>
          </thead>
          <tbody>
            {measures.map((m) => (
              <tr key={m.id} data-measure={m.title} data-status={m.status} class={m.id === selected ? 'selected' : ''}>
                <td>{m.title}</td>
                <td>{t(KIND_LABEL[m.kind] ?? 'measuresKindOther')}</td>
                <td>{m.owner ?? '—'}</td>
                <td>
                  {t(STATUS_LABEL[m.status])}
                  {m.implementedOn ? ` ${m.implementedOn}` : ''}
                </td>
                <td style="text-align:right">
                  {[m.expectedEnergy, m.expectedKgce ? `${m.expectedKgce} kgce` : null].filter(Boolean).join(' / ') ||
                    '—'}
                </td>
                <td style="text-align:right">{m.costCny ?? '—'}</td>
                <td>
                  <RealisedCell realised={realised[m.id]} />
                </td>
                <td style="white-space:nowrap">
                  <button type="button" class="link" data-action="open" onClick={() => setSelected(m.id)}>
                    {t('measuresOpen')}
                  </button>{' '}
                  {m.status === 'planned' && (
                    <button type="button" data-action="start" onClick={() => void move(m, 'in_progress')}>
                      {t('measuresStart')}
                    </button>
                  )}
                  {m.status === 'in_progress' && (
                    <button type="button" data-action="implement" onClick={() => void move(m, 'implemented')}>
                      {t('measuresImplement')}
                    </button>
                  )}{' '}
                  {(m.status === 'planned' || m.status === 'in_progress') && (
                    <button
                      type="button"
                      class="secondary"
                      data-action="cancel"
                      onClick={() => void move(m, 'cancelled')}
                    >
                      {t('measuresCancel')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <label style="display:inline-flex;gap:0.5rem;align-items:center;margin:0.5rem 0">
        {t('measuresImplementedOn')}
        <input
          name="implementedOn"
          type="date"
          value={implementedOn}
          onInput={(e) => setImplementedOn(e.currentTarget.value)}
        />
      </label>
      <MeasureForm meters={meters} sites={sites} onCreated={load} />
      {chosen && (
        <div key={chosen.id} data-detail={chosen.title}>
          <h3>{chosen.title}</h3>
          <MeasureResultsPanel measure={chosen} />
          <MeasureTasks measureId={chosen.id} />
        </div>
      )}
    </section>
  );
}
