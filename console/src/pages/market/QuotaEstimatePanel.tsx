import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t, type MessageKey } from '../../i18n';
import { minorToMajor } from '../scenarios/money';
import { PRODUCT_LINES, type QuotaCorrection, type QuotaEstimate, type QuotaLine, type QuotaRule } from './quotaTypes';

const SOURCES: Record<QuotaLine['output']['source'], MessageKey> = {
  entered: 'quotaSrcEntered',
  last_year: 'quotaSrcLastYear',
  last_year_annualised: 'quotaSrcAnnualised',
  trend: 'quotaSrcTrend',
};
const POSITIONS: Record<NonNullable<QuotaEstimate['position']>, MessageKey> = {
  surplus: 'quotaSurplus',
  shortfall: 'quotaShortfall',
  balanced: 'quotaBalanced',
};

/** Today in China Standard Time, the day the API also defaults to. */
function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Allocation rules of the enterprise: enter a version (benchmark, named corrections, source), list and retire them. */
function QuotaRules({ onChanged }: { onChanged: () => void }) {
  const [rules, setRules] = useState<QuotaRule[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [product, setProduct] = useState(PRODUCT_LINES[0].product);
  const [benchmark, setBenchmark] = useState('');
  const [corrections, setCorrections] = useState<QuotaCorrection[]>([]);
  const [source, setSource] = useState('');
  const [productionProduct, setProductionProduct] = useState('');
  const [saved, setSaved] = useState<QuotaRule | undefined>();
  const [reads, setReads] = useState(0);
  useEffect(() => {
    api<QuotaRule[]>('GET', '/v1/market/quota-rules').then(setRules, setError);
  }, [reads]);

  async function save(event: Event) {
    event.preventDefault();
    setError(undefined);
    setSaved(undefined);
    try {
      const rule = await api<QuotaRule>('POST', '/v1/market/quota-rules', {
        product,
        benchmark: benchmark.trim(),
        corrections: corrections.filter((c) => c.name.trim() !== '' || c.factor.trim() !== ''),
        source,
        ...(productionProduct.trim() ? { productionProduct: productionProduct.trim() } : {}),
      });
      setSaved(rule);
      setReads((n) => n + 1);
      onChanged();
    } catch (e) {
      setError(e);
    }
  }
  async function retire(rule: QuotaRule) {
    const reason = window.prompt(t('quotaRetireReason'));
    if (!reason) return;
    setError(undefined);
    try {
      await api('POST', `/v1/market/quota-rules/${rule.id}/retire`, { reason });
      setReads((n) => n + 1);
      onChanged();
    } catch (e) {
      setError(e);
    }
  }
  const setCorrection = (i: number, patch: Partial<QuotaCorrection>) =>
    setCorrections((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <>
      <h3>{t('quotaRulesTitle')}</h3>
      <form class="controls" data-form="quota-rule" onSubmit={(e) => void save(e)}>
        <label>
          {t('quotaProduct')}
          <select name="product" value={product} onChange={(e) => setProduct(e.currentTarget.value)}>
            {PRODUCT_LINES.map((p) => (
              <option key={p.product} value={p.product}>
                {p.product} ({p.unit})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('quotaBenchmark')}
          <input name="benchmark" value={benchmark} onInput={(e) => setBenchmark(e.currentTarget.value)} />
        </label>
        {corrections.map((c, i) => (
          <span key={i} data-correction={i}>
            <label>
              {t('quotaCorrectionName')}
              <input
                name={`correction-name-${i}`}
                value={c.name}
                onInput={(e) => setCorrection(i, { name: e.currentTarget.value })}
              />
            </label>
            <label>
              {t('quotaCorrectionFactor')}
              <input
                name={`correction-factor-${i}`}
                value={c.factor}
                onInput={(e) => setCorrection(i, { factor: e.currentTarget.value })}
              />
            </label>
          </span>
        ))}
        <button
          type="button"
          data-action="add-correction"
          onClick={() => setCorrections((cs) => [...cs, { name: '', factor: '' }])}
        >
          {t('quotaAddCorrection')}
        </button>
        <label>
          {t('quotaSource')}
          <input name="source" value={source} onInput={(e) => setSource(e.currentTarget.value)} />
        </label>
        <label>
          {t('quotaProductionProduct')}
          <input
            name="productionProduct"
            value={productionProduct}
            onInput={(e) => setProductionProduct(e.currentTarget.value)}
          />
        </label>
        <button type="submit">{t('quotaSaveRule')}</button>
      </form>
      <ErrorBox error={error} />
      {saved && (
        <p class="notice" data-field="quota-saved">
          {t('quotaSaved')} {saved.version}
        </p>
      )}
      {rules?.length === 0 && <p class="notice">{t('quotaRulesEmpty')}</p>}
      {rules && rules.length > 0 && (
        <table data-table="quota-rules">
          <thead>
            <tr>
              <th>{t('quotaProduct')}</th>
              <th>{t('quotaVersion')}</th>
              <th>{t('quotaBenchmark')}</th>
              <th>{t('quotaCorrections')}</th>
              <th>{t('quotaSource')}</th>
              <th>{t('quotaState')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} data-rule={`${r.product}/${r.version}`}>
                <td>
                  {r.product} ({r.unit})
                </td>
                <td>{r.version}</td>
                <td class="num">{r.benchmark}</td>
                <td>{r.corrections.map((c) => `${c.name} × ${c.factor}`).join('; ') || '—'}</td>
                <td>{r.source}</td>
                <td>
                  {r.retiredAt ? (
                    <span title={r.retiredReason ?? ''}>{t('quotaRetired')}</span>
                  ) : (
                    <>
                      {t('quotaInForce')}{' '}
                      <button type="button" data-action="retire" onClick={() => void retire(r)}>
                        {t('quotaRetire')}
                      </button>
                    </>
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

/**
 * The next-period quota estimate of an enterprise (MIIT function 12): its allocation rules, and per product line the
 * output used and where it came from, the benchmark, the corrections and the allocation with its formula, against the
 * year's expected obligation: the surplus or shortfall and its value at the last price (GET
 * /v1/market/years/{year}/quota-estimate). Figures are the API's exact strings.
 */
export function QuotaEstimatePanel() {
  const today = todayInChina();
  const [year, setYear] = useState(String(Number(today.slice(0, 4)) + 1));
  const [asOf, setAsOf] = useState(today);
  const [method, setMethod] = useState<'last_year' | 'trend'>('last_year');
  const [outputs, setOutputs] = useState('');
  const [estimate, setEstimate] = useState<QuotaEstimate | undefined>();
  const [error, setError] = useState<unknown>();
  async function show() {
    setError(undefined);
    setEstimate(undefined);
    try {
      const query = new URLSearchParams({ method });
      if (asOf) query.set('asOf', asOf);
      if (outputs.trim()) query.set('outputs', outputs.trim());
      setEstimate(
        await api<QuotaEstimate>('GET', `/v1/market/years/${encodeURIComponent(year)}/quota-estimate?${query}`),
      );
    } catch (e) {
      setError(e);
    }
  }
  const e = estimate;
  const value = (minor: string | null) =>
    minor === null ? t('quotaNoPrice') : `${minorToMajor(minor)} ${e?.lastPrice?.currency ?? ''}`.trim();
  return (
    <div class="panel" data-panel="quota-estimate">
      <h2>{t('quotaTitle')}</h2>
      <QuotaRules onChanged={() => setEstimate(undefined)} />
      <form
        class="controls"
        data-form="quota-estimate"
        onSubmit={(ev) => {
          ev.preventDefault();
          void show();
        }}
      >
        <label>
          {t('quotaYear')}
          <input
            name="year"
            type="number"
            min="2000"
            max="2200"
            value={year}
            onInput={(ev) => setYear(ev.currentTarget.value)}
          />
        </label>
        <label>
          {t('quotaAsOf')}
          <input name="asOf" type="date" value={asOf} onInput={(ev) => setAsOf(ev.currentTarget.value)} />
        </label>
        <label>
          {t('quotaMethod')}
          <select
            name="method"
            value={method}
            onChange={(ev) => setMethod(ev.currentTarget.value as 'last_year' | 'trend')}
          >
            <option value="last_year">{t('quotaMethodLastYear')}</option>
            <option value="trend">{t('quotaMethodTrend')}</option>
          </select>
        </label>
        <label>
          {t('quotaOutputs')}
          <input name="outputs" value={outputs} onInput={(ev) => setOutputs(ev.currentTarget.value)} />
        </label>
        <button type="submit">{t('quotaShow')}</button>
      </form>
      <ErrorBox error={error} />
      {e && (
        <>
          {e.position && (
            <p class={e.position === 'shortfall' ? 'verdict warn' : 'verdict ok'} data-field="quota-position">
              {t(POSITIONS[e.position])}
            </p>
          )}
          <table data-table="quota-lines">
            <thead>
              <tr>
                <th>{t('quotaProduct')}</th>
                <th>{t('quotaOutput')}</th>
                <th>{t('quotaOutputSource')}</th>
                <th>{t('quotaBenchmark')}</th>
                <th>{t('quotaCorrections')}</th>
                <th>{t('quotaAllocation')}</th>
                <th>{t('quotaFormula')}</th>
              </tr>
            </thead>
            <tbody>
              {e.lines.map((l) => (
                <tr key={l.product} data-line={l.product}>
                  <td>
                    {l.product} (v{l.rule.version}, {l.rule.source})
                  </td>
                  <td class="num" data-field="output">
                    {l.output.value} {l.unit}
                    {l.output.interval && ` (${l.output.interval.lower} – ${l.output.interval.upper})`}
                  </td>
                  <td title={l.output.explanation}>{t(SOURCES[l.output.source])}</td>
                  <td class="num">{l.benchmarkTPerUnit}</td>
                  <td>{l.corrections.map((c) => `${c.name} × ${c.factor}`).join('; ') || '—'}</td>
                  <td class="num" data-field="allocation">
                    {l.allocationT}
                  </td>
                  <td>
                    <code>{l.formula}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table data-table="quota-balance">
            <tbody>
              <tr>
                <th>{t('quotaTotal')}</th>
                <td class="num" data-field="allocation-total">
                  {e.allocationT}
                </td>
              </tr>
              <tr>
                <th>{t('quotaObligation')}</th>
                <td class="num" data-field="obligation">
                  {e.emissions.obligationT?.forecast ?? t('quotaEmissionsMissing')}
                </td>
              </tr>
              <tr>
                <th>{t('quotaBalance')}</th>
                <td class="num" data-field="balance">
                  {e.balanceT.forecast ?? '—'}
                </td>
              </tr>
              <tr>
                <th>{t('quotaValue')}</th>
                <td class="num" data-field="value">
                  {e.balanceT.forecast === null ? '—' : value(e.balanceValueMinorUnits.forecast)}
                </td>
              </tr>
            </tbody>
          </table>
          <p class="legend">
            {t('quotaFormulaText')} · {e.emissions.note}
            {e.emissions.unavailable && ` · ${e.emissions.unavailable.message}`}
          </p>
        </>
      )}
    </div>
  );
}
