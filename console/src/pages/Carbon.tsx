import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t, type MessageKey } from '../i18n';
import { byScope, bySite, bySource, monthsOf, type FigureRow } from '../carbon/breakdown';
import type { InventoryRecord, Preview, Trace } from '../carbon/carbonTypes';
import { FigureTable } from '../carbon/FigureTable';
import { StoredInventories } from '../carbon/StoredInventories';
import { TracePanel } from '../carbon/TracePanel';
import { ExtendedResults } from '../carbon/ExtendedResults';
import { BaseYearPanel } from '../carbon/BaseYearPanel';
import { Scope3Categories, type Scope3Section } from '../carbon/Scope3Categories';
import { MarketHierarchy } from '../carbon/MarketHierarchy';
import type { Scope3FactorSet } from '../accountingSetup/Scope3FactorSets';
import '../carbon/carbon.css';

/** This calendar year so far, as local dates: the default period. */
function defaultPeriod(): { start: string; end: string } {
  const now = new Date();
  return { start: `${now.getFullYear()}-01-01`, end: `${now.getFullYear() + 1}-01-01` };
}
/** At most this many monthly previews per request of the page (two years), so a long period stays responsive. */
const MAX_MONTHS = 24;

interface Loaded {
  preview: Preview;
  /** A month without boundary readings has no preview (the API refuses it with NT_ERR_ACCOUNTING_NO_DATA). */
  months: { start: string; preview: Preview | null }[];
}

const preview = (start: string, end: string, scope3FactorSetId?: string) =>
  api<Preview>('POST', '/v1/inventories/preview', { start, end, ...(scope3FactorSetId ? { scope3FactorSetId } : {}) });

/** The whole period with the chosen Scope 3 factor set (category 3 of the inventory's own fuel and electricity). */
async function load(start: string, end: string, scope3FactorSetId?: string): Promise<Loaded> {
  const whole = await preview(start, end, scope3FactorSetId);
  const months = monthsOf(start, end).slice(0, MAX_MONTHS);
  // One preview per month: each figure then is exactly what the API computes for that month, never a share of a total.
  const monthly = await Promise.all(
    months.map(async (m) => ({
      start: m.start,
      preview: await preview(m.start, m.end).catch((e: unknown) => {
        if (e instanceof ApiError && e.code === 'NT_ERR_ACCOUNTING_NO_DATA') return null;
        throw e;
      }),
    })),
  );
  return { preview: whole, months: monthly };
}

function monthRows(months: Loaded['months']): FigureRow[] {
  return months.map(({ start, preview: p }): FigureRow => {
    const label = start.slice(0, 7);
    if (!p) return { key: label, label, location: null, market: null, locationTrace: null, marketTrace: null };
    const r = p.document.results;
    return {
      key: label,
      label,
      location: r.totalLocationBased,
      market: r.totalMarketBased,
      locationTrace: { label, method: 'location', value: r.totalLocationBased, lines: p.document.sources },
      marketTrace: {
        label,
        method: 'market',
        value: r.totalMarketBased,
        lines: p.document.sources.filter((l) => l.kind !== 'purchased_electricity'),
        market: p.document.marketBased,
      },
    };
  });
}

