import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { language, t } from '../i18n';
import { barOption, Chart, pieOption } from './energyAnalysis/Charts';
import { periodWord, Recommendations } from './energyAnalysis/Recommendations';
import { TariffEditor } from './energyAnalysis/TariffEditor';
import { CalendarEditor } from './energyAnalysis/CalendarEditor';
import type { EnergyAnalysis as Analysis, Site, Tariff } from './energyAnalysis/types';

const isoDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const value = (e: Event) => (e.target as HTMLInputElement).value;
const percent = (p: string | null) => (p === null ? '—' : `${p} %`);

function Structure({ analysis }: { analysis: Analysis }) {
  const { energy, cost } = analysis;
  const energyPie = useMemo(
    () =>
      pieOption(
        energy.kinds.filter((k) => k.kgce !== null).map((k) => ({ name: k.energyKind, value: k.kgce as string })),
      ),
    [analysis],
  );
  const costPie = useMemo(() => pieOption(cost.kinds.map((k) => ({ name: k.energyKind, value: k.cny }))), [analysis]);
  const touBars = useMemo(
    () =>
      barOption(
        cost.electricityPeriods.map((p) => periodWord(p.period)),
        [
          { name: 'kWh', values: cost.electricityPeriods.map((p) => p.kwh) },
          { name: 'CNY', values: cost.electricityPeriods.map((p) => p.cny) },
        ],
      ),
    // The period names are words of the current language: redraw when it changes.
    [analysis, language()],
  );
  return (
    <>
      <h2>{t('eaEnergyTitle')}</h2>
      <div class="ea-row">
        <table class="ea-energy">
          <thead>
            <tr>
              <th>{t('eaKind')}</th>
              <th>{t('eaQuantity')}</th>
              <th>{t('eaKgce')}</th>
              <th>{t('eaShare')}</th>
              <th>{t('eaMeters')}</th>
            </tr>
          </thead>
          <tbody>
            {energy.kinds.map((k) => (
              <tr key={k.energyKind} data-energy={k.energyKind}>
                <td>{k.energyKind}</td>
                <td>
                  {k.quantity} {k.unit}
                </td>
                <td>{k.kgce ?? t('eaNoKgce')}</td>
                <td>{percent(k.sharePercent)}</td>
                <td>{k.meters.join(', ')}</td>
              </tr>
            ))}
            <tr>
              <th>{t('eaTotalKgce')}</th>
              <td />
              <th data-total-kgce>{energy.totalKgce}</th>
              <td />
              <td />
            </tr>
          </tbody>
        </table>
        <Chart name="energy-structure" option={energyPie} />
      </div>
      <h2>{t('eaCostTitle')}</h2>
      <div class="ea-row">
        <table class="ea-cost">
          <thead>
            <tr>
              <th>{t('eaKind')}</th>
              <th>{t('eaQuantity')}</th>
              <th>{t('eaCny')}</th>
              <th>{t('eaShare')}</th>
              <th>{t('eaUnpriced')}</th>
            </tr>
          </thead>
          <tbody>
            {cost.kinds.map((k) => (
              <tr key={k.energyKind} data-cost={k.energyKind}>
                <td>{k.energyKind}</td>
                <td>
                  {k.quantity} {k.unit}
                </td>
                <td data-cny>{k.cny}</td>
                <td>{percent(k.sharePercent)}</td>
                <td>
                  {k.unpricedQuantity} {k.unit}
                </td>
              </tr>
            ))}
            <tr>
              <th>{t('eaTotalCny')}</th>
              <td />
              <th data-total-cny>{cost.totalCny}</th>
              <td />
              <td />
            </tr>
          </tbody>
        </table>
        <Chart name="cost-structure" option={costPie} />
      </div>
      {cost.electricityPeriods.length > 0 && (
        <>
          <h2>{t('eaTouTitle')}</h2>
          <div class="ea-row">
            <table class="ea-tou">
              <thead>
                <tr>
                  <th>{t('eaPeriod')}</th>
                  <th>{t('eaKwh')}</th>
                  <th>{t('eaCny')}</th>
                  <th>{t('eaKwhShare')}</th>
                  <th>{t('eaCnyShare')}</th>
                </tr>
              </thead>
              <tbody>
                {cost.electricityPeriods.map((p) => (
                  <tr key={p.period} data-period={p.period}>
                    <td>{periodWord(p.period)}</td>
                    <td data-kwh>{p.kwh}</td>
                    <td data-cny>{p.cny}</td>
                    <td>{percent(p.kwhSharePercent)}</td>
                    <td>{percent(p.cnySharePercent)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Chart name="tou" option={touBars} />
          </div>
        </>
      )}
    </>
  );
}

/** Energy analysis and strategy (用能分析与策略): structure, cost by time of use, and what to do about it. */
export function EnergyAnalysis() {
  const now = new Date();
  const [from, setFrom] = useState(isoDay(new Date(now.getFullYear(), now.getMonth(), 1)));
  const [to, setTo] = useState(isoDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1)));
  const [siteId, setSiteId] = useState('');
  const [share, setShare] = useState('20');
  const [flexible, setFlexible] = useState('');
  const [analysis, setAnalysis] = useState<Analysis | undefined>();
  const [tariffs, setTariffs] = useState<Tariff[]>([]);
  const [sites, setSites] = useState<Site[]>([]);
  const [kinds, setKinds] = useState<string[]>(['electricity']);
  const [error, setError] = useState<unknown>();

  const analyse = () => {
    setError(undefined);
    const query = new URLSearchParams({ from, to, movableSharePercent: share });
    if (siteId) query.set('siteId', siteId);
    if (flexible.trim()) query.set('flexibleMeters', flexible.trim());
    api<Analysis>('GET', `/v1/energy-analysis?${query.toString()}`).then(setAnalysis, setError);
  };
  const loadTariffs = () => {
    api<Tariff[]>('GET', '/v1/tariffs').then(setTariffs, setError);
  };
  useEffect(() => {
    analyse();
    loadTariffs();
    api<Site[]>('GET', '/v1/sites').then(setSites, setError);
    api<{ energyKind: string }[]>('GET', '/v1/meters').then(
      (meters) => setKinds([...new Set(['electricity', ...meters.map((m) => m.energyKind)])]),
      setError,
    );
  }, []);

  const empty = analysis && analysis.energy.kinds.length === 0;
  return (
    <section class="page energy-analysis">
      <h1>{t('navEnergyAnalysis')}</h1>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          analyse();
        }}
      >
        <label>
          {t('eaFrom')}
          <input type="date" required value={from} onInput={(e) => setFrom(value(e))} />
        </label>
        <label>
          {t('eaTo')}
          <input type="date" required value={to} onInput={(e) => setTo(value(e))} />
        </label>
        <label>
          {t('eaSite')}
          <select value={siteId} onChange={(e) => setSiteId(value(e))}>
            <option value="">{t('eaAllSites')}</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('eaMovableShare')}
          <input inputMode="decimal" value={share} onInput={(e) => setShare(value(e))} />
        </label>
        <label>
          {t('eaFlexibleMeters')}
          <input value={flexible} onInput={(e) => setFlexible(value(e))} />
        </label>
        <button type="submit">{t('eaShow')}</button>
      </form>
      <ErrorBox error={error} />
      {empty && <p class="notice">{t('eaEmpty')}</p>}
      {analysis && !empty && (
        <>
          <Structure analysis={analysis} />
          <h2>{t('eaRecommendationsTitle')}</h2>
          <Recommendations items={analysis.recommendations} tariffs={analysis.tariffs} />
        </>
      )}
      <CalendarEditor onChanged={analyse} />
      <TariffEditor
        tariffs={tariffs}
        sites={sites}
        kinds={kinds}
        onChanged={() => {
          loadTariffs();
          analyse();
        }}
      />
    </section>
  );
}
