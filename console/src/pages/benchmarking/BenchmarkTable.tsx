import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { INDICATORS, type Benchmark, type Indicator } from './types';

const text = (data: FormData, name: string) => String(data.get(name) ?? '').trim();

/**
 * The benchmark table (标杆 / 基准 per product and indicator): set a row (the API replaces the same product and
 * indicator), edit one in the form, delete one. The API refuses inverted or missing levels with its hint.
 */
export function BenchmarkTable(props: { benchmarks: Benchmark[]; onChanged: () => void }) {
  const [error, setError] = useState<unknown>();
  const [editing, setEditing] = useState<Benchmark | undefined>();

  async function save(form: HTMLFormElement) {
    setError(undefined);
    const data = new FormData(form);
    try {
      await api('POST', '/v1/benchmarks', {
        product: text(data, 'product'),
        unit: text(data, 'unit'),
        indicator: text(data, 'indicator'),
        advanced: text(data, 'advanced') || null,
        baseline: text(data, 'baseline') || null,
        source: text(data, 'source') || null,
      });
      setEditing(undefined);
      form.reset();
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  }

  async function remove(id: string) {
    setError(undefined);
    try {
      await api('DELETE', `/v1/benchmarks/${id}`);
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div class="panel" data-panel="benchmarks">
      <h2>{t('bmTable')}</h2>
      {props.benchmarks.length === 0 ? (
        <p class="notice">{t('bmNone')}</p>
      ) : (
        <table data-table="benchmarks">
          <thead>
            <tr>
              <th>{t('bmProduct')}</th>
              <th>{t('bmUnit')}</th>
              <th>{t('bmIndicator')}</th>
              <th class="num">{t('bmAdvanced')}</th>
              <th class="num">{t('bmBaseline')}</th>
              <th>{t('bmSourceShort')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.benchmarks.map((b) => (
              <tr key={b.id} data-benchmark={`${b.product}/${b.indicator}`}>
                <td>{b.product}</td>
                <td>{b.unit}</td>
                <td>{t(INDICATORS[b.indicator])}</td>
                <td class="num" data-field="advanced">
                  {b.advanced ?? '—'}
                </td>
                <td class="num" data-field="baseline">
                  {b.baseline ?? '—'}
                </td>
                <td>{b.source ?? ''}</td>
                <td>
                  <button type="button" class="link" data-action="edit" onClick={() => setEditing(b)}>
                    {t('bmEdit')}
                  </button>{' '}
                  <button type="button" class="link" data-action="delete" onClick={() => void remove(b.id)}>
                    {t('bmDelete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        key={editing?.id ?? 'new'}
        class="controls"
        data-form="benchmark"
        onSubmit={(e) => {
          e.preventDefault();
          void save(e.currentTarget);
        }}
      >
        <label>
          {t('bmProduct')}
          <input name="product" required defaultValue={editing?.product} />
        </label>
        <label>
          {t('bmUnit')}
          <input name="unit" required size={6} defaultValue={editing?.unit} />
        </label>
        <label>
          {t('bmIndicator')}
          <select name="indicator">
            {(Object.keys(INDICATORS) as Indicator[]).map((i) => (
              <option key={i} value={i} selected={editing?.indicator === i}>
                {t(INDICATORS[i])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('bmAdvanced')}
          <input name="advanced" inputMode="decimal" size={10} defaultValue={editing?.advanced ?? ''} />
        </label>
        <label>
          {t('bmBaseline')}
          <input name="baseline" inputMode="decimal" size={10} defaultValue={editing?.baseline ?? ''} />
        </label>
        <label>
          {t('bmSource')}
          <input name="source" defaultValue={editing?.source ?? ''} />
        </label>
        <button type="submit">{t('bmSave')}</button>
      </form>
      <ErrorBox error={error} />
    </div>
  );
}
