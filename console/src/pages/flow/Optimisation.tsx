import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';

interface Saving {
  lines: { meter: string; unit: string; quantity: string; kgce: string }[];
  kgce: string;
  co2eLocationKg: string | null;
  costCny: string | null;
}
export interface Optimisation {
  lossTolerancePercent: string;
  points: {
    rank: number;
    kind: 'branch_loss' | 'conversion';
    meter: string;
    observedPercent: string;
    targetPercent: string;
    saving: Saving;
    perYear: Saving;
    measureDraft: Record<string, unknown> & { title: string };
  }[];
}

function SavingCell({ s }: { s: Saving }) {
  return (
    <>
      {s.lines.map((l) => `${l.quantity} ${l.unit}`).join('; ')}
      <br />
      {s.kgce} kgce · {s.co2eLocationKg ?? t('balOptUnknown')} {t('balOptCo2e')} · {s.costCny ?? t('balOptUnknown')}{' '}
      {t('balOptCost')}
    </>
  );
}

/**
 * The ranked loss and efficiency points of the balance (能效平衡与优化), each with its expected saving and a button that
 * turns it into a planned measure (POST /v1/measures with the draft the API wrote).
 */
export function OptimisationList({ optimisation }: { optimisation: Optimisation }) {
  const [drafted, setDrafted] = useState<Record<number, string>>({});
  const [error, setError] = useState<unknown>();
  const draft = (point: Optimisation['points'][number]) => {
    setError(undefined);
    api<{ id: string; title: string }>('POST', '/v1/measures', point.measureDraft).then(
      (m) => setDrafted((d) => ({ ...d, [point.rank]: m.title })),
      setError,
    );
  };
  return (
    <>
      <ErrorBox error={error} />
      {optimisation.points.length === 0 && <p class="notice">{t('balOptNone')}</p>}
      {optimisation.points.length > 0 && (
        <table class="optimisation">
          <thead>
            <tr>
              <th>{t('balOptRank')}</th>
              <th>{t('balOptPoint')}</th>
              <th>{t('balOptNow')}</th>
              <th>{t('balOptTarget')}</th>
              <th>{t('balOptSaving')}</th>
              <th>{t('balOptPerYear')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {optimisation.points.map((p) => (
              <tr key={p.rank} data-point={p.meter}>
                <td>{p.rank}</td>
                <td>
                  {p.meter} · {t(p.kind === 'branch_loss' ? 'balOptBranch' : 'balOptConversion')}
                </td>
                <td>{p.observedPercent} %</td>
                <td>{p.targetPercent} %</td>
                <td data-saving>
                  <SavingCell s={p.saving} />
                </td>
                <td data-per-year>
                  <SavingCell s={p.perYear} />
                </td>
                <td>
                  {drafted[p.rank] ? (
                    <span role="status" data-drafted>
                      {t('balOptDrafted')} {drafted[p.rank]} · <a href="#/measures">{t('balOptOpenMeasures')}</a>
                    </span>
                  ) : (
                    <button type="button" onClick={() => draft(p)}>
                      {t('balOptDraft')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
