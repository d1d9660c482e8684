import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t } from '../i18n';
import { PeriodFields, periodFromForm } from './analysis/PeriodFields';
import type { Site } from './meters/types';
import { ChangeForm } from './scenarios/ChangeForm';
import { ScenarioResultView } from './scenarios/ScenarioResultView';
import {
  KIND_LABELS,
  type EnergyKind,
  type FactorSet,
  type ScenarioChange,
  type ScenarioResult,
} from './scenarios/types';
import './analysis/analysis.css';

interface Choices {
  sites: Site[];
  kinds: EnergyKind[];
  factorSets: FactorSet[];
}

/** A change in one line, as it will be sent: its kind and its fields. */
function describe(change: ScenarioChange): string {
  return Object.entries(change)
    .filter(([name]) => name !== 'kind')
    .map(([name, value]) => `${name} ${String(value)}`)
    .join(', ');
}

/**
 * What-if scenarios (情景模拟): a period, a list of changes, and the inventory engine's answer for the base case and
 * the scenario side by side (POST /v1/scenarios/preview; nothing is stored).
 */
export function Scenarios() {
  const [choices, setChoices] = useState<Choices | undefined>();
  const [changes, setChanges] = useState<ScenarioChange[]>([]);
  const [result, setResult] = useState<ScenarioResult | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    Promise.all([
      api<Site[]>('GET', '/v1/sites'),
      api<EnergyKind[]>('GET', '/v1/energy-kinds'),
      api<FactorSet[]>('GET', '/v1/factor-sets'),
    ]).then(([sites, kinds, factorSets]) => setChoices({ sites, kinds, factorSets }), setError);
  }, []);

  async function simulate(form: HTMLFormElement) {
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await api<ScenarioResult>('POST', '/v1/scenarios/preview', { ...periodFromForm(form), changes }));
    } catch (e) {
      setError(e);
    }
  }

  if (!choices) return error ? <ErrorBox error={error} /> : <p class="loading">{t('loading')}</p>;
  return (
    <section class="page analysis-page scenarios-page">
      <h1>{t('navScenarios')}</h1>
      <div class="panel" data-panel="scenario">
        <h2>{t('scnChanges')}</h2>
        {changes.length === 0 ? (
          <p class="notice">{t('scnNoChanges')}</p>
        ) : (
          <ol class="changes" data-list="changes">
            {changes.map((c, i) => (
              <li key={i} data-change={c.kind}>
                <strong>{t(KIND_LABELS[c.kind])}</strong> {describe(c)}{' '}
                <button
                  type="button"
                  class="link"
                  data-action="remove"
                  onClick={() => setChanges(changes.filter((_, j) => j !== i))}
                >
                  {t('scnRemove')}
                </button>
              </li>
            ))}
          </ol>
        )}
        <ChangeForm kinds={choices.kinds} factorSets={choices.factorSets} onAdd={(c) => setChanges([...changes, c])} />
        <form
          class="controls"
          data-form="scenario"
          onSubmit={(e) => {
            e.preventDefault();
            void simulate(e.currentTarget);
          }}
        >
          <PeriodFields sites={choices.sites} />
          <button type="submit" disabled={changes.length === 0}>
            {t('scnRun')}
          </button>
        </form>
        <ErrorBox error={error} />
      </div>
      {result && <ScenarioResultView result={result} />}
    </section>
  );
}
