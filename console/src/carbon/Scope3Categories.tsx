import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t, type MessageKey } from '../i18n';

/** A line of a Scope 3 category as the inventory document states it (services/accounting/scope3Categories.ts). */
interface Scope3Line {
  ref: string;
  description: string;
  method: 'activity' | 'spend';
  quantity: string;
  unit: string;
  /** The quantity as a product (staff × working days × trips × km), when it was entered so. */
  terms?: { label: string; value: string }[];
  factor: { subject: string; setName: string; setVersion: number; kgCO2ePerUnit: string };
  kgCO2e: string;
}

interface CategorySection {
  category: 1 | 3 | 4 | 6 | 7;
  lines: Scope3Line[];
  kgCO2e: string;
  notCovered?: string[];
}

interface PurchasedGoods {
  lines: {
    purchaseId: string;
    supplier: { name: string };
    product: string;
    quantity: string;
    unit: string;
    kgCO2ePerUnit: string;
    kgCO2e: string;
  }[];
  kgCO2e: string;
}

export interface Scope3Section {
  category1PurchasedGoods?: PurchasedGoods;
  category3FuelAndEnergy?: CategorySection;
  category4UpstreamTransport?: CategorySection;
  category6BusinessTravel?: CategorySection;
  category7EmployeeCommuting?: CategorySection;
  category1PurchasedGoodsFactors?: CategorySection;
  kgCO2e: string;
}

interface FactorSet {
  id: string;
  name: string;
  version: number;
  factors: { category: number; subject: string; unit: string }[];
}

const KEYS = [
  'category3FuelAndEnergy',
  'category4UpstreamTransport',
  'category6BusinessTravel',
  'category7EmployeeCommuting',
  'category1PurchasedGoodsFactors',
] as const;

/** Category 1 from own factors has its own title: the supplier-footprint part of category 1 is shown apart. */
const titleOf = (category: CategorySection['category']) =>
  t(category === 1 ? 'footprintScope3Cat1Factors' : (`scope3Cat${category}` as MessageKey));

interface Row {
  key: string;
  activity: string;
  method: string;
  quantity: string;
  factor: string;
  kgCO2e: string;
}

function CategoryTable({ id, title, rows, total }: { id: string; title: string; rows: Row[]; total: string }) {
  return (
    <>
      <h3>{title}</h3>
      <table class="figures-table" data-table={id}>
        <thead>
          <tr>
            <th>{t('scope3Activity')}</th>
            <th>{t('scope3Method')}</th>
            <th class="num">{t('scope3Quantity')}</th>
            <th>{t('scope3Factor')}</th>
            <th class="num">{t('scope3KgCO2e')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-row={r.key}>
              <td>{r.activity}</td>
              <td>{r.method}</td>
              <td class="num">{r.quantity}</td>
              <td>{r.factor}</td>
              <td class="num">{r.kgCO2e}</td>
            </tr>
          ))}
          <tr data-row="total">
            <td colSpan={4}>{t('scope3CategoryTotal')}</td>
            <td class="num">{total}</td>
          </tr>
        </tbody>
      </table>
    </>
  );
}

