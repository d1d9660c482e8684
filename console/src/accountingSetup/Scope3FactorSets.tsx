import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t, type MessageKey } from '../i18n';

interface Factor {
  category: number;
  subject: string;
  unit: string;
  kgCO2ePerUnit: string;
  source: string;
}

/** A set as GET /v1/scope3-factor-sets returns it (services/accounting/scope3FactorSets.ts). */
export interface Scope3FactorSet {
  id: string;
  name: string;
  version: number;
  description: string;
  factors: (Factor & { id: string })[];
  createdAt: string;
}

const CATEGORIES = ['3', '4', '6', '7'] as const;
const DECIMAL = '\\d{1,20}(\\.\\d{1,12})?';
const emptyFactor = () => ({ category: '4', subject: '', unit: '', kgCO2ePerUnit: '', source: '' });
type FactorRow = ReturnType<typeof emptyFactor>;

/** One factor row of the form; `index` names its inputs (factor-0-subject, …) so each can be told apart. */
function FactorInputs({
  index,
  row,
  onChange,
  onRemove,
}: {
  index: number;
  row: FactorRow;
  onChange: (row: FactorRow) => void;
  onRemove?: () => void;
}) {
  const field = (name: keyof FactorRow) => ({
    name: `factor-${index}-${name}`,
    value: row[name],
    onInput: (e: { currentTarget: { value: string } }) => onChange({ ...row, [name]: e.currentTarget.value }),
  });
  return (
    <tr data-factor-row={index}>
      <td>
        <select {...field('category')} onChange={(e) => onChange({ ...row, category: e.currentTarget.value })}>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`scope3Cat${c}` as MessageKey)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input required maxLength={64} placeholder="road / td_losses / spend" {...field('subject')} />
      </td>
      <td>
        <input required maxLength={32} placeholder="t·km / kWh / CNY" {...field('unit')} />
      </td>
      <td>
        <input required inputMode="decimal" pattern={DECIMAL} {...field('kgCO2ePerUnit')} />
      </td>
      <td>
        <input required maxLength={2000} {...field('source')} />
      </td>
      <td>
        {onRemove && (
          <button type="button" class="link" onClick={onRemove}>
            {t('factorRemove')}
          </button>
        )}
      </td>
    </tr>
  );
}

/**
 * The organisation's Scope 3 factor sets, each version with its factors, and a form creating a set (or the next version
 * of one of the same name) with factors per category, subject and activity unit.
 */
export function Scope3FactorSets({ onCreated }: { onCreated?: () => void }) {
  const [sets, setSets] = useState<Scope3FactorSet[] | undefined>();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [rows, setRows] = useState<FactorRow[]>([emptyFactor()]);
  const [error, setError] = useState<unknown>();
  const [listError, setListError] = useState<unknown>();

  const reload = () => api<Scope3FactorSet[]>('GET', '/v1/scope3-factor-sets').then(setSets, setListError);
  useEffect(() => void reload(), []);

  return (
    <div class="panel" data-scope3-factor-sets>
      <h2>{t('factorSetsHeading')}</h2>
      <p class="help">{t('factorSetsHelp')}</p>
      <ErrorBox error={listError} />
      {sets && sets.length === 0 && <p class="help">{t('factorSetsNone')}</p>}
      {sets?.map((s) => (
        <div key={s.id} data-factor-set={`${s.name} v${s.version}`}>
          <h3>
            {s.name} · {t('factorSetVersion')} {s.version}
          </h3>
          {s.description && <p class="help">{s.description}</p>}
          <table class="figures-table">
            <thead>
              <tr>
                <th>{t('factorCategory')}</th>
                <th>{t('factorSubject')}</th>
                <th>{t('factorUnit')}</th>
                <th class="num">{t('factorValue')}</th>
                <th>{t('factorSource')}</th>
              </tr>
            </thead>
            <tbody>
              {s.factors.map((f) => (
                <tr key={f.id}>
                  <td>{f.category}</td>
                  <td>{f.subject}</td>
                  <td>{f.unit}</td>
                  <td class="num">{f.kgCO2ePerUnit}</td>
                  <td>{f.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <form
        data-form="scope3-factor-set"
        onSubmit={(e) => {
          e.preventDefault();
          setError(undefined);
          api('POST', '/v1/scope3-factor-sets', {
            name,
            ...(description ? { description } : {}),
            factors: rows.map((r) => ({ ...r, category: Number(r.category) })),
          }).then(() => {
            setRows([emptyFactor()]);
            void reload();
            onCreated?.();
          }, setError);
        }}
      >
        <div class="controls">
          <label>
            {t('factorSetName')}
            <input
              name="setName"
              required
              maxLength={100}
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </label>
          <label>
            {t('factorSetDescription')}
            <input
              name="setDescription"
              maxLength={2000}
              value={description}
              onInput={(e) => setDescription(e.currentTarget.value)}
            />
          </label>
        </div>
        <table class="figures-table" data-table="factor-rows">
          <thead>
            <tr>
              <th>{t('factorCategory')}</th>
              <th>{t('factorSubject')}</th>
              <th>{t('factorUnit')}</th>
              <th>{t('factorValue')}</th>
              <th>{t('factorSource')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <FactorInputs
                key={i}
                index={i}
                row={r}
                onChange={(row) => setRows(rows.map((old, j) => (j === i ? row : old)))}
                onRemove={rows.length > 1 ? () => setRows(rows.filter((_, j) => j !== i)) : undefined}
              />
            ))}
          </tbody>
        </table>
        <div class="controls">
          <button type="button" onClick={() => setRows([...rows, emptyFactor()])}>
            {t('factorAdd')}
          </button>
          <button type="submit">{t('factorSetSubmit')}</button>
        </div>
      </form>
      <ErrorBox error={error} />
    </div>
  );
}