/** 碳核算: the inventory the API would compute for any period, broken down four ways, every figure traceable. */
export function Carbon() {
  const [period, setPeriod] = useState(defaultPeriod());
  const [data, setData] = useState<Loaded | undefined>();
  const [records, setRecords] = useState<InventoryRecord[] | undefined>();
  const [trace, setTrace] = useState<Trace | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [scope3Sets, setScope3Sets] = useState<Scope3FactorSet[]>([]);
  const [scope3SetId, setScope3SetId] = useState('');

  async function show(start: string, end: string) {
    setBusy(true);
    setError(undefined);
    setTrace(undefined);
    try {
      setData(await load(start, end, scope3SetId || undefined));
    } catch (e) {
      setData(undefined);
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    void show(period.start, period.end);
    api<InventoryRecord[]>('GET', '/v1/inventories').then(setRecords, setError);
    api<Scope3FactorSet[]>('GET', '/v1/scope3-factor-sets').then(setScope3Sets, setError);
  }, []);

  const doc = data?.preview.document;
  return (
    <section class="page carbon">
      <h1>{t('navCarbon')}</h1>
      <p class="help">
        <a href="#/accounting-setup" data-link="accounting-setup">
          {t('carbonToSetup')}
        </a>
      </p>
      <form
        class="controls"
        onSubmit={(e) => {
          e.preventDefault();
          void show(period.start, period.end);
        }}
      >
        <label>
          {t('carbonStart')}
          <input
            type="date"
            name="start"
            required
            value={period.start}
            onInput={(e) => setPeriod({ ...period, start: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('carbonEnd')}
          <input
            type="date"
            name="end"
            required
            value={period.end}
            onInput={(e) => setPeriod({ ...period, end: e.currentTarget.value })}
          />
        </label>
        {scope3Sets.length > 0 && (
          <label>
            {t('carbonScope3Set')}
            <select
              name="scope3FactorSetId"
              value={scope3SetId}
              onChange={(e) => setScope3SetId(e.currentTarget.value)}
            >
              <option value="">{t('carbonScope3SetNone')}</option>
              {scope3Sets.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} v{s.version}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" disabled={busy}>
          {t('carbonPreview')}
        </button>
      </form>
      <ErrorBox error={error} />
      {busy && <p class="loading">{t('loading')}</p>}
      {doc && data && (
        <div class="carbon-layout">
          <div class="carbon-figures">
            <p class="help">
              {t('carbonFactorSet')}: {doc.factorSet.name} v{doc.factorSet.version} · {t('carbonHash')}:{' '}
              <code data-inventory-hash>{data.preview.hash}</code>
            </p>
            <div class="cards">
              <div class="card" data-figure="energy">
                <div class="label">{t('carbonEnergy')}</div>
                <div class="value">{doc.results.energyKgce}</div>
              </div>
              <div class="card" data-figure="total-location">
                <div class="label">{t('carbonLocation')}</div>
                <div class="value">{doc.results.totalLocationBased}</div>
              </div>
              <div class="card" data-figure="total-market">
                <div class="label">{t('carbonMarket')}</div>
                <div class="value">{doc.results.totalMarketBased}</div>
              </div>
            </div>
            {doc.sources.length === 0 && <p class="notice">{t('carbonEmpty')}</p>}
            <p class="help">{t('carbonClickHint')}</p>
            <h2>{t('carbonByScope')}</h2>
            <FigureTable
              id="scope"
              heading={t('carbonByScope')}
              rows={byScope(doc, {
                scope1: t('carbonScope1'),
                scope2: t('carbonScope2'),
                exported: t('carbonExported'),
                total: t('carbonTotal'),
              })}
              onTrace={setTrace}
            />
            <h2>{t('carbonBySource')}</h2>
            <FigureTable
              id="source"
              heading={t('carbonBySource')}
              rows={bySource(doc, (kind) => t(`source_${kind}` as MessageKey) ?? kind)}
              onTrace={setTrace}
            />
            <h2>{t('carbonBySite')}</h2>
            <FigureTable
              id="site"
              heading={t('carbonBySite')}
              rows={bySite(doc, t('carbonNoSite'))}
              onTrace={setTrace}
            />
            <p class="help">{t('carbonSiteMarketNote')}</p>
            <h2>{t('carbonByMonth')}</h2>
            <FigureTable id="month" heading={t('carbonMonth')} rows={monthRows(data.months)} onTrace={setTrace} />
            <p class="help">{t('carbonRounding')}</p>
            <MarketHierarchy doc={doc} />
            <ExtendedResults doc={doc} />
            <Scope3Categories
              scope3={(doc as { scope3?: Scope3Section }).scope3}
              period={{ start: doc.period.start, end: doc.period.end }}
              onAdded={() => void show(doc.period.start, doc.period.end)}
            />
          </div>
          {trace && <TracePanel trace={trace} factorSet={doc.factorSet} onClose={() => setTrace(undefined)} />}
        </div>
      )}
      <div class="panel">
        <h2>{t('carbonStored')}</h2>
        {records ? <StoredInventories records={records} /> : <p class="loading">{t('loading')}</p>}
      </div>
      <BaseYearPanel />
    </section>
  );
}