/** Adds a Scope 3 activity of the previewed period against a factor of one of the organisation's sets. */
function EntryForm({ period, onAdded }: { period: { start: string; end: string }; onAdded: () => void }) {
  const [sets, setSets] = useState<FactorSet[] | undefined>();
  const [form, setForm] = useState({
    category: '4',
    setId: '',
    subject: '',
    description: '',
    quantity: '',
    evidence: '',
  });
  // The quantity as a product (staff × working days × trips × km), when the activity is counted that way.
  const [terms, setTerms] = useState<{ label: string; value: string }[]>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api<FactorSet[]>('GET', '/v1/scope3-factor-sets').then(setSets, setError);
  }, []);
  if (!sets) return <ErrorBox error={error} />;
  if (sets.length === 0) {
    return (
      <p class="help">
        {t('scope3NoSets')} <a href="#/accounting-setup">{t('navAccountingSetup')}</a>
      </p>
    );
  }
  const set = sets.find((s) => s.id === form.setId) ?? sets[sets.length - 1];
  const subjects = set.factors.filter(
    (f) => String(f.category) === form.category && !f.subject.startsWith('well_to_tank:') && f.subject !== 'td_losses',
  );
  const subject = subjects.some((f) => f.subject === form.subject) ? form.subject : (subjects[0]?.subject ?? '');
  const unit = subjects.find((f) => f.subject === subject)?.unit ?? '';
  const field = (name: keyof typeof form) => ({
    name,
    value: form[name],
    onInput: (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value }),
  });
  return (
    <form
      class="controls"
      data-form="scope3-entry"
      onSubmit={(e) => {
        e.preventDefault();
        setError(undefined);
        api('POST', '/v1/scope3-activities', {
          periodStart: period.start,
          periodEnd: period.end,
          category: Number(form.category),
          factorSetId: set.id,
          subject,
          description: form.description,
          ...(terms.length > 0 ? { terms } : { quantity: form.quantity }),
          evidence: form.evidence,
        }).then(() => {
          setForm({ ...form, description: '', quantity: '', evidence: '' });
          setTerms([]);
          onAdded();
        }, setError);
      }}
    >
      <h3>{t('scope3Add')}</h3>
      <label>
        {t('scope3Category')}
        <select {...field('category')} onChange={(e) => setForm({ ...form, category: e.currentTarget.value })}>
          {(['3', '4', '6', '7', '1'] as const).map((c) => (
            <option key={c} value={c}>
              {titleOf(Number(c) as CategorySection['category'])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('scope3FactorSet')}
        <select name="setId" value={set.id} onChange={(e) => setForm({ ...form, setId: e.currentTarget.value })}>
          {sets.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} v{s.version}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('scope3Subject')}
        <select name="subject" value={subject} onChange={(e) => setForm({ ...form, subject: e.currentTarget.value })}>
          {subjects.map((f) => (
            <option key={f.subject} value={f.subject}>
              {f.subject} ({f.unit})
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('scope3Description')}
        <input required maxLength={500} {...field('description')} />
      </label>
      {terms.length === 0 ? (
        <label>
          {t('scope3Quantity')} {unit && `(${unit})`}
          <input required inputMode="decimal" pattern="\d{1,20}(\.\d{1,12})?" {...field('quantity')} />
        </label>
      ) : (
        terms.map((term, i) => (
          <span class="term" key={i} data-term={i}>
            <label>
              {t('scope3TermLabel')} {i + 1}
              <input
                name={`term-${i}-label`}
                required
                maxLength={100}
                value={term.label}
                onInput={(e) =>
                  setTerms(terms.map((old, j) => (j === i ? { ...old, label: e.currentTarget.value } : old)))
                }
              />
            </label>
            <label>
              {t('scope3TermValue')}
              <input
                name={`term-${i}-value`}
                required
                inputMode="decimal"
                pattern="\d{1,20}(\.\d{1,12})?"
                value={term.value}
                onInput={(e) =>
                  setTerms(terms.map((old, j) => (j === i ? { ...old, value: e.currentTarget.value } : old)))
                }
              />
            </label>
            {i < terms.length - 1 && ' × '}
          </span>
        ))
      )}
      {terms.length < 8 && (
        <button
          type="button"
          class="link"
          data-action="add-term"
          onClick={() => setTerms([...terms, { label: '', value: '' }])}
        >
          {t(terms.length === 0 ? 'scope3AddTerm' : 'scope3AddAnotherTerm')}
        </button>
      )}
      {terms.length > 0 && (
        <button type="button" class="link" onClick={() => setTerms([])}>
          {t('scope3NoTerms')}
        </button>
      )}
      <label>
        {t('scope3Evidence')}
        <input required maxLength={2000} {...field('evidence')} />
      </label>
      <button type="submit" disabled={!subject}>
        {t('scope3Submit')}
      </button>
      <p class="help">{t('scope3PeriodNote')}</p>
      <ErrorBox error={error} />
    </form>
  );
}

/**
 * Scope 3 as the inventory document states it, apart from the Scope 1 and 2 totals: purchased goods from suppliers
 * and categories 3, 4, 6 and 7 with each line's method, quantity and factor set version; and the entry form.
 */
export function Scope3Categories({
  scope3,
  period,
  onAdded,
}: {
  scope3: Scope3Section | undefined;
  period: { start: string; end: string };
  onAdded: () => void;
}) {
  const methods = { activity: t('scope3MethodActivity'), spend: t('scope3MethodSpend') };
  const category1 = scope3?.category1PurchasedGoods;
  return (
    <div class="scope3" data-scope3>
      <h2>{t('scope3Heading')}</h2>
      {!scope3 && <p class="help">{t('scope3None')}</p>}
      {scope3 && (
        <div class="cards">
          <div class="card" data-figure="scope3-total">
            <div class="label">{t('scope3Total')}</div>
            <div class="value">{scope3.kgCO2e}</div>
          </div>
        </div>
      )}
      {category1 && (
        <CategoryTable
          id="scope3-category-1"
          title={t('scope3Cat1')}
          total={category1.kgCO2e}
          rows={category1.lines.map((l) => ({
            key: l.purchaseId,
            activity: `${l.supplier.name}: ${l.product}`,
            method: t('scope3MethodSupplier'),
            quantity: `${l.quantity} ${l.unit}`,
            factor: l.kgCO2ePerUnit,
            kgCO2e: l.kgCO2e,
          }))}
        />
      )}
      {KEYS.map((key) => scope3?.[key])
        .filter((s): s is CategorySection => s !== undefined)
        .map((s) => (
          <div key={s.category}>
            <CategoryTable
              id={s.category === 1 ? 'scope3-category-1-factors' : `scope3-category-${s.category}`}
              title={titleOf(s.category)}
              total={s.kgCO2e}
              rows={s.lines.map((l) => ({
                key: l.ref,
                activity: l.description,
                method: methods[l.method],
                quantity: l.terms
                  ? `${l.quantity} ${l.unit} = ${l.terms.map((term) => `${term.label} ${term.value}`).join(' × ')}`
                  : `${l.quantity} ${l.unit}`,
                factor: `${l.factor.subject} ${l.factor.kgCO2ePerUnit} (${l.factor.setName} v${l.factor.setVersion})`,
                kgCO2e: l.kgCO2e,
              }))}
            />
            {s.notCovered && (
              <p class="notice">
                {t('scope3NotCovered')}: {s.notCovered.join('; ')}
              </p>
            )}
          </div>
        ))}
      <EntryForm period={period} onAdded={onAdded} />
    </div>
  );
}
